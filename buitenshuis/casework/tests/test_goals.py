# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Goals with progress notes and the support for the parents: the rules,
the pages and who may see and write them (Data.GOALS: the responsible
linking pin writes, the coordinator reads, the policy officer nothing)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from buitenshuis.casework.models import (
    Enrolment,
    Goal,
    GoalDomain,
    GoalNote,
    Person,
    SupportAction,
)
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.rules import goals as rules
from buitenshuis.casework.tests.factories import EnrolmentFactory, PersonFactory
from buitenshuis.core.errors import RuleError
from buitenshuis.tests.world import build_world

TODAY = timezone.localdate()


def members(world, kind):
    return list(world.own_family.members.filter(kind=kind))


# Goals -------------------------------------------------------------------------


def test_goals_for_the_family_or_one_member(world):
    pin, enrolment = world.users["linking_pin"], world.own_enrolment
    family_goal = rules.add_goal(
        pin, enrolment, domain=GoalDomain.CALM_AND_STRUCTURE, description=" Vaste bedtijden. "
    )
    parent = members(world, Person.Kind.PARENT)[0]
    own = rules.add_goal(
        pin, enrolment, domain=GoalDomain.TREATMENT, description="Behandeling.", person=parent
    )
    assert family_goal.person is None and family_goal.description == "Vaste bedtijden."
    assert own.person == parent and own.status == Goal.Status.OPEN
    stranger = PersonFactory(family=world.colleague_family)
    with pytest.raises(RuleError) as error:
        rules.add_goal(pin, enrolment, domain="money", description="Schulden.", person=stranger)
    assert error.value.field == "person"
    with pytest.raises(RuleError, match="leefgebied"):
        rules.add_goal(pin, enrolment, domain="moon", description="Iets.")
    assert Goal.objects.count() == 2


def test_status_and_notes(world):
    pin = world.users["linking_pin"]
    goal = rules.add_goal(pin, world.own_enrolment, domain="safety", description="Veilig thuis.")
    rules.set_goal_status(pin, goal, Goal.Status.REACHED, today=datetime.date(2026, 6, 1))
    assert goal.reached_on == datetime.date(2026, 6, 1)
    rules.set_goal_status(pin, goal, Goal.Status.REACHED, today=datetime.date(2026, 7, 1))
    assert goal.reached_on == datetime.date(2026, 6, 1)  # stays the first day
    rules.set_goal_status(pin, goal, Goal.Status.OPEN)
    assert goal.reached_on is None
    note = rules.add_goal_note(pin, goal, text="Gaat beter.", date=TODAY)
    assert note.author == pin
    with pytest.raises(RuleError) as error:
        rules.add_goal_note(pin, goal, text="Later.", date=TODAY + datetime.timedelta(days=1))
    assert error.value.field == "date"
    with pytest.raises(RuleError) as error:
        rules.add_goal_note(pin, goal, text="  ", date=TODAY)
    assert error.value.field == "text"


def test_nothing_is_written_after_closure_or_before_the_intake(world):
    pin, enrolment = world.users["linking_pin"], world.own_enrolment
    goal = rules.add_goal(pin, enrolment, domain="money", description="Schulden regelen.")
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.CLOSED)
    enrolment.refresh_from_db()
    goal.refresh_from_db()
    for attempt in (
        lambda: rules.add_goal(pin, enrolment, domain="money", description="Nog een."),
        lambda: rules.set_goal_status(pin, goal, Goal.Status.REACHED),
        lambda: rules.add_goal_note(pin, goal, text="Te laat.", date=TODAY),
        lambda: rules.add_support_action(
            pin, enrolment, kind="course", description="Cursus.", status="planned"
        ),
    ):
        with pytest.raises(RuleError, match="afgesloten"):
            attempt()
    referred = EnrolmentFactory(family=world.own_family, status=Enrolment.Status.REFERRED)
    assert "vanaf de intake" in rules.goal_refusal(referred)
    assert GoalNote.objects.count() == 0 and SupportAction.objects.count() == 0


# Support and the TOP-3 ----------------------------------------------------------------


def test_a_top3_place_is_unique_among_running_support(world):
    pin, enrolment = world.users["linking_pin"], world.own_enrolment
    first = rules.add_support_action(
        pin, enrolment, kind="treatment", description="GGZ.", status="running", top3=1
    )
    with pytest.raises(RuleError) as error:
        rules.add_support_action(
            pin, enrolment, kind="money", description="Schuldhulp.", status="planned", top3=1
        )
    assert error.value.field == "top3"
    # A finished one frees its place; a finished one may keep its number.
    rules.update_support_action(pin, first, status="done", provider="GGZ Verzonnen", top3=1)
    second = rules.add_support_action(
        pin, enrolment, kind="money", description="Schuldhulp.", status="planned", top3=1
    )
    with pytest.raises(RuleError):
        rules.update_support_action(pin, first, status="running", provider="", top3=1)
    rules.update_support_action(pin, second, status="running", provider="", top3=1)  # itself
    other = EnrolmentFactory(family=world.colleague_family, linking_pin=world.other_pin)
    rules.add_support_action(pin, other, kind="work", description="Werk.", status="running", top3=1)
    parent = members(world, Person.Kind.PARENT)[0]
    child = members(world, Person.Kind.CHILD)[0]
    with pytest.raises(RuleError) as error:
        rules.add_support_action(
            pin, enrolment, kind="work", description="Werk.", status="planned", parent=child
        )
    assert error.value.field == "parent"
    rules.add_support_action(
        pin, enrolment, kind="work", description="Werk.", status="planned", parent=parent
    )


class TestTop3Property(TestCase):
    """Whatever the order of adding and finishing, the running support of
    an enrolment never holds one TOP-3 place twice."""

    @given(
        steps=st.lists(
            st.tuples(
                st.sampled_from(SupportAction.Status.values), st.sampled_from([None, 1, 2, 3])
            ),
            max_size=8,
        )
    )
    def test_running_places_stay_unique(self, steps):
        world = build_world()
        pin, enrolment = world.users["linking_pin"], world.own_enrolment
        for status, top3 in steps:
            try:
                rules.add_support_action(
                    pin, enrolment, kind="other", description="Iets.", status=status, top3=top3
                )
            except RuleError:
                pass
        places = list(
            SupportAction.objects.filter(
                enrolment=enrolment, status__in=rules.RUNNING_SUPPORT, top3__isnull=False
            ).values_list("top3", flat=True)
        )
        assert len(places) == len(set(places))


# Pages and access -------------------------------------------------------------------------


def test_the_linking_pin_adds_a_goal_a_note_and_changes_its_status(world, client, sign_in):
    sign_in(world.users["linking_pin"])
    url = reverse("casework:goal_create", args=[world.own_family.pk])
    empty = client.post(url, {})
    assert "Kies een leefgebied." in empty.content.decode()
    assert "Beschrijf het doel." in empty.content.decode()
    response = client.post(url, {"domain": "parenting", "description": "Grenzen stellen."})
    assert response.status_code == 302
    goal = Goal.objects.get()
    detail = reverse("casework:goal_detail", args=[world.own_family.pk, goal.pk])
    client.post(detail, {"form": "note", "note-date": TODAY.isoformat(), "note-text": "Lukt."})
    client.post(detail, {"form": "status", "status-status": "partly"})
    goal.refresh_from_db()
    assert goal.status == "partly" and goal.notes.get().text == "Lukt."
    hub = client.get(hub_url(world.own_family.pk, "goals"))
    assert "Grenzen stellen." in hub.content.decode()


def test_the_coordinator_reads_goals_and_support_but_writes_nothing(world, client, sign_in):
    pin = world.users["linking_pin"]
    goal = rules.add_goal(pin, world.own_enrolment, domain="network", description="Netwerk.")
    rules.add_goal_note(pin, goal, text="Oma helpt mee.", date=TODAY)
    action = rules.add_support_action(
        pin, world.own_enrolment, kind="course", description="Cursus.", status="running"
    )
    sign_in(world.users["coordinator"])
    hub = client.get(hub_url(world.own_family.pk, "goals"))
    keys = [panel.key for panel in hub.context["panels"]]
    assert "goals" in keys and "support" in keys
    assert "Doel toevoegen" not in hub.content.decode()
    detail = reverse("casework:goal_detail", args=[world.own_family.pk, goal.pk])
    page = client.get(detail)
    assert page.status_code == 200 and "Oma helpt mee." in page.content.decode()
    assert not page.context["forms"]
    assert client.post(detail, {"form": "status", "status-status": "dropped"}).status_code == 403
    update = reverse("casework:support_update", args=[world.own_family.pk, action.pk])
    assert client.post(update, {"status": "stopped"}).status_code == 403
    create = reverse("casework:goal_create", args=[world.own_family.pk])
    assert client.post(create, {"domain": "money", "description": "X."}).status_code == 403
    goal.refresh_from_db()
    action.refresh_from_db()
    assert goal.status == "open" and action.status == "running" and Goal.objects.count() == 1


@pytest.mark.parametrize("role", ["policy_officer", "location_staff", "referrer"])
def test_others_see_no_goals(world, client, sign_in, role):
    goal = rules.add_goal(
        world.users["linking_pin"], world.own_enrolment, domain="money", description="Geheim."
    )
    sign_in(world.users[role])
    detail = client.get(reverse("casework:goal_detail", args=[world.own_family.pk, goal.pk]))
    assert detail.status_code in (403, 404)
    for url in (hub_url(world.own_family.pk, "enrolment"), hub_url(world.own_family.pk, "goals")):
        assert "Geheim." not in client.get(url).content.decode()


def test_another_linking_pin_gets_nothing_of_the_family(world, client, sign_in):
    pin = world.users["linking_pin"]
    goal = rules.add_goal(pin, world.own_enrolment, domain="money", description="Geheim.")
    action = rules.add_support_action(
        pin, world.own_enrolment, kind="course", description="Cursus.", status="running"
    )
    sign_in(world.other_pin)
    pk = world.own_family.pk
    for url in (
        reverse("casework:goal_detail", args=[pk, goal.pk]),
        reverse("casework:goal_create", args=[pk]),
        reverse("casework:support_create", args=[pk]),
        reverse("casework:support_update", args=[pk, action.pk]),
        reverse("casework:review", args=[pk, 0]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"domain": "money", "description": "X."}).status_code == 404
    assert Goal.objects.count() == 1


def test_a_goal_of_another_family_is_not_found_under_this_one(world, client, sign_in):
    other = EnrolmentFactory(family=world.colleague_family, linking_pin=world.users["linking_pin"])
    goal = rules.add_goal(world.users["linking_pin"], other, domain="money", description="X.")
    sign_in(world.users["linking_pin"])
    url = reverse("casework:goal_detail", args=[world.own_family.pk, goal.pk])
    assert client.get(url).status_code == 404


def test_support_pages(world, client, sign_in):
    sign_in(world.users["linking_pin"])
    parent = members(world, Person.Kind.PARENT)[0]
    url = reverse("casework:support_create", args=[world.own_family.pk])
    data = {
        "kind": "parenting",
        "description": "Video-hometraining.",
        "status": "running",
        "top3": "2",
        "parent": parent.pk,
    }
    assert client.post(url, data).status_code == 302
    taken = client.post(url, {**data, "description": "Nog een."})
    assert "Plaats 2 van de TOP-3 is al bezet" in taken.content.decode()
    action = SupportAction.objects.get()
    update = reverse("casework:support_update", args=[world.own_family.pk, action.pk])
    assert client.get(update).status_code == 200
    client.post(update, {"status": "done", "provider": "Verzonnen Zorg", "top3": ""})
    action.refresh_from_db()
    assert (action.status, action.provider, action.top3) == ("done", "Verzonnen Zorg", None)
