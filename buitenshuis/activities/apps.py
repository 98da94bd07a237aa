from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "buitenshuis.activities"
    verbose_name = _("Activiteiten")

    def ready(self):
        # The panels' modules import models: only once the apps are ready.
        from buitenshuis.activities.panels import register_panels

        register_panels()
