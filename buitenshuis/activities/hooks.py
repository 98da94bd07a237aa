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
