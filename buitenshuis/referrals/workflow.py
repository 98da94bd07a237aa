# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The referral's statuses and how it may move between them: the one
table of allowed transitions, enforced by ``move`` (``core.workflow``).

A referral is received; recording the intake moves it to "in intake". It
is accepted after the intake (and every consent), rejected with a reason
at any time before a decision, or withdrawn while open. A decided or
withdrawn referral never moves again. The family's enrolment moves
alongside (``casework.workflow``)."""

from django.utils.translation import gettext_lazy as _

from buitenshuis.core.workflow import Workflow
from buitenshuis.referrals.models import Referral

Status = Referral.Status

TRANSITIONS = {
    # rules.record_intake, decide (reject), withdraw
    Status.RECEIVED: {Status.INTAKE, Status.REJECTED, Status.WITHDRAWN},
    # rules.decide (accept, reject), withdraw
    Status.INTAKE: {Status.ACCEPTED, Status.REJECTED, Status.WITHDRAWN},
    Status.ACCEPTED: set(),
    Status.REJECTED: set(),
    Status.WITHDRAWN: set(),
}

REFERRAL = Workflow(Status, TRANSITIONS, what=_("Een aanmelding"))


def move(referral, status, *, save=True):
    """Move ``referral`` to ``status`` when the table allows it, else raise
    RuleError; see ``core.workflow.Workflow.move``."""
    return REFERRAL.move(referral, status, save=save)
