from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "buitenshuis.activities"
    verbose_name = _("Activiteiten")

    def ready(self):
        # Imported here: both import models, which load only once the app
        # registry is ready.
        from buitenshuis.activities.hooks import ActivityPlacements
        from buitenshuis.referrals import placements

        # The referral route (a lower layer) asks about placements here.
        placements.register(ActivityPlacements())
