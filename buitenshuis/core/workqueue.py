# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What waits for whom: one mechanism for every role's work queue.

Each app that hands work to someone has a module ``<app>/workqueue.py``
with a function ``work_items(user)`` that returns a list of ``WorkItem``:
what waits for this user, counted from the rows the access policy lets
them open. The start page (``portal``) collects the items of every
installed app with ``collect(user)``; no app imports the portal.

Adding an item: write (or extend) ``work_items`` in the app that owns the
data, count with ``access.policy.scope`` so the count never includes rows
the user may not open, and link to the page where the work is done (a list
filtered to exactly the rows counted). Keep the number of queries fixed:
never one query per row, so the start page does not slow down as the
country's number of families grows. When something starts waiting for
someone, call ``core.notify.something_waits`` (on commit) so they get the
content-free e-mail. See docs/architecture.md, "Adding a work-queue item".
"""

import functools
import importlib
from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class WorkItem:
    """One kind of work waiting for a user.

    ``key``: stable identifier (tests, CSS), e.g. ``"referrals.unassigned"``.
    ``label``: Dutch text (translated) naming the kind of work, without
    personal data. ``count``: how many. ``url``: the list where it is done.
    ``overdue``: how many of them are past the programme's norm.
    ``order``: position on the page (lower first)."""

    key: str
    label: str
    count: int
    url: str
    overdue: int = 0
    order: int = 100


@functools.cache
def providers():
    """The ``work_items`` functions of the installed apps, found once (in
    the order of INSTALLED_APPS). ``providers.cache_clear()`` forgets them."""
    found = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.workqueue")
        except ModuleNotFoundError as error:
            # Only a missing workqueue module is normal; a broken import
            # inside one must fail loudly.
            if error.name != f"{config.name}.workqueue":
                raise
            continue
        function = getattr(module, "work_items", None)
        if callable(function):
            found.append(function)
    return tuple(found)


def collect(user):
    """Every work item for ``user`` with something in it, in page order.
    An anonymous or disabled user has nothing waiting."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    items = []
    for provider in providers():
        items.extend(item for item in provider(user) or () if item.count > 0)
    return sorted(items, key=lambda item: (item.order, item.key))
