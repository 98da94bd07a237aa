# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The closure's panel on the case hub (``casework.panels``): how the
family's enrolments ended and what came after. (The link to close the
running enrolment is on the enrolment's panel.)

The panel is shown to who may see the closure's outcome
(``Data.CLOSURE_OUTCOME``: the linking pin, the coordinator, the policy
officer); the reason's explanation, where the family was referred to and
the contribution schedule are the case's (``Data.GOALS``), so the policy
officer sees the outcome only (ACCESS.md)."""

from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Closure, ContributionStep
from buitenshuis.casework.panels import ORDER, Panel, register


def closure_context(hub):
    closures = list(
        policy.scope_in_family(hub.user, "view", Data.CLOSURE_OUTCOME, Closure.objects, hub.family)
        .select_related("closed_by")
        .order_by("-closed_on", "-pk")
    )
    if not closures:
        return None
    details = hub.can("view", Data.GOALS)
    steps = []
    if details:
        steps = list(
            policy.scope_in_family(
                hub.user, "view", Data.GOALS, ContributionStep.objects, hub.family
            )
            .filter(enrolment__previous_id__in=[closure.enrolment_id for closure in closures])
            .order_by("starts_on")
        )
    return {
        "closures": closures,
        "details": details,
        "steps": steps,
        "log_name": gettext_lazy("afsluiting") if details else gettext_lazy("uitkomst afsluiting"),
    }


def register_panels():
    register(
        Panel(
            key="closure",
            title=gettext_lazy("Afsluiting"),
            order=ORDER["closure"],
            data=Data.CLOSURE_OUTCOME,
            context=closure_context,
            template="casework/panels/closure.html",
            log_name=gettext_lazy("afsluiting"),
        )
    )
