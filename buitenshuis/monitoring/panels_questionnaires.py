# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The case hub's panel "Vragenlijsten" (section "Doelen en evaluaties";
``casework.panels``), for the responsible linking pin only
(``Data.QUESTIONNAIRES``): per moment whose window has opened or opens
within ``AHEAD_WEEKS`` weeks, each questionnaire of the default set for each
respondent, with where it stands (answered, a link out, due now, later,
missed) and the buttons to make a link or enter the answers; and every
filled-in questionnaire of the family's current enrolment."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.panels import ORDER, Panel, register
from buitenshuis.monitoring import questionnaires as rules
from buitenshuis.monitoring.forms_questionnaires import PROFESSIONAL
from buitenshuis.monitoring.models_questionnaires import Response

AHEAD_WEEKS = 6

STATE_LABELS = {
    rules.State.ANSWERED: gettext_lazy("Ingevuld"),
    rules.State.LINK_SENT: gettext_lazy("Link gemaakt"),
    rules.State.DUE: gettext_lazy("Nu af te nemen"),
    rules.State.LATER: gettext_lazy("Later"),
    rules.State.MISSED: gettext_lazy("Niet afgenomen"),
}


def questionnaires_context(hub):
    enrolment = hub.enrolment
    if enrolment is None or enrolment.start_date is None:
        return None
    today = timezone.localdate()
    now = timezone.now()
    may_write = rules.questionnaire_refusal(hub.user, enrolment) is None
    family_id = hub.family.pk
    invite = reverse("monitoring:questionnaire_invite", args=[family_id])
    rows = []
    for slot in rules.slots([enrolment], members=hub.members):
        if slot.first_day > today + datetime.timedelta(weeks=AHEAD_WEEKS):
            continue
        state = slot.state(today, now)
        query = urlencode(
            {
                "moment": slot.moment,
                "respondent": slot.person.pk if slot.person else PROFESSIONAL,
                "instrument": slot.instrument.pk,
            }
        )
        open_slot = may_write and state in (
            rules.State.DUE,
            rules.State.LINK_SENT,
            rules.State.MISSED,
        )
        rows.append(
            {
                "slot": slot,
                "state": state,
                "state_label": STATE_LABELS[state],
                # What the work queue counts of it (``rules.waiting``).
                "waiting": slot.waiting_kind(today, now),
                "link_url": (f"{invite}?{query}" if open_slot else None),
                "enter_url": (
                    reverse("monitoring:questionnaire_enter", args=[family_id, slot.instrument.pk])
                    + f"?{query}"
                    if open_slot
                    else None
                ),
            }
        )
    responses = list(
        policy.scope_in_family(hub.user, "view", Data.QUESTIONNAIRES, Response.objects, hub.family)
        .filter(enrolment=enrolment)
        .select_related("instrument", "person")
        .order_by("-submitted_at", "-pk")
    )
    return {
        "rows": rows,
        "responses": responses,
        "family_id": family_id,
        "invite_url": invite if may_write else None,
    }


def register_panels():
    register(
        Panel(
            key="questionnaires",
            title=gettext_lazy("Vragenlijsten"),
            order=ORDER["questionnaires"],
            data=Data.QUESTIONNAIRES,
            context=questionnaires_context,
            template="monitoring/questionnaires/panel.html",
            log_name=gettext_lazy("vragenlijsten"),
        )
    )
