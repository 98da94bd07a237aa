# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The hub's panels of network meetings and agreements
(``casework.panels``):

* "Netwerkoverleg" (Data.CONTACTS: the coordinator reads the date and who
  took part): each meeting with its participants' kinds and organisations;
  the minutes only to who may read contact notes (the responsible linking
  pin), and then the access log names "verslag netwerkoverleg".
* "Afspraken" (Data.GOALS: the coordinator reads): the family's open
  agreements first (overdue marked), the done and dropped ones folded away;
  the linking pin adds one, marks one done or drops one.

Both list the family's rows of every enrolment: an open agreement follows
the family until it is done."""

from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Agreement, MeetingParticipant, NetworkMeeting
from buitenshuis.casework.panels import ORDER, Panel, register
from buitenshuis.casework.rules import meetings

MINUTES_LOG_NAME = gettext_lazy("netwerkoverleggen, verslag netwerkoverleg")


def meetings_context(hub):
    if hub.enrolment is None:
        return None
    rows = list(
        policy.scope_in_family(hub.user, "view", Data.CONTACTS, NetworkMeeting.objects, hub.family)
        .select_related("contact")
        .prefetch_related(
            Prefetch("participants", queryset=MeetingParticipant.objects.order_by("pk"))
        )
        .order_by("-date", "-pk")
    )
    show_minutes = bool(rows) and hub.can("view", Data.CONTACT_NOTES)
    may_record = meetings.meeting_refusal(hub.user, hub.enrolment) is None
    return {
        "meetings": rows,
        "family_id": hub.family.pk,
        "show_minutes": show_minutes,
        "new_url": (
            reverse("casework:meeting_create", args=[hub.family.pk]) if may_record else None
        ),
        # The minutes are a kind of data of their own (ACCESS.md).
        "log_name": MINUTES_LOG_NAME if show_minutes else None,
    }


def agreements_context(hub):
    if hub.enrolment is None:
        return None
    today = timezone.localdate()
    rows = list(
        policy.scope_in_family(hub.user, "view", Data.GOALS, Agreement.objects, hub.family)
        .select_related("meeting")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    may_change = hub.can("change", Data.GOALS)
    open_rows = [
        {"agreement": agreement, "overdue": meetings.is_overdue(agreement, today)}
        for agreement in rows
        if agreement.status == Agreement.Status.OPEN
    ]
    closed = sorted(
        (agreement for agreement in rows if agreement.status != Agreement.Status.OPEN),
        key=lambda agreement: (agreement.done_on or today, agreement.pk),
        reverse=True,
    )
    may_add = meetings.agreement_refusal(hub.user, hub.enrolment) is None
    return {
        "open": open_rows,
        "family_id": hub.family.pk,
        "closed": closed,
        "today": today,
        "may_change": may_change,
        "add_url": reverse("casework:agreement_create", args=[hub.family.pk]) if may_add else None,
    }


def register_panels():
    register(
        Panel(
            key="meetings",
            title=gettext_lazy("Netwerkoverleg"),
            order=ORDER["meetings"],
            data=Data.CONTACTS,
            context=meetings_context,
            template="casework/panels/meetings.html",
            log_name=gettext_lazy("netwerkoverleggen"),
        )
    )
    register(
        Panel(
            key="agreements",
            title=gettext_lazy("Afspraken"),
            order=ORDER["agreements"],
            data=Data.GOALS,
            context=agreements_context,
            template="casework/panels/agreements.html",
            log_name=gettext_lazy("afspraken"),
        )
    )
