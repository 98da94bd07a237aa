# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Links ask the page they lead to (``access.gates``): the menu, the start
page's links and cards, and the work queue show a page exactly when the
page's own gate would let the user in."""

import pytest
from django.urls import reverse

from buitenshuis.access import gates
from buitenshuis.access.tests.test_url_matrix import ROLES
from buitenshuis.core import workqueue
from buitenshuis.core.workqueue import WorkItem

PAGES = [
    "casework:family_list",
    "referrals:list",
    "referrals:mine",
    "referrals:tasks",
    "referrals:duplicates",
    "activities:my_children",
    "activities:signal_inbox",
    "activities:location_list",
    "training:mine",
    "programmes:settings",
    "access:family_log",
]


@pytest.mark.parametrize("role", ROLES)
def test_a_link_is_offered_exactly_when_the_page_opens(role, world, client, sign_in):
    user = world.users[role]
    sign_in(user)
    for name in PAGES:
        offered = gates.may_open(user, name) is not None
        status = client.get(reverse(name)).status_code
        assert offered == (status == 200), (name, status)


def test_a_work_item_leading_to_a_page_the_user_may_not_open_is_not_shown(
    world, client, sign_in, monkeypatch
):
    """A provider that (wrongly) offers the referrer a list they may not
    open: the start page leaves the item out instead of leading to a 403."""

    def wrong_provider(user):
        return [
            WorkItem(key="test.wrong", label="Verzonnen", count=3, url=reverse("referrals:list")),
            WorkItem(key="test.right", label="Verzonnen", count=2, url=reverse("referrals:mine")),
        ]

    monkeypatch.setattr(workqueue, "providers", lambda: (wrong_provider,))
    sign_in(world.users["referrer"])
    keys = {item.key for item in client.get(reverse("portal:start")).context["work_items"]}
    assert keys == {"test.right"}


def test_a_url_outside_the_site_is_not_offered(world):
    assert not gates.may_open_url(world.users["coordinator"], "/bestaat-niet/")


def test_the_administrators_approval_item_leads_into_the_admin_site(world, client, sign_in):
    """The admin site is not one of our views: its own gate (registered by
    accounts) decides, and the start page shows the item instead of
    failing."""
    from buitenshuis.organisations.models import Approval, Role
    from buitenshuis.organisations.tests.factories import MembershipFactory

    MembershipFactory(
        user=world.users["referrer"],
        role=Role.COORDINATOR,
        programme=world.other_programme,
        approval=Approval.PENDING,
        requested_by=world.plain_admin,
    )
    sign_in(world.users["administrator"])
    response = client.get(reverse("portal:start"))
    assert response.status_code == 200
    [item] = [i for i in response.context["work_items"] if i.key == "accounts.membership_approval"]
    assert client.get(item.url).status_code == 200
    assert gates.may_open(world.users["administrator"], "admin:index")
    assert not gates.may_open(world.users["coordinator"], "admin:index")
