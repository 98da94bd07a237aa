# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What waits for whom in the activities (``core.workqueue``).

* linking pin: unread signals from the locations about their own families
  (``signal_items``), counted from the signals they may mark read, which
  their inbox lists.
* location staff: the children arriving at their location within two weeks
  (``arriving_items``), counted from the access policy's scope (the same
  queryset the "Kinderen op mijn locatie" page lists), so the count never
  includes a child the user may not see.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from buitenshuis.access import gates, policy
from buitenshuis.access.policy import Data
from buitenshuis.activities import queries
from buitenshuis.core.workqueue import WorkItem


def arriving_items(user):
    """ "Kinderen die binnenkort komen" for location staff, or nothing."""
    if not policy.can(user, "view", Data.PLACED_CHILD):
        return []
    return [
        WorkItem(
            key="activities.arriving",
            label=_("Kinderen die binnenkort komen"),
            count=queries.arriving_children_count(user),
            url=reverse("activities:my_children") + "#arriving",
            order=60,
        )
    ]


def signal_items(user):
    """Unread signals the user, as responsible linking pin, acknowledges.
    The coordinator reads the programme's signals but nothing waits for
    them there."""
    if not (
        policy.can(user, "change", Data.SIGNALS) and gates.may_open(user, "activities:signal_inbox")
    ):
        return []
    unread = queries.acknowledgeable_signals(user).filter(acknowledged_at__isnull=True)
    return [
        WorkItem(
            key="activities.unread_signals",
            label=_("Ongelezen signalen van de opvanglocaties"),
            count=unread.count(),
            url=reverse("activities:signal_inbox"),
            order=70,
        )
    ]


def work_items(user):
    return [*arriving_items(user), *signal_items(user)]
