# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

from buitenshuis.accounts import safety
from buitenshuis.casework import protected


class CaseworkConfig(AppConfig):
    name = "buitenshuis.casework"

    def ready(self):
        # Production refuses to start without the keys of citizen service
        # numbers (accounts.safety sits below casework and cannot ask).
        safety.register_configuration_check(protected.configuration_problems)
        # The panels' module and the models: only once the apps are ready.
        from buitenshuis.casework.models import Enrolment, Handover
        from buitenshuis.casework.panels import register_panels
        from buitenshuis.casework.panels_closure import register_panels as closure_panels
        from buitenshuis.casework.panels_goals import register_panels as register_goal_panels
        from buitenshuis.casework.panels_meetings import register_panels as register_meetings

        register_panels()
        register_meetings()
        register_goal_panels()
        closure_panels()
        # Who is responsible for a family changed: what the access policy
        # cached for the request about "own families" is stale.
        for model in (Enrolment, Handover):
            post_save.connect(forget_own_families, sender=model, dispatch_uid=f"own-{model}")
            post_delete.connect(forget_own_families, sender=model, dispatch_uid=f"own-d-{model}")


def forget_own_families(**kwargs):
    # policy imports models: not at this module's import, before apps load.
    from buitenshuis.access import policy

    policy.forget()
