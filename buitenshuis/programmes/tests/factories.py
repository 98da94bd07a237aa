# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""factory_boy factories of the programmes app, usable by every test."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from buitenshuis.organisations.tests.factories import OrganisationFactory, ProgrammeFactory
from buitenshuis.programmes.models import (
    Budget,
    BudgetModel,
    MeetingKind,
    PartnerRole,
    ProgrammeMeeting,
    ProgrammePartner,
    ProgrammeSettings,
)


class ProgrammeSettingsFactory(factory.django.DjangoModelFactory):
    """A programme's settings (the defaults unless given); one per programme."""

    class Meta:
        model = ProgrammeSettings
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)


class BudgetFactory(factory.django.DjangoModelFactory):
    """A year's budget as a fixed amount unless told."""

    class Meta:
        model = Budget

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2027
    model = BudgetModel.FIXED_AMOUNT
    activity_amount = Decimal("100000.00")
    linking_pin_amount = Decimal("30000.00")
    training_amount = Decimal("5000.00")
    hourly_rate = Decimal("80.00")
    planned_hours_per_month = Decimal("4.0")


class ProgrammePartnerFactory(factory.django.DjangoModelFactory):
    """A partner of a programme: an invented organisation in a role."""

    class Meta:
        model = ProgrammePartner

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = PartnerRole.EXECUTION
    contact_name = factory.Sequence(lambda n: f"Contact Verzonnen {n}")


class ProgrammeMeetingFactory(factory.django.DjangoModelFactory):
    """A partner meeting of a programme, a week from now."""

    class Meta:
        model = ProgrammeMeeting

    programme = factory.SubFactory(ProgrammeFactory)
    kind = MeetingKind.PARTNERS
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
