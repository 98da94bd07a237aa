# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The figures of the referral route on the start page: overdue referrals
and lead times for the coordinator (programme) and the linking pin (own),
against each programme's norms. Times are set with queryset.update(), no
frozen clock."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.monitoring import figures
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.programme_helpers import make_referral


@pytest.fixture
def referrals(world):
    """For each linking pin of programme A: one undecided for 20 days, one
    accepted 3 days ago without an activity start, one recent. One in
    programme B. Plus one accepted and started (lead times known)."""
    pin, colleague = world.users["linking_pin"], world.other_pin
    referrer = world.users["referrer"]
    made = {
        "own_undecided": make_referral(
            world.programme, referrer, linking_pin=pin, received_days_ago=20
        ),
        "own_not_started": make_referral(
            world.programme,
            referrer,
            linking_pin=pin,
            status=Referral.Status.ACCEPTED,
            received_days_ago=10,
            decided_hours_ago=72,
        ),
        "own_recent": make_referral(
            world.programme, referrer, linking_pin=pin, received_days_ago=3
        ),
        "own_started": make_referral(
            world.programme,
            referrer,
            linking_pin=pin,
            status=Referral.Status.ACCEPTED,
            received_days_ago=30,
            decided_hours_ago=24 * 25,
            first_activity_date=timezone.localdate() - datetime.timedelta(days=23),
        ),
        "colleague_undecided": make_referral(
            world.programme,
            referrer,
            linking_pin=colleague,
            status=Referral.Status.INTAKE,
            received_days_ago=15,
        ),
        "colleague_not_started": make_referral(
            world.programme,
            referrer,
            linking_pin=colleague,
            status=Referral.Status.ACCEPTED,
            received_days_ago=9,
            decided_hours_ago=49,
        ),
        "other_programme": make_referral(
            world.other_programme, world.other_coordinator, received_days_ago=40
        ),
        # Just inside the limits: not overdue.
        "own_decided_yesterday": make_referral(
            world.programme,
            referrer,
            linking_pin=pin,
            status=Referral.Status.ACCEPTED,
            received_days_ago=13,
            decided_hours_ago=47,
        ),
    }
    return made


def refs(items):
    return sorted(item["reference"] for item in items)


def test_linking_pin_sees_only_own_overdue_items(world, client, sign_in, referrals):
    sign_in(world.users["linking_pin"])
    response = client.get(reverse("portal:start"))
    context = response.context
    assert refs(context["overdue_undecided"]) == [referrals["own_undecided"].family.reference]
    assert refs(context["overdue_not_started"]) == [referrals["own_not_started"].family.reference]
    # 20 days after being assigned (on receipt) still without intake: past the 7-day norm.
    assert refs(context["overdue_no_intake"]) == [referrals["own_undecided"].family.reference]
    assert context["overdue_unassigned"] == []
    assert context["overdue_count"] == 3
    body = response.content.decode()
    assert reverse("referrals:detail", args=[referrals["own_undecided"].pk]) in body
    assert reverse("referrals:detail", args=[referrals["own_not_started"].pk]) in body
    for other in ("colleague_undecided", "colleague_not_started", "other_programme"):
        assert referrals[other].family.reference not in body
    # Lead times are from their own referrals only too.
    recent = refs(context["recent_durations"])
    assert referrals["colleague_not_started"].family.reference not in recent


def test_coordinator_sees_the_programme_but_not_another_programme(
    world, client, sign_in, referrals
):
    sign_in(world.users["coordinator"])
    context = client.get(reverse("portal:start")).context
    assert refs(context["overdue_undecided"]) == sorted(
        [
            referrals["own_undecided"].family.reference,
            referrals["colleague_undecided"].family.reference,
        ]
    )
    assert refs(context["overdue_not_started"]) == sorted(
        [
            referrals["own_not_started"].family.reference,
            referrals["colleague_not_started"].family.reference,
        ]
    )
    assert refs(context["overdue_no_intake"]) == sorted(
        [
            referrals["own_undecided"].family.reference,
            referrals["colleague_undecided"].family.reference,
        ]
    )
    assert context["overdue_count"] == 6
    everything = refs(context["recent_durations"])
    assert referrals["other_programme"].family.reference not in everything

    sign_in(world.other_coordinator)
    context = client.get(reverse("portal:start")).context
    assert refs(context["overdue_undecided"]) == [referrals["other_programme"].family.reference]
    # Without a linking pin for 40 days: past the 48-hour norm to assign one.
    assert refs(context["overdue_unassigned"]) == [referrals["other_programme"].family.reference]
    assert context["overdue_not_started"] == []


def test_durations_are_shown_where_known(world, client, sign_in, referrals):
    sign_in(world.users["linking_pin"])
    response = client.get(reverse("portal:start"))
    by_ref = {item["reference"]: item for item in response.context["recent_durations"]}
    started = by_ref[referrals["own_started"].family.reference]
    assert started["to_decision"] == "5 dagen"  # 30 days ago received, decided 25 days ago
    assert started["to_intake"] == ""  # no intake recorded in this fixture
    not_started = by_ref[referrals["own_not_started"].family.reference]
    assert not_started["to_decision"] == "7 dagen"
    assert not_started["intake_to_start"] == ""
    body = response.content.decode()
    assert "Doorlooptijden" in body
    for label in (
        "Van aanmelding tot intake",
        "Van intake tot eerste dag activiteit",
        "Van aanmelding tot besluit",
    ):
        assert label in body
    overdue = response.context["overdue_not_started"][0]
    assert overdue["to_decision"] == "7 dagen"
    assert overdue["waiting"] == "3 dagen"


def test_nothing_overdue_is_said_plainly(world, client, sign_in):
    sign_in(world.users["linking_pin"])
    response = client.get(reverse("portal:start"))
    assert response.context["overdue_count"] == 0
    assert "geen aanmeldingen die te lang wachten" in response.content.decode()


@pytest.mark.parametrize("role", ["referrer", "policy_officer", "location_staff", "researcher"])
def test_other_roles_get_no_overdue_list(world, client, sign_in, referrals, role):
    sign_in(world.users[role])
    response = client.get(reverse("portal:start"))
    assert "overdue_undecided" not in response.context
    assert "Te laat" not in response.content.decode()


def test_too_late_follows_the_programmes_norm(world, client, sign_in):
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=world.users["linking_pin"],
        received_days_ago=4,
    )
    sign_in(world.users["coordinator"])
    context = client.get(reverse("portal:start")).context
    assert context["overdue_undecided"] == []  # the default norm: 14 days
    ProgrammeSettings.objects.update_or_create(
        programme=world.programme, defaults={"norm_decision_days": 3}
    )
    response = client.get(reverse("portal:start"))
    items = response.context["overdue_undecided"]
    assert [item["reference"] for item in items] == [referral.family.reference]
    assert items[0]["norm"] == "3 dagen"
    body = response.content.decode()
    assert "Zonder besluit binnen de norm" in body and "Te laat" in body
    # Another programme's norm is its own: 3 days there says nothing here.
    other = make_referral(world.other_programme, world.other_coordinator, received_days_ago=4)
    sign_in(world.other_coordinator)
    items = client.get(reverse("portal:start")).context["overdue_undecided"]
    assert other.family.reference not in [item["reference"] for item in items]


def test_the_figures_count_only_what_the_user_may_open(world, referrals):
    pin_figures = figures.timing(world.users["linking_pin"])
    coordinator_figures = figures.timing(world.users["coordinator"])
    assert pin_figures["overdue_count"] == 3
    assert coordinator_figures["overdue_count"] == 6
    assert referrals["other_programme"].family.reference not in {
        item["reference"]
        for group in coordinator_figures["overdue_groups"]
        for item in group["items"]
    }


def test_an_overdue_family_links_to_its_case_hub_for_who_may_open_it(
    world, client, sign_in, referrals
):
    hub = reverse("casework:family_detail", args=[referrals["own_undecided"].family.pk])
    colleague_hub = reverse(
        "casework:family_detail", args=[referrals["colleague_undecided"].family.pk]
    )
    sign_in(world.users["linking_pin"])
    body = client.get(reverse("portal:start")).content.decode()
    assert hub in body
    assert colleague_hub not in body
    # The coordinator opens every family of the programme.
    sign_in(world.users["coordinator"])
    body = client.get(reverse("portal:start")).content.decode()
    assert hub in body and colleague_hub in body
