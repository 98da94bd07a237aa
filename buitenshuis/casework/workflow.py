# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The enrolment's statuses and how it may move between them: the one
table of allowed transitions, enforced by ``move`` (``core.workflow``).

An enrolment is created "aangemeld" with its referral. The intake moves it
to "in intake"; the decision to "lopend" (accepted) or "afgewezen"; the
referrer or linking pin may withdraw it while it is undecided. The linking
pin closes a running enrolment after its two years, or earlier with a
reason (``casework.rules.closure``). Ended enrolments never move again; a
continuation is a new enrolment."""

from django.utils.translation import gettext_lazy as _

from buitenshuis.casework.models import Enrolment
from buitenshuis.core.workflow import Workflow

Status = Enrolment.Status

TRANSITIONS = {
    # referrals.rules.record_intake, decide (reject), withdraw
    Status.REFERRED: {Status.INTAKE, Status.REJECTED, Status.WITHDRAWN},
    # referrals.rules.decide (accept, reject), withdraw
    Status.INTAKE: {Status.ACTIVE, Status.REJECTED, Status.WITHDRAWN},
    # casework.rules.closure.close_enrolment
    Status.ACTIVE: {Status.CLOSED},
    Status.CLOSED: set(),
    Status.REJECTED: set(),
    Status.WITHDRAWN: set(),
}

ENROLMENT = Workflow(Status, TRANSITIONS, what=_("Een traject"))


def move(enrolment, status, *, save=True):
    """Move ``enrolment`` to ``status`` when the table allows it, else
    raise RuleError; see ``core.workflow.Workflow.move``."""
    return ENROLMENT.move(enrolment, status, save=save)
