# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Reviews on the programme's schedule (evaluatiemomenten).

The moments of the schedule are months after the enrolment's start
(``ReviewSchedule.months``, else ``DEFAULT_REVIEW_MONTHS``): moment ``m``
is due on ``core.dates.add_months(start_date, m)``. The schedule moves when
the start moves, and stops at the closure."""

from buitenshuis.casework.models import DEFAULT_REVIEW_MONTHS, Enrolment
from buitenshuis.core.dates import add_months

# Enrolments whose schedule has stopped (or never started).
_NO_SCHEDULE = (Enrolment.Status.CLOSED, Enrolment.Status.REJECTED, Enrolment.Status.WITHDRAWN)


def schedule_months(schedule):
    """The months of a programme's ``ReviewSchedule`` (None: the default),
    sorted, without duplicates."""
    months = schedule.months if schedule is not None and schedule.months else DEFAULT_REVIEW_MONTHS
    return sorted({int(month) for month in months})


def next_review_due(enrolment, months, held_months):
    """The due date of the first moment of ``months`` without a held
    review (``held_months``: the months of the enrolment's reviews), or
    None: no start date, closed (no reviews after the closure), or every
    moment up to the end held. Pure: reads only the enrolment's status and
    dates."""
    if enrolment.start_date is None or enrolment.status in _NO_SCHEDULE:
        return None
    held = set(held_months)
    for month in sorted(months):
        if month in held:
            continue
        due = add_months(enrolment.start_date, month)
        if enrolment.end_date is not None and due > enrolment.end_date:
            return None
        return due
    return None
