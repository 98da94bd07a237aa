# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "buitenshuis.monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        # The hub's panel module imports models: only once the apps are ready.
        from buitenshuis.monitoring.panels_questionnaires import register_panels

        register_panels()
