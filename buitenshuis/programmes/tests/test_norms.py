# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A programme's norms are its own settings: the amounts with their units
for the labels, and the moment before which a clock has passed a norm."""

import datetime

import pytest
from django.utils import timezone

from buitenshuis.programmes import norms
from buitenshuis.programmes.models import ProgrammeSettings


def test_the_defaults_are_the_guides(world):
    assert norms.amounts(world.programme) == {
        "assign": (48, "hours"),
        "intake": (7, "days"),
        "decision": (14, "days"),
        "start": (48, "hours"),
    }


def test_each_programme_has_its_own_norms(world):
    ProgrammeSettings.objects.update_or_create(
        programme=world.programme,
        defaults={"norm_assign_hours": 24, "norm_decision_days": 10, "norm_start_hours": 36},
    )
    settings = ProgrammeSettings.for_programme(world.programme)
    assert norms.amounts(world.programme)["decision"] == (10, "days")
    assert norms.amounts(world.other_programme)["decision"] == (14, "days")
    assert norms.length(settings, "assign") == datetime.timedelta(hours=24)
    assert norms.length(settings, "intake") == datetime.timedelta(days=7)
    now = timezone.now()
    assert norms.late_before(settings, "start", now) == now - datetime.timedelta(hours=36)
    assert norms.late_before(settings, "decision", now) == now - datetime.timedelta(days=10)


def test_an_unknown_norm_is_refused(world):
    settings = ProgrammeSettings.for_programme(world.programme)
    with pytest.raises(ValueError):
        norms.length(settings, "closure")
