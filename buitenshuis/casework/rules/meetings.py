# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Network meetings and agreements: who sits around the family, and who
does what by when.

- ``record_meeting``: the responsible linking pin records a meeting with
  its date, the time it took (a contact of the kind "netwerkoverleg", so it
  counts in the minutes), its participants, the minutes (the linking pin's
  alone, ACCESS.md) and the agreements made in it; all of it or nothing.
- ``add_agreement``: an agreement made outside a meeting.
- ``finish_agreement``: an open agreement is done or dropped, along the
  table ``AGREEMENT`` (open -> done / dropped; never back).
- ``due_for_linking_pin``: the open agreements that fall to the linking pin
  and are due within ``DUE_DAYS`` days or overdue (the work queue).

An open agreement follows the family until it is done or dropped, across
meetings (and enrolments: the hub lists the family's agreements).
Functions that change data raise ``RuleError`` with a Dutch message (naming
the form field it is about) and store nothing when a rule is broken."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import (
    Agreement,
    Contact,
    Enrolment,
    MeetingParticipant,
    NetworkMeeting,
    PartnerKind,
)
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import long_date
from buitenshuis.core.workflow import Workflow

# An agreement is due for the linking pin's attention from this many days
# before its date.
DUE_DAYS = 7
# A meeting of more than a working day is a typing error.
MAX_MEETING_MINUTES = 8 * 60
# Meetings and new agreements belong to an enrolment that runs (or is in
# its intake): none after the closure.
OPEN_STATUSES = (Enrolment.Status.INTAKE, Enrolment.Status.ACTIVE)

Status = Agreement.Status
AGREEMENT = Workflow(
    Status,
    {
        # finish_agreement
        Status.OPEN: {Status.DONE, Status.DROPPED},
        Status.DONE: set(),
        Status.DROPPED: set(),
    },
    what=gettext_lazy("Een afspraak"),
)


# Who may record --------------------------------------------------------------


def meeting_refusal(user, enrolment):
    """Why ``user`` may not record a network meeting of ``enrolment`` now
    (a Dutch message), or None: the responsible linking pin (who may write
    contacts and their notes of the family), while the enrolment runs."""
    family = enrolment.family
    if not (
        policy.can(user, "change", Data.CONTACTS, family)
        and policy.can(user, "change", Data.CONTACT_NOTES, family)
    ):
        return _("Alleen de linking pin van het gezin legt een netwerkoverleg vast.")
    if enrolment.status not in OPEN_STATUSES:
        return _("Het traject loopt niet (meer): een netwerkoverleg kan niet worden vastgelegd.")
    return None


def agreement_refusal(user, enrolment):
    """Why ``user`` may not add an agreement to ``enrolment`` now, or None."""
    if not policy.can(user, "change", Data.GOALS, enrolment.family):
        return _("Alleen de linking pin van het gezin legt afspraken vast.")
    if enrolment.status not in OPEN_STATUSES:
        return _("Het traject loopt niet (meer): er kunnen geen afspraken bij.")
    return None


def finish_refusal(user, agreement, status=Status.DONE):
    """Why ``user`` may not mark ``agreement`` as ``status`` (done or
    dropped), or None. An agreement of a closed enrolment may still be
    finished: it follows the family until then."""
    if not policy.can(user, "change", Data.GOALS, agreement.enrolment.family):
        return _("Alleen de linking pin van het gezin werkt afspraken bij.")
    return AGREEMENT.refusal(agreement, status)


# Checking the input -------------------------------------------------------------


def _check_meeting_date(day, today):
    if day is None:
        raise RuleError(_("Vul de datum van het overleg in."), field="date")
    if day > today:
        raise RuleError(_("De datum van het overleg ligt in de toekomst."), field="date")


def _check_minutes(minutes):
    if minutes is None or minutes < 1:
        raise RuleError(_("Vul in hoeveel minuten het overleg duurde."), field="minutes")
    if minutes > MAX_MEETING_MINUTES:
        raise RuleError(
            _("Een overleg duurt hoogstens %(max)d minuten.") % {"max": MAX_MEETING_MINUTES},
            field="minutes",
        )


def _clean_participants(participants):
    """The participants as dicts (kind, name, organisation), stripped; at
    least one who is not the linking pin."""
    cleaned = []
    for row in participants:
        kind = row.get("kind") or ""
        if kind not in PartnerKind.values:
            raise RuleError(_("Kies namens wie iemand deelnam."), field="participants")
        cleaned.append(
            {
                "kind": kind,
                "name": (row.get("name") or "").strip(),
                "organisation": (row.get("organisation") or "").strip(),
            }
        )
    if not any(row["kind"] != PartnerKind.LINKING_PIN for row in cleaned):
        raise RuleError(
            _("Vul ten minste één deelnemer in naast de linking pin."), field="participants"
        )
    return cleaned


def _clean_agreement(row, earliest, field=None):
    """One agreement as a dict (what, holder_kind, holder_name, due_date);
    its date not before ``earliest``. A problem names ``field`` (the
    meeting's formset), else the agreement form's own field."""
    what = (row.get("what") or "").strip()
    if not what:
        raise RuleError(_("Vul in wat er is afgesproken."), field=field or "what")
    holder_kind = row.get("holder_kind") or ""
    if holder_kind not in PartnerKind.values:
        raise RuleError(_("Kies wie de afspraak uitvoert."), field=field or "holder_kind")
    due_date = row.get("due_date")
    if due_date is not None and due_date < earliest:
        raise RuleError(
            _("De datum van een afspraak ligt vóór %(day)s.") % {"day": long_date(earliest)},
            field=field or "due_date",
        )
    return {
        "what": what,
        "holder_kind": holder_kind,
        "holder_name": (row.get("holder_name") or "").strip(),
        "due_date": due_date,
    }


def _summary(participants):
    """Who took part, for the contact's "met wie" (kinds, no names)."""
    labels = []
    for row in participants:
        label = str(PartnerKind(row["kind"]).label)
        if label not in labels:
            labels.append(label)
    return ", ".join(labels)[:200]


# Recording ------------------------------------------------------------------------


def record_meeting(
    user,
    enrolment,
    *,
    date,
    minutes,
    participants,
    minutes_text="",
    agreements=(),
    today=None,
):
    """Record a network meeting of ``enrolment``: a contact of the kind
    "netwerkoverleg" (date and minutes, so the time counts), the meeting
    with its minutes, its participants (dicts: kind, name, organisation)
    and the agreements made in it (dicts: what, holder_kind, holder_name,
    due_date). All in one transaction, or nothing. Returns the meeting."""
    refusal = meeting_refusal(user, enrolment)
    if refusal:
        raise RuleError(refusal)
    today = today or timezone.localdate()
    _check_meeting_date(date, today)
    _check_minutes(minutes)
    people = _clean_participants(participants)
    promised = [_clean_agreement(row, date, "agreements") for row in agreements]
    with transaction.atomic():
        contact = Contact.objects.create(
            enrolment=enrolment,
            date=date,
            minutes=minutes,
            kind=Contact.Kind.NETWORK,
            with_whom=_summary(people),
            author=user,
        )
        meeting = NetworkMeeting.objects.create(
            enrolment=enrolment,
            date=date,
            contact=contact,
            minutes_text=(minutes_text or "").strip(),
            created_by=user,
        )
        MeetingParticipant.objects.bulk_create(
            MeetingParticipant(meeting=meeting, **row) for row in people
        )
        for row in promised:
            # One by one: each gets its line in the change history.
            Agreement.objects.create(enrolment=enrolment, meeting=meeting, created_by=user, **row)
    return meeting


def add_agreement(user, enrolment, *, what, holder_kind, holder_name="", due_date=None, today=None):
    """An agreement made outside a network meeting. Returns it."""
    refusal = agreement_refusal(user, enrolment)
    if refusal:
        raise RuleError(refusal)
    today = today or timezone.localdate()
    row = _clean_agreement(
        {
            "what": what,
            "holder_kind": holder_kind,
            "holder_name": holder_name,
            "due_date": due_date,
        },
        today,
    )
    with transaction.atomic():
        return Agreement.objects.create(enrolment=enrolment, created_by=user, **row)


def finish_agreement(user, agreement, status, today=None):
    """Mark an open ``agreement`` done or dropped (``status``), on
    ``today``. Only along the table ``AGREEMENT``; returns the agreement."""
    refusal = finish_refusal(user, agreement, status)
    if refusal:
        raise RuleError(refusal)
    with transaction.atomic():
        AGREEMENT.move(agreement, status, save=False)
        agreement.done_on = today or timezone.localdate()
        agreement.save(update_fields=["status", "done_on"])
    return agreement


# What waits -------------------------------------------------------------------------


def due_for_linking_pin(queryset=None, today=None):
    """The open agreements of ``queryset`` (all by default) that fall to
    the linking pin and are due within ``DUE_DAYS`` days or overdue."""
    queryset = Agreement.objects.all() if queryset is None else queryset
    today = today or timezone.localdate()
    return queryset.filter(
        status=Status.OPEN,
        holder_kind=PartnerKind.LINKING_PIN,
        due_date__lte=today + datetime.timedelta(days=DUE_DAYS),
    )


def is_overdue(agreement, today=None):
    """An open agreement past its date."""
    today = today or timezone.localdate()
    return (
        agreement.status == Status.OPEN
        and agreement.due_date is not None
        and agreement.due_date < today
    )
