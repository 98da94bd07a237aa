# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Handing a family to another linking pin for good (overdracht): the
linking pin leaves, or is ill for long. Unlike a handover (a stand-in for
a period, ``rules.handover``), the old linking pin keeps nothing: every
enrolment of the family that named them now names the new linking pin, so
the access policy's "own families" no longer include it.

Who may do it (the responsible linking pin, the programme's coordinator)
is the access policy's question (``Data.HANDOVER``, change), asked by the
view and again here."""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Enrolment, Handover
from buitenshuis.casework.rules.handover import (
    HANDOVER_STATUSES,
    display_name,
    stand_in_candidates,
)
from buitenshuis.core import notify
from buitenshuis.core.errors import RuleError
from buitenshuis.training.rules import linking_pin_refusal

# simple_history's change reason (historical records' history_change_reason).
CHANGE_REASON_MAX = 100


class TransferReason(models.TextChoices):
    LEAVING = "leaving", gettext_lazy("De linking pin vertrekt")
    ILLNESS = "illness", gettext_lazy("Langdurige ziekte van de linking pin")
    OTHER = "other", gettext_lazy("Andere reden")


def transfer_refusal(user, enrolment):
    """Why ``user`` may not hand ``enrolment``'s family to another linking
    pin now (a Dutch message), or None."""
    if not policy.can(user, "change", Data.HANDOVER, enrolment.family):
        return _("Alleen de linking pin van het gezin of de coördinator draagt een gezin over.")
    if enrolment.status not in HANDOVER_STATUSES:
        return _("Een afgesloten traject wordt niet meer overgedragen.")
    if enrolment.linking_pin_id is None:
        return _("Wijs eerst een linking pin toe.")
    return None


def transfer_candidates(enrolment):
    """Who may take the family over: the programme's current linking pins
    other than the one assigned (the same as for a stand-in)."""
    return stand_in_candidates(enrolment)


@transaction.atomic
def transfer_enrolment(user, enrolment, to_user, reason, note=""):
    """Make ``to_user`` the family's linking pin for good. ``reason``: a
    ``TransferReason``; ``note``: a short explanation, required for
    "other". Every enrolment of the family assigned to the old linking pin
    moves (so the old one keeps no "own" family), running and planned
    handovers to the new linking pin end (they no longer need a stand-in),
    the change is in the enrolments' history with the reason, and the new
    linking pin gets the content-free e-mail. Returns the old linking pin."""
    enrolment = Enrolment.objects.select_for_update().select_related("family").get(pk=enrolment.pk)
    refusal = transfer_refusal(user, enrolment)
    if refusal:
        raise RuleError(refusal)
    if reason not in TransferReason.values:
        raise RuleError(_("Kies de reden van de overdracht."), field="reason")
    note = note.strip()
    if reason == TransferReason.OTHER and not note:
        raise RuleError(_("Beschrijf de reden van de overdracht."), field="note")
    if to_user is None or not transfer_candidates(enrolment).filter(pk=to_user.pk).exists():
        raise RuleError(
            _("Alleen een andere linking pin van het programma kan het gezin overnemen."),
            field="to_user",
        )
    untrained = linking_pin_refusal(enrolment, to_user)
    if untrained:
        raise RuleError(untrained, field="to_user")
    old = enrolment.linking_pin
    label = str(TransferReason(reason).label)
    change_reason = _("Overdracht: %(reason)s") % {"reason": label}
    if note:
        change_reason = f"{change_reason} ({note})"
    moving = Enrolment.objects.select_for_update().filter(
        family_id=enrolment.family_id, linking_pin_id=old.pk
    )
    now = timezone.now()
    for item in moving:
        item.linking_pin = to_user
        item.transferred_at = now
        # simple_history keeps who (the request's user) and why.
        item._change_reason = change_reason[:CHANGE_REASON_MAX]
        item.save(update_fields=["linking_pin", "transferred_at"])
    for handover in Handover.objects.filter(
        enrolment__family_id=enrolment.family_id, to_user=to_user, ends__gt=now
    ):
        handover.ends = max(handover.starts, now)
        handover._change_reason = change_reason[:CHANGE_REASON_MAX]
        handover.save(update_fields=["ends"])
    # Who is responsible changed: the request's cached "own families" are
    # stale (the models' signals do this too; said here for the rule).
    policy.forget()
    notify.after_commit([to_user], actor=user)
    return old


def transfer_message(old, new):
    """The confirmation shown after a transfer."""
    return _("Het gezin is overgedragen van %(old)s aan %(new)s.") % {
        "old": display_name(old),
        "new": display_name(new),
    }
