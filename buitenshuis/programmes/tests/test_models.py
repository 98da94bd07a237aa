# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A programme's settings: created with the guide's defaults when a
programme has none yet, and what follows from them."""

import datetime

from buitenshuis.organisations.models import Role
from buitenshuis.programmes.models import DEFAULT_CRITERIA, Decider, ProgrammeSettings


def test_a_programme_without_settings_gets_the_defaults(world):
    assert not ProgrammeSettings.objects.filter(programme=world.programme).exists()
    settings = ProgrammeSettings.for_programme(world.programme)
    assert settings.pk is not None
    assert settings.inclusion_criteria == DEFAULT_CRITERIA
    assert settings.target_groups == ["kopp", "kov", "kovb"]
    assert (settings.enrolment_months, settings.start_before_decision) == (24, True)
    assert settings.decider == Decider.POLICY_OFFICER
    # Asked again: the same row, never a second one.
    assert ProgrammeSettings.for_programme(world.programme) == settings
    assert ProgrammeSettings.objects.filter(programme=world.programme).count() == 1


def test_who_decides(world):
    settings = ProgrammeSettings.for_programme(world.programme)
    assert settings.deciding_role == Role.POLICY_OFFICER
    settings.decider = Decider.LINKING_PIN
    assert settings.deciding_role == Role.LINKING_PIN


def test_the_default_enrolment_runs_whole_months(world):
    settings = ProgrammeSettings.for_programme(world.programme)
    assert settings.enrolment_end(datetime.date(2026, 3, 2)) == datetime.date(2028, 3, 2)
    settings.enrolment_months = 18
    # 31 August plus 18 months: the last day of February.
    assert settings.enrolment_end(datetime.date(2026, 8, 31)) == datetime.date(2028, 2, 29)
