# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A status that may only move along a table of allowed transitions.

Each model with a status keeps its table beside it (``casework.workflow``
for the enrolment, ``referrals.workflow`` for the referral): a dict from a
status to the statuses it may move to. ``Workflow.move`` is the one place
where such a status changes; every rule that moves one calls it, and a move
outside the table raises ``RuleError`` before anything is stored."""

from django.utils.translation import gettext as _

from buitenshuis.core.errors import RuleError


class Workflow:
    """The allowed transitions of the field ``field`` (values of the
    TextChoices ``choices``) of one model. ``what`` names such a record in
    the refusal ("Een traject")."""

    def __init__(self, choices, transitions, *, what, field="status"):
        unknown = (set(transitions) | {s for ts in transitions.values() for s in ts}) - set(
            choices.values
        )
        if unknown:
            raise ValueError(f"unknown statuses in the table: {sorted(unknown)}")
        self.choices = choices
        self.transitions = {
            choices(status): frozenset(choices(t) for t in targets)
            for status, targets in transitions.items()
        }
        self.what = what
        self.field = field

    def allows(self, old, new):
        return new in self.transitions.get(old, frozenset())

    def pairs(self):
        """Every allowed (from, to)."""
        return {(old, new) for old, targets in self.transitions.items() for new in targets}

    def refusal(self, obj, new):
        """The Dutch message when ``obj`` may not move to ``new``, else None."""
        old = getattr(obj, self.field)
        if self.allows(old, new):
            return None
        return _("%(what)s met de status %(old)s kan niet de status %(new)s krijgen.") % {
            "what": self.what,
            "old": self.choices(old).label,
            "new": self.choices(new).label,
        }

    def move(self, obj, new, *, save=True):
        """Move ``obj`` to the status ``new``, or raise RuleError (nothing
        stored) when the table does not allow it. With ``save`` only the
        status is saved; without, the caller saves ``obj`` in its
        transaction (a rule that changes more fields at once)."""
        refusal = self.refusal(obj, new)
        if refusal:
            raise RuleError(refusal)
        setattr(obj, self.field, new)
        if save:
            obj.save(update_fields=[self.field])
        return obj
