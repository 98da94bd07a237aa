# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Building referrals directly for the settings, retention and timing tests.
All names are invented."""

import datetime

from django.utils import timezone

from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.casework.tests.factories import FamilyFactory, PersonFactory
from buitenshuis.organisations.models import OrganisationType
from buitenshuis.organisations.tests.factories import OrganisationFactory
from buitenshuis.referrals.models import Intake, LegalBasis, Referral, Route, VeiligThuisStatus


def make_referral(
    programme,
    referred_by,
    *,
    linking_pin=None,
    status=Referral.Status.RECEIVED,
    family_name="Verzinselaar",
    parent_name="Fantasia",
    child_name="Droomke",
    worries="Verzonnen zorgen over het gezin.",
    received_days_ago=0,
    decided_hours_ago=None,
    closed_days_ago=None,
    first_activity_date=None,
    with_intake=False,
):
    """A referral with a family of one parent and one child. Times are set
    with queryset.update() (``received_at`` is auto_now_add)."""
    family = FamilyFactory(
        programme=programme, family_name=family_name, street="Verzonnenlaan", created_by=referred_by
    )
    PersonFactory(
        family=family,
        kind=Person.Kind.PARENT,
        first_name=parent_name,
        date_of_birth=datetime.date(1985, 1, 1),
        problem_categories=["kopp"],
    )
    PersonFactory(family=family, first_name=child_name, date_of_birth=datetime.date(2017, 3, 3))
    enrolment_status = {
        Referral.Status.RECEIVED: Enrolment.Status.REFERRED,
        Referral.Status.INTAKE: Enrolment.Status.INTAKE,
        Referral.Status.ACCEPTED: Enrolment.Status.ACTIVE,
        Referral.Status.REJECTED: Enrolment.Status.REJECTED,
        Referral.Status.WITHDRAWN: Enrolment.Status.WITHDRAWN,
    }[status]
    enrolment = Enrolment.objects.create(
        family=family,
        linking_pin=linking_pin,
        status=enrolment_status,
        first_activity_date=first_activity_date,
    )
    referral = Referral.objects.create(
        programme=programme,
        family=family,
        enrolment=enrolment,
        referred_by=referred_by,
        referrer_organisation=OrganisationFactory(type=OrganisationType.ADULT_MENTAL_HEALTH),
        referrer_name="Verwijzer Verzonnenberg",
        route=Route.GGZ_KINDCHECK,
        veilig_thuis=VeiligThuisStatus.NONE,
        worries=worries,
        help_involved="Verzonnen hulpverlener",
        status=status,
    )
    if with_intake:
        Intake.objects.create(
            referral=referral,
            conversation=f"Intakegesprek met {parent_name} {family_name} (verzonnen).",
            criteria_met=["Casus van het sociaal (wijk)team"],
            legal_basis=LegalBasis.CONSENT,
            held_on=datetime.date(2026, 1, 5),
            recorded_by=referred_by,
        )
    now = timezone.now()
    times = {"received_at": now - datetime.timedelta(days=received_days_ago)}
    if decided_hours_ago is not None:
        times["decided_at"] = now - datetime.timedelta(hours=decided_hours_ago)
    if closed_days_ago is not None:
        times["closed_at"] = now - datetime.timedelta(days=closed_days_ago)
    Referral.objects.filter(pk=referral.pk).update(**times)
    referral.refresh_from_db()
    return referral
