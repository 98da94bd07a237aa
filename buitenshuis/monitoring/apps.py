# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "buitenshuis.monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        # Imported here: an AppConfig.ready imports modules that import models.
        from buitenshuis.accounts import safety
        from buitenshuis.monitoring import indicator_summary, research, summaries
        from buitenshuis.monitoring.panels_questionnaires import register_panels

        summaries.connect()
        indicator_summary.connect()
        safety.register_configuration_check(research.configuration_problems)
        # The case hub (casework, a lower layer) shows the questionnaires.
        register_panels()
