# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What waits for whom in the referral route ("Hand-offs are not
silent"): each role's items count only the referrals that wait for them
and that they may open, and link to the referral list filtered to exactly
those rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.programmes.models import Decider, ProgrammeSettings
from buitenshuis.referrals import workqueue
from buitenshuis.referrals.models import Intake, LegalBasis, Referral
from buitenshuis.referrals.tests.factories import (
    DecisionFactory,
    MunicipalityTaskFactory,
    give_all_consents,
    in_intake,
    make_referral,
)


def items(user):
    return {item.key: item for item in workqueue.work_items(user) if item.count}


def with_intake(referral, pin, consents=False):
    Intake.objects.create(
        referral=referral,
        conversation="Verzonnen gesprek.",
        criteria_met=[],
        legal_basis=LegalBasis.PUBLIC_TASK,
        held_on=timezone.localdate(),
        recorded_by=pin,
    )
    in_intake(referral)
    if consents:
        give_all_consents(referral, pin)
    return referral


def set_decider(programme, decider):
    settings = ProgrammeSettings.for_programme(programme)
    settings.decider = decider
    settings.save()


@pytest.fixture
def route(world):
    """Referrals at every step, in programme A and in programme B, with two
    parents and children of several ages."""
    pin, other_pin, referrer = world.users["linking_pin"], world.other_pin, world.users["referrer"]
    A, B = world.programme, world.other_programme

    def ref(programme, linking_pin=None, **kwargs):
        kwargs.setdefault("child_ages", (3, 13))
        return make_referral(programme, referrer, linking_pin=linking_pin, parents=2, **kwargs)

    r = {
        "unassigned": [ref(A), ref(A)],
        "unassigned_b": ref(B),
        "withdrawn": ref(A, status=Referral.Status.WITHDRAWN),
        "intake_own": ref(A, pin),
        "intake_colleague": ref(A, other_pin),
        "consent_own": with_intake(ref(A, pin), pin),
        "ready_own": with_intake(ref(A, pin), pin, consents=True),
        "ready_colleague": with_intake(ref(A, other_pin), other_pin, consents=True),
        "ready_b": with_intake(ref(B, pin, child_ages=(16,)), pin, consents=True),
    }
    accepted = ref(A, pin, status=Referral.Status.ACCEPTED)
    accepted.enrolment.status = accepted.enrolment.Status.ACTIVE
    accepted.enrolment.save()
    DecisionFactory(referral=accepted)
    r["accepted_own"] = accepted
    return r


def test_the_coordinator_sees_referrals_without_a_linking_pin(world, route):
    found = items(world.users["coordinator"])
    assert set(found) == {"referrals.toewijzen"}
    item = found["referrals.toewijzen"]
    assert item.count == 2  # not the withdrawn one, not programme B's
    assert item.url == reverse("referrals:list") + "?wacht=toewijzen"
    assert items(world.other_coordinator)["referrals.toewijzen"].count == 1


def test_the_linking_pin_sees_their_own_intake_consent_and_placement_work(world, route):
    found = items(world.users["linking_pin"])
    assert found["referrals.intake"].count == 1
    assert found["referrals.toestemming"].count == 1
    assert found["referrals.plaatsen"].count == 1
    # The policy officer decides (the default): nothing to decide here.
    assert "referrals.besluit" not in found
    assert "referrals.toewijzen" not in found


def test_the_policy_officer_decides_what_is_ready_in_their_programme(world, route):
    found = items(world.users["policy_officer"])
    # Own and colleague's ready referrals of programme A; not B's; not the
    # one missing consent.
    assert found["referrals.besluit"].count == 2
    assert set(found) == {"referrals.besluit"}


def test_under_mandate_the_linking_pin_decides_their_own(world, route):
    set_decider(world.programme, Decider.LINKING_PIN)
    assert items(world.users["linking_pin"])["referrals.besluit"].count == 1
    assert items(world.other_pin)["referrals.besluit"].count == 1
    assert "referrals.besluit" not in items(world.users["policy_officer"])


def test_a_decider_is_not_asked_to_decide_on_what_they_entered(world, route):
    set_decider(world.programme, Decider.LINKING_PIN)
    pin = world.users["linking_pin"]
    entered = make_referral(world.programme, pin, linking_pin=pin, parents=2)
    with_intake(entered, pin, consents=True)
    assert items(pin)["referrals.besluit"].count == 1
    settings = ProgrammeSettings.for_programme(world.programme)
    settings.allow_self_decision = True
    settings.save()
    assert items(pin)["referrals.besluit"].count == 2


def test_overdue_decisions_are_counted(world, route):
    Referral.objects.filter(pk=route["ready_own"].pk).update(
        received_at=timezone.now() - datetime.timedelta(days=20)
    )
    item = items(world.users["policy_officer"])["referrals.besluit"]
    assert (item.count, item.overdue) == (2, 1)


def test_the_policy_officer_notes_mandate_decisions(world, route):
    accepted = make_referral(world.programme, world.users["referrer"])
    task = MunicipalityTaskFactory(decision=DecisionFactory(referral=accepted, under_mandate=True))
    other = make_referral(world.other_programme, world.users["referrer"])
    MunicipalityTaskFactory(decision=DecisionFactory(referral=other, under_mandate=True))
    item = items(world.users["policy_officer"])["referrals.mandate_tasks"]
    assert item.count == 1
    assert item.url == reverse("referrals:tasks")
    task.noted_at = timezone.now()
    task.noted_by = world.users["policy_officer"]
    task.save()
    assert "referrals.mandate_tasks" not in items(world.users["policy_officer"])


@pytest.mark.parametrize(
    "role,key",
    [
        ("coordinator", "toewijzen"),
        ("linking_pin", "intake"),
        ("linking_pin", "toestemming"),
        ("linking_pin", "plaatsen"),
        ("policy_officer", "besluit"),
    ],
)
def test_the_link_lists_exactly_the_rows_counted(world, route, client, sign_in, role, key):
    user = world.users[role]
    item = items(user)[f"referrals.{key}"]
    sign_in(user)
    response = client.get(item.url)
    assert response.status_code == 200
    assert response.context["paginator"].count == item.count
    assert response.context["waiting"] == key


def test_roles_without_case_work_have_nothing_waiting_here(world, route):
    for role in ("referrer", "location_staff", "researcher", "administrator"):
        assert items(world.users[role]) == {}


def test_an_unknown_waiting_filter_lists_everything(world, route, client, sign_in):
    sign_in(world.users["coordinator"])
    everything = client.get(reverse("referrals:list")).context["paginator"].count
    response = client.get(reverse("referrals:list") + "?wacht=<script>")
    assert response.status_code == 200
    assert response.context["paginator"].count == everything
    assert response.context["waiting"] == ""
