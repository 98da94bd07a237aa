# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Which programmes' training records a user may read or change: the
training pages choose among them, and the start page links to the
training overview only when there is one."""

from buitenshuis.access import policy
from buitenshuis.access.policy import Data, Scope
from buitenshuis.organisations.models import Programme


def programmes_for(user, action):
    """The programmes whose training records ``user`` may do ``action`` on,
    by name: from memberships whose role the policy grants that for the
    programme (or, for the whole installation, every programme)."""
    ids, everything = set(), False
    for membership in policy.memberships(user):
        granted = policy.POLICY.get(membership.role, {}).get(Data.LOCATIONS, {}).get(action)
        if granted == Scope.PROGRAMME and membership.programme_id:
            ids.add(membership.programme_id)
        elif granted == Scope.ALL:
            everything = True
    programmes = Programme.objects.all() if everything else Programme.objects.filter(pk__in=ids)
    return list(programmes.order_by("name"))
