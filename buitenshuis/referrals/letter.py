# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The decision letter (beschikking) to the parents, as HTML and as a
PDF/A for the municipal archive.

A letter has the family's municipality's letterhead (name, logo, postal
address), the parents with parental authority with the family's address,
the date, the decision's own reference (``Decision.letter_reference``), the
decision (children, activity, period, parental contribution; or the reason
of a rejection), the legal remedies clause of the General Administrative
Law Act (Awb) and the signature block. The texts are the programme's
(``LetterTemplate``, plain text with placeholders; see ``letter_texts``).

``letter_context`` gathers what a real decision's letter says,
``sample_context`` the same for an invented family (the preview on the page
"Beschikkingsteksten"); ``render_html`` and ``render_pdf`` render either.
Who may print a letter is the view's question (the access policy)."""

import datetime
import functools
from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.numberformat import format as number_format

from buitenshuis.casework.models import Person
from buitenshuis.core.pdf import html_to_pdf
from buitenshuis.organisations.letterhead import Letterhead, letterhead
from buitenshuis.referrals import letter_texts, placements
from buitenshuis.referrals.models import Decision, LetterTemplate

SAMPLE_REFERENCE = "VOORBEELD-0000"

# The letter's styles: one file for the PDF (embedded in the document) and
# for the preview on the page (a static stylesheet, since the pages'
# Content-Security-Policy allows no inline styles).
LETTER_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "letter.css"


@functools.cache
def letter_css():
    return LETTER_CSS.read_text(encoding="utf-8")


def dutch_date(day):
    """``1 december 2026``."""
    if day is None:
        return ""
    with translation.override("nl"):
        return dateformat.format(day, "j F Y")


def euro(amount):
    """``€ 12.465,42``: Dutch grouping and decimal comma, whatever the
    installation's number settings."""
    return "€ " + number_format(
        Decimal(amount), decimal_sep=",", decimal_pos=2, grouping=3, thousand_sep=".",
        force_grouping=True,
    )  # fmt: skip


def join_names(names):
    """``A``, ``A en B``, ``A, B en C``."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


def _activity(placements):
    """Location and type of each placement, or '' when none is known."""
    parts = []
    for placement in placements:
        text = f"{placement.get_activity_type_display()}, {placement.location.name}"
        if placement.location.city:
            text += f" ({placement.location.city})"
        if text not in parts:
            parts.append(text)
    return "; ".join(parts)


NO_ACTIVITY_YET = "een activiteit buitenshuis die de linking pin met u afspreekt"


def _context(
    *,
    texts,
    head,
    accepted,
    reference,
    decided_on,
    parents,
    address_lines,
    family_name,
    children,
    programme_name,
    start_date=None,
    end_date=None,
    contribution=None,
    reason="",
    municipality_reference="",
    sample=False,
):
    """The letter's context from plain values. ``children`` are dicts
    with ``first_name``, ``date_of_birth`` and ``activity``."""
    activities = []
    for child in children:
        if child["activity"] and child["activity"] not in activities:
            activities.append(child["activity"])
    values = {
        "gemeente": head.name,
        "adres_gemeente": ", ".join(head.address_lines) or head.name,
        "programma": programme_name,
        "ouders": join_names(parents),
        "kinderen": join_names([c["first_name"] for c in children]),
        "activiteit": "; ".join(activities) or NO_ACTIVITY_YET,
        "startdatum": dutch_date(start_date),
        "einddatum": dutch_date(end_date),
        "ouderbijdrage": f"{euro(contribution)} per maand" if contribution else "geen",
        "reden": reason,
        "kenmerk": reference,
        "datum": dutch_date(decided_on),
    }
    decision_text = texts.acceptance_text if accepted else texts.rejection_text
    # The reason of a rejection is always in the letter, even when the text
    # leaves out {reden}; so is an acceptance's motivation.
    reason_apart = bool(reason) and "{reden}" not in decision_text
    return {
        "sample": sample,
        "title": f"Besluit Buitenshuisproject {reference}",
        "letterhead": head,
        "accepted": accepted,
        "reference": reference,
        "municipality_reference": municipality_reference,
        "date": dutch_date(decided_on),
        "recipients": parents or [f"De ouders/verzorgers van {values['kinderen']}"],
        "family_name": family_name,
        "address_lines": address_lines,
        "salutation": f"Geachte {values['ouders']}," if parents else "Geachte ouders/verzorgers,",
        "children": [{**child, "born": dutch_date(child["date_of_birth"])} for child in children],
        "start_date": values["startdatum"],
        "end_date": values["einddatum"],
        "contribution": euro(contribution) if contribution else "",
        "reason": reason if reason_apart else "",
        "introduction": letter_texts.fill(texts.introduction, values),
        "decision_text": letter_texts.fill(decision_text, values),
        "remedies": letter_texts.fill(texts.remedies_clause, values),
        "signature": letter_texts.fill(texts.signature_text, values),
        "signer_name": texts.signer_name,
        "signer_function": texts.signer_function,
        "no_activity_yet": NO_ACTIVITY_YET,
    }


def letter_context(decision, texts=None):
    """What the letter of ``decision`` says (accepted or rejected)."""
    referral = decision.referral
    family = referral.family
    texts = texts or LetterTemplate.for_programme(referral.programme)
    members = list(family.members.all())
    with_authority = [
        m for m in members if m.kind == Person.Kind.PARENT and m.has_parental_authority
    ]
    accepted = decision.outcome == Decision.Outcome.ACCEPTED
    placed = placements.answers().per_child(referral.enrolment) if accepted else {}
    children = [
        {
            "first_name": m.first_name,
            "date_of_birth": m.date_of_birth,
            "activity": _activity(placed.get(m.pk, [])),
        }
        for m in sorted(
            (m for m in members if m.kind == Person.Kind.CHILD), key=lambda m: m.date_of_birth
        )
    ]
    street = " ".join(part for part in (family.street, family.house_number) if part)
    town = " ".join(part for part in (family.postcode, family.city) if part)
    return _context(
        texts=texts,
        head=letterhead(family.municipality, referral.programme),
        accepted=accepted,
        reference=decision.letter_reference or family.reference,
        decided_on=timezone.localtime(decision.decided_at).date(),
        parents=[f"{p.first_name} {p.last_name}" for p in with_authority],
        address_lines=[line for line in (street, town) if line],
        family_name=family.family_name,
        children=children,
        programme_name=referral.programme.name,
        start_date=decision.start_date,
        end_date=decision.end_date,
        contribution=decision.parental_contribution,
        reason=decision.reason,
        municipality_reference=decision.municipality_reference,
    )


def sample_context(programme, texts, accepted=True, municipality=None):
    """The letter for an invented family that is obviously not real, with
    the letterhead of ``municipality`` (default: the programme's first)."""
    municipality = municipality or programme.municipalities.order_by("name").first()
    if municipality is not None:
        head = letterhead(municipality, programme)
    else:
        head = Letterhead(name="Voorbeeldgemeente", address_lines=["Postbus 1", "1234 AB Dorp"])
    today = timezone.localdate()
    return _context(
        texts=texts,
        head=head,
        accepted=accepted,
        reference=SAMPLE_REFERENCE,
        decided_on=today,
        parents=["Ouder Een Voorbeeld", "Ouder Twee Voorbeeld"],
        address_lines=["Voorbeeldstraat 1", "1234 AB Voorbeeldstad"],
        family_name="Voorbeeld",
        children=[
            {
                "first_name": "Kind Een",
                "date_of_birth": datetime.date(today.year - 9, 1, 1),
                "activity": "Buitenschoolse opvang (BSO), Voorbeeldlocatie (Voorbeeldstad)",
            },
            {
                "first_name": "Kind Twee",
                "date_of_birth": datetime.date(today.year - 4, 1, 1),
                "activity": "",
            },
        ],
        programme_name=programme.name,
        start_date=today,
        end_date=datetime.date(today.year + 2, today.month, min(today.day, 28)),
        contribution=Decimal("12.50") if accepted else None,
        reason="" if accepted else "Dit is een verzonnen reden voor een voorbeeld.",
        sample=True,
    )


def render_html(context):
    """The letter as a standalone HTML document (Dutch, whatever language
    the user's screens are in). ``context`` from ``letter_context`` or
    ``sample_context``; a ``Decision`` is accepted for convenience."""
    if isinstance(context, Decision):
        context = letter_context(context)
    with translation.override("nl"):
        return render_to_string("referrals/letter.html", {**context, "letter_css": letter_css()})


def render_body(context):
    """Only the letter's body (no document around it), for the preview on
    a page; escaped like the letter itself."""
    with translation.override("nl"):
        return render_to_string("referrals/letter_body.html", context)


def render_pdf(context):
    """The letter as PDF/A-3b bytes."""
    return html_to_pdf(render_html(context))
