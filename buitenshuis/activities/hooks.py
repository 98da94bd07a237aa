# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The answers of the activities app to what the referral route asks about
placements (``referrals.placements``), registered in
``ActivitiesConfig.ready``: the referral route sits below activities and
never imports it."""

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.activities import rules
from buitenshuis.activities.models import Placement
from buitenshuis.core.dates import months_between
from buitenshuis.programmes import budget
from buitenshuis.referrals.placements import Placements


class ActivityPlacements(Placements):
    def provisional_enrolments(self):
        return Placement.objects.provisional().values("enrolment_id")

    def first_provisional_day(self, enrolment, before):
        return (
            Placement.objects.provisional()
            .filter(enrolment_id=enrolment.pk, start_date__lt=before)
            .order_by("start_date")
            .values_list("start_date", flat=True)
            .first()
        )

    def provisional_for(self, user, enrolment):
        placements = Placement.objects.provisional().filter(enrolment=enrolment)
        return (
            policy.scope(user, "view", Data.PLACEMENT, placements)
            .select_related("child", "location")
            .order_by("start_date", "pk")
        )

    def per_child(self, enrolment):
        found = {}
        for placement in (
            Placement.objects.filter(enrolment=enrolment)
            .select_related("location")
            .order_by("start_date", "pk")
        ):
            found.setdefault(placement.child_id, []).append(placement)
        return found

    def decided(self, decision, day):
        rules.end_provisional_placements(decision, day)


def placement_costs(programme_id, first, last):
    """``programmes.budget``'s question: every placement of the programme's
    families in ``first``..``last``, with the part of its cost (and of its
    parental contribution, never more than that cost) that falls in the
    period. A placement that ended before it began (a rejection on the day
    before its first day) costs nothing. One query; the arithmetic is
    ``rules.tariff_cost``, the same as the placement's own projection."""
    rows = (
        Placement.objects.filter(
            enrolment__family__programme_id=programme_id,
            start_date__lte=last,
            end_date__gte=first,
        )
        .values_list(
            "enrolment_id",
            "enrolment__family_id",
            "child_id",
            "enrolment__family__municipality_id",
            "start_date",
            "end_date",
            "hours_per_week",
            "parental_contribution",
            "provisional",
            "contract__tariff",
            "contract__tariff_unit",
        )
        .order_by()
    )
    lines = []
    for (
        enrolment_id,
        family_id,
        child_id,
        municipality_id,
        start,
        end,
        hours,
        contribution,
        provisional,
        tariff,
        unit,
    ) in rows:
        part = budget.overlap(start, end, first, last)
        if part is None:
            continue
        gross = rules.tariff_cost(tariff, unit, hours, *part)
        paid = budget.cents((contribution or 0) * months_between(*part))
        lines.append(
            budget.PlacementCost(
                enrolment_id=enrolment_id,
                family_id=family_id,
                child_id=child_id,
                municipality_id=municipality_id,
                start=part[0],
                end=part[1],
                gross=gross,
                contribution=min(paid, gross),
                provisional=provisional,
            )
        )
    return lines
