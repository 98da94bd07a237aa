# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Who takes which family: the choice by the assignment rules (area, route,
caseload, training), a referral landing with the chosen linking pin, the
coordinator's queue, overriding the rule with a reason, and the rules'
pages. All names are invented."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework.models import Enrolment
from buitenshuis.casework.tests.factories import EnrolmentFactory, FamilyFactory
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Membership, Role
from buitenshuis.organisations.tests.factories import MembershipFactory
from buitenshuis.programmes import assignment
from buitenshuis.programmes.assignment import Candidate, pick
from buitenshuis.programmes.models import Assignment, AssignmentRule
from buitenshuis.programmes.routes import Route
from buitenshuis.referrals import rules as referral_rules
from buitenshuis.referrals import workqueue
from buitenshuis.referrals.models import Referral
from buitenshuis.training.models import Module
from buitenshuis.training.tests.helpers import train

# Ranges and parsing --------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3500-3599", [[3500, 3599]]),
        ("3620 - 3629, 3500-3599", [[3500, 3599], [3620, 3629]]),
        ("3511;3512\n9991-9993", [[3511, 3511], [3512, 3512], [9991, 9993]]),
        ("", []),
    ],
)
def test_postcode_ranges_are_read_as_typed(text, expected):
    assert assignment.parse_postcode_ranges(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("3600-3500", "van laag naar hoog; bedoelt u 3500-3600?"),
        ("35AB", "'35AB' is geen postcodegebied"),
        ("3500-35", "'3500-35' is geen postcodegebied"),
        ("0999", "begint niet met een 0"),
    ],
)
def test_a_wrong_range_is_refused_in_dutch_at_its_field(text, message):
    with pytest.raises(RuleError, match=message) as raised:
        assignment.parse_postcode_ranges(f"1000-1099, {text}")
    assert raised.value.field == "postcode_ranges"


def test_the_postcode_number_is_its_four_digits():
    assert assignment.postcode_number("3511 AB") == 3511
    assert assignment.postcode_number("9991AA") == 9991
    assert assignment.postcode_number("") is None


# The choice over plain values (hypothesis) ----------------------------------

ROUTES = [Route.GGZ_KINDCHECK, Route.SOCIAL_TEAM, Route.VEILIG_THUIS, Route.SCHOOL]
ranges = st.lists(
    st.tuples(st.integers(1000, 9999), st.integers(0, 300)).map(
        lambda t: (t[0], min(t[0] + t[1], 9999))
    ),
    max_size=3,
)
candidates = st.lists(
    st.builds(
        Candidate,
        rule_id=st.integers(1, 10_000),
        order=st.integers(0, 3),
        linking_pin_id=st.integers(1, 6),
        postcode_ranges=ranges.map(tuple),
        routes=st.lists(st.sampled_from(ROUTES), unique=True, max_size=2).map(tuple),
        max_caseload=st.none() | st.integers(1, 8),
    ),
    max_size=8,
    unique_by=lambda c: c.rule_id,
)
caseloads = st.dictionaries(st.integers(1, 6), st.integers(0, 10))


@given(
    candidates,
    st.integers(1000, 9999),
    st.sampled_from(ROUTES),
    caseloads,
    st.frozensets(st.integers(1, 6)),
)
def test_the_chosen_pin_fits_has_room_and_has_the_fewest_families(
    rules, number, route, loads, untrained
):
    chosen = pick(rules, number, route, loads, untrained)
    eligible = [
        c
        for c in rules
        if c.fits(number, route)
        and c.linking_pin_id not in untrained
        and (c.max_caseload is None or loads.get(c.linking_pin_id, 0) < c.max_caseload)
    ]
    if chosen is None:
        assert not eligible
        return
    assert chosen in eligible
    # In area, by a route of the rule, below its maximum, trained.
    assert not chosen.postcode_ranges or any(
        low <= number <= high for low, high in chosen.postcode_ranges
    )
    assert not chosen.routes or route in chosen.routes
    assert chosen.linking_pin_id not in untrained
    # The lowest order first; within it the fewest running families.
    assert chosen.order == min(c.order for c in eligible)
    same_order = [c for c in eligible if c.order == chosen.order]
    assert loads.get(chosen.linking_pin_id, 0) == min(
        loads.get(c.linking_pin_id, 0) for c in same_order
    )
    # Deterministic: the order in which the rules come does not matter.
    assert pick(list(reversed(rules)), number, route, loads, untrained) == chosen


def test_a_tie_goes_to_the_older_rule():
    first = Candidate(rule_id=4, order=10, linking_pin_id=1)
    second = Candidate(rule_id=9, order=10, linking_pin_id=2)
    assert pick([second, first], 3511, Route.SCHOOL, {1: 2, 2: 2}) == first
    assert pick([second, first], 3511, Route.SCHOOL, {1: 3, 2: 2}) == second


# The choice in the database ------------------------------------------------


@pytest.fixture
def pins(world):
    """Three trained linking pins of programme A: Utrecht-Oost (3581-3585),
    the whole of Utrecht for Veilig Thuis, and a fallback."""
    pin, other = world.users["linking_pin"], world.other_pin
    third = MembershipFactory(
        user=UserFactory(username="linkingpin3", first_name="Derde", last_name="Verzonnen"),
        role=Role.LINKING_PIN,
        programme=world.programme,
    ).user
    train(third, Role.LINKING_PIN)
    return pin, other, third


def rule(world, pin, ranges=(), routes=(), **kwargs):
    return AssignmentRule.objects.create(
        programme=world.programme,
        linking_pin=pin,
        postcode_ranges=[list(r) for r in ranges],
        routes=list(routes),
        **kwargs,
    )


def running(world, pin, count):
    for _ in range(count):
        EnrolmentFactory(family=FamilyFactory(programme=world.programme), linking_pin=pin)


def test_area_and_route_decide(world, pins):
    pin, other, third = pins
    rule(world, pin, ranges=[(3581, 3585)])
    rule(world, other, ranges=[(3500, 3599)], routes=[Route.VEILIG_THUIS])
    choose = assignment.choose_linking_pin
    assert choose(world.programme, "3583 AB", Route.SCHOOL).linking_pin == pin
    assert choose(world.programme, "3512 CD", Route.VEILIG_THUIS).linking_pin == other
    assert choose(world.programme, "3512 CD", Route.SCHOOL) is None
    assert choose(world.programme, "9991 AA", Route.VEILIG_THUIS) is None


def test_the_fewest_running_families_and_the_maximum(world, pins):
    pin, other, third = pins
    # The world gives each of the two first pins one family already.
    rule(world, pin, ranges=[(3500, 3599)])
    rule(world, other, ranges=[(3500, 3599)], max_caseload=3)
    running(world, pin, 2)  # 3 running
    chosen = assignment.choose_linking_pin(world.programme, "3511 AB", Route.GP)
    assert (chosen.linking_pin, chosen.caseload) == (other, 1)
    running(world, other, 2)  # 3 running: at the maximum, skipped
    assert assignment.choose_linking_pin(world.programme, "3511 AB", Route.GP).linking_pin == pin


def test_a_closed_family_does_not_count(world, pins):
    pin, other, third = pins
    rule(world, pin)
    rule(world, third, max_caseload=1)
    EnrolmentFactory(
        family=FamilyFactory(programme=world.programme),
        linking_pin=third,
        status=Enrolment.Status.CLOSED,
    )
    assert assignment.choose_linking_pin(world.programme, "3511 AB", Route.GP).linking_pin == third


def test_a_lower_order_goes_first_and_a_higher_one_catches_the_rest(world, pins):
    pin, other, third = pins
    rule(world, third, order=20)
    rule(world, pin, ranges=[(3500, 3599)], order=10, max_caseload=1)
    # The own pin holds one family: at its maximum; the fallback takes it.
    assert assignment.choose_linking_pin(world.programme, "3511 AB", Route.GP).linking_pin == third


def test_an_untrained_or_departed_linking_pin_is_never_chosen(world, pins):
    pin, other, third = pins
    untrained = MembershipFactory(
        user=UserFactory(username="nieuweling"), role=Role.LINKING_PIN, programme=world.programme
    ).user
    train(untrained, Role.LINKING_PIN, modules=[Module.LP_ELEARNING])
    rule(world, untrained)
    assert assignment.choose_linking_pin(world.programme, "3511 AB", Route.GP) is None
    rule(world, third)
    Membership.objects.filter(user=third).update(is_active=False)
    assert assignment.choose_linking_pin(world.programme, "3511 AB", Route.GP) is None
    rule(world, pin, is_active=False)
    assert assignment.choose_linking_pin(world.programme, "3511 AB", Route.GP) is None


def test_three_queries_however_many_rules(world, pins):
    pin, other, third = pins
    for low in range(3000, 3900, 100):
        for who in pins:
            rule(world, who, ranges=[(low, low + 99)])
    with CaptureQueriesContext(connection) as queries:
        assert assignment.choose_linking_pin(world.programme, "3511 AB", Route.GP)
    assert len(queries) == 3


# A referral lands with the chosen linking pin --------------------------------


def submission(world, postcode, route=Route.SOCIAL_TEAM):
    family = {
        "family_name": "Verzonnenhof",
        "street": "Denkbeeldlaan",
        "house_number": "3",
        "postcode": postcode,
        "city": "Verzonnenstad",
        "municipality": world.programme.municipalities.first(),
    }
    parents = [
        {
            "first_name": "Mira",
            "last_name": "Verzonnenhof",
            "date_of_birth": datetime.date(1988, 3, 4),
            "problem_categories": ["kov"],
            "has_parental_authority": True,
        }
    ]
    children = [
        {
            "first_name": "Sam",
            "last_name": "Verzonnenhof",
            "date_of_birth": datetime.date(2019, 5, 6),
        }
    ]
    referral = {"route": route, "veilig_thuis": "none", "worries": "Verzonnen zorgen."}
    return family, parents, children, referral


def refer(world, postcode, route=Route.SOCIAL_TEAM, user=None):
    user = user or world.users["referrer"]
    membership = Membership.objects.get(user=user, programme=world.programme)
    return referral_rules.submit_referral(user, membership, *submission(world, postcode, route))


def waiting(user, key):
    return set(workqueue.waiting(user, key, workqueue.listed(user)).values_list("pk", flat=True))


def test_a_referral_lands_with_the_linking_pin_of_its_area(
    world, pins, django_capture_on_commit_callbacks
):
    pin, other, third = pins
    rule(world, other, ranges=[(3581, 3585)])
    mail.outbox.clear()
    # The e-mails go after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(world, "3582 KL")
    referral.refresh_from_db()
    assert referral.enrolment.linking_pin == other
    assert referral.assigned_at is not None
    made = Assignment.objects.get(enrolment=referral.enrolment)
    assert made.automatic and made.rule.linking_pin == other
    assert "3581-3585" in made.rule_text
    # The intake waits for the linking pin, not for the coordinator.
    assert referral.pk in waiting(other, "intake")
    assert referral.pk not in waiting(world.users["coordinator"], "toewijzen")
    # The same e-mail as on a manual assignment; none for the coordinator.
    recipients = {address for message in mail.outbox for address in message.to}
    assert other.email in recipients
    assert world.users["coordinator"].email not in recipients


def test_an_unmatched_referral_waits_for_the_coordinator(
    world, pins, django_capture_on_commit_callbacks
):
    pin, other, third = pins
    rule(world, other, ranges=[(3581, 3585)])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(world, "9991 AA")
    assert referral.enrolment.linking_pin is None
    assert not Assignment.objects.exists()
    assert referral.pk in waiting(world.users["coordinator"], "toewijzen")
    recipients = {address for message in mail.outbox for address in message.to}
    assert world.users["coordinator"].email in recipients


def test_a_linking_pin_keeps_the_family_they_refer(world, pins):
    pin, other, third = pins
    rule(world, other)  # everything to the colleague
    referral = refer(world, "3511 AB", Route.CASELOAD, user=pin)
    assert referral.enrolment.linking_pin == pin
    assert not Assignment.objects.exists()


def test_a_caseload_referral_of_an_untrained_linking_pin_is_the_coordinators(world, pins):
    pin, other, third = pins
    newcomer = MembershipFactory(
        user=UserFactory(username="nieuweling"), role=Role.LINKING_PIN, programme=world.programme
    ).user
    rule(world, other)
    referral = refer(world, "3511 AB", Route.CASELOAD, user=newcomer)
    assert referral.enrolment.linking_pin is None


# Overriding the rule's choice ----------------------------------------------


def test_reassigning_needs_a_reason_which_is_kept_and_logged(world, pins, client, sign_in):
    pin, other, third = pins
    rule(world, other, ranges=[(3500, 3599)])
    referral = refer(world, "3511 AB")
    assert referral.enrolment.linking_pin == other
    sign_in(world.users["coordinator"])
    url = reverse("referrals:assign", args=[referral.pk])
    page = client.get(url)
    assert "Reden voor het afwijken van de toewijzingsregel" in page.content.decode()

    refused = client.post(url, {"linking_pin": third.pk})
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert "Geef de reden waarom u het aan een andere linking pin toewijst" in " ".join(
        errors["reassign_reason"]
    )
    referral.enrolment.refresh_from_db()
    assert referral.enrolment.linking_pin == other

    reason = "Verzonnen: het gezin kent Derde al van een eerder traject."
    done = client.post(url, {"linking_pin": third.pk, "reassign_reason": reason})
    assert done.status_code == 302
    made = Assignment.objects.filter(enrolment=referral.enrolment).first()
    assert (made.automatic, made.linking_pin, made.previous, made.reason) == (
        False,
        third,
        other,
        reason,
    )
    assert made.assigned_by == world.users["coordinator"]
    entry = AccessLogEntry.objects.filter(reason__contains="toewijzingsregel").latest("pk")
    assert f"toewijzing #{made.pk}" in entry.reason
    assert reason not in entry.reason  # the reason stays in the case
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Handmatig toegewezen" in detail and reason in detail

    # Back to the rule's own choice needs no reason.
    back = client.post(url, {"linking_pin": other.pk})
    assert back.status_code == 302


def test_the_referral_page_names_the_rule(world, pins, client, sign_in):
    pin, other, third = pins
    rule(world, other, ranges=[(3500, 3599)])
    referral = refer(world, "3511 AB")
    sign_in(world.users["coordinator"])
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Automatisch toegewezen volgens de toewijzingsregels" in page
    assert "3500-3599" in page


def test_a_manual_assignment_without_a_rule_needs_no_reason(world, pins):
    pin, other, third = pins
    referral = refer(world, "3511 AB")
    referral_rules.assign_linking_pin(world.users["coordinator"], referral, third)
    made = Assignment.objects.get(enrolment=referral.enrolment)
    assert not made.automatic and made.reason == ""


# The pages -----------------------------------------------------------------


def test_the_coordinator_keeps_the_rules(world, pins, client, sign_in):
    pin, other, third = pins
    sign_in(world.users["coordinator"])
    create = reverse("programmes:assignment_rule_create")
    wrong = client.post(create, {"linking_pin": pin.pk, "postcode_ranges": "3600-3500, 35AB"})
    assert wrong.status_code == 200
    message = " ".join(wrong.context["form"].errors["postcode_ranges"])
    assert "bedoelt u 3500-3600?" in message and "'35AB' is geen postcodegebied" in message
    assert not AssignmentRule.objects.exists()

    made = client.post(
        create,
        {
            "linking_pin": pin.pk,
            "postcode_ranges": "3500-3599",
            "routes": [Route.SOCIAL_TEAM],
            "max_caseload": "12",
            "order": "10",
            "is_active": "on",
        },
    )
    assert made.status_code == 302
    saved = AssignmentRule.objects.get()
    assert (saved.postcode_ranges, saved.routes, saved.max_caseload) == (
        [[3500, 3599]],
        [Route.SOCIAL_TEAM],
        12,
    )
    listing = client.get(reverse("programmes:assignment_rules"))
    assert "3500-3599" in listing.content.decode()
    preview = client.get(
        reverse("programmes:assignment_rules"), {"postcode": "3511 AB", "route": Route.SOCIAL_TEAM}
    )
    assert "Deze postcode gaat nu naar" in preview.content.decode()
    assert preview.context["preview_choice"].linking_pin == pin
    nothing = client.get(
        reverse("programmes:assignment_rules"), {"postcode": "9991 AA", "route": Route.SOCIAL_TEAM}
    )
    assert "de aanmelding wacht op de coördinator" in nothing.content.decode()

    delete = reverse("programmes:assignment_rule_delete", args=[saved.pk])
    confirm = client.get(delete)
    assert "Weet u zeker" in confirm.content.decode()
    assert AssignmentRule.objects.exists()
    assert client.post(delete).status_code == 302
    assert not AssignmentRule.objects.exists()


def test_the_policy_officer_reads_but_does_not_change(world, pins, client, sign_in):
    pin, other, third = pins
    saved = rule(world, pin, ranges=[(3500, 3599)])
    sign_in(world.users["policy_officer"])
    listing = client.get(reverse("programmes:assignment_rules"))
    assert listing.status_code == 200
    assert "Toewijzingsregel toevoegen" not in listing.content.decode()
    assert "preview" not in listing.context
    assert client.get(reverse("programmes:assignment_rule", args=[saved.pk])).status_code == 200
    refused = client.post(
        reverse("programmes:assignment_rule_create"), {"linking_pin": pin.pk, "order": "1"}
    )
    assert refused.status_code == 403
    assert client.post(
        reverse("programmes:assignment_rule_delete", args=[saved.pk])
    ).status_code in (
        403,
        404,
    )
    assert AssignmentRule.objects.count() == 1


def test_a_rule_only_names_a_linking_pin_of_the_programme(world, pins):
    with pytest.raises(RuleError, match="linking pin van dit programma") as raised:
        assignment.save_rule(
            world.users["coordinator"],
            AssignmentRule(programme=world.programme),
            linking_pin=world.users["referrer"],
            postcode_ranges="3500-3599",
            routes=[],
            max_caseload=None,
            order=10,
            is_active=True,
        )
    assert raised.value.field == "linking_pin"


def test_the_rule_list_queries_do_not_grow(world, pins, client, sign_in):
    pin, other, third = pins
    sign_in(world.users["coordinator"])
    url = reverse("programmes:assignment_rules")
    rule(world, pin)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for low in range(1000, 9000, 500):
        rule(world, other, ranges=[(low, low + 99)])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_referral_route_stays_importable_from_referrals():
    from buitenshuis.referrals.models import Route as ReferralRoute

    assert ReferralRoute is Route
    assert Referral._meta.get_field("route").choices == Route.choices
