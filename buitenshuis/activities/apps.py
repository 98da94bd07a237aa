# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "buitenshuis.activities"
    verbose_name = _("Activiteiten")

    def ready(self):
        # Imported here: these import models, which load only once the app
        # registry is ready.
        from buitenshuis.activities.caseload import register_facts
        from buitenshuis.activities.closure import end_placements
        from buitenshuis.activities.hooks import ActivityPlacements, placement_costs
        from buitenshuis.activities.panels import register_panels
        from buitenshuis.casework.events import enrolment_closed
        from buitenshuis.programmes import budget, capacity
        from buitenshuis.referrals import placements

        # The referral route (a lower layer) asks about placements here.
        answers = placements.register(ActivityPlacements())
        # The programme's capacity (a lower layer still) counts a family
        # placed provisionally, before the decision, as holding a place.
        capacity.register_place_holder(answers.provisional_enrolments)
        # The programme's budget counts the placements' costs.
        budget.register_placement_costs(placement_costs)
        # The case hub (casework, a lower layer) shows the activity's panels.
        register_panels()
        # Placements end with the enrolment (casework announces the closure).
        enrolment_closed.connect(end_placements, dispatch_uid="activities-end-placements")
        # The linking pin's caseload (casework) shows unread signals and a
        # placement past its norm.
        register_facts()
