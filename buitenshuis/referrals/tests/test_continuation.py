# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A continuation after two years (``referrals.continuation``): the
closure creates the follow-up enrolment and its referral, which goes
through intake and consent and is decided on like a first one; the
placements of the closed enrolment end with it and the location sees the
end coming."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.activities.models import Placement
from buitenshuis.activities.tests.test_staff import place
from buitenshuis.casework.models import Closure, ContributionStep, Enrolment, Person
from buitenshuis.casework.rules import closure as closure_rules
from buitenshuis.casework.tests.test_closure import in_last_month, in_month_seven
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError
from buitenshuis.core.workqueue import collect
from buitenshuis.organisations.models import Membership, Role
from buitenshuis.programmes.models import Decider, ProgrammeSettings
from buitenshuis.referrals import rules
from buitenshuis.referrals.continuation import CONTINUATION_WORRIES
from buitenshuis.referrals.models import Consent, Decision, LegalBasis, Referral, Route
from buitenshuis.referrals.tests.factories import ReferralFactory

TODAY = timezone.localdate()
WayOn = Closure.WayOn


@pytest.fixture
def family(world):
    """The world's own family after 23 months: accepted, a child placed at
    the world's location, the programme's decider the policy officer."""
    enrolment = in_last_month(world.own_enrolment)
    ReferralFactory(
        programme=world.programme,
        family=world.own_family,
        enrolment=enrolment,
        referred_by=world.users["referrer"],
        status=Referral.Status.ACCEPTED,
    )
    Person.objects.filter(family=world.own_family, kind=Person.Kind.PARENT).update(
        has_parental_authority=True
    )
    ProgrammeSettings.objects.update_or_create(
        programme=world.programme,
        defaults={"decider": Decider.POLICY_OFFICER, "max_families": 100},
    )
    world.child = world.own_family.members.get(kind=Person.Kind.CHILD)
    world.placement = place(
        world.child, world.location, enrolment, end=enrolment.end_date, start=enrolment.start_date
    )
    return world


def close(world, way_on, steps=(), closed_on=TODAY):
    return closure_rules.close_enrolment(
        world.users["linking_pin"],
        world.own_enrolment,
        closed_on=closed_on,
        reason=Closure.Reason.COMPLETED,
        way_on=way_on,
        out_of_home_prevented=Closure.Prevented.YES,
        referred_to="Verzonnen wijkteam" if way_on == WayOn.REFER else "",
        steps=steps,
    )


def keys(user):
    user._bh_memberships = None
    return {item.key: item.count for item in collect(user)}


def test_a_continuation_is_decided_by_the_policy_officer_like_a_first_referral(family):
    world = family
    pin, officer = world.users["linking_pin"], world.users["policy_officer"]
    first_month = add_months(TODAY.replace(day=1), 1)
    steps = [(first_month, Decimal("15.00")), (add_months(first_month, 6), Decimal("30.50"))]
    close(world, WayOn.CONTRIBUTION, steps)

    follow_up = Enrolment.objects.get(previous=world.own_enrolment)
    assert follow_up.status == Enrolment.Status.REFERRED
    assert follow_up.linking_pin == pin and follow_up.family == world.own_family
    assert [
        (s.starts_on, s.monthly_amount)
        for s in ContributionStep.objects.filter(enrolment=follow_up)
    ] == steps
    referral = Referral.objects.get(enrolment=follow_up)
    assert referral.route == Route.CONTINUATION
    assert referral.status == Referral.Status.RECEIVED
    assert referral.referred_by == pin and referral.family == world.own_family
    assert referral.worries == CONTINUATION_WORRIES
    assert referral.assigned_at is not None
    pin_organisation = Membership.objects.get(user=pin, role=Role.LINKING_PIN).organisation
    assert referral.referrer_organisation == pin_organisation
    # The child keeps its place: the placement continues, provisionally,
    # in the follow-up enrolment until the municipality decides.
    world.placement.refresh_from_db()
    assert world.placement.enrolment == follow_up and world.placement.provisional
    assert world.placement.end_date > TODAY and world.placement.ended_at is None

    # It waits for the linking pin's intake, not yet for a decision.
    assert keys(pin).get("referrals.intake") == 1
    assert "referrals.besluit" not in keys(officer)
    # A decision before the intake and consent is refused.
    with pytest.raises(RuleError, match="intake|Toestemming"):
        rules.decide(officer, referral, Decision.Outcome.ACCEPTED)

    rules.record_intake(
        pin,
        referral,
        held_on=TODAY,
        conversation="Verzonnen afsluitend gesprek: de ouders willen door.",
        criteria_met=["Casus van het sociaal (wijk)team"],
        legal_basis=LegalBasis.CONSENT,
    )
    parents = world.own_family.members.filter(kind=Person.Kind.PARENT)
    rules.record_consents(
        pin,
        referral,
        {world.child.pk: [p.pk for p in parents]},
        {world.child.pk: TODAY},
    )
    # Now on the decider's work queue, like any referral ready for a decision.
    assert keys(officer).get("referrals.besluit") == 1
    # It cannot start on or before the closure of the enrolment it continues.
    with pytest.raises(RuleError, match="na de afsluiting") as refused:
        rules.decide(officer, referral, Decision.Outcome.ACCEPTED, start_date=TODAY)
    assert refused.value.field == "start_date"

    decision = rules.decide(officer, referral, Decision.Outcome.ACCEPTED)
    follow_up.refresh_from_db()
    assert follow_up.status == Enrolment.Status.ACTIVE
    assert follow_up.previous == world.own_enrolment
    assert decision.start_date == follow_up.start_date == TODAY + datetime.timedelta(days=1)
    assert follow_up.end_date == add_months(follow_up.start_date, 24)
    world.own_enrolment.refresh_from_db()
    assert world.own_enrolment.status == Enrolment.Status.CLOSED
    # The acceptance made the continued placement a regular one, within the
    # new enrolment's dates.
    world.placement.refresh_from_db()
    assert not world.placement.provisional and world.placement.ended_at is None
    assert world.placement.end_date <= follow_up.end_date


def test_a_rejected_continuation_ends_the_continued_placement(family):
    world = family
    pin, officer = world.users["linking_pin"], world.users["policy_officer"]
    close(world, WayOn.CONTINUE)
    referral = Referral.objects.get(enrolment__previous=world.own_enrolment)
    rules.record_intake(
        pin,
        referral,
        held_on=TODAY,
        conversation="Verzonnen gesprek.",
        criteria_met=["Casus van het sociaal (wijk)team"],
        legal_basis=LegalBasis.CONSENT,
    )
    parents = world.own_family.members.filter(kind=Person.Kind.PARENT)
    rules.record_consents(
        pin, referral, {world.child.pk: [p.pk for p in parents]}, {world.child.pk: TODAY}
    )
    rules.decide(officer, referral, Decision.Outcome.REJECTED, reason="Verzonnen reden.")
    world.placement.refresh_from_db()
    assert world.placement.ended_at is not None and world.placement.end_date == TODAY


def test_the_decision_page_offers_the_continuation_to_the_policy_officer(family, sign_in):
    world = family
    close(world, WayOn.CONTINUE)
    referral = Referral.objects.get(route=Route.CONTINUATION)
    client = sign_in(world.users["policy_officer"])
    listing = client.get(reverse("referrals:list") + "?wacht=besluit").content.decode()
    assert world.own_family.reference not in listing  # no intake yet
    from buitenshuis.referrals.tests.factories import give_all_consents

    rules.record_intake(
        world.users["linking_pin"],
        referral,
        held_on=TODAY,
        conversation="Verzonnen.",
        criteria_met=["Casus van het sociaal (wijk)team"],
        legal_basis=LegalBasis.CONSENT,
    )
    give_all_consents(referral, world.users["linking_pin"])
    listing = client.get(reverse("referrals:list") + "?wacht=besluit").content.decode()
    assert world.own_family.reference in listing


def test_the_continuation_asks_the_same_people_for_consent_again(family, sign_in):
    """The parents consented for the first enrolment; for the continuation
    they consent again, through the consent page (a consent was once unique
    per child and parent over all referrals, and this page gave a 500)."""
    world = family
    pin = world.users["linking_pin"]
    first = Referral.objects.get(enrolment=world.own_enrolment)
    parents = list(world.own_family.members.filter(kind=Person.Kind.PARENT))
    for parent in parents:
        Consent.objects.create(
            referral=first,
            child=world.child,
            given_by=parent,
            given_on=world.own_enrolment.start_date,
            recorded_by=pin,
        )
    close(world, WayOn.CONTINUE)
    referral = Referral.objects.get(route=Route.CONTINUATION)
    rules.record_intake(
        pin,
        referral,
        held_on=TODAY,
        conversation="Verzonnen afsluitend gesprek.",
        criteria_met=["Casus van het sociaal (wijk)team"],
        legal_basis=LegalBasis.CONSENT,
    )
    # Nothing carried over: the continuation misses every consent.
    assert len(rules.missing_consents(referral)) == len(parents)

    client = sign_in(pin)
    response = client.post(
        reverse("referrals:consent", args=[referral.pk]),
        {
            f"given_by_{world.child.pk}": [str(parent.pk) for parent in parents],
            f"given_on_{world.child.pk}": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    assert rules.missing_consents(referral) == []
    assert referral.consents.count() == first.consents.count() == len(parents)
    assert set(first.consents.values_list("given_on", flat=True)) == {
        world.own_enrolment.start_date
    }


@pytest.mark.parametrize("way_on", [WayOn.REFER, WayOn.NONE])
def test_no_continuation_without_a_continuing_way_on(family, way_on):
    world = family
    enrolment = in_month_seven(world.own_enrolment)
    closure_rules.close_enrolment(
        world.users["linking_pin"],
        enrolment,
        closed_on=TODAY,
        reason=Closure.Reason.FAMILY_STOPPED,
        way_on=way_on,
        referred_to="Verzonnen hulp" if way_on == WayOn.REFER else "",
        out_of_home_prevented=Closure.Prevented.UNKNOWN,
    )
    assert not Enrolment.objects.filter(previous=enrolment).exists()
    assert not Referral.objects.filter(route=Route.CONTINUATION).exists()
    world.placement.refresh_from_db()
    assert world.placement.end_date == TODAY


def test_a_placement_not_started_yet_ends_before_its_first_day(family):
    world = family
    later = place(
        world.child,
        world.location,
        world.own_enrolment,
        start=TODAY + datetime.timedelta(days=5),
        end=world.own_enrolment.end_date,
    )
    close(world, WayOn.CONTINUE)
    later.refresh_from_db()
    assert later.end_date == TODAY < later.start_date
    assert not Placement.objects.arriving().filter(pk=later.pk).exists()


def test_the_location_sees_the_end_coming(family, sign_in):
    world = family
    staff = world.users["location_staff"]
    client = sign_in(staff)
    # More than four weeks ahead: no end shown.
    world.placement.end_date = TODAY + datetime.timedelta(days=29)
    world.placement.save()
    page = client.get(reverse("activities:my_children")).content.decode()
    assert "stopt op" not in page
    # Within four weeks: "stopt op <date>".
    world.placement.end_date = TODAY + datetime.timedelta(days=28)
    world.placement.save()
    page = client.get(reverse("activities:my_children")).content.decode()
    expected = (TODAY + datetime.timedelta(days=28)).strftime("%d-%m-%Y")
    assert f"stopt op {expected}" in page
    # Closed today without a continuation: the child is still there today,
    # stopping today.
    close(world, WayOn.REFER)
    page = client.get(reverse("activities:my_children")).content.decode()
    assert f"stopt op {TODAY.strftime('%d-%m-%Y')}" in page


def test_the_hub_shows_the_continuations_referral_and_the_earlier_one_as_context(
    family, client, sign_in
):
    """After the closure the hub is about the follow-up: its referral (route
    "Vervolg na twee jaar", not yet decided) in the referral panel, and the
    closed enrolment with its referral in the context panel."""
    world = family
    close(world, WayOn.CONTINUE)
    follow_up = world.own_family.enrolments.order_by("-pk").first()
    sign_in(world.users["linking_pin"])
    response = client.get(f"/gezinnen/{world.own_family.pk}/aanmelding/")
    panels = {panel.key: panel.context for panel in response.context["panels"]}
    assert panels["referral"]["referral"].enrolment_id == follow_up.pk
    assert panels["referral"]["referral"].route == Route.CONTINUATION
    assert panels["referral"]["decision"] is None
    assert "context" in panels
