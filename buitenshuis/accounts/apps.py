from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "buitenshuis.accounts"
    verbose_name = _("Gebruikersaccounts")

    def ready(self):
        from buitenshuis.accounts import checks, signals  # noqa: F401
