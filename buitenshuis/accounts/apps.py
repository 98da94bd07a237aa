from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "buitenshuis.accounts"
    verbose_name = _("Gebruikersaccounts")

    def ready(self):
        # Imported here, not at the top: both import models, which Django
        # loads only after every app's config; importing them registers the
        # deployment checks and the session signal handlers.
        from buitenshuis.accounts import checks, signals  # noqa: F401
