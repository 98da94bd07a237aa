# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from buitenshuis.access import gates


class AccountsConfig(AppConfig):
    name = "buitenshuis.accounts"
    verbose_name = _("Gebruikersaccounts")

    def ready(self):
        # Imported here, not at the top: both import models, which Django
        # loads only after every app's config; importing them registers the
        # deployment checks and the session signal handlers.
        from buitenshuis.accounts import checks, signals  # noqa: F401
        from buitenshuis.accounts.admin_site import admin_site, may_administer

        # The menu and the work queue ask the admin site's own gate.
        gates.register_site(admin_site.name, may_administer)
