# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Which programmes a user may read or change (``Data.PROGRAMME``: the
settings, the set-up checklist, the partners and the meetings), and who in
a programme may own a task or organise a meeting, and which municipality
of a regional programme a policy officer speaks for (the budget). The pages
about one programme choose among the first (``?programme=<id>``)."""

from django.contrib.auth import get_user_model

from buitenshuis.access import policy, programme_choice
from buitenshuis.access.policy import Data, Scope
from buitenshuis.organisations.models import Membership, Role


def programmes_for(user, action, data=Data.PROGRAMME):
    """The programmes whose ``data`` ``user`` may do ``action`` on, by
    name (``access.programme_choice.programmes_for``)."""
    return programme_choice.programmes_for(user, action, data)


def roles_granted(action, data=Data.PROGRAMME):
    """The roles whose members the policy grants ``action`` on ``data`` of
    their own programme."""
    return sorted(
        role
        for role, rules in policy.POLICY.items()
        if rules.get(Data(data), {}).get(action) == Scope.PROGRAMME
    )


def members(programme, action):
    """The users with a current membership of ``programme`` in a role that
    may do ``action`` on its ``Data.PROGRAMME``, by name: who may own a
    set-up task (change) or organise and attend a meeting (view)."""
    user_ids = Membership.objects.current().filter(
        programme=programme, role__in=roles_granted(action)
    )
    return (
        get_user_model()
        .objects.filter(pk__in=user_ids.values("user_id"))
        .order_by("last_name", "first_name", "username")
    )


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
