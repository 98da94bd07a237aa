# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What waits for the responsible linking pin in the work with the family
(``core.workqueue``; added to ``casework.workqueue.work_items``):

* reviews due within two weeks or overdue (``casework.rules.reviews``),
  listed on ``casework:reviews_due``;
* registrations in the Verwijsindex lapsing within four weeks or lapsed
  (``casework.rules.referral_index``), listed on
  ``casework:referral_index_due``.

Both count the rows of the lists they link to, from the same functions
and the same scope (``change``: the user's own families), in a fixed
number of queries."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Enrolment, ReferralIndexEntry
from buitenshuis.casework.rules import referral_index, reviews
from buitenshuis.core.workqueue import WorkItem

# The lists take ?voor=mij: the rows the user acts on, as the work queue
# counts them (a coordinator reading the programme's lists sees more).
MINE = "mij"


def waiting_reviews(user, action="change", today=None):
    """The due and overdue moments of the running enrolments ``user`` may
    do ``action`` on (Data.GOALS)."""
    enrolments = policy.scope(user, action, Data.GOALS, Enrolment.objects.all())
    return reviews.due_moments(enrolments, today)


def index_reminders(user, action="change", today=None):
    """The Verwijsindex registrations to remind ``user`` of."""
    entries = policy.scope(user, action, Data.INTAKE, ReferralIndexEntry.objects.all())
    return referral_index.reminders(entries, today)


def review_items(user):
    if not policy.can(user, "change", Data.GOALS):
        return []
    today = timezone.localdate()
    moments = waiting_reviews(user, today=today)
    return [
        WorkItem(
            key="casework.reviews_due",
            label=_("Evaluaties die binnenkort of te laat zijn"),
            count=len(moments),
            overdue=sum(1 for moment in moments if moment.state == reviews.State.OVERDUE),
            url=f"{reverse('casework:reviews_due')}?voor={MINE}",
            order=80,
        )
    ]


def referral_index_items(user):
    if not policy.can(user, "change", Data.INTAKE):
        return []
    return [
        WorkItem(
            key="casework.referral_index_due",
            label=_("Registraties in de Verwijsindex die aflopen"),
            count=index_reminders(user).count(),
            url=f"{reverse('casework:referral_index_due')}?voor={MINE}",
            order=85,
        )
    ]


def work_items(user):
    return [*review_items(user), *referral_index_items(user)]
