from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "buitenshuis.activities"
    verbose_name = _("Activiteiten")

    def ready(self):
        # Imported here: these import models, which load only once the app
        # registry is ready.
        from buitenshuis.activities.hooks import ActivityPlacements
        from buitenshuis.activities.panels import register_panels
        from buitenshuis.referrals import placements

        # The referral route (a lower layer) asks about placements here.
        placements.register(ActivityPlacements())
        # The case hub (casework, a lower layer) shows the activity's panels.
        register_panels()
