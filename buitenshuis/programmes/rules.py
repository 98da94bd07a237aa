# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The rules of setting up a programme: its checklist in the guide's three
phases, its partners and its meetings (``Data.PROGRAMME``: whoever may
change the programme, the coordinator and the policy officer, changes
them; ACCESS.md).

- ``checklist``: the programme's tasks, made from the guide's
  (``setup.DEFAULT_TASKS``) when first asked for; ``progress``: done and
  total per phase.
- ``add_task``, ``update_task``, ``remove_task``.
- ``add_partner``, ``update_partner``, ``remove_partner``.
- ``save_meeting``: a new meeting or a change to one.
- ``overdue_tasks`` and ``meetings_to_prepare``: the work queue's rows.

Functions that change data check first, then write in one transaction, or
raise ``RuleError`` (naming the form field) and store nothing. Who may do
it now is ``change_refusal(user, programme)``."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.core.errors import RuleError
from buitenshuis.programmes import queries
from buitenshuis.programmes.models import (
    Phase,
    ProgrammeMeeting,
    ProgrammePartner,
    SetupChecklist,
    SetupTask,
)
from buitenshuis.programmes.setup import DEFAULT_TASKS, ORDER_STEP

PHASES = list(Phase)
# A meeting is "to prepare" for its organiser from this many days before.
PREPARE_DAYS = 14


# Who may change ---------------------------------------------------------------


def change_refusal(user, programme):
    """Why ``user`` may not change ``programme``'s checklist, partners or
    meetings (a Dutch message), or None."""
    if programme not in queries.programmes_for(user, "change"):
        return _(
            "Alleen de coördinator en de beleidsmedewerker van het programma wijzigen de "
            "opzet, de partners en de overleggen."
        )
    return None


def _refuse(user, programme):
    refusal = change_refusal(user, programme)
    if refusal:
        raise RuleError(refusal)


# The checklist ------------------------------------------------------------------


def checklist(programme):
    """The programme's set-up tasks, phase by phase in the guide's order;
    made from the guide's tasks the first time (and only then: a task the
    coordinator removed stays removed)."""
    if not SetupChecklist.objects.filter(programme=programme).exists():
        with transaction.atomic():
            _marker, created = SetupChecklist.objects.get_or_create(programme=programme)
            if created:
                SetupTask.objects.bulk_create(
                    SetupTask(
                        programme=programme,
                        phase=phase,
                        key=key,
                        title=title,
                        explanation=explanation,
                        order=(index + 1) * ORDER_STEP,
                        is_default=True,
                    )
                    for index, (key, phase, title, explanation) in enumerate(DEFAULT_TASKS)
                )
    tasks = SetupTask.objects.filter(programme=programme).select_related("owner", "done_by")
    return sort_tasks(tasks)


def sort_tasks(tasks):
    """``tasks`` phase by phase (the guide's order), then by their order."""
    return sorted(tasks, key=lambda task: (PHASES.index(task.phase), task.order, task.pk or 0))


@dataclass(frozen=True)
class PhaseProgress:
    phase: str
    label: str
    done: int
    total: int

    @property
    def percent(self):
        """Whole percent done (0 for a phase without tasks)."""
        return (100 * self.done) // self.total if self.total else 0

    @property
    def complete(self):
        return self.total > 0 and self.done == self.total


def progress(tasks):
    """Done and total per phase, for every phase in the guide's order (a
    phase without tasks too)."""
    done = {phase: 0 for phase in PHASES}
    total = {phase: 0 for phase in PHASES}
    for task in tasks:
        total[task.phase] += 1
        done[task.phase] += bool(task.done)
    return [PhaseProgress(phase, phase.label, done[phase], total[phase]) for phase in PHASES]


def _check_owner(programme, owner):
    if owner is not None and not queries.members(programme, "change").filter(pk=owner.pk).exists():
        raise RuleError(
            _("De eigenaar is iemand van het programma die de opzet mag wijzigen."),
            field="owner",
        )


def _check_title(title):
    if not (title or "").strip():
        raise RuleError(_("Geef de taak een titel."), field="title")


def add_task(user, programme, *, phase, title, explanation="", owner=None, due_date=None):
    """A task of the coordinator's own, at the end of its phase."""
    _refuse(user, programme)
    if phase not in Phase.values:
        raise RuleError(_("Kies een fase."), field="phase")
    _check_title(title)
    _check_owner(programme, owner)
    with transaction.atomic():
        last = SetupTask.objects.filter(programme=programme, phase=phase).aggregate(
            last=Max("order")
        )["last"]
        return SetupTask.objects.create(
            programme=programme,
            phase=phase,
            title=title.strip(),
            explanation=explanation.strip(),
            owner=owner,
            due_date=due_date,
            order=(last or 0) + 1,
            is_default=False,
        )


def update_task(user, task, *, owner, due_date, done, notes, now=None):
    """Owner, date, done and notes of ``task``. Ticking it off records who
    and when; unticking clears both."""
    _refuse(user, task.programme)
    _check_owner(task.programme, owner)
    now = now or timezone.now()
    with transaction.atomic():
        task.owner = owner
        task.due_date = due_date
        task.notes = (notes or "").strip()
        if done and not task.done:
            task.done, task.done_at, task.done_by = True, now, user
        elif not done:
            task.done, task.done_at, task.done_by = False, None, None
        task.save()
    return task


def remove_task(user, task):
    """Remove ``task`` from the checklist (a guide's task too: it does not
    come back)."""
    _refuse(user, task.programme)
    task.delete()


# Partners -----------------------------------------------------------------------


def _check_partner(programme, organisation, role, signed_on, partner=None, today=None):
    today = today or timezone.localdate()
    if signed_on is not None and signed_on > today:
        raise RuleError(
            _("De intentieverklaring kan niet in de toekomst getekend zijn."),
            field="declaration_signed_on",
        )
    others = ProgrammePartner.objects.filter(
        programme=programme, organisation=organisation, role=role
    )
    if partner is not None and partner.pk:
        others = others.exclude(pk=partner.pk)
    if others.exists():
        raise RuleError(
            _("Deze organisatie staat al in deze rol bij de partners."), field="organisation"
        )


PARTNER_FIELDS = (
    "organisation",
    "role",
    "contact_name",
    "contact_email",
    "contact_phone",
    "declaration_signed_on",
    "notes",
)


def add_partner(user, programme, **fields):
    """A partner of ``programme`` (``PARTNER_FIELDS``)."""
    _refuse(user, programme)
    _check_partner(
        programme, fields["organisation"], fields["role"], fields.get("declaration_signed_on")
    )
    with transaction.atomic():
        return ProgrammePartner.objects.create(
            programme=programme, **{k: v for k, v in fields.items() if k in PARTNER_FIELDS}
        )


def update_partner(user, partner, **fields):
    _refuse(user, partner.programme)
    _check_partner(
        partner.programme,
        fields["organisation"],
        fields["role"],
        fields.get("declaration_signed_on"),
        partner=partner,
    )
    with transaction.atomic():
        for name in PARTNER_FIELDS:
            if name in fields:
                setattr(partner, name, fields[name])
        partner.save()
    return partner


def remove_partner(user, partner):
    _refuse(user, partner.programme)
    partner.delete()


# Meetings -----------------------------------------------------------------------


MEETING_FIELDS = (
    "kind",
    "starts_at",
    "place",
    "organiser",
    "other_attendees",
    "notes",
    "decisions",
)


def save_meeting(user, programme, meeting=None, *, attendees=(), now=None, **fields):
    """A new meeting of ``programme`` (``meeting`` None) or a change to
    ``meeting``. The organiser and the attendees from the programme are its
    members; decisions are recorded once the meeting has begun."""
    _refuse(user, programme)
    now = now or timezone.now()
    if fields.get("starts_at") is None:
        raise RuleError(_("Vul de datum en tijd van het overleg in."), field="starts_at")
    allowed = queries.members(programme, "view")
    organiser = fields.get("organiser")
    if organiser is not None and not allowed.filter(pk=organiser.pk).exists():
        raise RuleError(_("De organisator is iemand van het programma."), field="organiser")
    attendee_ids = {attendee.pk for attendee in attendees}
    if attendee_ids - set(allowed.filter(pk__in=attendee_ids).values_list("pk", flat=True)):
        raise RuleError(
            _("Kies als deelnemers uit het programma alleen mensen van het programma."),
            field="attendees",
        )
    if (fields.get("decisions") or "").strip() and fields["starts_at"] > now:
        raise RuleError(
            _("Besluiten legt u vast als het overleg is begonnen; zet de agenda in het verslag."),
            field="decisions",
        )
    with transaction.atomic():
        meeting = meeting or ProgrammeMeeting(programme=programme)
        for name in MEETING_FIELDS:
            if name in fields:
                value = fields[name]
                setattr(meeting, name, value.strip() if isinstance(value, str) else value)
        meeting.save()
        meeting.attendees.set(attendee_ids)
    return meeting


# The work queue -------------------------------------------------------------------


def overdue_tasks(user, today=None):
    """The open set-up tasks ``user`` owns whose date has passed, in the
    programmes they may change."""
    today = today or timezone.localdate()
    rows = SetupTask.objects.filter(owner=user, done=False, due_date__lt=today)
    return policy.scope(user, "change", Data.PROGRAMME, rows)


def meetings_to_prepare(user, now=None):
    """The meetings ``user`` organises that begin within ``PREPARE_DAYS``
    days (and have not begun), in the programmes they may read."""
    now = now or timezone.now()
    rows = ProgrammeMeeting.objects.filter(
        organiser=user,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=PREPARE_DAYS),
    )
    return policy.scope(user, "view", Data.PROGRAMME, rows).order_by("starts_at", "pk")


def next_meeting(programme, now=None):
    """The programme's first meeting that has not begun, or None."""
    now = now or timezone.now()
    return (
        ProgrammeMeeting.objects.filter(programme=programme, starts_at__gt=now)
        .order_by("starts_at", "pk")
        .first()
    )
