# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The council report (seed 001, "Stap 4 Monitoring en evaluatie"): a
calendar year's indicators, charts and a short Dutch explanation of each,
as a page and as a PDF/A in the municipality's look (the letterhead of
``organisations.letterhead`` and ``core.pdf``, as the project plan).

Always published (``indicators_for(..., published=True)``): it leaves the
case workers, so every count of 1-4 people is "<5" and the rules of
``suppression`` apply, also for a programme's own report."""

import functools
from pathlib import Path

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.core.pdf import html_to_pdf
from buitenshuis.monitoring import dashboard
from buitenshuis.monitoring.indicators import Period
from buitenshuis.organisations.letterhead import Letterhead, programme_letterhead
from buitenshuis.programmes.plan import plan_css

REPORT_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "report.css"


@functools.cache
def report_css():
    """The plan's page and letterhead styles, and the report's own."""
    return plan_css() + "\n" + REPORT_CSS.read_text(encoding="utf-8")


def report_url(user, selection):
    """The council report of the dashboard's ``selection`` (its year), when
    ``user`` may make it; else None."""
    if not policy.can(user, "view", Data.COUNCIL_REPORT):
        return None
    if selection.level == dashboard.PROGRAMME:
        if selection.selection not in dashboard.report_programmes(user):
            return None
    return reverse("monitoring:council_report") + selection.query(year_only=True)


def _letterhead(user, selection):
    if selection.level == dashboard.PROGRAMME:
        return programme_letterhead(selection.selection)
    mine = dashboard.report_programmes(user)
    if mine:
        return programme_letterhead(mine[0])
    return Letterhead(name=str(selection.name))


def report_context(user, selection):
    """What the council report of ``selection`` (a calendar year) says."""
    period = Period.year(selection.period.start.year)
    selection.period, selection.custom = period, False
    rows = dashboard.indicator_rows_for(user, selection, published=True)
    query = selection.query()
    return {
        "selection": selection,
        "year": period.start.year,
        "letterhead": _letterhead(user, selection),
        "today": timezone.localdate(),
        "sections": dashboard.sections(user, selection, rows, exact=False, links=False),
        "pdf_url": f"{reverse('monitoring:council_report_pdf')}{query}",
        "dashboard_url": f"{reverse('monitoring:dashboard')}{query}",
    }


def render_html(context):
    with translation.override("nl"):
        return render_to_string("monitoring/council_report_document.html", context)


def render_pdf(context):
    """The report as PDF/A bytes, in the house style's brand colour."""
    css = report_css()
    colour = context["letterhead"].colour
    if colour:
        css += f"\n.bh-plan, .bh-report {{ --bh-plan-accent: {colour}; }}\n"
    return html_to_pdf(render_html(context), css=css)
