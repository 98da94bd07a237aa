# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What waits for whom in monitoring (``core.workqueue``).

* linking pin: "Vragenlijsten af te nemen": the questionnaires of their own
  running families whose moment is due now (the start within six weeks of
  the enrolment's start; 12 and 24 months, one month either side), not
  answered and without a link out (``questionnaires.waiting``);
* linking pin: "Links naar een vragenlijst zonder antwoord": links made
  two weeks ago or more and not used.

Both link to ``monitoring:questionnaire_due`` filtered to exactly the rows
counted, from the same function and scope, in a fixed number of queries."""

from django.urls import reverse
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.core.workqueue import WorkItem
from buitenshuis.monitoring import questionnaires
from buitenshuis.monitoring.views_questionnaires import QuestionnaireDueView


def questionnaire_items(user):
    if not policy.can(user, "change", Data.QUESTIONNAIRES):
        return []
    due, unanswered = questionnaires.waiting(user)
    url = reverse("monitoring:questionnaire_due")
    return [
        WorkItem(
            key="monitoring.questionnaires_due",
            label=_("Vragenlijsten af te nemen"),
            count=len(due),
            url=f"{url}?wacht={QuestionnaireDueView.DUE}",
            order=90,
        ),
        WorkItem(
            key="monitoring.questionnaires_unanswered",
            label=_("Links naar een vragenlijst zonder antwoord"),
            count=len(unanswered),
            url=f"{url}?wacht={QuestionnaireDueView.UNANSWERED}",
            order=92,
        ),
    ]


def work_items(user):
    return [*questionnaire_items(user)]
