# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The floor: the cheapest correct page about one family, built the way
every page of the product is built, measured in the same run as the real
pages so that their cost can be given as a ratio that does not depend on
the machine or its load.

It is an audited object view on the product's ``PolicyObjectMixin``: the
user must be signed in (and, through gunicorn, have passed the second
factor), the policy decides whether they may view the data at all, the
object is looked up by its primary key inside the user's scope (one
indexed lookup), the access-log entry is written, and a template of a few
lines is rendered. A page of the product that costs several times the
floor does work beyond that, and the ratio says how much.

``nothing`` is a signed-in view that does nothing: what every signed-in
request costs before a view starts (session, user, second factor,
memberships), compared with a static file through gunicorn."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.generic import DetailView, TemplateView

from buitenshuis.access.mixins import PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Family, Person


class FamilyFloorView(PolicyObjectMixin, DetailView):
    """One family by pk, for the roles that may see families."""

    data = Data.FAMILY_IDENTITY
    log_action = Action.VIEW
    model = Family
    template_name = "bench/floor.html"


class ChildFloorView(PolicyObjectMixin, DetailView):
    """One child by pk, for location staff (who see placed children, not
    families)."""

    data = Data.PLACED_CHILD
    log_action = Action.VIEW
    model = Person
    template_name = "bench/floor.html"


@login_required
def nothing(request):
    return HttpResponse("ok", content_type="text/plain")


def figures_sql(level, pk, year):
    """The hand-written SQL of the figures above programme level, as fast as
    we could write it: the grouped sum of the indicator summary's parts of
    the place (and of the programme-wide rows), and the place's contact
    minutes from the contact summary. ``level``: national, region or
    municipality."""
    import datetime

    from buitenshuis.monitoring import indicator_summary

    def listed(keys):
        return ", ".join(f"'{key}'" for key in keys)

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if level == "national":
        family = [
            key
            for key in indicator_summary.part_keys()
            if key not in indicator_summary.SPLIT_BY_MUNICIPALITY
        ]
        return [
            (
                "SELECT indicator, part, SUM(value) FROM monitoring_indicatorcount "
                "WHERE year = %s AND ((municipality_id IS NOT NULL AND indicator IN "
                f"({listed(family)})) OR (municipality_id IS NULL AND indicator IN "
                f"({listed(indicator_summary.whole_keys())}))) GROUP BY indicator, part",
                [year],
            ),
            (
                "SELECT SUM(minutes) FROM monitoring_contactmonthsummary "
                "WHERE month >= %s AND month <= %s",
                [first, last],
            ),
        ]
    if level == "region":
        place = (
            "municipality_id IN (SELECT id FROM organisations_municipality WHERE region_id = %s)"
        )
    else:
        place = "municipality_id = %s"
    return [
        (
            "SELECT indicator, part, SUM(value) FROM monitoring_indicatorcount "
            f"WHERE year = %s AND (({place} AND indicator IN "
            f"({listed(indicator_summary.part_keys())})) OR (municipality_id IS NULL "
            "AND indicator = 'training_coverage' AND programme_id IN (SELECT programme_id "
            f"FROM monitoring_indicatorcount WHERE year = %s AND {place}))) "
            "GROUP BY indicator, part",
            [year, pk, year, pk],
        ),
        (
            f"SELECT SUM(minutes) FROM monitoring_contactmonthsummary WHERE {place} "
            "AND month >= %s AND month <= %s",
            [pk, first, last],
        ),
    ]


class FiguresFloorView(PolicyMixin, TemplateView):
    """The floor of a dashboard above programme level: signed in, the
    policy's check (``Data.COUNCIL_REPORT``), the hand-written SQL of the
    same figures (``figures_sql``) and a template of a few lines listing
    them. ``?niveau=landelijk|regio|gemeente&regio=&gemeente=&jaar=``."""

    data = Data.COUNCIL_REPORT
    template_name = "bench/figures_floor.html"

    def get_context_data(self, **kwargs):
        from django.db import connection

        query = self.request.GET
        level = {"landelijk": "national", "regio": "region", "gemeente": "municipality"}[
            query.get("niveau", "landelijk")
        ]
        pk = query.get("regio") if level == "region" else query.get("gemeente")
        rows = []
        with connection.cursor() as cursor:
            for sql, params in figures_sql(level, pk, int(query["jaar"])):
                cursor.execute(sql, params)
                rows += cursor.fetchall()
        return {**super().get_context_data(**kwargs), "rows": rows}
