# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The case hub's panels of the work with the family (``casework.panels``
says how panels work): the Verwijsindex, goals, support for the parents,
reviews and the safety plan. Each is scoped with
``policy.scope_in_family`` and costs one or two queries, whatever the
family's size. The safety plan is ``Data.CONTACT_NOTES``: the coordinator
and the policy officer get no panel, so not even that there is one."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import (
    Enrolment,
    Goal,
    ReferralIndexEntry,
    Review,
    SafetyPlan,
    SupportAction,
)
from buitenshuis.casework.panels import ORDER, Panel, register
from buitenshuis.casework.rules import goals as goal_rules
from buitenshuis.casework.rules import referral_index
from buitenshuis.casework.rules import reviews as review_rules

# An enrolment still undecided (or refused) has no goals, reviews or plan.
WORKING_STATUSES = (Enrolment.Status.INTAKE, Enrolment.Status.ACTIVE, Enrolment.Status.CLOSED)


def _working(hub):
    return hub.enrolment is not None and hub.enrolment.status in WORKING_STATUSES


def _may_write(hub, data=Data.GOALS):
    return hub.can("change", data) and goal_rules.goal_refusal(hub.enrolment) is None


def _members(hub):
    return {member.pk: member for member in hub.members}


def goals_context(hub):
    if not _working(hub):
        return None
    members = _members(hub)
    rows = list(
        policy.scope_in_family(hub.user, "view", Data.GOALS, Goal.objects, hub.family)
        .filter(enrolment=hub.enrolment)
        .order_by("pk")
    )
    for goal in rows:
        goal.for_whom = members.get(goal.person_id)
    pk = hub.family.pk
    return {
        "goals": rows,
        "family_pk": pk,
        "add_url": reverse("casework:goal_create", args=[pk]) if _may_write(hub) else None,
    }


def support_context(hub):
    if not _working(hub):
        return None
    members = _members(hub)
    rows = list(
        policy.scope_in_family(
            hub.user, "view", Data.GOALS, SupportAction.objects, hub.family
        ).filter(enrolment=hub.enrolment)
    )
    for action in rows:
        action.for_whom = members.get(action.parent_id)
    may_write = _may_write(hub)
    return {
        "actions": rows,
        "family_pk": hub.family.pk,
        "may_write": may_write,
        "add_url": reverse("casework:support_create", args=[hub.family.pk]) if may_write else None,
    }


def reviews_context(hub):
    if not _working(hub) or hub.enrolment.start_date is None:
        return None
    held = policy.scope_in_family(hub.user, "view", Data.GOALS, Review.objects, hub.family).filter(
        enrolment=hub.enrolment
    )
    plan = review_rules.review_plan(
        hub.enrolment, review_rules.schedule_months(hub.family.programme), list(held)
    )
    return {
        "moments": plan,
        "may_write": hub.can("change", Data.GOALS),
        "today": timezone.localdate(),
    }


def safety_context(hub):
    if not _working(hub):
        return None
    plans = list(
        policy.scope_in_family(hub.user, "view", Data.CONTACT_NOTES, SafetyPlan.objects, hub.family)
        .filter(enrolment=hub.enrolment)
        .order_by("-version")
        .values("version", "created")[:1]
    )
    return {
        "current": plans[0] if plans else None,
        "url": reverse("casework:safety_plan", args=[hub.family.pk]),
        "new_url": (
            reverse("casework:safety_plan_create", args=[hub.family.pk])
            if _may_write(hub, Data.CONTACT_NOTES)
            else None
        ),
    }


def referral_index_context(hub):
    if not _working(hub):
        return None
    entries = {
        entry.child_id: entry
        for entry in policy.scope_in_family(
            hub.user, "view", Data.INTAKE, ReferralIndexEntry.objects, hub.family
        ).filter(enrolment=hub.enrolment)
    }
    today = timezone.localdate()
    rows = []
    for child in hub.children:
        entry = entries.get(child.pk)
        lapses = (
            referral_index.lapses_on(entry.registered_on)
            if entry is not None and entry.registered
            else None
        )
        rows.append(
            {
                "child": child,
                "entry": entry,
                "lapses_on": lapses,
                "reminding": lapses is not None
                and referral_index.remind_from(entry.registered_on) <= today,
            }
        )
    may_answer = (
        hub.can("change", Data.INTAKE) and referral_index.index_refusal(hub.enrolment) is None
    )
    return {
        "rows": rows,
        "unanswered": [row["child"] for row in rows if row["entry"] is None],
        "url": (reverse("casework:referral_index", args=[hub.family.pk]) if may_answer else None),
    }


def register_panels():
    register(
        Panel(
            key="referral_index",
            title=gettext_lazy("Verwijsindex"),
            order=ORDER["referral_index"],
            data=Data.INTAKE,
            context=referral_index_context,
            template="casework/panels/referral_index.html",
            log_name=gettext_lazy("verwijsindex"),
        )
    )
    register(
        Panel(
            key="goals",
            title=gettext_lazy("Doelen"),
            order=ORDER["goals"],
            data=Data.GOALS,
            context=goals_context,
            template="casework/panels/goals.html",
            log_name=gettext_lazy("doelen"),
        )
    )
    register(
        Panel(
            key="support",
            title=gettext_lazy("Ondersteuning ouders"),
            order=ORDER["support"],
            data=Data.GOALS,
            context=support_context,
            template="casework/panels/support.html",
            log_name=gettext_lazy("ondersteuning ouders"),
        )
    )
    register(
        Panel(
            key="reviews",
            title=gettext_lazy("Evaluaties"),
            order=ORDER["reviews"],
            data=Data.GOALS,
            context=reviews_context,
            template="casework/panels/reviews.html",
            log_name=gettext_lazy("evaluaties"),
        )
    )
    register(
        Panel(
            key="safety",
            title=gettext_lazy("Veiligheidsplan"),
            order=ORDER["safety"],
            data=Data.CONTACT_NOTES,
            context=safety_context,
            template="casework/panels/safety.html",
            log_name=gettext_lazy("veiligheidsplan"),
        )
    )
