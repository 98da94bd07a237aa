# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The project plan (seed 001, "Schrijf een projectplan"): the
municipality's choices in one printable document, made from what is
configured, as a page and as a PDF/A in the municipality's look (the
decision letter's letterhead, ``organisations.letterhead``, and
``core.pdf``).

What it says: the target group and inclusion criteria; the routes (who may
refer, whether the linking pin may); who decides; the numbers (capacity)
and, for who may see the budget, the money (context key ``budget``, drawn
by ``programmes/_plan_budget.html``); the parental contribution policy;
the partners with their declarations of intent; the meetings; the norms
and review moments; and the checklist's progress per phase."""

import functools
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from buitenshuis.access import policy
from buitenshuis.access.policy import Data, Scope
from buitenshuis.casework.rules import reviews
from buitenshuis.core.formats import amount_of_time
from buitenshuis.core.pdf import html_to_pdf
from buitenshuis.organisations.letterhead import programme_letterhead
from buitenshuis.organisations.models import OrganisationType
from buitenshuis.programmes import budget, norms, rules
from buitenshuis.programmes.models import (
    CapacityKind,
    MeetingKind,
    ProgrammeMeeting,
    ProgrammePartner,
    ProgrammeSettings,
    TargetGroup,
)

PLAN_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "plan.css"

NORM_LABELS = {
    "assign": "Linking pin toegewezen binnen",
    "intake": "Intake binnen",
    "decision": "Besluit binnen",
    "start": "Eerste dag van de activiteit binnen",
}


@functools.cache
def plan_css():
    return PLAN_CSS.read_text(encoding="utf-8")


def may_see_budget(user, programme):
    """Whether ``user`` may see ``programme``'s budget figures (ACCESS.md
    "budget and costs": the coordinator and the policy officer, the
    researcher aggregated; not the linking pin, who sees capacity left)."""
    for membership in policy.memberships(user):
        granted = policy.POLICY.get(membership.role, {}).get(Data.BUDGET, {}).get("view")
        if granted in (Scope.ALL,):
            return True
        if granted is not None and membership.programme_id == programme.pk:
            return True
    return False


def _labels(choices, values):
    names = dict(choices)
    return [str(names.get(value, value)) for value in values]


def budget_context(settings, today=None):
    """The budget figures of the plan: this year's budget (``Budget``: its
    model, posts, families and municipalities' shares) when one is set,
    and the settings' ceiling and estimate per family."""
    today = today or timezone.localdate()
    families = None
    if settings.cost_per_family:
        families = int(settings.budget_ceiling // settings.cost_per_family)
    return {
        "budget_ceiling": settings.budget_ceiling,
        "cost_per_family": settings.cost_per_family,
        "families_within_ceiling": families,
        "year": today.year,
        "plan": budget.budget_for(settings.programme_id, today.year),
    }


def plan_context(programme, user):
    """What the project plan of ``programme`` says, for ``user``."""
    settings = ProgrammeSettings.for_programme(programme)
    tasks = rules.checklist(programme)
    amounts = norms.amounts(programme)
    partners = list(
        ProgrammePartner.objects.filter(programme=programme)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
    now = timezone.now()
    meetings = list(
        ProgrammeMeeting.objects.filter(programme=programme).order_by("starts_at", "pk")
    )
    return {
        "programme": programme,
        "settings": settings,
        "letterhead": programme_letterhead(programme),
        "today": timezone.localdate(),
        "target_groups": _labels(TargetGroup.choices, settings.target_groups),
        "criteria": list(settings.inclusion_criteria),
        "referrer_types": _labels(OrganisationType.choices, settings.referrer_types),
        "capacity_by_families": settings.capacity_kind == CapacityKind.FAMILIES,
        "budget": budget_context(settings) if may_see_budget(user, programme) else None,
        "norms": [(NORM_LABELS[key], amount_of_time(*amounts[key])) for key in norms.NORMS],
        "review_months": list(reviews.schedule_months(programme)),
        "partners": partners,
        "signed": sum(1 for partner in partners if partner.declaration_signed_on),
        "kick_off": next((m for m in meetings if m.kind == MeetingKind.KICK_OFF), None),
        "next_meeting": next((m for m in meetings if m.starts_at > now), None),
        "progress": rules.progress(tasks),
        "done": sum(1 for task in tasks if task.done),
        "total": len(tasks),
    }


def render_html(context):
    """The plan as a standalone HTML document (Dutch), for the PDF."""
    with translation.override("nl"):
        return render_to_string("programmes/plan_document.html", context)


def render_pdf(context):
    """The plan as PDF/A bytes, styled by ``static/css/plan.css`` and the
    house style's brand colour (validated as #rrggbb by the letterhead)."""
    css = plan_css()
    colour = context["letterhead"].colour
    if colour:
        css += f"\n.bh-plan {{ --bh-plan-accent: {colour}; }}\n"
    return html_to_pdf(render_html(context), css=css)
