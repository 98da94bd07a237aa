# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The work-queue mechanism: each installed app's ``workqueue.work_items``
is found, empty items are left out, items come in page order, and nobody
who is not signed in (or is disabled) has anything waiting."""

import pytest
from django.contrib.auth.models import AnonymousUser

from buitenshuis.core import workqueue
from buitenshuis.core.workqueue import WorkItem


def test_the_apps_providers_are_found():
    from buitenshuis.activities import workqueue as activities
    from buitenshuis.referrals import workqueue as referrals

    found = workqueue.providers()
    assert referrals.work_items in found
    assert activities.work_items in found
    # Apps without a workqueue module (casework, audit...) add nothing.
    assert all(p.__module__.endswith(".workqueue") for p in found)


@pytest.fixture
def fake_providers(monkeypatch):
    def install(*functions):
        monkeypatch.setattr(workqueue, "providers", lambda: tuple(functions))

    return install


def test_collect_leaves_out_empty_items_and_sorts_by_order(world, fake_providers):
    def first(user):
        return [
            WorkItem("b.later", "Later", 2, "/b/", order=50),
            WorkItem("b.nothing", "Niets", 0, "/n/", order=1),
        ]

    def second(user):
        return [WorkItem("a.sooner", "Eerder", 1, "/a/", overdue=1, order=10)]

    fake_providers(first, second, lambda user: None)
    items = workqueue.collect(world.users["coordinator"])
    assert [item.key for item in items] == ["a.sooner", "b.later"]
    assert items[0].overdue == 1


def test_nothing_waits_for_an_anonymous_or_disabled_user(world, fake_providers):
    fake_providers(lambda user: [WorkItem("x.y", "X", 3, "/x/")])
    assert workqueue.collect(AnonymousUser()) == []
    disabled = world.users["coordinator"]
    disabled.is_active = False
    assert workqueue.collect(disabled) == []


def test_a_user_without_roles_has_nothing_waiting(db):
    from buitenshuis.accounts.tests.factories import UserFactory

    assert workqueue.collect(UserFactory()) == []
