# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The indicators as CSV and XLSX (``monitoring:export_indicators_csv`` /
``_xlsx``), on the indicators' fixed data set (``test_indicators.data``):
the file holds exactly ``indicators_for``'s figures for the dashboard's
selection (exact inside the programme, a linking pin's own caseload,
suppressed above it), is refused to whoever may not see the dashboard,
never carries a formula, and every download is in the access log.

The expected figures are always asked of ``indicators_for`` itself, so the
tests hold whichever way it computes them (raw rows or summary tables)."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from buitenshuis.audit.models import AccessLogEntry, Action, Outcome
from buitenshuis.monitoring import dashboard, exports, suppression
from buitenshuis.monitoring.indicators import Level, Period
from buitenshuis.monitoring.tests.test_indicators import YEAR
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import LocationFactory, MembershipFactory

URLS = {
    "csv": reverse("monitoring:export_indicators_csv"),
    "xlsx": reverse("monitoring:export_indicators_xlsx"),
}
DASHBOARD = reverse("monitoring:dashboard")

# ``waarde`` of a ``richtlijn`` row per note of ``indicators.Amount``.
NOTES = {"below": "onder", "within": "binnen", "above": "boven"}

# The quantities that are counts of people or things (never 1-4 when published).
COUNTS = {"aantal", "totaal", "deel", "geheel", "mensen", "gezinnen"}

# A quantity of the file -> the key of the figure in ``indicators_for``.
KEYS = {
    "totaal": "total",
    "deel": "part",
    "geheel": "whole",
    "aandeel": "value",
    "dagen": "value",
    "minuten": "value",
    "mensen": "people",
    "euro": "value",
    "gezinnen": "families",
    "richtlijn": "note",
    "aantal": "value",
}


def norm(value):
    """A value as CSV and XLSX both give it back: a number as a rounded
    float, a text as it is, nothing as ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        raise AssertionError("no yes/no values in the indicators")
    try:
        return round(float(value), 6)
    except (TypeError, ValueError):
        return str(value)


def text(value):
    return "" if value is None else str(value)


def read(response, fmt):
    """(header, rows as dicts, dictionary sheet or None) of an export."""
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        assert response["Content-Type"].startswith("text/csv")
        decoded = body.decode("utf-8")
        assert decoded.startswith("\ufeff")
        lines = list(csv.reader(io.StringIO(decoded[1:], newline=""), delimiter=";"))
        return lines[0], [dict(zip(lines[0], line, strict=True)) for line in lines[1:]], None
    workbook = load_workbook(io.BytesIO(body))
    data, dictionary = workbook.worksheets
    values = list(data.values)
    header = list(values[0])
    return header, [dict(zip(header, line, strict=True)) for line in values[1:]], dictionary


def export(client, fmt, query):
    return read(client.get(URLS[fmt] + query), fmt)


def figures_of(rows):
    """{indicator: {figure: {...}}} rebuilt from the file's rows, in the
    shape of ``indicators_for``'s figures, values normalised."""
    found = {}
    for row in rows:
        figure = found.setdefault(row["indicator"], {}).setdefault(row["cijfer"], {})
        quantity, value = row["grootheid"], norm(row["waarde"])
        if quantity == "aantal" and text(row["cel_naam"]):  # a breakdown's cell
            figure.setdefault("cells", {})[text(row["cel"])] = value
        else:
            key = KEYS[quantity]
            assert key not in figure, (row["indicator"], row["cijfer"], quantity)
            figure[key] = value
    return found


def expected(rows):
    """``indicators_for``'s rows in the same shape (the ``withheld`` flag
    is in the cells' "x")."""
    found = {}
    for row in rows:
        for name, figure in row["figures"].items():
            shaped = {}
            for key, value in figure.items():
                if key == "withheld":
                    continue
                if key == "cells":
                    shaped["cells"] = {text(cell): norm(n) for cell, n in value.items()}
                elif key == "note":
                    shaped["note"] = norm(NOTES.get(value, value))
                else:
                    shaped[key] = norm(value)
            found.setdefault(row["key"], {})[name] = shaped
    return found


def assert_same_figures(rows, indicator_rows):
    assert list(figures_of(rows)) == [row["key"] for row in indicator_rows]
    assert figures_of(rows) == expected(indicator_rows)


@pytest.fixture
def summaries(data):
    """The summary tables rebuilt after the data set's bulk updates, for
    figures above the programme (whatever summaries there are)."""
    call_command("rebuild_monitoring_summaries", stdout=io.StringIO())
    return data


# Inside the programme ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_coordinators_export_is_the_programmes_exact_figures(fmt, data, client, sign_in):
    from buitenshuis.monitoring import indicators

    sign_in(data.coordinator)
    header, rows, dictionary = export(client, fmt, f"?programme={data.a.pk}&jaar=2026")
    assert header == exports.latest("cijfers").names
    assert_same_figures(
        rows, indicators.indicators_for(data.coordinator, Level.PROGRAMME, data.a, YEAR)
    )
    for row in rows:
        assert row["niveau"] == "programma"
        assert row["selectie"] == data.a.name
        assert text(row["periode_van"])[:10] == "2026-01-01"
        assert text(row["periode_tot"])[:10] == "2026-12-31"
        assert row["weergave"] == "exact"
        assert row["waarde"] not in (suppression.LESS_THAN, suppression.HIDDEN)
    # By hand (test_indicators): social team 6 of the 11 referrals of
    # 2026; reviews on time 1 of 2; one row per cell plus the total.
    route = [row for row in rows if row["indicator"] == "referrals_by_route"]
    social = next(row for row in route if row["cel"] == "social_team")
    assert (social["cel_naam"], norm(social["waarde"])) == ("Sociaal (wijk)team", 6)
    assert [norm(row["waarde"]) for row in route if row["grootheid"] == "totaal"] == [11]
    on_time = {
        row["grootheid"]: norm(row["waarde"])
        for row in rows
        if row["indicator"] == "reviews_on_time"
    }
    assert on_time == {"deel": 1, "geheel": 2, "aandeel": 0.5}
    if fmt == "xlsx":
        assert dictionary.title == exports.DICTIONARY_SHEET
        described = [line[2] for line in list(dictionary.values)[1:]]
        assert described == exports.latest("cijfers").names


def test_the_csv_and_the_xlsx_hold_the_same_rows(data, client, sign_in):
    sign_in(data.policy_officer)
    query = f"?programme={data.a.pk}&van=2026-03-01&tot=2026-09-30"
    _header, from_csv, _ = export(client, "csv", query)
    _header, from_xlsx, _ = export(client, "xlsx", query)
    assert len(from_csv) == len(from_xlsx) > 0
    for a, b in zip(from_csv, from_xlsx, strict=True):
        assert {k: norm(v) for k, v in a.items() if not k.startswith("periode")} == {
            k: norm(v) for k, v in b.items() if not k.startswith("periode")
        }
        assert a["periode_van"] == "2026-03-01" and a["periode_tot"] == "2026-09-30"


def test_a_linking_pins_export_holds_only_their_own_caseload(data, client, sign_in):
    """lp1 has r0 and r1 (test_indicators): two referrals, no
    programme-wide indicators, as the dashboard shows them."""
    from buitenshuis.monitoring import indicators

    sign_in(data.lp1)
    _header, rows, _ = export(client, "csv", f"?programme={data.a.pk}&jaar=2026")
    assert_same_figures(rows, indicators.indicators_for(data.lp1, Level.PROGRAMME, data.a, YEAR))
    assert {row["weergave"] for row in rows} == {"eigen gezinnen"}
    totals = [
        norm(row["waarde"])
        for row in rows
        if row["indicator"] == "referrals_by_route" and row["grootheid"] == "totaal"
    ]
    assert totals == [2]  # not the programme's 11
    assert not {"training_coverage", "budget", "cost_per_family"} & {
        row["indicator"] for row in rows
    }


# Above the programme -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who,level", [("researcher", "regio"), ("coordinator", "landelijk")])
def test_above_the_programme_the_export_is_the_published_figures(
    fmt, who, level, summaries, client, sign_in
):
    from buitenshuis.monitoring import indicators

    data = summaries
    user = getattr(data, who)
    sign_in(user)
    if level == "regio":
        query = f"?niveau=regio&regio={data.a.region.pk}&jaar=2026"
        indicator_rows = indicators.indicators_for(user, Level.REGION, data.a.region, YEAR)
        name = data.a.region.name
    else:
        query = "?niveau=landelijk&jaar=2026"
        indicator_rows = indicators.indicators_for(user, Level.NATIONAL, None, YEAR)
        name = "Landelijk"
    _header, rows, _ = export(client, fmt, query)
    assert_same_figures(rows, indicator_rows)
    assert {(row["niveau"], row["selectie"], row["weergave"]) for row in rows} == {
        (level, name, "gepubliceerd")
    }
    values = [row["waarde"] for row in rows]
    # Region and country hold programme B's four GP referrals and the
    # school's three: "<5"; the decisions' breakdown is withheld: "x".
    assert suppression.LESS_THAN in values
    assert suppression.HIDDEN in values
    assert "early_stops" not in {row["cijfer"] for row in rows}
    for row in rows:
        if row["grootheid"] in COUNTS and row["waarde"] not in (None, ""):
            value = norm(row["waarde"])
            assert not (isinstance(value, float) and 1 <= value <= 4), row


@pytest.mark.parametrize(
    "query",
    [
        # A custom period above the programme: the dashboard ignores it and
        # shows the calendar year; so does the export.
        "?niveau=landelijk&jaar=2026&van=2026-03-01&tot=2026-03-31",
        "?niveau=regio&jaar=2026&van=2026-01-01&tot=2026-06-30",
        # Periods and selections the dashboard does not know: 404.
        "?niveau=landelijk&jaar=abc",
        "?niveau=landelijk&jaar=1999",
        "?niveau=regio&regio=999999&jaar=2026",
        "?niveau=wereld",
    ],
)
def test_a_period_is_taken_or_refused_as_the_dashboard_does(query, summaries, client, sign_in):
    data = summaries
    sign_in(data.researcher)
    page = client.get(DASHBOARD + query)
    response = client.get(URLS["csv"] + query)
    assert response.status_code == page.status_code
    if page.status_code != 200:
        assert page.status_code == 404
        return
    _header, rows, _ = read(response, "csv")
    assert {(row["periode_van"], row["periode_tot"]) for row in rows} == {
        ("2026-01-01", "2026-12-31")
    }


def test_a_period_that_may_not_be_published_is_refused_not_an_error(
    data, client, sign_in, monkeypatch
):
    """Should a part of a year ever reach the indicators above the
    programme, ``indicators_for`` refuses it (NotPublishable) and so does
    the export: a 404, logged as denied, never a 500."""
    choose = dashboard.choose

    def quarter(request, programmes, **kwargs):
        selection = choose(request, programmes, **kwargs)
        selection.period = Period(YEAR.start, YEAR.start.replace(month=3, day=31))
        return selection

    monkeypatch.setattr(dashboard, "choose", quarter)
    sign_in(data.researcher)
    assert client.get(URLS["csv"] + "?niveau=landelijk&jaar=2026").status_code == 404
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert entry.outcome == Outcome.DENIED


# Who may -------------------------------------------------------------------------------


@pytest.fixture
def location_staff(data):
    membership = MembershipFactory(role=Role.LOCATION_STAFF, programme=data.a)
    membership.locations.add(LocationFactory())
    return membership.user


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who", ["referrer", "location_staff"])
def test_who_may_not_see_the_dashboard_gets_a_403_logged(
    fmt, who, data, location_staff, client, sign_in
):
    user = location_staff if who == "location_staff" else data.referrer
    sign_in(user)
    assert client.get(DASHBOARD).status_code == 403
    response = client.get(URLS[fmt] + f"?programme={data.a.pk}&jaar=2026")
    assert response.status_code == 403
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert (entry.username, entry.outcome) == (user.username, Outcome.DENIED)


def test_a_level_or_programme_not_ones_own_is_refused_as_on_the_dashboard(data, client, sign_in):
    sign_in(data.lp1)  # inside the programme only
    for query in ("?niveau=regio&jaar=2026", "?niveau=landelijk&jaar=2026"):
        assert client.get(DASHBOARD + query).status_code == 403
        assert client.get(URLS["csv"] + query).status_code == 403
    sign_in(data.coordinator)  # programme A, not B
    query = f"?programme={data.b.pk}&jaar=2026"
    assert client.get(DASHBOARD + query).status_code == 404
    assert client.get(URLS["xlsx"] + query).status_code == 404
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert (entry.username, entry.outcome) == (data.coordinator.username, Outcome.DENIED)
    sign_in(data.researcher)  # figures only, never the programme's exact ones
    assert client.get(URLS["csv"] + f"?niveau=programma&programme={data.a.pk}").status_code == 403


# Formulas, the log, the links -------------------------------------------------------------


def test_a_name_like_a_formula_is_neutralised_in_csv_and_xlsx(summaries, client, sign_in):
    data = summaries
    data.a.name = '=HYPERLINK("https://example.invalid","klik")'
    data.a.save()
    region = data.a.region
    region.name = "@SUM(1+1)"
    region.save()
    sign_in(data.coordinator)
    _header, rows, _ = export(client, "csv", f"?programme={data.a.pk}&jaar=2026")
    assert {row["selectie"] for row in rows} == {"'" + data.a.name}
    response = client.get(URLS["xlsx"] + f"?niveau=regio&regio={region.pk}&jaar=2026")
    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    column = [cell.value for cell in sheet[1]].index("selectie") + 1
    cell = sheet.cell(row=2, column=column)
    assert (cell.value, cell.data_type) == ("'@SUM(1+1)", "s")
    assert not any(
        isinstance(value, str) and value.startswith(exports.FORMULA_START)
        for line in sheet.iter_rows(min_row=2, values_only=True)
        for value in line
    )


def test_every_download_is_in_the_access_log(summaries, client, sign_in):
    data = summaries
    sign_in(data.coordinator)
    _header, rows, _ = export(client, "csv", f"?programme={data.a.pk}&jaar=2026")
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert (entry.username, entry.outcome, entry.data) == (
        data.coordinator.username,
        Outcome.ALLOWED,
        "monitoring",
    )
    assert f"programme={data.a.pk}" in entry.path
    assert f"CSV, {len(rows)} rijen; programma {data.a.name}, 2026-01-01" in entry.reason
    assert not entry.subjects.exists()  # figures, not families

    sign_in(data.researcher)
    _header, rows, _ = export(client, "xlsx", "?niveau=landelijk&jaar=2026")
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert (entry.username, entry.data) == (data.researcher.username, "council_report")
    assert f"XLSX, {len(rows)} rijen; landelijk Landelijk" in entry.reason
    assert "gepubliceerd" in entry.reason


@pytest.mark.parametrize(
    "who,query",
    [
        ("coordinator", "?niveau=programma&programme={a}&jaar=2026"),
        ("lp1", "?niveau=programma&programme={a}&van=2026-03-01&tot=2026-03-31"),
        ("researcher", "?niveau=landelijk&jaar=2026"),
    ],
)
def test_the_dashboard_links_to_its_figures_as_csv_and_excel(who, query, data, client, sign_in):
    sign_in(getattr(data, who))
    query = query.format(a=data.a.pk)
    html = client.get(DASHBOARD + query).content.decode()
    escaped = query.replace("&", "&amp;")
    assert f'href="{URLS["csv"]}{escaped}"' in html
    assert f'href="{URLS["xlsx"]}{escaped}"' in html
    assert reverse("monitoring:export_dictionary", args=["cijfers"]) in html
    # The link gives the figures of the page.
    assert client.get(URLS["csv"] + query).status_code == 200


def test_the_dictionary_of_the_figures_is_open_to_who_may_export_them(
    data, location_staff, client, sign_in
):
    url = reverse("monitoring:export_dictionary", args=["cijfers"])
    sign_in(data.researcher)
    page = client.get(url)
    assert page.status_code == 200
    for name in exports.latest("cijfers").names:
        assert f"<code>{name}</code>" in page.content.decode()
    sign_in(location_staff)
    assert client.get(url).status_code == 403


def test_no_value_is_computed_by_the_export():
    """The long format only reshapes: every kind of figure gives its own
    values, suppressed texts and empty values as they are."""
    selection = dashboard.Selection(dashboard.NATIONAL, None, YEAR, False, [], [], True)
    rows = [
        {
            "key": "k",
            "label": "K",
            "labels": {"b": {"one": "Eén", "": "Onbekend"}},
            "figures": {
                "b": {"cells": {"one": "<5", "": 0, None: "x"}, "total": 7, "withheld": False},
                "s": {"part": "x", "whole": "<5", "value": "x"},
                "median_days": {"value": None, "people": 0},
                "minutes": {"value": 12, "people": 5},
                "e": {"value": 9, "families": 6},
                "a": {"value": Decimal("12.50"), "families": 5, "note": "within"},
                "n": {"value": "<5"},
            },
        }
    ]
    table = exports.indicator_table(selection, rows, exports.PUBLISHED)
    got = [(r["cijfer"], r["cel"], r["cel_naam"], r["grootheid"], r["waarde"]) for r in table]
    assert got == [
        ("b", "one", "Eén", "aantal", "<5"),
        ("b", "", "Onbekend", "aantal", 0),
        ("b", "", "Onbekend", "aantal", "x"),
        ("b", "", "Totaal", "totaal", 7),
        ("s", "", "", "deel", "x"),
        ("s", "", "", "geheel", "<5"),
        ("s", "", "", "aandeel", "x"),
        ("median_days", "", "", "dagen", None),
        ("median_days", "", "", "mensen", 0),
        ("minutes", "", "", "minuten", 12),
        ("minutes", "", "", "mensen", 5),
        ("e", "", "", "aantal", 9),
        ("e", "", "", "gezinnen", 6),
        ("a", "", "", "euro", Decimal("12.50")),
        ("a", "", "", "gezinnen", 5),
        ("a", "", "", "richtlijn", "binnen"),
        ("n", "", "", "aantal", "<5"),
    ]
    assert all(row["weergave"] == "gepubliceerd" for row in table)
    assert [list(row) for row in table] == [exports.INDICATORS.names] * len(table)
