# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The budget's work-queue items (``programmes.workqueue``) for the
coordinator and the policy officer: the budget of this year at 80% or more committed
(``programmes.budget``; a policy officer of one municipality of a regional
programme, their municipality's share)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.access.policy import Data
from buitenshuis.core.workqueue import WorkItem
from buitenshuis.programmes import budget
from buitenshuis.programmes.queries import municipality_of, programmes_for


def budget_levels(user, today):
    """{programme: "warning" | "full"} for the programmes whose budget of
    ``today``'s year has 80% or more committed, as the user sees it."""
    found = {}
    for programme in programmes_for(user, "view", Data.BUDGET):
        plan = budget.budget_for(programme.pk, today.year)
        if plan is None:
            continue
        where = municipality_of(user, programme)
        split = bool(plan.shares.all())
        statement = budget.committed(plan, programme.pk, *budget.year_bounds(today.year))
        part = (
            statement.municipalities.get(where, budget.Committed())
            if split and where is not None
            else statement.programme
        )
        level = budget.level(part.total, budget.limit_of(plan, where if split else None)[0])
        if level is not None:
            found[programme] = level
    return found


LABELS = {
    "warning": _("Budget van dit jaar voor 80% of meer vastgelegd"),
    "full": _("Budget van dit jaar op: 100% vastgelegd"),
}


def budget_items(user, today=None):
    """One item for the programmes at 80% to 100% and one for those at 100%
    or more, each linking to the budget page of the first of them."""
    today = today or timezone.localdate()
    levels = budget_levels(user, today)
    items = []
    for level, order in (("full", 78), ("warning", 79)):
        programmes = [programme for programme, found in levels.items() if found == level]
        if not programmes:
            continue
        first = programmes[0]
        items.append(
            WorkItem(
                key=f"programmes.budget_{level}",
                label=str(LABELS[level]),
                count=len(programmes),
                url=f"{reverse('programmes:budget')}?programme={first.pk}&jaar={today.year}",
                order=order,
            )
        )
    return items
