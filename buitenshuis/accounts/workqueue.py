# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What waits for a functional administrator: memberships that another
administrator requested and that wait for a second approval."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from buitenshuis.accounts.rules import pending_for
from buitenshuis.core.workqueue import WorkItem
from buitenshuis.organisations.models import Approval


def work_items(user):
    count = pending_for(user).count()
    if not count:
        return []
    url = reverse("admin:organisations_membership_changelist")
    return [
        WorkItem(
            key="accounts.membership_approval",
            label=_("Lidmaatschappen die op uw goedkeuring wachten"),
            count=count,
            url=f"{url}?{urlencode({'approval__exact': Approval.PENDING})}",
            order=90,
        )
    ]
