from django.apps import AppConfig

from buitenshuis.accounts import safety
from buitenshuis.casework import protected


class CaseworkConfig(AppConfig):
    name = "buitenshuis.casework"

    def ready(self):
        # Production refuses to start without the keys of citizen service
        # numbers (accounts.safety sits below casework and cannot ask).
        safety.register_configuration_check(protected.configuration_problems)
        # The panels' module imports models: only once the apps are ready.
        from buitenshuis.casework.panels import register_panels

        register_panels()
