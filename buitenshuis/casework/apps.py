from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "buitenshuis.casework"

    def ready(self):
        # The panels' modules import models: only once the apps are ready.
        from buitenshuis.casework.panels import register_panels

        register_panels()
