# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The rules of handovers. Functions that change data raise ``RuleError``
with a Dutch message (naming the form field it is about, when there is one)
and store nothing when a rule is broken.

Handovers: a colleague linking pin stands in for a period (holiday,
illness). During the period the family counts as the stand-in's own
(ACCESS.md); the assigned linking pin keeps access. Who stands in now is
asked here (``current_stand_in``, ``current_stand_ins``), by the pages of
the casework and of the activities alike."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.casework.models import Enrolment, Handover
from buitenshuis.core import notify
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Membership, Role
from buitenshuis.training.rules import untrained_linking_pin_message

# Longer than a season's holiday or a short illness: then assign the family
# to another linking pin instead.
MAX_HANDOVER_DAYS = 92

# An enrolment that has ended needs no stand-in.
HANDOVER_STATUSES = (Enrolment.Status.REFERRED, Enrolment.Status.INTAKE, Enrolment.Status.ACTIVE)


def display_name(user):
    """How a colleague is named on a page: full name, else username."""
    return (user.get_full_name() or user.get_username()) if user else ""


# Who stands in now ----------------------------------------------------------


def current_stand_in(enrolment, now=None):
    """Who stands in for the linking pin right now (a handover), if anyone."""
    handover = (
        Handover.objects.current(now)
        .filter(enrolment=enrolment)
        .select_related("to_user")
        .order_by("pk")
        .first()
    )
    return handover.to_user if handover else None


def current_stand_ins(enrolment_ids, now=None):
    """{enrolment id: who stands in now} for many enrolments, in one query."""
    handovers = (
        Handover.objects.current(now)
        .filter(enrolment_id__in=enrolment_ids)
        .select_related("to_user")
        .order_by("-pk")
    )
    # The first running handover wins, as in current_stand_in.
    return {handover.enrolment_id: handover.to_user for handover in handovers}


def running_and_planned_handovers(enrolment, now=None):
    """The enrolment's handovers that have not ended, earliest first."""
    now = now or timezone.now()
    return (
        enrolment.handovers.filter(ends__gt=now).select_related("to_user").order_by("starts", "pk")
    )


# Arranging a handover -------------------------------------------------------


def handover_refusal(enrolment):
    """Why no handover can be arranged for ``enrolment`` (a Dutch message),
    or None."""
    if enrolment.status not in HANDOVER_STATUSES:
        return _("Voor een afgesloten traject is geen waarneming nodig.")
    if enrolment.linking_pin_id is None:
        return _("Wijs eerst een linking pin toe.")
    return None


def stand_in_candidates(enrolment):
    """Who may stand in: the programme's current linking pins, except the
    one assigned to the family (a trained one; ``arrange_handover`` says so
    when the training is not complete)."""
    pins = Membership.objects.current().filter(
        role=Role.LINKING_PIN, programme_id=enrolment.family.programme_id
    )
    return (
        get_user_model()
        .objects.filter(pk__in=pins.values("user_id"), is_active=True)
        .exclude(pk=enrolment.linking_pin_id)
        .order_by("first_name", "last_name")
    )


def handover_period_refusal(first_day, last_day, today=None):
    """Why the period from ``first_day`` to ``last_day`` (both included)
    cannot be a handover, as a ``RuleError`` about the last day, or None."""
    today = today or timezone.localdate()
    if last_day < first_day:
        return RuleError(_("De laatste dag ligt vóór de eerste dag."), field="last_day")
    if (last_day - first_day).days > MAX_HANDOVER_DAYS:
        return RuleError(
            _(
                "Een waarneming duurt hoogstens %(days)d dagen; wijs anders een andere "
                "linking pin toe."
            )
            % {"days": MAX_HANDOVER_DAYS},
            field="last_day",
        )
    if last_day < today:
        return RuleError(_("De laatste dag ligt in het verleden."), field="last_day")
    return None


def arrange_handover(user, enrolment, to_user, first_day, last_day, reason=""):
    """``to_user`` stands in for the linking pin of ``enrolment`` from the
    start of ``first_day`` to the end of ``last_day``. The stand-in gets the
    content-free e-mail on commit and finds the family in their work queue
    while standing in. Returns the handover.

    Who may arrange it (the responsible linking pin, the coordinator) is the
    access policy's question (``Data.HANDOVER``, change), asked by the view."""
    refusal = handover_refusal(enrolment)
    if refusal:
        raise RuleError(refusal)
    problem = handover_period_refusal(first_day, last_day)
    if problem is not None:
        raise problem
    if not stand_in_candidates(enrolment).filter(pk=to_user.pk).exists():
        raise RuleError(
            _("Alleen een andere linking pin van het programma kan waarnemen."), field="to_user"
        )
    untrained = untrained_linking_pin_message(to_user)
    if untrained:
        raise RuleError(untrained, field="to_user")
    zone = timezone.get_current_timezone()
    with transaction.atomic():
        handover = Handover.objects.create(
            enrolment=enrolment,
            to_user=to_user,
            starts=datetime.datetime.combine(first_day, datetime.time.min, zone),
            ends=datetime.datetime.combine(
                last_day + datetime.timedelta(days=1), datetime.time.min, zone
            ),
            reason=reason.strip(),
        )
    # A hand-off: the stand-in waits for nothing in particular, but finds
    # the family among their own for the period.
    notify.after_commit([to_user], actor=user)
    return handover
