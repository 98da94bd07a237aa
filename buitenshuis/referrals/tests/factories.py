# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""factory_boy factories for the referral route, usable by every test.

``make_referral`` builds a whole referral in one call: a family with parents
and children of given ages, its enrolment (optionally assigned to a linking
pin) and the referral itself. All names are invented."""

import datetime

import factory
from django.utils import timezone

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.casework.tests.factories import EnrolmentFactory, FamilyFactory, PersonFactory
from buitenshuis.organisations.models import Membership, OrganisationType
from buitenshuis.organisations.tests.factories import OrganisationFactory, ProgrammeFactory
from buitenshuis.referrals.models import (
    Consent,
    Decision,
    Intake,
    LegalBasis,
    MunicipalityTask,
    Referral,
    Route,
    VeiligThuisStatus,
)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral with its own family and a fresh (unassigned) enrolment."""

    class Meta:
        model = Referral

    programme = factory.SubFactory(ProgrammeFactory)
    referred_by = factory.SubFactory(UserFactory)
    family = factory.SubFactory(
        FamilyFactory,
        programme=factory.SelfAttribute("..programme"),
        created_by=factory.SelfAttribute("..referred_by"),
    )
    enrolment = factory.SubFactory(
        EnrolmentFactory,
        family=factory.SelfAttribute("..family"),
        status=Enrolment.Status.REFERRED,
        start_date=None,
        end_date=None,
        linking_pin=None,
    )
    referrer_organisation = factory.SubFactory(
        OrganisationFactory, type=OrganisationType.SOCIAL_TEAM
    )
    route = Route.SOCIAL_TEAM
    veilig_thuis = VeiligThuisStatus.NONE
    worries = "Verzonnen zorgen over de thuissituatie."
    help_involved = "Verzonnen hulpverlening."


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake
        skip_postgeneration_save = True  # moves_to_intake updates, saves nothing

    referral = factory.SubFactory(ReferralFactory)
    conversation = "Verzonnen verslag van het intakegesprek."
    criteria_met = factory.LazyFunction(lambda: ["Casus van het sociaal (wijk)team"])
    legal_basis = LegalBasis.PUBLIC_TASK
    held_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.LazyAttribute(
        lambda i: i.referral.enrolment.linking_pin or i.referral.referred_by
    )

    @factory.post_generation
    def moves_to_intake(obj, create, extracted, **kwargs):
        if create:
            in_intake(obj.referral)


def in_intake(referral):
    """Move a received ``referral`` and its enrolment to "in intake", as
    recording the intake does (``rules.record_intake``): for tests that
    store an Intake directly. Returns the referral."""
    if referral.status == Referral.Status.RECEIVED:
        referral.status = Referral.Status.INTAKE
        Referral.objects.filter(pk=referral.pk).update(status=referral.status)
    enrolment = referral.enrolment
    if enrolment.status == Enrolment.Status.REFERRED:
        enrolment.status = Enrolment.Status.INTAKE
        Enrolment.objects.filter(pk=enrolment.pk).update(status=enrolment.status)
    return referral


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    referral = factory.SubFactory(ReferralFactory)
    child = factory.SubFactory(PersonFactory, family=factory.SelfAttribute("..referral.family"))
    given_by = factory.SubFactory(
        PersonFactory,
        family=factory.SelfAttribute("..referral.family"),
        kind=Person.Kind.PARENT,
        date_of_birth=datetime.date(1985, 3, 1),
    )
    given_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.LazyAttribute(
        lambda c: c.referral.enrolment.linking_pin or c.referral.referred_by
    )


class DecisionFactory(factory.django.DjangoModelFactory):
    """A stored decision without going through ``rules.decide``: for tests
    that only need one to exist (use ``rules.decide`` to test deciding)."""

    class Meta:
        model = Decision

    referral = factory.SubFactory(ReferralFactory)
    outcome = Decision.Outcome.ACCEPTED
    decided_by = factory.SubFactory(UserFactory)
    start_date = factory.LazyFunction(timezone.localdate)
    end_date = factory.LazyAttribute(
        lambda d: d.start_date.replace(year=d.start_date.year + 2) if d.start_date else None
    )


class MunicipalityTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalityTask

    decision = factory.SubFactory(DecisionFactory, under_mandate=True)


def birth_date_for_age(age, day=None):
    """A date of birth that makes someone ``age`` years old on ``day``
    (today by default), well away from the birthday."""
    day = day or timezone.localdate()
    born = day - datetime.timedelta(days=int(age * 365.25) + 60)
    return born


def make_referral(
    programme,
    referred_by,
    *,
    linking_pin=None,
    child_ages=(8,),
    parents=1,
    parents_with_authority=None,
    organisation=None,
    **kwargs,
):
    """A referral for ``programme`` entered by ``referred_by``: a family with
    ``parents`` parents (the first ``parents_with_authority`` have authority;
    all by default) and one child per age in ``child_ages``; the enrolment
    is assigned to ``linking_pin`` when given. Extra keyword arguments go to
    ``ReferralFactory``."""
    if organisation is None:
        membership = (
            Membership.objects.filter(user=referred_by).select_related("organisation").first()
        )
        organisation = membership.organisation if membership else None
    if organisation is not None:
        kwargs["referrer_organisation"] = organisation
    referral = ReferralFactory(programme=programme, referred_by=referred_by, **kwargs)
    if linking_pin is not None:
        referral.enrolment.linking_pin = linking_pin
        referral.enrolment.save()
    if parents_with_authority is None:
        parents_with_authority = parents
    for number in range(parents):
        PersonFactory(
            family=referral.family,
            kind=Person.Kind.PARENT,
            first_name=f"Ouder{number + 1}",
            date_of_birth=datetime.date(1984 + number, 6, 15),
            problem_categories=["kopp"] if number == 0 else [],
            has_parental_authority=number < parents_with_authority,
        )
    for number, age in enumerate(child_ages):
        PersonFactory(
            family=referral.family,
            kind=Person.Kind.CHILD,
            first_name=f"Kind{referral.pk}x{number + 1}",
            date_of_birth=birth_date_for_age(age),
        )
    return referral


def give_all_consents(referral, recorded_by, day=None):
    """Record every consent the age rules require for each child."""
    from buitenshuis.referrals.rules import required_consenters

    day = day or timezone.localdate()
    members = list(referral.family.members.all())
    parents = [m for m in members if m.kind == Person.Kind.PARENT]
    for child in (m for m in members if m.kind == Person.Kind.CHILD):
        for person in required_consenters(child, parents, day):
            Consent.objects.get_or_create(
                referral=referral,
                child=child,
                given_by=person,
                defaults={"given_on": day, "recorded_by": recorded_by},
            )
