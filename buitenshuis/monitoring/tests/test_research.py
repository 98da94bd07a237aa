# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The research export: no direct identifier in the file, pseudonyms
stable within a programme and unlinkable across programmes, the codebook
equal to the columns, the k-anonymity report, and the flow of request,
release and download per role, with expiry and the access log."""

import csv
import datetime
import io
import json
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.activities.models import Contract, Placement
from buitenshuis.audit.models import AccessLogEntry, Action, Outcome
from buitenshuis.casework.models import Closure, Person
from buitenshuis.casework.tests.factories import ContactFactory
from buitenshuis.core.errors import RuleError
from buitenshuis.monitoring import research
from buitenshuis.monitoring.models_research import FreeText, ResearchExport
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import DecisionFactory, make_referral

BSNS = ["123456782", "111222333", "192837465"]


def _identified_family(world, number, bsns=()):
    """A referral of programme A with a decision, a placement, contacts and
    a closure, whose people have names, BSNs, phones, e-mail and births,
    and whose free text names them."""
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=world.users["linking_pin"],
        child_ages=(6, 9),
        status=Referral.Status.ACCEPTED,
        worries="Zorgen om Fenna; moeder Zwaantje belt vaak vanaf 06-12345678.",
    )
    family = referral.family
    family.family_name = f"Quakkelstein{number}"
    family.street = f"Brandnetelhof{number}"
    family.house_number = "17b"
    family.postcode = "3511 XK"
    family.save()
    for person, bsn in zip(family.members.order_by("pk"), [*bsns, None, None, None], strict=False):
        person.last_name = family.family_name
        person.phone = f"06-1234567{number}"
        person.email = f"zwaantje{number}@voorbeeld.nl"
        person.set_bsn(bsn or "")
        person.save()
    referral.received_at = timezone.now() - datetime.timedelta(days=100)
    referral.save()
    DecisionFactory(
        referral=referral,
        reason=f"Toegekend voor {family.family_name}, {family.street} 17b.",
    )
    enrolment = referral.enrolment
    enrolment.start_date = timezone.localdate() - datetime.timedelta(days=90)
    enrolment.end_date = enrolment.start_date + datetime.timedelta(days=730)
    enrolment.first_activity_date = enrolment.start_date + datetime.timedelta(days=5)
    enrolment.save()
    contract = Contract.objects.create(
        location=world.location,
        programme=world.programme,
        places=6,
        tariff=10,
        valid_from=datetime.date(2020, 1, 1),
    )
    child = family.members.filter(kind=Person.Kind.CHILD).first()
    Placement.objects.create(
        enrolment=enrolment,
        child=child,
        location=world.location,
        contract=contract,
        activity_type="after_school",
        days=["mon"],
        hours_per_week="6.5",
        start_date=enrolment.first_activity_date,
        end_date=enrolment.end_date,
        pickup_arrangements=f"Oma {family.family_name} haalt op.",
        created_by=world.users["linking_pin"],
    )
    for _ in range(3):
        ContactFactory(enrolment=enrolment, minutes=60)
    Closure.objects.create(
        enrolment=enrolment,
        closed_on=timezone.localdate(),
        reason=Closure.Reason.MOVED,
        way_on=Closure.WayOn.NONE,
        out_of_home_prevented=Closure.Prevented.UNKNOWN,
        explanation=f"Gezin {family.family_name} verhuisd naar {family.street}.",
        closed_by=world.users["linking_pin"],
    )
    return referral


def _identifiers(family):
    values = [family.family_name, family.street, family.postcode, family.reference]
    for person in family.members.all():
        values += [person.first_name, person.phone, person.email]
        if person.date_of_birth:
            born = person.date_of_birth
            values += [born.isoformat(), f"{born:%d-%m-%Y}"]
    return [value for value in values if value]


def _row_of(world, referral, rows):
    """The first row of ``referral``'s family."""
    code = research.pseudonym(world.programme.pk, "family", referral.family_id)
    return next(row for row in rows[1:] if row[1] == code)


def _open(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    data = archive.read("data.csv").decode("utf-8")
    book = json.loads(archive.read("codebook.json"))
    return data, book, list(csv.reader(io.StringIO(data)))


@pytest.fixture
def families(world):
    return [
        _identified_family(world, 1, BSNS[:2]),
        _identified_family(world, 2, BSNS[2:]),
    ]


@pytest.mark.parametrize("free_text", [FreeText.EXCLUDED, FreeText.DEDUCE])
def test_no_direct_identifier_anywhere_in_the_file(world, families, free_text):
    if free_text == FreeText.DEDUCE and not research.deduce_available():
        pytest.skip("Deduce is not installed")
    export = research.request_export(world.users["coordinator"], world.programme, free_text)
    content = bytes(export.content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    forbidden = BSNS + ["Zwaantje", "Fenna", "06-12345678", "17b", "3511 XK", "3511XK"]
    for family in [r.family for r in families] + [world.own_family, world.colleague_family]:
        forbidden += _identifiers(family)
    for value in forbidden:
        assert not re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text, re.I), value
    # Dates only as months: no day of any date.
    assert not any(len(cell) == 10 and cell[4] == "-" for cell in text.split(","))
    _data, _book, rows = _open(content)
    # The header; two children in each family, one in each of the world's.
    assert len(rows) == 1 + 6
    header, row = rows[0], _row_of(world, families[0], rows)
    assert row[header.index("postcode4")] == "3511"
    if free_text == FreeText.DEDUCE:
        worries = row[header.index("referral_worries")]
        assert "Zorgen om" in worries and "[" in worries


def test_free_text_is_left_out_by_default(world, families):
    export = research.request_export(world.users["coordinator"], world.programme)
    _data, book, rows = _open(bytes(export.content))
    assert "referral_worries" not in rows[0]
    assert any("Referral.worries" in item["source"] for item in book["dropped"])


def test_pseudonyms_are_stable_within_a_programme_and_unlinkable_across(world, families):
    first = research.request_export(world.users["coordinator"], world.programme)
    second = research.request_export(world.users["coordinator"], world.programme)
    rows_first = _open(bytes(first.content))[2]
    rows_second = _open(bytes(second.content))[2]
    assert rows_first[1:] and [r[:3] for r in rows_first] == [r[:3] for r in rows_second]
    child = families[0].family.members.filter(kind=Person.Kind.CHILD).first()
    in_a = research.pseudonym(world.programme.pk, "person", child.pk)
    in_b = research.pseudonym(world.other_programme.pk, "person", child.pk)
    assert in_a in {row[0] for row in rows_first[1:]}
    assert in_a != in_b
    assert len(in_a) == 16
    # The key matters: another project secret gives other codes.
    assert research.pseudonym(world.programme.pk, "person", child.pk) == in_a


def test_another_secret_gives_other_codes(settings):
    before = research.pseudonym(1, "person", 7)
    settings.RESEARCH_PSEUDONYM_KEY = "x" * 48
    assert research.pseudonym(1, "person", 7) != before


@pytest.mark.parametrize("generalised", [False, True])
@pytest.mark.parametrize("free_text", [FreeText.EXCLUDED, FreeText.DEDUCE])
def test_the_codebook_describes_exactly_the_columns(world, families, generalised, free_text):
    if free_text == FreeText.DEDUCE and not research.deduce_available():
        pytest.skip("Deduce is not installed")
    export = research.request_export(
        world.users["coordinator"], world.programme, free_text, generalised
    )
    _data, book, rows = _open(bytes(export.content))
    assert [column["name"] for column in book["columns"]] == rows[0]
    assert book["codebook_version"] == research.CODEBOOK_VERSION
    assert research.CODEBOOK_VERSION in book["changes"]
    treatments = {column["treatment"] for column in book["columns"]}
    assert treatments <= {"kept", "generalised", "pseudonymised", "deidentified"}
    assert all(item["treatment"] == "dropped" for item in book["dropped"])
    if generalised:
        assert "postcode4" not in rows[0] and "age_band" in rows[0]
    assert book["k_anonymity"]["rows"] == len(rows) - 1


def test_k_anonymity_report_on_a_crafted_set():
    rows = (
        [{"age": 8, "pc": "3511"}] * 5
        + [{"age": 9, "pc": "3511"}] * 2
        + [{"age": 10, "pc": "3512"}]
        + [{"age": 8, "pc": "3512"}] * 6
    )
    report = research.k_anonymity(rows, ["age", "pc"], k=5)
    assert (report.rows, report.classes, report.smallest_class, report.rows_below_k) == (
        14,
        4,
        1,
        3,
    )
    assert report.below_k
    assert research.k_anonymity(rows[:5], ["age", "pc"]).rows_below_k == 0
    assert research.k_anonymity([], ["age"]).smallest_class == 0


def test_generalising_raises_the_smallest_class():
    assert research.age_band(6) == "4-7"
    assert research.age_band(17) == "16-17"
    assert research.age_band(19) == "18+"
    assert research.postcode4("3511 XK") == "3511"
    assert research.postcode4("") == ""


def test_the_export_reports_k_and_the_figures_it_holds(world, families):
    export = research.request_export(world.users["coordinator"], world.programme)
    assert export.rows == 6 and export.families == 4
    assert export.smallest_class >= 1 and export.rows_below_k == 6  # a small programme
    _data, _book, rows = _open(bytes(export.content))
    header, row = rows[0], _row_of(world, families[0], rows)
    assert row[header.index("decision")] == "accepted"
    assert row[header.index("contacts")] == "3"
    assert row[header.index("closure_reason")] == "moved"
    assert row[header.index("days_to_first_day")] == "15"
    assert row[header.index("referral_month")].count("-") == 1


def test_only_the_programmes_coordinator_requests(world):
    for role in ("researcher", "linking_pin", "policy_officer"):
        with pytest.raises(RuleError):
            research.request_export(world.users[role], world.programme)
    with pytest.raises(RuleError):
        research.request_export(world.other_coordinator, world.programme)


def test_release_needs_confirmation_and_happens_once(world, families):
    coordinator = world.users["coordinator"]
    export = research.request_export(coordinator, world.programme)
    with pytest.raises(RuleError):
        research.release(coordinator, export, confirmed=False)
    with pytest.raises(RuleError):
        research.release(world.users["researcher"], export, confirmed=True)
    released = research.release(coordinator, export, confirmed=True)
    assert released.expires_at - released.released_at == datetime.timedelta(days=14)
    with pytest.raises(RuleError):
        research.release(coordinator, released, confirmed=True)


def test_production_needs_its_own_pseudonym_key(settings):
    settings.DEMO_MODE = False
    settings.INSECURE_RESEARCH_PSEUDONYM_KEY = True
    assert research.configuration_problems()
    settings.INSECURE_RESEARCH_PSEUDONYM_KEY = False
    settings.RESEARCH_PSEUDONYM_KEY = "k" * 48
    assert research.configuration_problems() == []
    settings.RESEARCH_PSEUDONYM_KEY = "short"
    assert research.configuration_problems()


# -- The pages ----------------------------------------------------------------


def test_the_flow_per_role_with_the_access_log(world, families, client, sign_in):
    coordinator, researcher = world.users["coordinator"], world.users["researcher"]
    sign_in(coordinator)
    response = client.post(
        reverse("monitoring:research_request"),
        {"programme": world.programme.pk, "free_text": FreeText.EXCLUDED},
    )
    export = ResearchExport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("monitoring:research_detail", args=[export.pk])
    detail = client.get(response.url)
    assert "Kleinste groep" in detail.content.decode()
    # The coordinator may not download; the researcher sees nothing yet.
    assert client.get(reverse("monitoring:research_download", args=[export.pk])).status_code == 403
    sign_in(researcher)
    assert client.get(reverse("monitoring:research_detail", args=[export.pk])).status_code == 404
    assert client.get(reverse("monitoring:research_download", args=[export.pk])).status_code == 404
    assert export.pk not in {
        row.pk for row in client.get(reverse("monitoring:research_list")).context["rows"]
    }
    sign_in(coordinator)
    refused = client.post(reverse("monitoring:research_release", args=[export.pk]), {})
    assert refused.status_code == 200
    assert "Bevestig" in refused.content.decode()
    released = client.post(
        reverse("monitoring:research_release", args=[export.pk]), {"confirm": "on"}
    )
    assert released.status_code == 302
    sign_in(researcher)
    download = client.get(reverse("monitoring:research_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "attachment" in download["Content-Disposition"]
    _data, book, rows = _open(download.content)
    assert [c["name"] for c in book["columns"]] == rows[0]
    for role in ("linking_pin", "policy_officer", "location_staff", "referrer", "administrator"):
        sign_in(world.users[role])
        for name in ("research_list", "research_request"):
            assert client.get(reverse(f"monitoring:{name}")).status_code == 403, (role, name)
        for name in ("research_detail", "research_release", "research_download"):
            url = reverse(f"monitoring:{name}", args=[export.pk])
            assert client.get(url).status_code == 403, (role, name)
    # Another programme's coordinator sees nothing of it.
    sign_in(world.other_coordinator)
    assert client.get(reverse("monitoring:research_detail", args=[export.pk])).status_code == 404
    # The access log: request, release, download, each naming the families.
    entries = AccessLogEntry.objects.filter(data="research_export", outcome=Outcome.ALLOWED)
    by_action = {entry.action: entry for entry in entries}
    assert by_action[Action.CREATE].user == coordinator
    assert by_action[Action.CHANGE].user == coordinator
    assert by_action[Action.EXPORT].user == researcher
    family_ids = {referral.family_id for referral in families}
    family_ids |= {world.own_family.pk, world.colleague_family.pk}
    for action in (Action.CREATE, Action.CHANGE, Action.EXPORT):
        logged = {s.family_id for s in by_action[action].subjects.all()}
        assert logged == family_ids, action
    assert AccessLogEntry.objects.filter(
        data="research_export", outcome=Outcome.DENIED, username=world.users["linking_pin"].username
    ).exists()


def test_an_expired_export_says_so_in_dutch_and_is_deleted(world, families, client, sign_in):
    export = research.request_export(world.users["coordinator"], world.programme)
    research.release(world.users["coordinator"], export, confirmed=True)
    ResearchExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    sign_in(world.users["researcher"])
    response = client.get(reverse("monitoring:research_download", args=[export.pk]))
    assert response.status_code == 410
    assert "is verlopen" in response.content.decode()
    assert ResearchExport.objects.get(pk=export.pk).content is None
    assert AccessLogEntry.objects.filter(
        data="research_export", outcome=Outcome.DENIED, action=Action.EXPORT
    ).exists()


def test_the_request_form_offers_only_the_coordinators_programmes(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = client.post(
        reverse("monitoring:research_request"),
        {"programme": world.other_programme.pk, "free_text": FreeText.EXCLUDED},
    )
    assert response.status_code == 200
    assert not ResearchExport.objects.exists()


def test_the_daily_purge_deletes_expired_files_only(world, families):
    from django.core.management import call_command

    coordinator = world.users["coordinator"]
    expired = research.request_export(coordinator, world.programme)
    research.release(coordinator, expired, confirmed=True)
    ResearchExport.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    current = research.request_export(coordinator, world.programme)
    research.release(coordinator, current, confirmed=True)
    call_command("purge_research_exports", stdout=io.StringIO())
    assert ResearchExport.objects.get(pk=expired.pk).content is None
    assert ResearchExport.objects.get(pk=current.pk).content is not None


_ROW = st.fixed_dictionaries({"age": st.integers(0, 17), "pc": st.sampled_from(["3511", "3512"])})


@given(rows=st.lists(_ROW, max_size=40), k=st.integers(1, 6))
def test_k_anonymity_counts_every_row_once(rows, k):
    report = research.k_anonymity(rows, ["age", "pc"], k=k)
    assert report.rows == len(rows)
    assert 0 <= report.rows_below_k <= report.rows
    assert (report.rows_below_k == 0) == (not rows or report.smallest_class >= k)
    # Generalising (dropping a quasi-identifier) never makes a class smaller.
    coarser = research.k_anonymity(rows, ["pc"], k=k)
    assert coarser.smallest_class >= report.smallest_class
    assert coarser.rows_below_k <= report.rows_below_k


@given(
    programmes=st.lists(st.integers(1, 10_000), min_size=2, max_size=2, unique=True),
    person=st.integers(1, 10**9),
)
def test_a_code_differs_between_programmes(programmes, person):
    first, second = (research.pseudonym(p, "person", person) for p in programmes)
    assert first != second
    assert first == research.pseudonym(programmes[0], "person", person)


def test_the_number_of_queries_does_not_grow_with_the_families(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            research.export_rows(world.programme)
        return len(captured)

    few = count()
    for _ in range(4):
        make_referral(world.programme, world.users["referrer"], child_ages=(4, 7, 10))
    assert count() == few


def test_without_deduce_free_text_is_refused_with_a_message(world, client, sign_in, monkeypatch):
    monkeypatch.setattr(research, "deduce_available", lambda: False)
    sign_in(world.users["coordinator"])
    page = client.get(reverse("monitoring:research_request"))
    assert "Deduce is niet geïnstalleerd" in page.content.decode()
    response = client.post(
        reverse("monitoring:research_request"),
        {"programme": world.programme.pk, "free_text": FreeText.DEDUCE},
    )
    assert response.status_code == 200
    assert "Kies voor weglaten" in response.content.decode()
    assert not ResearchExport.objects.exists()
