# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A programme's norms: the lead-time targets of its referral route, each
a setting of the programme (``ProgrammeSettings.norm_*``), so "too late" is
a passed norm of that programme, never a fixed number.

- ``assign``: a linking pin assigned within so many hours of the receipt;
- ``intake``: the intake within so many days of the first assignment;
- ``decision``: the decision within so many days of the receipt;
- ``start``: the first day of the activity within so many hours of intake
  and consent completed, or of the decision when the programme does not
  start before it (``ProgrammeSettings.start_before_decision``).

Which referral passed which norm is the referral route's question
(``referrals.rules.overdue_by_norm``); this module says how long each norm
is."""

import datetime

from buitenshuis.programmes.models import ProgrammeSettings

# The norms in the order they come up, with their setting and unit.
NORMS = ("assign", "intake", "decision", "start")
_SETTINGS = {
    "assign": ("norm_assign_hours", "hours"),
    "intake": ("norm_intake_days", "days"),
    "decision": ("norm_decision_days", "days"),
    "start": ("norm_start_hours", "hours"),
}


def amounts(programme):
    """The programme's norms as {key: (amount, unit)}, unit "hours" or
    "days", for labels (``core.formats.amount_of_time``)."""
    settings = ProgrammeSettings.for_programme(programme)
    return {norm: _amount(settings, norm) for norm in NORMS}


def _amount(settings, norm):
    if norm not in _SETTINGS:
        raise ValueError(norm)
    field, unit = _SETTINGS[norm]
    return getattr(settings, field), unit


def length(settings, norm):
    """How long ``norm`` of ``settings`` (a ``ProgrammeSettings``) is, as a
    timedelta."""
    amount, unit = _amount(settings, norm)
    return datetime.timedelta(**{unit: amount})


def late_before(settings, norm, now):
    """The moment a clock must have started before to have passed ``norm``
    at ``now``: exactly on the norm is not yet late."""
    return now - length(settings, norm)
