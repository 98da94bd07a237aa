# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What the linking pin did with a signal (``rules.follow_up_signal``): a
contact (one of the family's, or a new one), a goal of the family, or
nothing needed. The location's staff see only "Opgepakt" and the date,
never what was done; the coordinator reads it, never records it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from buitenshuis.activities import rules
from buitenshuis.activities.models import Signal
from buitenshuis.activities.tests import test_staff
from buitenshuis.activities.tests.test_staff import place, signal
from buitenshuis.casework.models import Contact, Goal, GoalDomain, Person
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.rules import contacts as contact_rules
from buitenshuis.casework.tests.factories import ContactFactory
from buitenshuis.core.errors import RuleError
from buitenshuis.tests.world import build_world

# The location staff's world: a child of the own family placed at the
# world's location (test_staff).
staff_world = test_staff.staff_world
TODAY = timezone.localdate()
GOAL = "Verzonnen doel: vaste bedtijden voor de kinderen."
CONTACT_WHO = "Verzonnen: moeder en oma"


def goal_of(enrolment, text=GOAL):
    return Goal.objects.create(
        enrolment=enrolment,
        domain=GoalDomain.CALM_AND_STRUCTURE,
        description=text,
        created_by=enrolment.linking_pin,
    )


def test_a_new_contact_is_recorded_with_the_follow_up_and_marks_it_read(staff_world):
    w = staff_world
    made = signal(w.placement, w.users["location_staff"])
    pin = w.users["linking_pin"]
    rules.follow_up_signal(
        pin,
        made,
        Signal.FollowUp.CONTACT,
        new_contact={"date": TODAY, "minutes": 20, "kind": Contact.Kind.PHONE},
    )
    made.refresh_from_db()
    assert made.follow_up == Signal.FollowUp.CONTACT
    assert made.follow_up_contact.enrolment == w.own_enrolment
    assert (made.follow_up_contact.kind, made.follow_up_contact.minutes) == ("phone", 20)
    assert made.acknowledged_by == pin and made.followed_up_at is not None
    # Once: a second follow-up is refused.
    with pytest.raises(RuleError):
        rules.follow_up_signal(pin, made, Signal.FollowUp.NOTHING)


def test_only_the_family_s_own_contact_or_goal_may_be_chosen(staff_world):
    w = staff_world
    pin = w.users["linking_pin"]
    made = signal(w.placement, w.users["location_staff"])
    elsewhere = ContactFactory(enrolment=w.colleague_enrolment)
    other_goal = goal_of(w.colleague_enrolment)
    before = Contact.objects.count()
    for kwargs, field in [
        ({"follow_up": "contact", "contact": elsewhere}, "contact"),
        ({"follow_up": "contact"}, "contact"),
        ({"follow_up": "goal", "goal": other_goal}, "goal"),
        ({"follow_up": "goal"}, "goal"),
        ({"follow_up": "whatever"}, "follow_up"),
        (
            {
                "follow_up": "contact",
                "new_contact": {"date": TODAY + datetime.timedelta(days=1), "minutes": 5},
            },
            "contact_date",
        ),
        (
            {"follow_up": "contact", "new_contact": {"date": TODAY, "minutes": 0}},
            "contact_minutes",
        ),
        (
            {"follow_up": "contact", "new_contact": {"date": TODAY, "minutes": 5, "kind": "x"}},
            "contact_kind",
        ),
    ]:
        follow_up = kwargs.pop("follow_up")
        with pytest.raises(RuleError) as error:
            rules.follow_up_signal(pin, made, follow_up, **kwargs)
        assert error.value.field == field
    made.refresh_from_db()
    assert made.followed_up_at is None and made.acknowledged_at is None
    assert Contact.objects.count() == before


@pytest.mark.parametrize("who", ["coordinator", "location_staff", "policy_officer"])
def test_who_is_not_the_responsible_linking_pin_records_nothing(staff_world, who):
    w = staff_world
    made = signal(w.placement, w.users["location_staff"])
    with pytest.raises(RuleError):
        rules.follow_up_signal(w.users[who], made, Signal.FollowUp.NOTHING)
    with pytest.raises(RuleError):
        rules.follow_up_signal(w.other_pin, made, Signal.FollowUp.NOTHING)
    made.refresh_from_db()
    assert made.followed_up_at is None


class FollowUpProperties(TestCase):
    @given(
        follow_up=st.sampled_from([*Signal.FollowUp.values, ""]),
        pick=st.sampled_from(["own", "other", "none", "new"]),
        days=st.integers(-5, 2),
        minutes=st.integers(-1, 600),
        who=st.sampled_from(["linking_pin", "coordinator", "location_staff"]),
    )
    def test_a_follow_up_is_stored_exactly_when_every_rule_holds(
        self, follow_up, pick, days, minutes, who
    ):
        w = build_world()
        enrolment = w.own_family.enrolments.get()
        child = w.own_family.members.get(kind=Person.Kind.CHILD)
        made = signal(place(child, w.location, enrolment), w.users["location_staff"])
        other = w.colleague_family.enrolments.get()
        contact = {
            "own": ContactFactory(enrolment=enrolment),
            "other": ContactFactory(enrolment=other),
        }
        goal = {"own": goal_of(enrolment), "other": goal_of(other)}
        new = {"date": TODAY + datetime.timedelta(days=days), "minutes": minutes, "kind": "phone"}
        kwargs = {}
        if follow_up == "contact":
            if pick == "new":
                kwargs["new_contact"] = new
            elif pick in contact:
                kwargs["contact"] = contact[pick]
        if follow_up == "goal" and pick in goal:
            kwargs["goal"] = goal[pick]
        valid = who == "linking_pin" and (
            follow_up == "nothing"
            or (follow_up == "goal" and pick == "own")
            or (
                follow_up == "contact"
                and (
                    pick == "own"
                    or (
                        pick == "new"
                        and enrolment.start_date <= new["date"] <= TODAY
                        and 1 <= minutes <= contact_rules.MAX_MINUTES
                    )
                )
            )
        )
        contacts = Contact.objects.count()
        try:
            rules.follow_up_signal(w.users[who], made, follow_up, **kwargs)
        except RuleError as error:
            assert not valid, str(error)
            made.refresh_from_db()
            assert made.followed_up_at is None and made.follow_up == ""
            assert Contact.objects.count() == contacts
            return
        assert valid
        made.refresh_from_db()
        assert made.follow_up == follow_up and made.followed_up_at is not None
        assert made.acknowledged_at is not None
        assert Contact.objects.count() == contacts + (pick == "new" and follow_up == "contact")


# The pages -----------------------------------------------------------------------


def test_the_location_sees_picked_up_never_what_was_done(staff_world, client, sign_in):
    w = staff_world
    made = signal(w.placement, w.users["location_staff"])
    goal = goal_of(w.own_enrolment)
    pin = w.users["linking_pin"]
    ContactFactory(enrolment=w.own_enrolment, with_whom=CONTACT_WHO)
    sign_in(pin)
    url = reverse("activities:signal_follow_up", args=[made.pk])
    page = client.get(url).content.decode()
    assert GOAL in page  # the goal to choose
    response = client.post(url, {"follow_up": "goal", "goal": goal.pk})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.follow_up_goal == goal
    # The linking pin's inbox and hub say what was done.
    inbox = client.get(reverse("activities:signal_inbox")).content.decode()
    assert "Opgevolgd op" in inbox and GOAL in inbox
    # The location: "Opgepakt" with the date, nothing of the goal.
    sign_in(w.users["location_staff"])
    for page_url in (
        reverse("activities:signal_create", args=[w.placement.pk]),
        reverse("activities:my_children"),
    ):
        body = client.get(page_url).content.decode()
        assert GOAL not in body and CONTACT_WHO not in body
        assert "Opgevolgd" not in body and "Een doel" not in body
    body = client.get(reverse("activities:signal_create", args=[w.placement.pk])).content.decode()
    assert "Opgepakt</strong>" in body
    # Nor can they open the follow-up page.
    assert client.get(url).status_code in (403, 404)


def test_a_new_contact_from_the_form_and_the_location_never_sees_it(staff_world, client, sign_in):
    w = staff_world
    made = signal(w.placement, w.users["location_staff"])
    sign_in(w.users["linking_pin"])
    url = reverse("activities:signal_follow_up", args=[made.pk])
    hub = hub_url(w.own_family.pk, "signals")
    response = client.post(
        url,
        {
            "follow_up": "contact",
            "contact_date": TODAY.isoformat(),
            "contact_minutes": "",
            "contact_kind": "home_visit",
            "next": hub,
        },
    )
    assert response.status_code == 200
    assert "Vul een duur in" in response.content.decode()
    response = client.post(
        url,
        {
            "follow_up": "contact",
            "contact_date": TODAY.isoformat(),
            "contact_minutes": "35",
            "contact_kind": "home_visit",
            "next": hub,
        },
    )
    assert response.status_code == 302 and response.url == hub
    made.refresh_from_db()
    assert made.follow_up_contact.kind == Contact.Kind.HOME_VISIT
    sign_in(w.users["location_staff"])
    body = client.get(reverse("activities:signal_create", args=[w.placement.pk])).content.decode()
    earlier = body.split("Uw eerdere signalen")[1]
    # Neither the kind nor the 35 minutes (a number standing alone, not the
    # digits of an address such as /plaatsing/635/).
    assert "Huisbezoek" not in body
    assert not re.search(r"(?<![\d/])35(?![\d/])", earlier)


def test_the_coordinator_reads_the_follow_up_but_cannot_record_one(staff_world, client, sign_in):
    w = staff_world
    made = signal(w.placement, w.users["location_staff"])
    rules.follow_up_signal(
        w.users["linking_pin"], made, Signal.FollowUp.GOAL, goal=goal_of(w.own_enrolment)
    )
    other = signal(w.placement, w.users["location_staff"], text="Verzonnen: nog een signaal.")
    sign_in(w.users["coordinator"])
    hub = client.get(hub_url(w.own_family.pk, "signals")).content.decode()
    assert "Opgevolgd op" in hub and GOAL in hub
    assert "Opvolging vastleggen" not in hub
    url = reverse("activities:signal_follow_up", args=[other.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"follow_up": "nothing"}).status_code == 403
    other.refresh_from_db()
    assert other.followed_up_at is None
