"""What waits for location staff (issue 7): the children arriving at their
location within two weeks. Counted from the access policy's scope (the
same queryset the "Kinderen op mijn locatie" page lists), so the count
never includes a child the user may not see. See ``core.workqueue``."""

from django.urls import reverse
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.core.workqueue import WorkItem


def arriving_items(user):
    """ "Kinderen die binnenkort komen" for location staff, or nothing."""
    if not policy.can(user, "view", Data.PLACED_CHILD):
        return []
    from buitenshuis.activities.views.staff import arriving_children_count

    return [
        WorkItem(
            key="activities.arriving",
            label=_("Kinderen die binnenkort komen"),
            count=arriving_children_count(user),
            url=reverse("activities:my_children") + "#arriving",
            order=60,
        )
    ]


def work_items(user):
    return [*arriving_items(user)]
