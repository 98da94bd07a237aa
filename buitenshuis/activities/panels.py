# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The activity's panels on the case hub (``casework.panels``): the
children's placements (provisional ones marked) with the actions that
place a child and record the first day of the activity, and the signals
from the locations about the family's children."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.activities import rules
from buitenshuis.activities.models import Placement, Signal
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.casework.panels import ORDER, Panel, hub_url, register
from buitenshuis.casework.rules import display_name
from buitenshuis.referrals.panels import hub_referral


def place_buttons(hub, placed=()):
    """One "Kind plaatsen" link per child ("Nog een activiteit" for a child
    in ``placed``), for who may place a child of this enrolment now
    (``rules.placing_refusal``): after the acceptance, or provisionally
    before the decision."""
    enrolment = hub.enrolment
    if not hub.can("change", Data.PLACEMENT) or rules.placing_refusal(enrolment) is not None:
        return []
    if enrolment.status == Enrolment.Status.ACTIVE:
        first, another = _("Kind plaatsen: %(name)s"), _("Nog een activiteit: %(name)s")
    else:
        first = another = _("Kind voorlopig plaatsen: %(name)s")
    return [
        (
            reverse("activities:placement_suggest", args=[enrolment.pk, child.pk]),
            (another if child.pk in placed else first) % {"name": child.first_name},
        )
        for child in hub.children
    ]


def first_day_action(hub):
    """The link that records (or corrects) the first day of the activity,
    when its rule allows it for this user (``rules.first_day_refusal``)."""
    hub_referral(hub)  # the enrolment's referral, fetched once for the page
    if rules.first_day_refusal(hub.user, hub.enrolment) is not None:
        return None
    return reverse("activities:activity_start", args=[hub.enrolment.pk])


def _by_child(placement):
    """The children by date of birth (unknown last), each child's
    placements by start."""
    born = placement.child.date_of_birth
    return (born is None, born or datetime.date.min, placement.child_id)


def placements_context(hub):
    enrolment = hub.enrolment
    if enrolment is None:
        return None
    placements = list(
        policy.scope_in_family(hub.user, "view", Data.PLACEMENT, Placement.objects, hub.family)
        .select_related("location__organisation", "readiness_override_by")
        .order_by()
    )
    # By start (then pk), sorted here: cheaper than in SQL. _by_child keeps
    # this order within a child (the sort is stable).
    placements.sort(key=lambda placement: (placement.start_date, placement.pk))
    # The children are the family's members, fetched once for the page.
    children = {member.pk: member for member in hub.members}
    missing = {placement.child_id for placement in placements} - children.keys()
    if missing:  # not a member of this family (never expected): ask
        children.update(Person.objects.in_bulk(missing))
    for placement in placements:
        placement.child = children[placement.child_id]
    placements.sort(key=_by_child)
    # The signals panel shows these placements' children and locations.
    hub.shared["placements"] = {placement.pk: placement for placement in placements}
    rows = [
        {"placement": placement, "days": rules.days_label(placement.days)}
        for placement in placements
    ]
    return {
        "rows": rows,
        "first_activity_date": enrolment.first_activity_date,
        "first_day_url": first_day_action(hub),
        # A child placed already may get another activity (a sports club
        # beside the after-school care).
        "buttons": place_buttons(
            hub,
            placed={row["placement"].child_id for row in rows if row["placement"].ended_at is None},
        ),
    }


def signals_context(hub):
    """The signals about the family's children that the user may read. The
    hub has checked the family already, so the signals are scoped by the
    policy directly (the inbox, ``queries.inbox_signals``, first finds the
    families a user may see); who may mark them read is the inbox's rule:
    the responsible linking pin, who may change signals and the family."""
    if hub.enrolment is None:
        return None
    signals = list(
        policy.scope_in_family(hub.user, "view", Data.SIGNALS, Signal.objects, hub.family)
        .select_related("created_by", "acknowledged_by", "follow_up_contact", "follow_up_goal")
        .order_by()
    )
    # Unread first, each newest first: the order of the inbox, sorted here
    # (a family has a handful of signals; the SQL costs more to compile).
    signals.sort(key=lambda signal: (signal.created, signal.pk), reverse=True)
    signals.sort(key=lambda signal: signal.acknowledged_at is not None)
    # Each signal's placement (child, location) as the placements panel
    # loaded it; those it did not (the user may not see placements) at once.
    placements = dict(hub.shared.get("placements", {}))
    missing = {signal.placement_id for signal in signals} - placements.keys()
    if missing:
        placements.update(
            Placement.objects.select_related("child", "location__organisation").in_bulk(missing)
        )
    for signal in signals:
        signal.placement = placements[signal.placement_id]
    may_acknowledge = hub.can("change", Data.SIGNALS) and hub.can("change", Data.FAMILY_IDENTITY)
    return {
        "rows": [
            {
                "signal": signal,
                "reported_by": display_name(signal.created_by),
                "may_acknowledge": may_acknowledge,
                "may_follow_up": may_acknowledge and signal.followed_up_at is None,
            }
            for signal in signals
        ],
        "unread": sum(1 for signal in signals if signal.acknowledged_at is None),
        "back_to_signals": hub_url(hub.family.pk, "signals"),
    }


def register_panels():
    register(
        Panel(
            key="placements",
            title=gettext_lazy("Plaatsingen"),
            order=ORDER["placements"],
            data=Data.PLACEMENT,
            context=placements_context,
            template="activities/panels/placements.html",
            log_name=gettext_lazy("plaatsingen"),
        )
    )
    register(
        Panel(
            key="signals",
            title=gettext_lazy("Signalen van de opvanglocaties"),
            order=ORDER["signals"],
            data=Data.SIGNALS,
            context=signals_context,
            template="activities/panels/signals.html",
            log_name=gettext_lazy("signalen"),
        )
    )
