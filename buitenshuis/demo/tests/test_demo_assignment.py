# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The demo's assignment rules: Verzonnenstad's social-team referrals go to
Lotte, Fantasiedorp's to her while the colleague's training is not
complete, and GGZ via the Kindcheck waits for the coordinator (as the
browser walk of Voorbeeld 3 and 4 expects)."""

import pytest
from django.contrib.auth import get_user_model

from buitenshuis.demo import data
from buitenshuis.programmes.assignment import choose_linking_pin
from buitenshuis.programmes.models import Assignment, AssignmentRule
from buitenshuis.programmes.routes import Route


@pytest.fixture
def demo(db):
    data.load()
    return AssignmentRule.objects.get(order=20).programme


def test_the_demo_rules_choose_as_described(demo):
    lotte = get_user_model().objects.get(username="linkingpin")
    assert choose_linking_pin(demo, "9991 AF", Route.SOCIAL_TEAM).linking_pin == lotte
    # The colleague misses the return session: skipped; Lotte takes it.
    assert choose_linking_pin(demo, "9992 BD", Route.GGZ_KINDCHECK).linking_pin == lotte
    assert choose_linking_pin(demo, "9991 AF", Route.GGZ_KINDCHECK) is None


def test_the_demo_families_say_how_they_got_their_linking_pin(demo):
    assert Assignment.objects.filter(automatic=True).exists()
    assert Assignment.objects.filter(automatic=False).exists()
    data.load()  # a second load adds no rules
    assert AssignmentRule.objects.count() == len(data.ASSIGNMENT_RULES)
