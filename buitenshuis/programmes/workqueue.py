# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What waits for whom in setting up a programme (``core.workqueue``).

* the organiser of a programme meeting: "Overleg voorbereiden" from two
  weeks before it (``rules.meetings_to_prepare``), linking to the meeting
  (or, for several, to the meetings list filtered to them);
* the owner of a set-up task: the open tasks past their date
  (``rules.overdue_tasks``), linking to the checklist filtered to their
  own open tasks;
* the coordinator and the policy officer: the budget of this year at 80% or
  100% committed (``workqueue_budget``).

Both count in the database within the access policy's scope: two queries
at most, whatever the number of programmes."""

from django.urls import reverse
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.core.workqueue import WorkItem
from buitenshuis.programmes import rules
from buitenshuis.programmes.workqueue_budget import budget_items

PREPARE = "voorbereiden"
MINE = "mijn"


def meeting_items(user):
    if not policy.can(user, "view", Data.PROGRAMME):
        return []
    meetings = list(rules.meetings_to_prepare(user)[:2])
    if not meetings:
        return []
    if len(meetings) == 1:
        url = reverse("programmes:meeting_detail", args=[meetings[0].pk])
        count = 1
    else:
        url = reverse("programmes:meeting_list") + f"?toon={PREPARE}"
        count = rules.meetings_to_prepare(user).count()
    return [
        WorkItem(
            key="programmes.prepare_meeting",
            label=_("Overleg voorbereiden"),
            count=count,
            url=url,
            order=80,
        )
    ]


def task_items(user):
    if not policy.can(user, "change", Data.PROGRAMME):
        return []
    overdue = rules.overdue_tasks(user)
    first = overdue.order_by("due_date", "pk").values_list("programme_id", flat=True).first()
    if first is None:
        return []
    # The checklist is one programme's: the item counts the tasks of the
    # programme it links to (the one with the oldest overdue task).
    count = overdue.filter(programme_id=first).count()
    return [
        WorkItem(
            key="programmes.overdue_tasks",
            label=_("Taken voor de opzet van het programma over de datum"),
            count=count,
            url=reverse("programmes:setup") + f"?programme={first}&toon={MINE}",
            overdue=count,
            order=85,
        )
    ]


def work_items(user):
    return [*meeting_items(user), *task_items(user), *budget_items(user)]
