# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Which placements and signals a user may see, as querysets: the location
staff's children (placed now and arriving) and the linking pin's signal
inbox. The pages list them (``activities/views/children.py`` and
``signals.py``), and the start page and the work queue count with the very
same ones, so a count never includes a row the page would not show. Every
row comes from the access policy's scope."""

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.activities.models import Placement, Signal
from buitenshuis.casework.models import Family, Person
from buitenshuis.organisations.models import Role


def staff_location_ids(user):
    """The locations where ``user`` works as location staff (current
    memberships only)."""
    return {
        location.pk
        for membership in policy.memberships(user)
        if membership.role == Role.LOCATION_STAFF
        for location in membership.locations.all()
    }


def staff_placements(user):
    """The current placements at the user's own location(s) of the children
    the policy lets them see (Data.PLACED_CHILD, scope LOCATION). Only the
    placement at their own location: where else a child goes is not theirs
    to know."""
    children = policy.scope(
        user, "view", Data.PLACED_CHILD, Person.objects.filter(kind=Person.Kind.CHILD)
    )
    placements = policy.scope(user, "view", Data.PLACEMENT, Placement.objects.current())
    return placements.filter(
        child__in=children.values("pk"), location_id__in=staff_location_ids(user)
    )


def arriving_placements(user):
    """The placements at the user's own location(s) starting within the
    next two weeks (``Placement.objects.arriving``), of children the policy
    lets them see: the same minimal data as for children placed now."""
    children = policy.scope(
        user, "view", Data.PLACED_CHILD, Person.objects.filter(kind=Person.Kind.CHILD)
    )
    placements = policy.scope(user, "view", Data.PLACEMENT, Placement.objects.arriving())
    return placements.filter(
        child__in=children.values("pk"), location_id__in=staff_location_ids(user)
    )


def arriving_children_count(user):
    return arriving_placements(user).values("child_id").distinct().count()


def about_visible_families(user):
    """Signals about the families the user may see (before the policy's
    scope of signals, which the inbox applies)."""
    families = policy.scope(user, "view", Data.FAMILY_IDENTITY, Family.objects.all())
    return Signal.objects.filter(placement__enrolment__family__in=families.values("pk"))


def inbox_signals(user):
    """Signals the user may read about families they may see: the linking
    pin their own families, the coordinator the programme's. A member of
    the location staff reads only their own signals, on the child's page,
    so their signals about other families never show here. The inbox
    (``SignalInboxView``) lists exactly these."""
    return policy.scope(user, "view", Data.SIGNALS, about_visible_families(user))


def acknowledgeable_signals(user):
    """Signals the user may mark read: about their own families, as the
    responsible linking pin (ACCESS.md: "R own, acknowledge")."""
    families = policy.scope(user, "change", Data.FAMILY_IDENTITY, Family.objects.all())
    return policy.scope(
        user,
        "change",
        Data.SIGNALS,
        Signal.objects.filter(placement__enrolment__family__in=families.values("pk")),
    )


def unread_count(user):
    return inbox_signals(user).filter(acknowledged_at__isnull=True).count()


def placed_children_count(user):
    return staff_placements(user).values("child_id").distinct().count()
