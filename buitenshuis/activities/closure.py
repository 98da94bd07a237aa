# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Placements end with the enrolment unless it is continued
(``casework.events.enrolment_closed``).

When the linking pin closes an enrolment without a continuation, every
placement of it that would run past the day of the closure ends on that
day, in the closure's transaction. A placement that had not started yet
ends before its first day: like one ended by a rejection, it never held a
place (``rules.places_taken``).

When the help continues (the closure's way on is a continuation), the
child keeps its place without a gap: its running placements move to the
follow-up enrolment as provisional placements, until the municipality
decides on the continuation like on a first referral. Its decision then
does what a decision does to provisional placements
(``rules.end_provisional_placements``): an acceptance makes them regular
placements within the new enrolment's dates, a rejection ends them on the
decision day.

The location sees the end coming: its children's page says "stopt op
<date>" from ``ENDING_DAYS`` before a placement's last day
(``views/children.py``)."""

import datetime

from buitenshuis.activities.models import Placement
from buitenshuis.programmes.models import ProgrammeSettings

# How far ahead the location staff see that a placement ends.
ENDING_DAYS = 28


def end_placements(sender, closure, follow_up=None, **kwargs):
    """Receiver of ``enrolment_closed``: end the closed enrolment's
    placements on the day of the closure, or carry them over into the
    continuation (``follow_up``) until it is decided on."""
    day = closure.closed_on
    placements = Placement.objects.select_for_update().filter(
        enrolment_id=closure.enrolment_id, end_date__gt=day, ended_at__isnull=True
    )
    if follow_up is not None:
        settings = ProgrammeSettings.for_programme(closure.enrolment.family.programme)
        continued_until = settings.enrolment_end(day + datetime.timedelta(days=1))
        for placement in placements.filter(start_date__lte=day):
            placement.enrolment = follow_up
            placement.provisional = True
            placement.end_date = max(placement.end_date, continued_until)
            placement.save(update_fields=["enrolment", "provisional", "end_date"])
    for placement in placements.exclude(enrolment=follow_up) if follow_up else placements:
        placement.end_date = day
        placement.save(update_fields=["end_date"])


def ending_on(placement, today):
    """The placement's last day when it falls within ``ENDING_DAYS`` from
    ``today`` (the location sees the end coming), else None."""
    if (placement.end_date - today).days <= ENDING_DAYS:
        return placement.end_date
    return None
