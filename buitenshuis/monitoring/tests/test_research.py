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
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.activities.models import Contract, Placement
from buitenshuis.audit.models import AccessLogEntry, Action, Outcome
from buitenshuis.casework.models import Closure, Enrolment, Person
from buitenshuis.casework.tests.factories import ContactFactory, EnrolmentFactory, PersonFactory
from buitenshuis.core.errors import RuleError
from buitenshuis.monitoring import questionnaires, research
from buitenshuis.monitoring.models_questionnaires import Instrument, Moment, Response
from buitenshuis.monitoring.models_research import FreeText, ResearchExport
from buitenshuis.monitoring.questionnaires_default import ensure_default_instruments
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


# The family that answered questionnaires: two parents and two children.
ANSWERING_BSNS = ["725763863", "162275869", "192285142", "691682483"]
PROFESSIONAL = "Anja Brandsma, BSO Zonnestraal"


def _aware(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _answer(pin, enrolment, key, moment, values, person=None, texts=None, on=None, **extra):
    """``person`` (None: a professional) fills in instrument ``key`` at
    ``moment`` through the linking pin: ``values`` are the scored items'
    answers in order, ``texts`` the open questions'."""
    instrument = Instrument.objects.get(key=key)
    values, texts, answers = list(values), list(texts or []), {}
    for item in instrument.items.all():
        answers[item.pk] = texts.pop(0) if item.scale.free_text else values.pop(0)
    return questionnaires.enter_answers(
        pin, enrolment, instrument, moment, answers, person=person, now=_aware(on), **extra
    )


@pytest.fixture
def answered(world, families):
    """A family of programme A with two parents and two children (15 and
    9), all with names, BSNs, phones and dates of birth, whose enrolment
    started 400 days ago: the 15-year-old answered the young person's
    questions at the start and the experience questions at 12 months (an
    open answer naming themself, their BSN, address and phone), the first
    parent the wellbeing questions at the start and at 12 months and the
    experience questions at 12 months (an open answer naming the family), a
    professional the professional's questions at 12 months. And a parent
    in programme B answered a questionnaire too."""
    ensure_default_instruments()
    pin = world.users["linking_pin"]
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=pin,
        parents=2,
        child_ages=(15, 9),
        status=Referral.Status.ACCEPTED,
    )
    family = referral.family
    family.family_name = "Vlasbloemwijk"
    family.street = "Ganzebloemsingel"
    family.house_number = "3"
    family.postcode = "9712 GH"
    family.save()
    members = list(family.members.order_by("pk"))
    for person, bsn in zip(members, ANSWERING_BSNS, strict=True):
        person.last_name = family.family_name
        person.phone = f"06-9876543{person.pk % 10}"
        person.email = f"{person.first_name.lower()}@vlasbloemwijk.nl"
        person.set_bsn(bsn)
        person.save()
    parent, _other_parent, young, _child = members
    young.first_name = "Sieuwke"
    young.save()
    parent.first_name = "Gerbrich"
    parent.save()
    enrolment = referral.enrolment
    enrolment.status = Enrolment.Status.ACTIVE
    enrolment.start_date = timezone.localdate() - datetime.timedelta(days=400)
    enrolment.end_date = enrolment.start_date + datetime.timedelta(days=730)
    enrolment.save()
    start = enrolment.start_date + datetime.timedelta(days=10)
    twelve = questionnaires.moment_day(enrolment, Moment.MONTH_12) + datetime.timedelta(days=3)
    responses = {
        "young_start": _answer(
            pin, enrolment, "welzijn-jongere-12-17", "start", [4, 3, 2, 5, 1, 4, 5], young, on=start
        ),
        "young_12": _answer(
            pin,
            enrolment,
            "ervaring-kind",
            "12",
            [3, 3, 2, 3],
            young,
            texts=[
                f"Ik ben Sieuwke {family.family_name}, BSN {ANSWERING_BSNS[2]}, ik woon op "
                f"{family.street} 3 in Groningen, bel me op {young.phone}. Voetballen is leuk."
            ],
            on=twelve,
        ),
        "parent_start": _answer(
            pin, enrolment, "welzijn-ouder", "start", [2, 3, 4, 2, 3, 4], parent, on=start
        ),
        "parent_12": _answer(
            pin, enrolment, "welzijn-ouder", "12", [4, 4, 2, 4, 4, 2], parent, on=twelve
        ),
        "parent_experience": _answer(
            pin,
            enrolment,
            "ervaring-ouder",
            "12",
            [5, 4, 5, 4, 4],
            parent,
            texts=[
                f"Groeten van Gerbrich {family.family_name} (geboren "
                f"{parent.date_of_birth:%d-%m-%Y}, BSN {ANSWERING_BSNS[0]}). Dank aan de "
                "linking pin."
            ],
            on=twelve,
        ),
        "professional": _answer(
            pin,
            enrolment,
            "ervaring-professional",
            "12",
            [4, 4, 5, 4, 3, 5],
            texts=["Sieuwke doet het goed bij ons."],
            professional=PROFESSIONAL,
            on=twelve,
        ),
    }
    # Programme B: a parent of the other family answers too.
    other = world.other_family
    other_parent = PersonFactory(
        family=other, kind=Person.Kind.PARENT, first_name="Wobbina", last_name=other.family_name
    )
    other_enrolment = EnrolmentFactory(family=other, start_date=enrolment.start_date)
    other_response = Response.objects.create(
        enrolment=other_enrolment,
        person=other_parent,
        instrument=Instrument.objects.get(key="welzijn-ouder"),
        moment="start",
        submitted_at=_aware(start),
        score="3.00",
    )
    return SimpleNamespace(
        referral=referral,
        family=family,
        enrolment=enrolment,
        parent=parent,
        young=young,
        responses=responses,
        other_parent=other_parent,
        other_response=other_response,
    )


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


def _table(content, name):
    """The rows of one file of the ZIP as dicts by column name."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


@pytest.fixture
def families(world):
    return [
        _identified_family(world, 1, BSNS[:2]),
        _identified_family(world, 2, BSNS[2:]),
    ]


@pytest.mark.parametrize("free_text", [FreeText.EXCLUDED, FreeText.DEDUCE])
def test_no_direct_identifier_anywhere_in_the_file(world, families, answered, free_text):
    """Not in data.csv, not in the questionnaires' files (not even in an
    open answer that names the child, the BSN, the address, the phone and
    a parent's date of birth), not in the codebook."""
    if free_text == FreeText.DEDUCE and not research.deduce_available():
        pytest.skip("Deduce is not installed")
    export = research.request_export(world.users["coordinator"], world.programme, free_text)
    content = bytes(export.content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    forbidden = BSNS + ["Zwaantje", "Fenna", "06-12345678", "17b", "3511 XK", "3511XK"]
    forbidden += ANSWERING_BSNS + ["Sieuwke", "Gerbrich", "Wobbina", "9712 GH", "9712GH"]
    forbidden += ["Brandsma", "Zonnestraal", PROFESSIONAL]
    for family in [r.family for r in families] + [
        answered.family,
        world.own_family,
        world.colleague_family,
        world.other_family,
    ]:
        forbidden += _identifiers(family)
    for value in forbidden:
        assert not re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text, re.I), value
    # Dates only as months: no day of any date, in any file.
    assert not re.search(r"\b\d{4}-\d{1,2}-\d{1,2}\b", text)
    assert not re.search(r"\b\d{1,2}-\d{1,2}-\d{4}\b", text)
    _data, _book, rows = _open(content)
    # The header; two children in each family, one in each of the world's.
    assert len(rows) == 1 + 8
    header, row = rows[0], _row_of(world, families[0], rows)
    assert row[header.index("postcode4")] == "3511"
    answers = _table(content, "answers.csv")
    if free_text == FreeText.DEDUCE:
        worries = row[header.index("referral_worries")]
        assert "Zorgen om" in worries and "[" in worries
        # The open answers are there, de-identified: their sense survives.
        texts = [answer["text"] for answer in answers if answer["text"]]
        assert len(texts) == 3
        young = next(t for t in texts if "Voetballen is leuk" in t)
        assert "[" in young
        assert any("Dank aan de linking pin" in t for t in texts)
    else:
        assert "text" not in answers[0]


def test_free_text_is_left_out_by_default(world, families):
    export = research.request_export(world.users["coordinator"], world.programme)
    _data, book, rows = _open(bytes(export.content))
    assert "referral_worries" not in rows[0]
    assert any("Referral.worries" in item["source"] for item in book["dropped"])


def test_the_export_holds_the_scores_and_answers_of_the_responses(world, answered):
    """The 15-year-old's questionnaire at the start and the parent's at the
    start and at 12 months: role, age band, instrument, moment, month,
    score, and every item's value as given."""
    export = research.request_export(world.users["coordinator"], world.programme)
    content = bytes(export.content)
    responses = {row["response"]: row for row in _table(content, "questionnaires.csv")}
    answers = _table(content, "answers.csv")
    pid = world.programme.pk

    def row_of(key):
        return responses[research.pseudonym(pid, "response", answered.responses[key].pk)]

    def values_of(key):
        code = research.pseudonym(pid, "response", answered.responses[key].pk)
        return [(a["item"], a["value"]) for a in answers if a["response"] == code]

    young = row_of("young_start")
    assert young["respondent_role"] == "child"
    assert young["respondent_age_band"] == "12-15"
    assert young["instrument"] == "welzijn-jongere-12-17"
    assert young["moment"] == "start"
    start = answered.enrolment.start_date + datetime.timedelta(days=10)
    assert young["submitted_month"] == f"{start:%Y-%m}"
    # 4, 3, (6 - 2), 5, (6 - 1), 4, 5: items 3 and 5 are reversed.
    assert young["score"] == "4.29"
    assert values_of("young_start") == [
        (str(n), str(v)) for n, v in enumerate([4, 3, 2, 5, 1, 4, 5], start=1)
    ]
    assert young["entered_by_linking_pin"] == "1"
    at_start, at_twelve = row_of("parent_start"), row_of("parent_12")
    assert (at_start["respondent_role"], at_start["respondent_age_band"]) == ("parent", "")
    assert (at_start["moment"], at_twelve["moment"]) == ("start", "12")
    assert at_start["score"] == "2.33"  # 2, 3, (6 - 4), 2, 3, (6 - 4)
    assert at_twelve["score"] == "4.00"  # 4, 4, (6 - 2), 4, 4, (6 - 2)
    assert Decimal(at_twelve["score"]) == answered.responses["parent_12"].score
    assert values_of("parent_12") == [
        (str(n), str(v)) for n, v in enumerate([4, 4, 2, 4, 4, 2], start=1)
    ]
    assert at_start["respondent"] == at_twelve["respondent"]
    # The professional: the role only, no code, no function.
    professional = row_of("professional")
    assert (professional["respondent_role"], professional["respondent"]) == ("professional", "")
    # The open questions are left out by default: their items are not there.
    assert [item for item, _value in values_of("young_12")] == ["1", "2", "3", "4"]
    assert len(responses) == 6


def test_a_person_has_one_code_in_both_tables_and_another_in_another_programme(world, answered):
    export = research.request_export(world.users["coordinator"], world.programme)
    content = bytes(export.content)
    children = _table(content, "data.csv")
    responses = _table(content, "questionnaires.csv")
    pid, other = world.programme.pk, world.other_programme.pk
    young_code = research.pseudonym(pid, "person", answered.young.pk)
    family_code = research.pseudonym(pid, "family", answered.family.pk)
    enrolment_code = research.pseudonym(pid, "enrolment", answered.enrolment.pk)
    (child_row,) = [row for row in children if row["child"] == young_code]
    assert (child_row["family"], child_row["enrolment"]) == (family_code, enrolment_code)
    by_young = [row for row in responses if row["respondent"] == young_code]
    assert {row["instrument"] for row in by_young} == {"welzijn-jongere-12-17", "ervaring-kind"}
    assert {row["family"] for row in responses} == {family_code}
    assert {row["enrolment"] for row in responses} == {enrolment_code}
    parent_code = research.pseudonym(pid, "person", answered.parent.pk)
    assert len([row for row in responses if row["respondent"] == parent_code]) == 3
    # The same people under programme B's key: other codes, none in the file.
    archive = zipfile.ZipFile(io.BytesIO(content))
    text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    for kind, pk in (
        ("person", answered.young.pk),
        ("person", answered.parent.pk),
        ("family", answered.family.pk),
    ):
        in_b = research.pseudonym(other, kind, pk)
        assert in_b != research.pseudonym(pid, kind, pk)
        assert in_b not in text


def test_a_response_of_another_programme_never_appears(world, answered):
    export = research.request_export(world.users["coordinator"], world.programme)
    content = bytes(export.content)
    responses = _table(content, "questionnaires.csv")
    answers = _table(content, "answers.csv")
    ours = {
        research.pseudonym(world.programme.pk, "response", r.pk)
        for r in Response.objects.filter(enrolment__family__programme=world.programme)
    }
    assert {row["response"] for row in responses} == ours
    assert {row["response"] for row in answers} <= ours
    other = answered.other_response
    for programme in (world.programme, world.other_programme):
        for kind, pk in (("response", other.pk), ("person", answered.other_parent.pk)):
            assert research.pseudonym(programme.pk, kind, pk) not in {
                value for row in responses for value in row.values()
            }
    assert world.other_family.pk not in export.family_ids
    # Programme B's own export holds it, under B's codes.
    b_export = research.request_export(world.other_coordinator, world.other_programme)
    (b_row,) = _table(bytes(b_export.content), "questionnaires.csv")
    assert b_row["respondent"] == research.pseudonym(
        world.other_programme.pk, "person", answered.other_parent.pk
    )


def test_open_answers_and_the_professionals_function_are_left_out_by_default(world, answered):
    export = research.request_export(world.users["coordinator"], world.programme)
    content = bytes(export.content)
    answers = _table(content, "answers.csv")
    assert list(answers[0]) == ["response", "instrument", "item", "value"]
    assert all(answer["value"] for answer in answers)
    _data, book, _rows = _open(content)
    assert any("Answer.text" in item["source"] for item in book["dropped"])


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
def test_the_codebook_describes_exactly_the_columns(
    world, families, answered, generalised, free_text
):
    """Every file of the ZIP is described in the codebook, column for
    column, in the file's order; data.csv also under ``columns`` (as in
    version 1)."""
    if free_text == FreeText.DEDUCE and not research.deduce_available():
        pytest.skip("Deduce is not installed")
    export = research.request_export(
        world.users["coordinator"], world.programme, free_text, generalised
    )
    content = bytes(export.content)
    _data, book, rows = _open(content)
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert [column["name"] for column in book["columns"]] == rows[0]
    assert sorted(archive.namelist()) == sorted(
        ["codebook.json", "data.csv", "questionnaires.csv", "answers.csv"]
    )
    assert [table["file"] for table in book["tables"]] == [
        "data.csv",
        "questionnaires.csv",
        "answers.csv",
    ]
    for table in book["tables"]:
        header = next(csv.reader(io.StringIO(archive.read(table["file"]).decode("utf-8"))))
        assert [column["name"] for column in table["columns"]] == header, table["file"]
        assert table["row"]
    assert book["tables"][0]["columns"] == book["columns"]
    assert book["codebook_version"] == research.CODEBOOK_VERSION == "2"
    assert {"1", "2"} <= set(book["changes"])
    assert "questionnaires.csv" in book["changes"]["2"]
    columns = [column for table in book["tables"] for column in table["columns"]]
    treatments = {column["treatment"] for column in columns}
    assert treatments <= {"kept", "generalised", "pseudonymised", "deidentified"}
    assert all(item["treatment"] == "dropped" for item in book["dropped"])
    assert any("Response.professional" in item["source"] for item in book["dropped"])
    by_name = {column["name"]: column for column in book["tables"][1]["columns"]}
    assert by_name["respondent"]["treatment"] == "pseudonymised"
    assert by_name["respondent_age_band"]["treatment"] == "generalised"
    assert by_name["submitted_month"]["treatment"] == "generalised"
    assert by_name["moment"]["values"] == {
        "start": "Start",
        "12": "Na 12 maanden",
        "24": "Na 24 maanden",
    }
    answer_columns = [column["name"] for column in book["tables"][2]["columns"]]
    assert ("text" in answer_columns) == (free_text == FreeText.DEDUCE)
    if generalised:
        assert "postcode4" not in rows[0] and "age_band" in rows[0]
    assert book["k_anonymity"]["rows"] == len(rows) - 1
    responses = _table(content, "questionnaires.csv")
    assert book["k_anonymity_questionnaires"]["rows"] == len(responses) == 6
    # Every instrument answered, with its items, scales and reversed items.
    instruments = {instrument["key"]: instrument for instrument in book["instruments"]}
    assert set(instruments) == {response["instrument"] for response in responses}
    wellbeing = instruments["welzijn-ouder"]
    assert [item["reversed"] for item in wellbeing["items"]] == [
        False,
        False,
        True,
        False,
        False,
        True,
    ]
    assert wellbeing["items"][0]["values"]["5"] == "Altijd"
    assert wellbeing["scoring"] == "mean"


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


def test_the_questionnaires_have_their_own_k_anonymity_report(world, answered, client, sign_in):
    """Over the respondent's role, a child's age band and the moment (not
    the month): stored with the export, in the codebook, on the page."""
    coordinator = world.users["coordinator"]
    export = research.request_export(coordinator, world.programme)
    report = export.questionnaire_report
    assert report["quasi_identifiers"] == ["respondent_role", "respondent_age_band", "moment"]
    # parent start, parent 12 (twice), child start, child 12, professional 12.
    assert (report["rows"], report["equivalence_classes"]) == (6, 5)
    assert (report["smallest_class"], report["rows_in_classes_below_k"]) == (1, 6)
    _data, book, _rows = _open(bytes(export.content))
    assert book["k_anonymity_questionnaires"] == report
    # data.csv's report is as before: its own quasi-identifiers only.
    assert book["k_anonymity"]["quasi_identifiers"] == [
        "age_years",
        "postcode4",
        "municipality_cbs",
    ]
    assert export.families == 5 and answered.family.pk in export.family_ids
    sign_in(coordinator)
    for name in ("research_detail", "research_release"):
        page = client.get(reverse(f"monitoring:{name}", args=[export.pk])).content.decode()
        assert "Ingevulde vragenlijsten (questionnaires.csv)" in page
        assert 'id="questionnaire-rows-below-k">6<' in page
        assert "respondent_role, respondent_age_band, moment" in page
    detail = client.get(reverse("monitoring:research_detail", args=[export.pk])).content.decode()
    assert "answers.csv" in detail and "submitted_month" in detail


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
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    for table in book["tables"]:
        header = archive.read(table["file"]).decode("utf-8").splitlines()[0]
        assert header == ",".join(c["name"] for c in table["columns"])
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


@pytest.mark.parametrize("free_text", [FreeText.EXCLUDED, FreeText.DEDUCE])
def test_the_number_of_queries_does_not_grow_with_the_families(world, free_text):
    if free_text == FreeText.DEDUCE and not research.deduce_available():
        pytest.skip("Deduce is not installed")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ensure_default_instruments()
    parent_questions = Instrument.objects.get(key="welzijn-ouder")

    def count():
        with CaptureQueriesContext(connection) as captured:
            research.export_rows(world.programme, free_text=free_text)
            research.questionnaire_rows(world.programme, free_text=free_text)
        return len(captured)

    def answered_family():
        referral = make_referral(world.programme, world.users["referrer"], child_ages=(4, 7, 10))
        response = Response.objects.create(
            enrolment=referral.enrolment,
            person=referral.family.members.filter(kind=Person.Kind.PARENT).first(),
            instrument=parent_questions,
            moment="start",
            submitted_at=timezone.now(),
        )
        response.answers.create(item=parent_questions.items.first(), value=3)

    answered_family()
    few = count()
    for _ in range(4):
        answered_family()
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
