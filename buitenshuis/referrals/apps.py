# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "buitenshuis.referrals"
    verbose_name = _("Aanmeldingen")

    def ready(self):
        # The panels' modules import models: only once the apps are ready.
        from buitenshuis.casework.events import enrolment_closed
        from buitenshuis.referrals.caseload import register_facts
        from buitenshuis.referrals.continuation import create_continuation
        from buitenshuis.referrals.panels import register_panels
        from buitenshuis.referrals.panels_context import register_panels as context_panels

        register_panels()
        context_panels()
        # A closure that continues the help becomes a referral of its own.
        enrolment_closed.connect(create_continuation, dispatch_uid="referrals-continuation")
        # The linking pin's caseload (casework) warns of missing consent.
        register_facts()
