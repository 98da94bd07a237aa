# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The demo shows the two years with the families: every kind of
casework exists, written by the rules, and the linking pin's caseload and
work queue have something in every column and item."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from buitenshuis.activities.models import Signal
from buitenshuis.casework import panels
from buitenshuis.casework.models import (
    Agreement,
    Closure,
    ContributionStep,
    Enrolment,
    Family,
    Goal,
    NetworkMeeting,
    ReferralIndexEntry,
    Review,
    SafetyPlan,
    SupportAction,
)
from buitenshuis.core import workqueue
from buitenshuis.demo import data
from buitenshuis.referrals.models import Referral, Route


@pytest.fixture
def demo(db):
    data.load()
    return {user.username: user for user in get_user_model().objects.filter(is_demo=True)}


def family(reference):
    return Family.objects.get(reference=reference)


def test_every_kind_of_casework_is_in_the_demo(demo):
    assert NetworkMeeting.objects.exists()
    assert Agreement.objects.filter(status=Agreement.Status.OPEN).exists()
    assert Agreement.objects.filter(status=Agreement.Status.DONE).exists()
    assert Goal.objects.filter(status=Goal.Status.REACHED).exists()
    assert Goal.objects.filter(person__isnull=False).exists()
    assert Review.objects.filter(month=22).exists()
    assert SupportAction.objects.filter(top3=1).exists()
    testerman = family("BH-DEMO-0001").enrolments.get()
    assert SafetyPlan.objects.filter(enrolment=testerman).count() == 2
    assert ReferralIndexEntry.objects.filter(registered=True).count() == 2
    assert ReferralIndexEntry.objects.filter(registered=False).exists()
    assert Signal.objects.exclude(follow_up="").exists()
    assert set(Closure.objects.values_list("way_on", flat=True)) == {
        Closure.WayOn.CONTRIBUTION,
        Closure.WayOn.REFER,
    }
    assert ContributionStep.objects.count() == 3


def test_a_continuation_waits_as_a_referral_of_its_own(demo):
    fictiehoeve = family("BH-DEMO-0005")
    closed, follow_up = fictiehoeve.enrolments.order_by("pk")
    assert closed.status == Enrolment.Status.CLOSED
    assert follow_up.previous == closed
    assert follow_up.contribution_steps.count() == 3
    continuation = Referral.objects.get(enrolment=follow_up)
    assert continuation.route == Route.CONTINUATION
    assert continuation.family == fictiehoeve


def test_the_linking_pins_work_queue_has_the_two_years_items(demo):
    items = {item.key for item in workqueue.collect(demo["linkingpin"])}
    assert {
        "casework.no_contact",
        "casework.agreements_due",
        "casework.reviews_due",
        "casework.referral_index_due",
    } <= items


def test_the_caseload_shows_the_warnings(client, demo, sign_in):
    sign_in(demo["linkingpin"])
    page = client.get(reverse("casework:caseload")).content.decode()
    for reference in ("BH-DEMO-0001", "BH-DEMO-0004"):
        assert reference in page
    assert "maand 22 van 24" in page.lower()


def test_the_hub_shows_the_two_years_to_the_linking_pin(client, demo, sign_in):
    sign_in(demo["linkingpin"])
    pk = family("BH-DEMO-0001").pk
    keys = set()
    for section in panels.SECTIONS:
        response = client.get(panels.section_url(pk, section.slug))
        keys |= {panel.key for panel in response.context["panels"]}
    assert {"meetings", "agreements", "goals", "reviews", "support", "safety"} <= keys
