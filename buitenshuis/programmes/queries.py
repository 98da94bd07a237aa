# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Which programmes a user works on for a kind of data, and which
municipality of a regional programme a policy officer speaks for."""

from buitenshuis.access import policy
from buitenshuis.access.policy import Scope
from buitenshuis.organisations.models import Programme, Role


def programmes_with(user, data, action):
    """The programmes (by name) whose ``data`` the policy lets ``user`` do
    ``action`` on with a programme's scope: from the memberships whose role
    grants it."""
    ids = {
        membership.programme_id
        for membership in policy.memberships(user)
        if membership.programme_id
        and policy.POLICY.get(membership.role, {}).get(data, {}).get(action) == Scope.PROGRAMME
    }
    return list(Programme.objects.filter(pk__in=ids).order_by("name"))


def municipality_of(user, programme):
    """The municipality whose share of a regional programme ``user`` sees:
    a policy officer of one of the programme's municipalities (through
    their organisation) sees that municipality's share and figures; anyone
    else (the coordinator, a policy officer of the region) None: the whole
    programme."""
    municipalities = set(programme.municipalities.values_list("pk", flat=True))
    if len(municipalities) < 2:
        return None
    found = None
    for membership in policy.memberships(user):
        if membership.programme_id != programme.pk:
            continue
        if membership.role != Role.POLICY_OFFICER:
            return None
        municipality_id = membership.organisation.municipality_id
        if municipality_id not in municipalities:
            return None
        if found not in (None, municipality_id):
            return None
        found = municipality_id
    return found
