# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The figures above programme level come from summary rows
(``monitoring.indicator_summary``): they must be the figures the one
definition gives over the raw rows, stay current through the marks and
the scheduled refresh, and never read a raw row on request."""

import datetime
import statistics
from decimal import Decimal

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.casework.models import NetworkMeeting
from buitenshuis.monitoring import indicator_summary, indicators
from buitenshuis.monitoring.indicators import (
    Average,
    Breakdown,
    Context,
    Events,
    Level,
    Median,
    People,
    PerHead,
    Share,
)
from buitenshuis.monitoring.models import IndicatorCount, SummaryMark
from buitenshuis.monitoring.tests.test_indicators import YEAR, by_key
from buitenshuis.referrals.tests.factories import ReferralFactory

MEDIANS = {("time_to_decision", "median_days"), ("time_to_first_day", "median_days")}


def raw_and_summary(level, pk):
    raw = indicators.compute(Context(level, pk, YEAR))
    summary = indicator_summary.read(level, pk, YEAR)
    return raw, summary


def test_the_summary_gives_the_figures_of_the_raw_rows(data):
    """For a municipality, the region and the country, every figure read
    from the summary equals the one computed from the raw rows by the
    same definition (a median: to the hour)."""
    selections = [
        (Level.MUNICIPALITY, data.ma.pk),
        (Level.MUNICIPALITY, data.mb.pk),
        (Level.REGION, data.a.region_id),
        (Level.NATIONAL, None),
    ]
    compared = 0
    for level, pk in selections:
        raw, summary = raw_and_summary(level, pk)
        assert set(raw) == set(summary)
        for key, figures in raw.items():
            for name, figure in figures.items():
                found = summary[key][name]
                if (key, name) in MEDIANS:
                    assert found.people == figure.people
                    if figure.value is not None:
                        assert abs(found.value - figure.value) <= Decimal("0.1")
                    continue
                assert found.exact() == figure.exact(), (level, key, name)
                compared += 1
    # Not vacuous: the data set has figures at every level.
    national = summary_exact(Level.NATIONAL, None)
    assert national["referrals_by_route"]["referrals"].total == 15
    assert national["network_meetings"]["meetings"].value > 0
    assert compared > 100


def summary_exact(level, pk):
    return indicator_summary.read(level, pk, YEAR)


def test_the_template_costs_no_query():
    """Without database access (no ``db`` fixture): any query would raise."""
    indicator_summary.template.cache_clear()
    shapes = indicator_summary.template()
    assert set(shapes) == set(indicators.REGISTRY)


def test_the_national_figures_read_only_the_summaries(data):
    """Nationally every figure, the budget's too, comes from two grouped
    queries over the summary tables: no query reads a raw row."""
    with CaptureQueriesContext(connection) as queries:
        rows = indicators.indicators_for(data.researcher, Level.NATIONAL, None, YEAR)
    assert len(rows) == len(indicators.REGISTRY)
    # Beside the policy's look at the user's own memberships:
    tables = [
        q["sql"] for q in queries.captured_queries if '"organisations_membership"' not in q["sql"]
    ]
    assert len(tables) == 2
    for sql in tables:
        assert "monitoring_indicatorcount" in sql or "monitoring_contactmonthsummary" in sql, sql
        for raw in ("casework_", "referrals_", "activities_", "programmes_budget"):
            assert f'"{raw}' not in sql, sql


def test_a_write_marks_its_year_and_the_refresh_brings_it_in(data):
    """A network meeting recorded today marks programme A's year; the
    national figure follows after the scheduled refresh, which clears the
    mark."""
    SummaryMark.objects.all().delete()
    before = by_key(indicators.indicators_for(data.researcher, Level.NATIONAL, None, YEAR))
    enrolment = data.r[0].enrolment
    NetworkMeeting.objects.create(
        enrolment=enrolment, date=datetime.date(2026, 11, 20), created_by=data.lp1
    )
    assert set(SummaryMark.objects.values_list("programme_id", "year")) >= {(data.a.pk, 2026)}
    unchanged = by_key(indicators.indicators_for(data.researcher, Level.NATIONAL, None, YEAR))
    assert unchanged["network_meetings"] == before["network_meetings"]

    call_command("refresh_monitoring_summaries", verbosity=0)

    after = summary_exact(Level.NATIONAL, None)["network_meetings"]["meetings"]
    raw = indicators.compute(Context(Level.NATIONAL, None, YEAR), {"network_meetings"})
    assert after == raw["network_meetings"]["meetings"]
    assert not SummaryMark.objects.exists()


def test_a_year_marked_again_during_the_refresh_stays_marked(data):
    indicator_summary.mark([data.a.pk], [2026])
    marks = list(SummaryMark.objects.values_list("pk", "marked_at"))
    # Marked again after the refresh read the marks: a later moment.
    original = indicator_summary.refresh_programme

    def refresh_and_write(programme_id, years=None, memo=None):
        written = original(programme_id, years, memo)
        ReferralFactory(programme=data.a)
        return written

    indicator_summary.refresh_programme = refresh_and_write
    try:
        indicator_summary.refresh_marked()
    finally:
        indicator_summary.refresh_programme = original
    assert SummaryMark.objects.filter(programme=data.a, year=2026).exists()
    assert marks  # the first mark existed


def test_a_refresh_replaces_the_years_rows(data):
    before = IndicatorCount.objects.filter(programme=data.a, year=2026).count()
    indicator_summary.refresh_programme(data.a.pk, [2026])
    indicator_summary.refresh_programme(data.a.pk, [2026])
    assert IndicatorCount.objects.filter(programme=data.a, year=2026).count() == before > 0


# The parts of each kind of figure --------------------------------------------------

counts = st.integers(min_value=0, max_value=10_000)


@given(st.lists(st.integers(min_value=0, max_value=24 * 400), min_size=1, max_size=60))
def test_the_median_of_the_histogram_is_the_median_of_the_hours(hours):
    deltas = [datetime.timedelta(hours=h) for h in hours]
    figure = Median.of(deltas)
    merged = Median.from_parts(figure.parts(), figure)
    expected = round(Decimal(str(statistics.median(hours))) / 24, 1)
    assert merged.value == expected
    assert merged.people == len(hours)


@given(st.lists(st.integers(min_value=0, max_value=24 * 100), min_size=1, max_size=30), st.data())
def test_medians_of_parts_combine_to_the_median_of_the_whole(hours, draw):
    cut = draw.draw(st.integers(min_value=0, max_value=len(hours)))
    left = Median.of([datetime.timedelta(hours=h) for h in hours[:cut]])
    right = Median.of([datetime.timedelta(hours=h) for h in hours[cut:]])
    parts = dict(left.parts())
    for key, value in right.parts().items():
        parts[key] = parts.get(key, 0) + value
    whole = Median.from_parts(parts, left)
    assert whole.value == round(Decimal(str(statistics.median(hours))) / 24, 1)


@given(counts, counts, counts, counts)
def test_additive_figures_survive_their_parts(a, b, c, d):
    template = Breakdown({"x": 0, "y": 0, "": 0}, {"x": "X", "y": "Y", "": "?"})
    for figure, shape in (
        (People(a), People(0)),
        (Breakdown({"x": a, "y": b, "": c}, template.labels), template),
        (Share(min(a, b), max(a, b)), Share(0, 0)),
        (Events(a, b), Events(0, 0)),
        (Average.of(a, b, c), Average.of(0, 0, 0)),
    ):
        assert type(figure).from_parts(figure.parts(), shape) == figure


@given(st.integers(min_value=0, max_value=10**9), counts, counts)
def test_a_cost_per_head_survives_its_parts(cents, heads, families):
    total = Decimal(cents) / 100
    figure = PerHead.of(total, heads, families, factor=2, noted=True)
    again = PerHead.from_parts(figure.parts(), PerHead.of(Decimal(0), 0, 0, factor=2, noted=True))
    assert again.value == figure.value
    assert again.note == figure.note
