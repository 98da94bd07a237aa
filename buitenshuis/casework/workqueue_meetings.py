# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The work queue's item of agreements (``casework.workqueue``): the open
agreements that fall to the linking pin of their own families and are due
within a week or overdue (``rules.meetings.due_for_linking_pin``), linked
to the agreement list, which shows exactly these rows."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.rules import meetings
from buitenshuis.core.workqueue import WorkItem


def agreement_items(user, today=None):
    """ "Afspraken voor u": due within a week or overdue. Two counts."""
    # Who may change agreements (Data.GOALS) is the responsible linking pin.
    if not policy.can(user, "change", Data.GOALS):
        return []
    today = today or timezone.localdate()
    due = policy.scope(user, "change", Data.GOALS, meetings.due_for_linking_pin(today=today))
    return [
        WorkItem(
            key="casework.agreements_due",
            label=_("Afspraken voor u, binnen een week of te laat"),
            count=due.count(),
            url=reverse("casework:agreement_list"),
            overdue=due.filter(due_date__lt=today).count(),
            order=80,
        )
    ]
