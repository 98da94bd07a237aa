# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The first day of the activity: the family's linking pin records it after
an acceptance (``activities.rules.record_first_day``, also written by
placing a child)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework.panels import hub_url
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import make_referral


def accepted(world, days_ago=3):
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=world.users["linking_pin"],
        status=Referral.Status.ACCEPTED,
    )
    Referral.objects.filter(pk=referral.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    referral.refresh_from_db()
    return referral


def url(referral):
    return reverse("activities:activity_start", args=[referral.enrolment_id])


def test_linking_pin_records_the_first_day_and_the_item_is_no_longer_overdue(
    world, client, sign_in
):
    referral = accepted(world)
    own = Referral.objects.filter(pk=referral.pk)
    assert list(rules.overdue(own)[1]) == [referral]
    sign_in(world.users["linking_pin"])
    # The referral's page leads to the family's page, where the case is.
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    family_page = reverse("casework:family_detail", args=[referral.family_id])
    assert f'href="{family_page}"' in page
    assert url(referral) not in page
    day = timezone.localdate()
    response = client.post(url(referral), {"first_activity_date": day.isoformat()})
    assert response.status_code == 302
    # Back to the placements, where the first day is recorded.
    assert response.url == hub_url(referral.family_id, "placements")
    referral.refresh_from_db()
    assert referral.enrolment.first_activity_date == day
    assert list(rules.overdue(own)[1]) == []
    assert AccessLogEntry.objects.filter(user=world.users["linking_pin"], action="change").exists()


def test_a_first_day_before_the_decision_is_refused_in_dutch(world, client, sign_in):
    referral = accepted(world)
    sign_in(world.users["linking_pin"])
    too_early = timezone.localdate() - datetime.timedelta(days=10)
    response = client.post(url(referral), {"first_activity_date": too_early.isoformat()})
    assert response.status_code == 200
    assert "niet beginnen vóór het besluit" in response.content.decode()
    referral.refresh_from_db()
    assert referral.enrolment.first_activity_date is None


def test_bad_date_is_a_dutch_message(world, client, sign_in):
    referral = accepted(world)
    sign_in(world.users["linking_pin"])
    response = client.post(url(referral), {"first_activity_date": "morgen"})
    assert "Vul een geldige datum in" in response.content.decode()


def test_only_after_acceptance(world, client, sign_in):
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=world.users["linking_pin"]
    )
    sign_in(world.users["linking_pin"])
    response = client.get(url(referral))
    assert response.status_code == 403
    assert "volgt op een toekenning" in response.content.decode()


def test_others_may_not_record_it(world, client, sign_in):
    referral = accepted(world)
    for user in (world.users["coordinator"], world.other_pin, world.users["referrer"]):
        sign_in(user)
        assert client.get(url(referral)).status_code in (403, 404)
