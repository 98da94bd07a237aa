# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The decision letter as a real beschikking: addressed to the
parents with authority, the municipality's letterhead, a unique reference
per decision, the decision, the legal remedies clause of the Awb, PDF/A;
and the page "Beschikkingsteksten" where the coordinator edits the texts
with a preview. Who may print a letter: test_decision.py."""

import datetime
import io
import re
import shutil
import subprocess
import zlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from buitenshuis.activities.models import Contract, Placement
from buitenshuis.audit.models import AccessLogEntry, Action
from buitenshuis.casework.models import Person
from buitenshuis.organisations.models import ActivityType
from buitenshuis.organisations.tests.factories import MunicipalityFactory, ProgrammeFactory
from buitenshuis.referrals import letter, letter_texts, rules
from buitenshuis.referrals.forms_programme import LetterTemplateForm
from buitenshuis.referrals.models import Decision, LetterTemplate
from buitenshuis.referrals.tests.factories import make_referral
from buitenshuis.referrals.tests.test_decision import ready_referral

REMEDIES_WORDS = [
    "bezwaar maken",
    "binnen zes weken na de datum van verzending",
    "college van burgemeester en wethouders",
    "ondertekenen",
    "uw naam en adres",
    "de datum",
    "voorlopige voorziening",
]


def png_logo():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 160), (0, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def letterhead(world, settings, tmp_path):
    """Programme A's municipality with logo and postal address; the texts
    with a signer."""
    settings.MEDIA_ROOT = tmp_path / "media"
    municipality = world.programme.municipalities.get()
    municipality.name = "Utrecht"
    municipality.logo = png_logo()
    municipality.postal_address = "Postbus 16200\n3500 CE Utrecht"
    municipality.phone = "14 030"
    municipality.save()
    texts = LetterTemplate.for_programme(world.programme)
    texts.signer_name = "J. Verzonnen"
    texts.signer_function = "Teamleider Jeugd"
    texts.save()
    return municipality


def xmp(pdf):
    """The PDF's XMP metadata (the stream may be compressed)."""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        data = match.group(1)
        try:
            data = zlib.decompress(data)
        except zlib.error:
            pass
        if b"<x:xmpmeta" in data:
            return data.decode()
    return ""


def pdf_text(pdf):
    """The PDF's text with pdftotext (poppler-utils) when installed, else
    the text of WeasyPrint's laid-out pages is checked by the caller
    through ``layout_text``."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        return " ".join(out.stdout.decode().split())
    return None


def layout_text(context):
    """The text WeasyPrint lays out on the pages (what the PDF shows)."""
    from weasyprint import HTML

    document = HTML(string=letter.render_html(context)).render()
    words = []

    def walk(box):
        if hasattr(box, "text"):
            words.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(" ".join(words).split())


def text_of(pdf, context):
    return pdf_text(pdf) or layout_text(context)


def decided(world, outcome=Decision.Outcome.ACCEPTED, **kwargs):
    referral = ready_referral(
        world, child_ages=kwargs.pop("child_ages", (4, 9)), parents=2, parents_with_authority=1
    )
    family = referral.family
    family.street, family.house_number = "Verzonnenlaan", "12a"
    family.postcode, family.city = "3511 AB", "Utrecht"
    family.save()
    decision = rules.decide(world.users["policy_officer"], referral, outcome, **kwargs)
    return referral, decision


# What the letter says ------------------------------------------------------


def test_accepted_letter_is_a_beschikking(client, sign_in, world, letterhead):
    referral, decision = decided(
        world,
        start_date=datetime.date(2026, 12, 1),
        parental_contribution=Decimal("12465.42"),
    )
    family = referral.family
    parents = family.members.filter(kind=Person.Kind.PARENT).order_by("first_name")
    with_authority, without = parents[0], parents[1]
    assert with_authority.has_parental_authority and not without.has_parental_authority

    sign_in(world.users["policy_officer"])
    response = client.get(reverse("referrals:letter", args=[referral.pk]))
    assert response.status_code == 200
    pdf = response.content
    assert decision.letter_reference in response["Content-Disposition"]
    assert AccessLogEntry.objects.filter(
        user=world.users["policy_officer"], action=Action.PRINT, data="decision"
    ).exists()

    context = letter.letter_context(decision)
    text = text_of(pdf, context)
    html = letter.render_html(context)
    for expected in [
        # the letterhead and the addressee
        "Gemeente Utrecht",
        "Postbus 16200",
        "3500 CE Utrecht",
        f"{with_authority.first_name} {with_authority.last_name}",
        "Verzonnenlaan 12a",
        "3511 AB Utrecht",
        # date and reference
        "Datum",
        decision.letter_reference,
        # the decision: children, period, contribution in Dutch style
        "1 december 2026 tot 1 december 2028",
        "€ 12.465,42 per maand",
        "Periode",
        "Ouderbijdrage",
        # the remedies clause, to the college at its address
        "college van burgemeester en wethouders van Utrecht, Postbus 16200, 3500 CE Utrecht",
        # the signature block
        "namens het college van burgemeester en wethouders van Utrecht",
        "J. Verzonnen",
        "Teamleider Jeugd",
    ] + REMEDIES_WORDS:
        assert expected in text, expected
        assert expected in html, expected
    for child in family.members.filter(kind=Person.Kind.CHILD):
        assert child.first_name in text
        assert letter.dutch_date(child.date_of_birth) in text
        assert child.last_name not in text.replace(with_authority.last_name, "")
    # Only the parent with authority is addressed.
    assert f"{without.first_name} {without.last_name}" not in text
    # The letter is for the parents: no internal flags, no logo fetched by URL.
    assert "onder mandaat" not in text.lower()
    assert 'src="data:image/png;base64,' in html


def test_letter_is_pdf_a_and_tagged(world, letterhead):
    referral, decision = decided(world)
    pdf = letter.render_pdf(letter.letter_context(decision))
    assert pdf.startswith(b"%PDF-1.7")
    metadata = xmp(pdf)
    assert 'pdfaid:part="3"' in metadata
    assert 'pdfaid:conformance="A"' in metadata  # A: tagged, accessible
    assert "Besluit Buitenshuisproject " + decision.letter_reference in metadata


def test_rejection_letter_gives_the_reason_and_the_remedies(client, sign_in, world, letterhead):
    reason = "Het gezin woont buiten de gemeenten van het programma."
    referral, decision = decided(world, Decision.Outcome.REJECTED, reason=reason)
    assert decision.letter_reference
    sign_in(world.users["coordinator"])
    response = client.get(reverse("referrals:letter", args=[referral.pk]))
    assert response.status_code == 200
    text = text_of(response.content, letter.letter_context(decision))
    assert "afwijzing" in text
    assert "Wij wijzen de aanmelding van" in text
    assert reason in text
    for words in REMEDIES_WORDS:
        assert words in text, words
    # No period or contribution for a rejection.
    assert "Periode" not in text
    assert "Ouderbijdrage" not in text


def test_the_reason_of_a_rejection_is_in_the_letter_even_without_the_placeholder(world):
    texts = LetterTemplate.for_programme(world.programme)
    # Stored before the form refused such a text (e.g. by the admin site).
    LetterTemplate.objects.filter(pk=texts.pk).update(rejection_text="Wij wijzen af.")
    referral, decision = decided(world, Decision.Outcome.REJECTED, reason="Verzonnen reden.")
    html = letter.render_html(decision)
    assert "Wij wijzen af." in html
    assert "Reden van de afwijzing" in html
    assert "Verzonnen reden." in html


def test_letter_names_the_placement_when_known(world, letterhead):
    referral, decision = decided(world, child_ages=(7,))
    child = referral.family.members.get(kind=Person.Kind.CHILD)
    location = world.location
    location.name, location.city = "BSO De Verzonnen Boom", "Utrecht"
    location.activity_type = ActivityType.AFTER_SCHOOL
    location.save()
    contract = Contract.objects.create(
        location=location,
        programme=world.programme,
        places=2,
        tariff=10,
        valid_from=datetime.date(2026, 1, 1),
    )
    html = letter.render_html(decision)
    assert "die de linking pin met u afspreekt" in html
    Placement.objects.create(
        enrolment=referral.enrolment,
        child=child,
        location=location,
        contract=contract,
        activity_type=ActivityType.AFTER_SCHOOL,
        days=["mon", "wed"],
        hours_per_week=6,
        start_date=decision.start_date,
        end_date=decision.end_date,
        created_by=world.users["linking_pin"],
    )
    html = letter.render_html(decision)
    assert "Buitenschoolse opvang (BSO), BSO De Verzonnen Boom (Utrecht)" in html
    assert "die de linking pin met u afspreekt" not in html


# The reference -------------------------------------------------------------


def test_each_decision_gets_a_unique_reference_per_municipality_and_year(world):
    year = timezone.localdate().year
    cbs = world.programme.municipalities.get().cbs_code
    first = decided(world)[1]
    second = decided(world, Decision.Outcome.REJECTED, reason="Verzonnen reden.")[1]
    assert first.letter_reference == f"BH-{year}-{cbs}-0001"
    assert second.letter_reference == f"BH-{year}-{cbs}-0002"

    # Another municipality counts on its own.
    elsewhere = MunicipalityFactory()
    programme = ProgrammeFactory(municipalities=[elsewhere])
    from buitenshuis.organisations.tests.factories import MembershipFactory

    decider = MembershipFactory(role="policy_officer", programme=programme).user
    pin = MembershipFactory(role="linking_pin", programme=programme).user
    referral = make_referral(programme, world.users["referrer"], linking_pin=pin)
    other = rules.decide(decider, referral, Decision.Outcome.REJECTED, reason="Verzonnen.")
    assert other.letter_reference == f"BH-{year}-{elsewhere.cbs_code}-0001"

    # The database refuses a second decision with the same reference.
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=second.pk).update(letter_reference=first.letter_reference)


def test_contribution_through_the_decide_form_in_dutch_notation(client, sign_in, world):
    referral = ready_referral(world)
    sign_in(world.users["policy_officer"])
    response = client.post(
        reverse("referrals:decide", args=[referral.pk]),
        {"outcome": "accepted", "start_date": "2026-12-01", "parental_contribution": "25,50"},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(referral=referral)
    assert decision.parental_contribution == Decimal("25.50")
    assert "€ 25,50 per maand" in letter.render_html(decision)


def test_dutch_formats():
    assert letter.dutch_date(datetime.date(2026, 12, 1)) == "1 december 2026"
    assert letter.euro(Decimal("12465.42")) == "€ 12.465,42"
    assert letter.euro(Decimal("7.5")) == "€ 7,50"
    assert letter.join_names(["A", "B", "C"]) == "A, B en C"


# The texts: plain text with placeholders ----------------------------------


def test_texts_are_plain_text_and_placeholders_do_not_reach_objects(world):
    texts = LetterTemplate.for_programme(world.programme)
    texts.introduction = '<script>alert("x")</script> {gemeente.__class__} {gemeente} & co'
    texts.save()
    html = letter.render_html(letter.sample_context(world.programme, texts))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "{gemeente.__class__}" in html  # left as written, no attribute lookup
    assert "&amp; co" in html
    assert letter_texts.unknown_placeholders(texts.introduction) == ["gemeente.__class__"]


# The page "Beschikkingsteksten" -------------------------------------------


def page(programme=None):
    url = reverse("referrals:letter_texts")
    return f"{url}?programme={programme.pk}" if programme else url


def form_data(texts, **changes):
    """What the page posts: every field of its form as it stands, with changes."""
    data = {name: getattr(texts, name) for name in LetterTemplateForm.base_fields}
    data.update(changes)
    return data


def test_coordinator_sees_defaults_placeholders_and_a_synthetic_preview(
    client, sign_in, world, letterhead
):
    sign_in(world.users["coordinator"])
    response = client.get(page())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Beschikkingsteksten" in content
    for name in letter_texts.PLACEHOLDERS:
        assert "{" + name + "}" in content
    assert "binnen zes weken na de datum van verzending" in content  # our default
    assert "VOORBEELD met een verzonnen gezin" in content
    assert "Ouder Een Voorbeeld" in content
    assert "Voorbeeldstraat 1" in content
    # No family of the programme is shown, and nothing is logged.
    assert world.own_family.family_name not in content
    assert not AccessLogEntry.objects.exclude(action=Action.SIGN_IN).exists()


def test_preview_shows_unsaved_texts_without_storing_them(client, sign_in, world):
    texts = LetterTemplate.for_programme(world.programme)
    sign_in(world.users["coordinator"])
    data = form_data(texts, introduction="Een nieuwe inleiding voor {ouders}.", preview="1")
    response = client.post(page(world.programme), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Een nieuwe inleiding voor Ouder Een Voorbeeld en Ouder Twee Voorbeeld." in content
    assert "nog niet opgeslagen" in content
    texts.refresh_from_db()
    assert texts.introduction == letter_texts.DEFAULT_INTRODUCTION


def test_saving_texts_keeps_history_and_changes_real_letters(client, sign_in, world):
    texts = LetterTemplate.for_programme(world.programme)
    sign_in(world.users["policy_officer"])
    data = form_data(
        texts,
        introduction="Beste {ouders}, dit is de inleiding van {gemeente}.",
        signer_name="M. Verzonnen",
        signer_function="Beleidsmedewerker Jeugd",
        save="1",
    )
    response = client.post(page(world.programme), data)
    assert response.status_code == 302
    texts.refresh_from_db()
    assert texts.signer_name == "M. Verzonnen"
    assert texts.history.first().history_user == world.users["policy_officer"]
    referral, decision = decided(world)
    html = letter.render_html(decision)
    assert "dit is de inleiding van " + referral.family.municipality.name in html
    assert "M. Verzonnen" in html


def test_unknown_placeholder_and_missing_reason_are_refused(client, sign_in, world):
    texts = LetterTemplate.for_programme(world.programme)
    sign_in(world.users["coordinator"])
    data = form_data(
        texts,
        introduction="Hallo {voornaam}",
        rejection_text="Wij wijzen af.",
        remedies_clause="",
        save="1",
    )
    response = client.post(page(world.programme), data)
    assert response.status_code == 200
    content = response.content.decode()
    # All errors in one round.
    assert "Onbekende invulplek: {voornaam}" in content
    assert "Zet {reden} in de tekst bij afwijzing" in content
    assert "Vul deze tekst in" in content
    texts.refresh_from_db()
    assert texts.introduction == letter_texts.DEFAULT_INTRODUCTION


def test_texts_of_another_programme_are_not_reachable(client, sign_in, world):
    sign_in(world.users["coordinator"])
    assert client.get(page(world.other_programme)).status_code == 404
    url = reverse("referrals:letter_preview") + f"?programme={world.other_programme.pk}"
    assert client.get(url).status_code == 404
    sign_in(world.users["linking_pin"])
    assert client.get(page()).status_code == 403


def test_pdf_preview_is_pdf_a_for_the_sample_family(client, sign_in, world, letterhead):
    sign_in(world.users["coordinator"])
    for outcome, words in (("toekenning", "Ouderbijdrage"), ("afwijzing", "verzonnen reden")):
        response = client.get(
            reverse("referrals:letter_preview") + f"?programme={world.programme.pk}"
            f"&uitkomst={outcome}"
        )
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert 'pdfaid:part="3"' in xmp(response.content)
        texts = LetterTemplate.for_programme(world.programme)
        context = letter.sample_context(world.programme, texts, accepted=outcome == "toekenning")
        text = text_of(response.content, context)
        assert "VOORBEELD met een verzonnen gezin" in text
        assert words in text
        assert "voorlopige voorziening" in text
