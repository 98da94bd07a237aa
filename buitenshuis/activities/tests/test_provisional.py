# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Start before the decision (seed 001 "Voorbeeld 3 en 4"): after
intake and consent the linking pin places a child provisionally, within the
programme's capacity; the placement is marked everywhere, is on the
decider's list, ends by itself on a rejection (days used recorded, the
location no longer sees the child) and becomes a regular placement on an
acceptance."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from buitenshuis.activities import rules
from buitenshuis.activities.models import Placement
from buitenshuis.activities.tests.test_placements import make_contract, train_staff
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import ActivityType, Programme
from buitenshuis.programmes import capacity as programme_capacity
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals import rules as referral_rules
from buitenshuis.referrals.models import Decision, Intake, LegalBasis, Referral
from buitenshuis.referrals.tests.factories import give_all_consents, make_referral

TODAY = timezone.localdate()
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def record_intake(referral, user):
    Intake.objects.create(
        referral=referral,
        conversation="Verzonnen intakegesprek met beide ouders.",
        criteria_met=["Casus van het sociaal (wijk)team"],
        legal_basis=LegalBasis.CONSENT,
        held_on=TODAY,
        recorded_by=user,
    )
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.INTAKE)
    Enrolment.objects.filter(pk=referral.enrolment_id).update(status=Enrolment.Status.INTAKE)
    referral.refresh_from_db()
    referral.enrolment.refresh_from_db()


def undecided(world, *, intake=True, consent=True, child_ages=(7, 13), parents=2):
    """A referral of the world's linking pin in intake: two parents, a child
    of 7 and one of 13 (who consents too)."""
    pin = world.users["linking_pin"]
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=pin,
        child_ages=child_ages,
        parents=parents,
    )
    if intake:
        record_intake(referral, pin)
    if consent:
        give_all_consents(referral, pin)
    referral_rules.mark_ready(referral)
    return referral


@pytest.fixture
def route(world):
    """The world's location is a trained after-school club with a contract
    of four places; the policy officer decides (the default)."""
    location = world.location
    location.name, location.activity_type = "BSO De Verzonnen Vlinder", ActivityType.AFTER_SCHOOL
    location.age_min, location.age_max = 4, 12
    location.save()
    train_staff(world.users["location_staff"], world.users["coordinator"])
    world.contract = make_contract(location, world.programme, places=4)
    world.referral = undecided(world, child_ages=(7, 10))
    world.enrolment = world.referral.enrolment
    world.child = world.referral.family.members.filter(kind=Person.Kind.CHILD).order_by(
        "-date_of_birth"
    )[0]
    return world


def place(world, referral=None, child=None, start=None, days=None):
    referral = referral or world.referral
    child = (
        child
        or referral.family.members.filter(kind=Person.Kind.CHILD).order_by("-date_of_birth")[0]
    )
    return rules.place(
        world.users["linking_pin"],
        referral.enrolment,
        child,
        world.location,
        activity_type=ActivityType.AFTER_SCHOOL,
        days=days or ["tue", "thu"],
        hours_per_week=8,
        start_date=start or TODAY,
        pickup_arrangements="Opa Verzonnen haalt op dinsdag.",
    )


def form_data(world, **changes):
    data = {
        "activity_type": ActivityType.AFTER_SCHOOL,
        "days": ["mon", "wed"],
        "hours_per_week": "8",
        "start_date": TODAY.isoformat(),
        "end_date": add_months(TODAY, 24).isoformat(),
        "parental_contribution": "0",
        "pickup_arrangements": "Oma haalt op woensdag (verzonnen).",
        "place": "1",
    }
    data.update(changes)
    return data


def set_settings(world, **values):
    settings = ProgrammeSettings.for_programme(Programme.objects.get(pk=world.programme.pk))
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()


def capacity(world):
    return programme_capacity.capacity(Programme.objects.get(pk=world.programme.pk))


def create_url(world, child=None):
    return reverse(
        "activities:placement_create",
        args=[world.enrolment.pk, (child or world.child).pk, world.location.pk],
    )


# Placing before the decision ------------------------------------------------


def test_the_linking_pin_places_provisionally_after_intake_and_consent(
    route, client, sign_in, django_capture_on_commit_callbacks
):
    w = route
    sign_in(w.users["linking_pin"])
    page = client.get(create_url(w)).content.decode()
    assert "Voorlopig plaatsen" in page
    data = form_data(w)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url(w), data, follow=True)
    placement = Placement.objects.get(child=w.child)
    assert placement.provisional is True
    assert placement.start_date == TODAY
    assert "voorlopig geplaatst" in response.content.decode()
    w.referral.refresh_from_db()
    assert w.referral.status == Referral.Status.INTAKE  # the decision is still to come
    # The location's staff get the e-mail that says only that something
    # waits; the referrer gets none, and the deciding policy officer had
    # theirs when intake and consent were complete (one per hand-off).
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == [w.users["location_staff"].email]
    for message in mail.outbox:
        assert w.child.first_name not in message.body
        assert w.referral.family.reference not in message.body


def test_a_second_provisional_placement_does_not_mail_the_decider_again(
    route, django_capture_on_commit_callbacks
):
    w = route
    place(w)
    older = w.referral.family.members.filter(kind=Person.Kind.CHILD).order_by("date_of_birth")[0]
    with django_capture_on_commit_callbacks(execute=True):
        place(w, child=older)
    assert [message.to for message in mail.outbox] == [[w.users["location_staff"].email]]


def test_refused_before_consent_and_before_intake(route):
    w = route
    no_consent = undecided(w, consent=False)
    with pytest.raises(RuleError, match="Toestemming voor .* ontbreekt"):
        place(w, referral=no_consent)
    no_intake = undecided(w, intake=False)
    with pytest.raises(RuleError, match="Leg eerst de intake vast"):
        place(w, referral=no_intake)
    assert not Placement.objects.filter(
        enrolment__in=[no_consent.enrolment, no_intake.enrolment]
    ).exists()


def test_refused_when_the_programme_waits_for_the_decision(route, client, sign_in):
    w = route
    set_settings(w, start_before_decision=False)
    with pytest.raises(RuleError, match="pas na het besluit"):
        place(w)
    sign_in(w.users["linking_pin"])
    response = client.post(create_url(w), form_data(w))
    assert response.status_code == 403
    assert "begint de activiteit pas na het besluit" in response.content.decode()
    assert not Placement.objects.exists()
    # The referral page offers no placing either.
    page = client.get(reverse("referrals:detail", args=[w.referral.pk])).content.decode()
    assert "voorlopig plaatsen" not in page


def test_only_the_responsible_linking_pin_places_provisionally(route, client, sign_in):
    w = route
    for user in (w.other_pin, w.users["coordinator"], w.users["policy_officer"]):
        sign_in(user)
        assert client.post(create_url(w), form_data(w)).status_code in (403, 404)
    assert not Placement.objects.exists()


# Capacity --------------------------------------------------------------------


def test_a_provisional_placement_holds_a_place(route):
    w = route
    used_before, limit, _unit = capacity(w)
    place(w)
    used, limit, _unit = capacity(w)
    assert used == used_before + 1
    # Full: no other family is placed provisionally or accepted ...
    set_settings(w, max_families=used)
    other = undecided(w, child_ages=(8,))
    with pytest.raises(RuleError, match="capaciteit van het programma is bereikt"):
        place(w, referral=other)
    with pytest.raises(RuleError, match="capaciteit van het programma is bereikt"):
        referral_rules.decide(w.users["policy_officer"], other, Decision.Outcome.ACCEPTED)
    # ... but the family that holds the place can still be accepted.
    decision = referral_rules.decide(
        w.users["policy_officer"], w.referral, Decision.Outcome.ACCEPTED
    )
    assert decision.capacity_overridden is False


def test_a_budget_ceiling_counts_the_provisional_family(route):
    w = route
    set_settings(w, capacity_kind="budget", budget_ceiling=200000, cost_per_family=40000)
    before, _limit, unit = capacity(w)
    place(w)
    after, _limit, unit = capacity(w)
    assert unit == "budget" and after - before == 40000


# The decision ends or confirms it ---------------------------------------------


def test_a_rejection_ends_the_provisional_placement_with_the_days_used(route, client, sign_in):
    w = route
    # Two full weeks on every weekday: ten activity days up to today.
    placement = place(w, start=TODAY - datetime.timedelta(days=13), days=WEEKDAYS)
    sign_in(w.users["location_staff"])
    assert w.child.first_name in client.get(reverse("activities:my_children")).content.decode()
    held_before, _limit, _unit = capacity(w)

    referral_rules.decide(
        w.users["policy_officer"],
        w.referral,
        Decision.Outcome.REJECTED,
        reason="Verzonnen: past niet bij de doelgroep.",
    )
    placement.refresh_from_db()
    assert placement.end_date == TODAY
    assert placement.ended_at is not None
    assert placement.days_used == 10
    assert placement.start_date == TODAY - datetime.timedelta(days=13)
    assert capacity(w)[0] == held_before - 1
    # The location no longer sees the child: not in the list, not by URL.
    body = client.get(reverse("activities:my_children")).content.decode()
    assert w.child.first_name not in body
    signal_url = reverse("activities:signal_create", args=[placement.pk])
    assert client.get(signal_url).status_code == 404
    # The linking pin sees that it ended, and how many days were used.
    sign_in(w.users["linking_pin"])
    page = client.get(reverse("activities:placement_detail", args=[placement.pk]))
    assert "beëindigd" in page.content.decode()
    assert "10 opvangdagen" in page.content.decode()


def test_a_rejection_before_the_first_day_uses_no_days(route):
    w = route
    placement = place(w, start=TODAY + datetime.timedelta(days=5))
    referral_rules.decide(
        w.users["policy_officer"], w.referral, Decision.Outcome.REJECTED, reason="Verzonnen."
    )
    placement.refresh_from_db()
    assert placement.days_used == 0 and placement.ended_at is not None
    assert not Placement.objects.arriving().filter(pk=placement.pk).exists()


def test_a_rejected_placement_that_had_not_started_frees_no_place(route):
    """Found by the property-based tests: the placement ended by the
    rejection before its first day (last day before the first) was counted
    as minus one place, so the contract could be over-booked."""
    w = route
    rules.place(
        w.users["linking_pin"],
        w.enrolment,
        w.child,
        w.location,
        activity_type=ActivityType.AFTER_SCHOOL,
        days=["tue"],
        hours_per_week=8,
        start_date=TODAY + datetime.timedelta(days=10),
        end_date=TODAY + datetime.timedelta(days=40),
    )
    referral_rules.decide(
        w.users["policy_officer"], w.referral, Decision.Outcome.REJECTED, reason="Verzonnen."
    )
    # The contract's four places are taken from the day after tomorrow to day 5.
    for _ in range(4):
        other = undecided(w, child_ages=(8,))
        rules.place(
            w.users["linking_pin"],
            other.enrolment,
            other.family.members.get(kind=Person.Kind.CHILD),
            w.location,
            activity_type=ActivityType.AFTER_SCHOOL,
            days=["tue"],
            hours_per_week=8,
            start_date=TODAY + datetime.timedelta(days=2),
            end_date=TODAY + datetime.timedelta(days=5),
        )
    assert rules.places_taken(w.contract, TODAY, TODAY + datetime.timedelta(days=30)) == 4
    late = undecided(w, child_ages=(9,))
    with pytest.raises(RuleError, match="bezet"):
        rules.place(
            w.users["linking_pin"],
            late.enrolment,
            late.family.members.get(kind=Person.Kind.CHILD),
            w.location,
            activity_type=ActivityType.AFTER_SCHOOL,
            days=["tue"],
            hours_per_week=8,
            start_date=TODAY,
            end_date=TODAY + datetime.timedelta(days=30),
        )


def test_a_rejection_does_not_extend_a_placement_that_had_already_ended(route):
    """Found by the property-based tests: a provisional placement whose last
    day lay before the decision was extended to the decision day, holding a
    place and counting days after it had ended."""
    w = route
    first, last = TODAY - datetime.timedelta(days=20), TODAY - datetime.timedelta(days=7)
    placement = rules.place(
        w.users["linking_pin"],
        w.enrolment,
        w.child,
        w.location,
        activity_type=ActivityType.AFTER_SCHOOL,
        days=WEEKDAYS,
        hours_per_week=8,
        start_date=first,
        end_date=last,
    )
    referral_rules.decide(
        w.users["policy_officer"], w.referral, Decision.Outcome.REJECTED, reason="Verzonnen."
    )
    placement.refresh_from_db()
    assert placement.end_date == last
    assert placement.days_used == rules.activity_days(WEEKDAYS, first, last) == 10
    assert placement.ended_at is not None


def test_an_acceptance_makes_it_a_regular_placement_and_keeps_its_first_day(route, client, sign_in):
    w = route
    first_day = TODAY - datetime.timedelta(days=2)
    placement = place(w, start=first_day)
    decision = referral_rules.decide(
        w.users["policy_officer"], w.referral, Decision.Outcome.ACCEPTED
    )
    placement.refresh_from_db()
    assert placement.provisional is False and placement.ended_at is None
    assert placement.start_date == first_day
    assert placement.end_date <= decision.end_date
    w.enrolment.refresh_from_db()
    assert w.enrolment.first_activity_date == first_day
    sign_in(w.users["linking_pin"])
    page = client.get(reverse("referrals:detail", args=[w.referral.pk])).content.decode()
    assert "Voorlopig geplaatst" not in page
    sign_in(w.users["location_staff"])
    body = client.get(reverse("activities:my_children")).content.decode()
    assert w.child.first_name in body and "Voorlopig geplaatst" not in body


def test_after_a_provisional_start_the_two_years_count_from_its_first_day(route, client, sign_in):
    """The decider's form proposes the provisional placement's first day as
    the start, and without a date the rule takes it too."""
    w = route
    first_day = TODAY - datetime.timedelta(days=9)
    place(w, start=first_day)
    sign_in(w.users["policy_officer"])
    page = client.get(reverse("referrals:decide", args=[w.referral.pk])).content.decode()
    assert f'value="{first_day.isoformat()}"' in page
    decision = referral_rules.decide(
        w.users["policy_officer"], w.referral, Decision.Outcome.ACCEPTED
    )
    assert decision.start_date == first_day
    assert decision.end_date == add_months(first_day, 24)
    page = client.get(reverse("referrals:detail", args=[w.referral.pk])).content.decode()
    assert decision.letter_reference and decision.letter_reference in page


# Marked everywhere -------------------------------------------------------------


def test_a_provisional_placement_is_marked_everywhere(route, client, sign_in):
    w = route
    placement = place(w)
    sign_in(w.users["linking_pin"])
    # (The family page's placements are the case hub's; the referral page
    # lists no placements.)
    for url in (
        reverse("activities:placement_detail", args=[placement.pk]),
        reverse("referrals:list"),
    ):
        assert "Voorlopig geplaatst" in client.get(url).content.decode(), url
    sign_in(w.users["location_staff"])
    body = client.get(reverse("activities:my_children")).content.decode()
    assert w.child.first_name in body and "Voorlopig geplaatst" in body
    # On the decider's list and decision page.
    sign_in(w.users["policy_officer"])
    listing = client.get(reverse("referrals:list")).content.decode()
    assert w.referral.family.reference in listing and "Voorlopig geplaatst" in listing
    decide = client.get(reverse("referrals:decide", args=[w.referral.pk])).content.decode()
    assert "Voorlopig geplaatst" in decide
    assert f"{w.child.first_name} bij {w.location.name}" in decide


def test_activity_days_counts_the_chosen_weekdays():
    monday = datetime.date(2026, 3, 2)
    assert rules.activity_days(["mon"], monday, monday) == 1
    assert rules.activity_days(["tue", "thu"], monday, monday) == 0
    assert rules.activity_days(["tue", "thu"], monday, monday + datetime.timedelta(6)) == 2
    assert rules.activity_days(WEEKDAYS, monday, monday + datetime.timedelta(13)) == 10
    assert rules.activity_days(WEEKDAYS, monday, monday - datetime.timedelta(1)) == 0
