# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Signals in the work queue: an unread signal waits for the
responsible linking pin (start page item and e-mail), nobody else."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from buitenshuis.activities import workqueue
from buitenshuis.activities.tests.test_staff import signal, staff_world  # noqa: F401
from buitenshuis.casework.models import Handover


def unread_item(user):
    found = [item for item in workqueue.work_items(user) if item.count]
    return found[0] if found else None


def test_unread_signals_wait_for_the_responsible_linking_pin(staff_world):  # noqa: F811
    w = staff_world
    first = signal(w.placement, w.users["location_staff"])
    signal(w.placement, w.users["location_staff"], text="Verzonnen: moe.")
    signal(w.placement_b, w.staff_b)  # about the colleague's family
    item = unread_item(w.users["linking_pin"])
    assert (item.key, item.count) == ("activities.unread_signals", 2)
    assert item.url == reverse("activities:signal_inbox")
    assert unread_item(w.other_pin).count == 1
    first.acknowledged_at = timezone.now()
    first.acknowledged_by = w.users["linking_pin"]
    first.save()
    assert unread_item(w.users["linking_pin"]).count == 1


def test_signals_wait_for_nobody_else(staff_world):  # noqa: F811
    w = staff_world
    signal(w.placement, w.users["location_staff"])
    # The coordinator reads the programme's signals; none waits for them.
    for role in ("coordinator", "policy_officer", "location_staff", "referrer"):
        assert unread_item(w.users[role]) is None, role


def test_a_passed_signal_mails_the_linking_pin_and_stand_in_once(
    staff_world,  # noqa: F811
    client,
    sign_in,
    django_capture_on_commit_callbacks,
):
    w = staff_world
    now = timezone.now()
    Handover.objects.create(
        enrolment=w.own_enrolment,
        to_user=w.other_pin,
        starts=now - datetime.timedelta(days=1),
        ends=now + datetime.timedelta(days=1),
    )
    sign_in(w.users["location_staff"])
    url = reverse("activities:signal_create", args=[w.placement.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "worry", "text": "Verzonnen: was erg stil."})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.users["linking_pin"].email, w.other_pin.email]
    )
    for message in mail.outbox:
        text = message.subject + message.body
        assert w.child.first_name not in text
        assert "stil" not in text
        assert w.own_family.reference not in text
