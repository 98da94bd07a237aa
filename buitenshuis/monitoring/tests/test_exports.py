# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The case-list exports: per role exactly the rows of the page, streamed
in a fixed number of queries, cells never run as formulas, the XLSX opens
with its dictionary sheet, the columns match the latest dictionary
version, and each export is in the access log."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.audit.models import AccessLogEntry, Action
from buitenshuis.casework.tests.factories import FamilyFactory
from buitenshuis.monitoring import exports, views_exports
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import make_referral

CASE_ROLES = ["coordinator", "policy_officer", "linking_pin", "referrer"]


@pytest.fixture
def export_world(world):
    """The world with referrals: the own linking pin's open and accepted
    ones, a colleague's, an unassigned one and one of programme B."""
    w = world
    pin, referrer = w.users["linking_pin"], w.users["referrer"]
    w.open_referral = make_referral(w.programme, referrer, linking_pin=pin)
    w.accepted = make_referral(
        w.programme, referrer, linking_pin=pin, status=Referral.Status.ACCEPTED
    )
    w.colleague_referral = make_referral(w.programme, referrer, linking_pin=w.other_pin)
    w.unassigned = make_referral(w.programme, referrer)
    w.other_referral = make_referral(w.other_programme, w.other_coordinator)
    return w


def read_csv(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def page_references(client, url_name, query=""):
    """The references the list page shows (one page: the world is small)
    and its count."""
    response = client.get(reverse(url_name) + query)
    assert response.status_code == 200
    context = response.context
    if url_name == "referrals:list":
        shown = [row["referral"].family.reference for row in context["rows"]]
    elif url_name == "casework:caseload":
        shown = [row.family.reference for row in context["object_list"]]
    else:
        shown = [family.reference for family in context["object_list"]]
    assert context["paginator"].count == len(shown)
    return shown


LISTS = [
    ("casework:family_list", "monitoring:export_families", ""),
    ("referrals:list", "monitoring:export_referrals", ""),
    ("casework:caseload", "monitoring:export_caseload", ""),
]


@pytest.mark.parametrize("role", CASE_ROLES)
@pytest.mark.parametrize("list_name,export_name,query", LISTS)
def test_an_export_holds_exactly_the_rows_of_the_page(
    role, list_name, export_name, query, export_world, client, sign_in
):
    sign_in(export_world.users[role])
    page = client.get(reverse(list_name) + query)
    response = client.get(reverse(export_name) + query)
    if page.status_code != 200:
        # The same gate: who may not open the list may not export it.
        assert response.status_code == page.status_code
        return
    rows = read_csv(response)
    assert (
        rows[0]
        == exports.EXPORTS[
            {
                "monitoring:export_families": "gezinnen",
                "monitoring:export_referrals": "aanmeldingen",
                "monitoring:export_caseload": "mijn-gezinnen",
            }[export_name]
        ].names
    )
    assert [row[0] for row in rows[1:]] == page_references(client, list_name, query)
    assert len(rows) > 1


@pytest.mark.parametrize("role", ["coordinator", "linking_pin"])
@pytest.mark.parametrize(
    "query", ["?wacht=toewijzen", "?wacht=intake", "?status=accepted", "?q=BH-TEST-"]
)
def test_the_referral_export_takes_the_lists_filters(role, query, export_world, client, sign_in):
    sign_in(export_world.users[role])
    rows = read_csv(client.get(reverse("monitoring:export_referrals") + query))
    assert [row[0] for row in rows[1:]] == page_references(client, "referrals:list", query)


def test_the_family_export_searches_as_the_list(export_world, client, sign_in):
    w = export_world
    sign_in(w.users["coordinator"])
    query = f"?q={w.own_family.family_name}"
    rows = read_csv(client.get(reverse("monitoring:export_families") + query))
    assert [row[0] for row in rows[1:]] == [w.own_family.reference]


def test_another_programmes_families_never_reach_an_export(export_world, client, sign_in):
    w = export_world
    sign_in(w.users["coordinator"])
    body = b"".join(client.get(reverse("monitoring:export_families")).streaming_content).decode()
    assert w.other_family.reference not in body
    assert w.other_referral.family.reference not in body
    assert w.own_family.reference in body


def test_an_unknown_format_is_not_found(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = client.get(reverse("monitoring:export_families") + "?formaat=pdf")
    assert response.status_code == 404


def _export_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("monitoring:export_referrals"))
        read_csv(response)
    return len(queries)


def test_an_export_streams_in_a_fixed_number_of_queries(world, client, sign_in):
    """Many rows cost no more queries than a few: each chunk is read with
    the page's joins in one query and completed in one more."""
    w = world
    sign_in(w.users["coordinator"])
    for _ in range(3):
        make_referral(w.programme, w.users["referrer"], linking_pin=w.other_pin)
    few = _export_queries(client)
    for _ in range(20):
        make_referral(w.programme, w.users["referrer"], linking_pin=w.other_pin)
    many = _export_queries(client)
    assert many == few


def test_a_large_export_reads_its_rows_in_chunks(world, client, sign_in, monkeypatch):
    """Above the logging limit nothing is loaded before streaming starts:
    the rows come chunk by chunk, a chunk's queries each time."""
    w = world
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    monkeypatch.setattr(views_exports, "LOG_SUBJECTS_MAX", 1)
    for _ in range(5):
        FamilyFactory(programme=w.programme)
    sign_in(w.users["coordinator"])
    response = client.get(reverse("monitoring:export_families"))
    assert response.streaming
    lines = iter(response.streaming_content)
    next(lines)  # the header
    with CaptureQueriesContext(connection) as first_chunk:
        next(lines)
    # The first row needs the first chunk's one query; the rest come later.
    assert len(first_chunk) == 1
    assert len(list(lines)) == 7 - 1  # 2 families of the world, 5 new, minus the one read


FORMULAS = st.sampled_from(exports.FORMULA_START)


@given(start=FORMULAS, rest=st.text(max_size=40))
def test_any_text_starting_like_a_formula_is_neutralised(start, rest):
    value = start + rest
    assert exports.neutralise(value) == "'" + value
    assert exports.csv_text(value) == "'" + value


@given(value=st.text(max_size=40))
def test_other_text_is_kept(value):
    if value.startswith(exports.FORMULA_START):
        return
    assert exports.neutralise(value) == value


def test_numbers_and_dates_stay_as_they_are():
    assert exports.neutralise(-3) == -3
    assert exports.neutralise(None) is None


def test_a_family_named_like_a_formula_is_neutralised_in_csv_and_xlsx(world, client, sign_in):
    from openpyxl import load_workbook

    w = world
    FamilyFactory(programme=w.programme, family_name="=HYPERLINK(1)", reference="@BH-1")
    sign_in(w.users["coordinator"])
    rows = read_csv(client.get(reverse("monitoring:export_families")))
    assert ["'@BH-1", "'=HYPERLINK(1)"] == rows[1][:2]
    response = client.get(reverse("monitoring:export_families") + "?formaat=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    cells = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert cells[:2] == ["'@BH-1", "'=HYPERLINK(1)"]
    assert sheet.cell(row=2, column=2).data_type == "s"


def test_the_xlsx_opens_with_the_rows_and_the_dictionary_sheet(export_world, client, sign_in):
    from openpyxl import load_workbook

    sign_in(export_world.users["coordinator"])
    response = client.get(reverse("monitoring:export_referrals") + "?formaat=xlsx")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == views_exports.XLSX_TYPE
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, dictionary = workbook.worksheets
    values = list(data.values)
    assert list(values[0]) == exports.REFERRALS.names
    assert sorted(row[0] for row in values[1:]) == sorted(page_references(client, "referrals:list"))
    assert dictionary.title == exports.DICTIONARY_SHEET
    described = [row[2] for row in list(dictionary.values)[1:]]
    assert described == exports.latest("aanmeldingen").names


@pytest.mark.parametrize("key", sorted(exports.EXPORTS))
def test_an_exports_columns_are_its_latest_dictionary_versions(key):
    """Renaming, adding or dropping a column needs a new dictionary
    version (with its changes)."""
    assert exports.EXPORTS[key].names == exports.latest(key).names


def test_every_dictionary_belongs_to_an_export_and_versions_count_up():
    assert set(exports.DICTIONARY) == set(exports.EXPORTS)
    for versions in exports.DICTIONARY.values():
        numbers = [version.number for version in versions]
        assert numbers == list(range(1, len(numbers) + 1))
        assert all(version.changes for version in versions)
        dates = [version.valid_from for version in versions]
        assert dates == sorted(dates)


def test_the_dictionary_as_page_csv_and_json(world, client, sign_in):
    sign_in(world.users["coordinator"])
    url = reverse("monitoring:export_dictionary", args=["aanmeldingen"])
    page = client.get(url)
    assert page.status_code == 200
    assert "dagen_wachten" in page.content.decode()
    data = json.loads(client.get(url + "?formaat=json").content)
    assert [c["name"] for c in data["versions"][0]["columns"]] == exports.REFERRALS.names
    text = client.get(url + "?formaat=csv").content.decode().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[2] for row in rows[1:]] == exports.REFERRALS.names
    assert client.get(reverse("monitoring:export_dictionary", args=["niets"])).status_code == 404


def test_an_export_is_logged_with_its_families(export_world, client, sign_in):
    w = export_world
    sign_in(w.users["linking_pin"])
    read_csv(client.get(reverse("monitoring:export_referrals") + "?wacht=intake"))
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert entry.username == w.users["linking_pin"].username
    assert "wacht=intake" in entry.path
    logged = set(entry.subjects.values_list("family_id", flat=True))
    page = page_references(client, "referrals:list", "?wacht=intake")
    assert logged == set(
        Referral.objects.filter(family__reference__in=page).values_list("family_id", flat=True)
    )
    assert f"CSV, {len(page)} rijen" in entry.reason


def test_a_large_export_logs_the_count_and_the_filter(world, client, sign_in, monkeypatch):
    monkeypatch.setattr(views_exports, "LOG_SUBJECTS_MAX", 1)
    sign_in(world.users["coordinator"])
    read_csv(client.get(reverse("monitoring:export_families") + "?q=BH"))
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert not entry.subjects.exists()
    assert "2 rijen" in entry.reason
    assert "q=BH" in entry.path


def test_a_refused_export_is_logged_as_denied(world, client, sign_in):
    sign_in(world.users["researcher"])
    response = client.get(reverse("monitoring:export_families"))
    assert response.status_code == 403
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).latest("pk")
    assert entry.outcome == "denied"


def test_the_list_links_to_its_export_with_its_filters(export_world, client, sign_in):
    sign_in(export_world.users["coordinator"])
    page = client.get(reverse("referrals:list") + "?wacht=toewijzen").content.decode()
    url = reverse("monitoring:export_referrals")
    assert f"{url}?formaat=csv&amp;wacht=toewijzen" in page
    assert f"{url}?formaat=xlsx&amp;wacht=toewijzen" in page


@given(values=st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_no_cell_of_a_csv_export_starts_like_a_formula(values):
    """Whatever the text, read back from the CSV no cell starts with a
    formula's first character."""
    text = "".join(exports.csv_lines(["a"] * len(values), [values])).lstrip("\ufeff")
    read = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(read) == 2
    for cell in read[1]:
        assert not cell.startswith(exports.FORMULA_START)


def test_the_caseload_export_takes_the_warning_filter(export_world, client, sign_in):
    from buitenshuis.casework import caseload

    sign_in(export_world.users["linking_pin"])
    for warning in caseload.warnings():
        query = f"?status=alle&waarschuwing={warning.key}"
        rows = read_csv(client.get(reverse("monitoring:export_caseload") + query))
        assert [row[0] for row in rows[1:]] == page_references(client, "casework:caseload", query)
