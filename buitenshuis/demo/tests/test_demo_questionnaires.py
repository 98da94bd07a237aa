# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The demo shows questionnaires: answers entered and given through a
link, a link out, a reminder; a second load changes nothing."""

import pytest
from django.contrib.auth import get_user_model

from buitenshuis.demo import data
from buitenshuis.monitoring import workqueue
from buitenshuis.monitoring.models_questionnaires import Instrument, Invitation, Response


@pytest.fixture
def demo(db):
    data.load()
    return {user.username: user for user in get_user_model().objects.filter(is_demo=True)}


def test_the_demo_has_questionnaires_of_every_kind(demo):
    assert Instrument.objects.filter(is_default=True).count() >= 7
    assert Response.objects.filter(entered_by__isnull=False).exists()
    assert Response.objects.filter(invitation__isnull=False).exists()
    assert Invitation.objects.filter(used_at__isnull=True).exists()
    counts = (Response.objects.count(), Invitation.objects.count())
    data.load()
    assert (Response.objects.count(), Invitation.objects.count()) == counts


def test_a_demo_linking_pin_is_reminded_of_questionnaires(demo):
    pins = {invitation.created_by for invitation in Invitation.objects.all()}
    keys = {item.key for pin in pins for item in workqueue.work_items(pin) if item.count}
    assert "monitoring.questionnaires_due" in keys or "monitoring.questionnaires_unanswered" in keys
