# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The context panel on the case hub (``casework.panels``): the family's
earlier enrolments with their referrals (a first one, continuations,
withdrawn and rejected ones included), each with its status and dates, so
that whoever opens the family sees its path so far.

Only as far as the viewer may see them: the enrolments with their dates
are the decision's data (``Data.DECISION``: the linking pin their own
families, the coordinator and the policy officer their programme's), the
referral's route and status ``Data.REFERRAL_STATUS``; both are scoped with
``policy.scope_in_family``. A referrer (who sees the status of what they
entered) and location staff get no panel; another linking pin cannot open
the family at all. Two queries, however long the family's path."""

from django.utils.translation import gettext_lazy as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Enrolment
from buitenshuis.casework.panels import ORDER, Panel, register
from buitenshuis.referrals.models import Referral


def context_rows(hub):
    """(enrolment, its referral or None) for every earlier enrolment of the
    family the user may see, newest first."""
    enrolments = policy.scope_in_family(
        hub.user, "view", Data.DECISION, Enrolment.objects, hub.family
    )
    if hub.enrolment is not None:
        enrolments = enrolments.exclude(pk=hub.enrolment.pk)
    enrolments = list(enrolments.order_by("-pk"))
    if not enrolments:
        return []
    referrals = policy.scope_in_family(
        hub.user, "view", Data.REFERRAL_STATUS, Referral.objects, hub.family
    ).filter(enrolment_id__in=[enrolment.pk for enrolment in enrolments])
    by_enrolment = {referral.enrolment_id: referral for referral in referrals}
    return [(enrolment, by_enrolment.get(enrolment.pk)) for enrolment in enrolments]


def context_context(hub):
    rows = context_rows(hub)
    if not rows:
        return None
    return {"rows": rows}


def register_panels():
    register(
        Panel(
            key="context",
            title=_("Eerdere aanmeldingen en trajecten"),
            order=ORDER["context"],
            data=Data.DECISION,
            context=context_context,
            template="referrals/panels/context.html",
            log_name=_("eerdere trajecten"),
        )
    )
