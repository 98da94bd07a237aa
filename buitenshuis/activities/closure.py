# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Placements end with the enrolment (``casework.events.enrolment_closed``).

When the linking pin closes an enrolment, every placement of it that would
run past the day of the closure ends on that day, in the closure's
transaction. That holds for every way on, a continuation too: the
continuation is a new enrolment that the municipality still has to decide
on, so the child's place is not paid beyond the closure on the old
decision. Its children are placed again for the continuation as for a
first enrolment (provisionally after its intake and consent, where the
programme lets the activity start before the decision). A placement that
had not started yet ends before its first day: like one ended by a
rejection, it never held a place (``rules.places_taken``).

The location sees the end coming: its children's page says "stopt op
<date>" from ``ENDING_DAYS`` before a placement's last day
(``views/children.py``)."""

from buitenshuis.activities.models import Placement

# How far ahead the location staff see that a placement ends.
ENDING_DAYS = 28


def end_placements(sender, closure, **kwargs):
    """Receiver of ``enrolment_closed``: end the closed enrolment's
    placements on the day of the closure."""
    day = closure.closed_on
    placements = Placement.objects.select_for_update().filter(
        enrolment_id=closure.enrolment_id, end_date__gt=day
    )
    for placement in placements:
        placement.end_date = day
        placement.save(update_fields=["end_date"])


def ending_on(placement, today):
    """The placement's last day when it falls within ``ENDING_DAYS`` from
    ``today`` (the location sees the end coming), else None."""
    if (placement.end_date - today).days <= ENDING_DAYS:
        return placement.end_date
    return None
