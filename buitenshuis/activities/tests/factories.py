# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""factory_boy factories of the activities app: contracts and placements."""

import datetime
from decimal import Decimal

import factory

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.activities.models import Contract, Placement
from buitenshuis.casework.tests.factories import EnrolmentFactory, PersonFactory
from buitenshuis.organisations.models import ActivityType
from buitenshuis.organisations.tests.factories import LocationFactory, ProgrammeFactory


class ContractFactory(factory.django.DjangoModelFactory):
    """Places bought at an invented location, per hour unless told."""

    class Meta:
        model = Contract

    location = factory.SubFactory(LocationFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    places = 5
    tariff = Decimal("9.98")
    tariff_unit = Contract.TariffUnit.HOUR
    valid_from = datetime.date(2026, 1, 1)


class PlacementFactory(factory.django.DjangoModelFactory):
    """A child of the enrolment's family at the contract's location."""

    class Meta:
        model = Placement

    enrolment = factory.SubFactory(EnrolmentFactory)
    child = factory.LazyAttribute(lambda p: PersonFactory(family=p.enrolment.family))
    contract = factory.LazyAttribute(
        lambda p: ContractFactory(programme=p.enrolment.family.programme)
    )
    location = factory.LazyAttribute(lambda p: p.contract.location)
    activity_type = ActivityType.AFTER_SCHOOL
    days = factory.LazyFunction(lambda: ["tue", "thu"])
    hours_per_week = Decimal("8")
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    created_by = factory.SubFactory(UserFactory)
