# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What waits for whom in the casework (``core.workqueue``).

* linking pin: the families they stand in for now (a handover by the
  responsible linking pin or the coordinator), listed among their own
  families for the period of the handover;
* linking pin: the families handed to them for good in the last two weeks
  (``transferred_items``; ``rules.transfer``), linking to "Mijn gezinnen"
  filtered on that warning;
* linking pin: open agreements that fall to them, due within a week or
  overdue (``workqueue_meetings``).
* linking pin: their running families without contact in four weeks
  (``no_contact_items``), linking to "Mijn gezinnen" filtered on that
  warning, which lists exactly the families counted.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from buitenshuis.access import gates, policy
from buitenshuis.access.policy import Data
from buitenshuis.casework import caseload, workqueue_goals
from buitenshuis.casework.models import Handover
from buitenshuis.casework.workqueue_meetings import agreement_items
from buitenshuis.core.workqueue import WorkItem


def stand_in_items(user, now=None):
    """ "Gezinnen waarvoor u waarneemt": current handovers to the user."""
    if not policy.can(user, "view", Data.FAMILY_IDENTITY):
        return []
    current = Handover.objects.current(now).filter(to_user=user)
    return [
        WorkItem(
            key="casework.stand_in",
            label=_("Gezinnen waarvoor u waarneemt"),
            count=current.values("enrolment__family_id").distinct().count(),
            url=reverse("casework:family_list"),
            order=55,
        )
    ]


def no_contact_items(user, today=None):
    """ "Gezinnen zonder contact in vier weken": the user's own running
    enrolments whose last contact with the family (the one definition,
    ``rules.contacts``) is four weeks or more ago."""
    url = gates.may_open(user, "casework:caseload")
    if not url:
        return []
    return [
        WorkItem(
            key="casework.no_contact",
            label=_("Gezinnen zonder contact in vier weken"),
            count=caseload.without_contact_count(user, today),
            url=url + "?" + urlencode({"waarschuwing": caseload.NO_CONTACT.key}),
            order=75,
        )
    ]


def transferred_items(user, today=None):
    """ "Gezinnen die onlangs aan u zijn overgedragen": families handed to
    the user for good (``rules.transfer``) in the last two weeks."""
    url = gates.may_open(user, "casework:caseload")
    if not url:
        return []
    return [
        WorkItem(
            key="casework.transferred",
            label=_("Gezinnen die onlangs aan u zijn overgedragen"),
            count=caseload.transferred_count(user, today),
            url=url + "?" + urlencode({"waarschuwing": caseload.TRANSFERRED.key}),
            order=56,
        )
    ]


def work_items(user):
    return [
        *stand_in_items(user),
        *transferred_items(user),
        *no_contact_items(user),
        *agreement_items(user),
        *workqueue_goals.work_items(user),
    ]
