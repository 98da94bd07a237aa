# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The default set of questionnaires, written for Buitenshuis (no items of
licensed instruments such as the SDQ, KIDSCREEN or ORS).

* A short wellbeing and stress check: for a parent, a child of 8-11 and a
  young person of 12-17, at the start, 12 and 24 months.
* The experience questions of the guide (seed 001, "Stap 4 Monitoring en
  evaluatie"): of the parents, of the children, and of the professionals
  such as location staff (cooperation between the partners; sensitivity
  to these children's needs), at 12 and 24 months.
* The programme's rating (1-10) by the parent, at 12 and 24 months.

``ensure_default_instruments()`` is idempotent: it creates what is
missing by key and brings the default instruments' items up to date; it
never touches an instrument that is not ours (``is_default=False``)."""

from django.db import transaction

from buitenshuis.monitoring.models_questionnaires import (
    Instrument,
    Item,
    Moment,
    Respondent,
    Scale,
)

SCALES = {
    "vaak-5": (
        "Nooit - altijd (5)",
        [[1, "Nooit"], [2, "Bijna nooit"], [3, "Soms"], [4, "Vaak"], [5, "Altijd"]],
    ),
    "eens-5": (
        "Helemaal oneens - helemaal eens (5)",
        [
            [1, "Helemaal oneens"],
            [2, "Oneens"],
            [3, "Niet eens, niet oneens"],
            [4, "Eens"],
            [5, "Helemaal eens"],
        ],
    ),
    "kind-3": ("Nee - soms - ja (3)", [[1, "Nee"], [2, "Soms"], [3, "Ja"]]),
    "cijfer-10": ("Rapportcijfer 1-10", [[n, str(n)] for n in range(1, 11)]),
    "open": ("Open antwoord", None),
}

ALL_MOMENTS = [Moment.START.value, Moment.MONTH_12.value, Moment.MONTH_24.value]
LATER = [Moment.MONTH_12.value, Moment.MONTH_24.value]

# key: (name, description, respondent, ages, moments, scoring, items)
# an item: (text, scale, reversed)
INSTRUMENTS = {
    "welzijn-ouder": (
        "Hoe gaat het met u?",
        "Een paar korte vragen over hoe het de laatste twee weken met u ging.",
        Respondent.PARENT,
        (None, None),
        ALL_MOMENTS,
        Instrument.Scoring.MEAN,
        [
            ("Ik voel me rustig.", "vaak-5", False),
            ("Ik heb het gevoel dat ik het thuis aankan.", "vaak-5", False),
            ("Ik maak me zorgen over mijn kinderen.", "vaak-5", True),
            ("Ik slaap goed.", "vaak-5", False),
            ("Ik heb iemand bij wie ik terecht kan.", "vaak-5", False),
            ("Ik voel me gespannen of gestrest.", "vaak-5", True),
        ],
    ),
    "welzijn-kind-8-11": (
        "Hoe gaat het met jou?",
        "Een paar vragen over hoe het de laatste tijd met je gaat. Er zijn geen foute antwoorden.",
        Respondent.CHILD,
        (8, 11),
        ALL_MOMENTS,
        Instrument.Scoring.MEAN,
        [
            ("Ik voel me blij.", "vaak-5", False),
            ("Ik vind het fijn thuis.", "vaak-5", False),
            ("Ik maak me zorgen.", "vaak-5", True),
            ("Ik heb vriendjes of vriendinnetjes om mee te spelen.", "vaak-5", False),
            ("Ik ben boos of verdrietig.", "vaak-5", True),
            ("Ik kan goed slapen.", "vaak-5", False),
        ],
    ),
    "welzijn-jongere-12-17": (
        "Hoe gaat het met jou?",
        "Een paar vragen over hoe het de laatste twee weken met je ging. Er zijn geen "
        "foute antwoorden.",
        Respondent.CHILD,
        (12, 17),
        ALL_MOMENTS,
        Instrument.Scoring.MEAN,
        [
            ("Ik voel me goed.", "vaak-5", False),
            ("Ik kan thuis tot rust komen.", "vaak-5", False),
            ("Ik pieker veel.", "vaak-5", True),
            ("Ik heb mensen om me heen met wie ik kan praten.", "vaak-5", False),
            ("Ik voel me gestrest.", "vaak-5", True),
            ("Ik kan me goed concentreren op school.", "vaak-5", False),
            ("Ik heb plezier in wat ik buiten huis doe.", "vaak-5", False),
        ],
    ),
    "ervaring-ouder": (
        "Uw ervaring met het Buitenshuisproject",
        "Wat vindt u van de activiteit van uw kind en van de hulp rond uw gezin?",
        Respondent.PARENT,
        (None, None),
        LATER,
        Instrument.Scoring.MEAN,
        [
            ("Mijn kind gaat met plezier naar de activiteit.", "eens-5", False),
            (
                "De medewerkers van de activiteit begrijpen wat mijn kind nodig heeft.",
                "eens-5",
                False,
            ),
            ("De linking pin helpt ons gezin verder.", "eens-5", False),
            ("Ik weet bij wie ik terecht kan als het thuis niet goed gaat.", "eens-5", False),
            ("De hulpverleners rond ons gezin werken goed samen.", "eens-5", False),
            ("Wat wilt u ons nog meegeven?", "open", False),
        ],
    ),
    "ervaring-kind": (
        "Wat vind jij van je club of opvang?",
        "Een paar vragen over de plek waar je naartoe gaat.",
        Respondent.CHILD,
        (8, 17),
        LATER,
        Instrument.Scoring.MEAN,
        [
            ("Ik ga graag naar mijn club of opvang.", "kind-3", False),
            ("De begeleiders zijn aardig tegen mij.", "kind-3", False),
            ("Ik kan daar mezelf zijn.", "kind-3", False),
            ("Als er iets is, kan ik het daar vertellen.", "kind-3", False),
            ("Wat vind je het leukst?", "open", False),
        ],
    ),
    "ervaring-professional": (
        "Ervaring van professionals",
        "Voor de opvangmedewerker, de trainer of een andere professional rond dit kind.",
        Respondent.PROFESSIONAL,
        (None, None),
        LATER,
        Instrument.Scoring.MEAN,
        [
            ("Ik merk het als dit kind spanning of stress heeft.", "eens-5", False),
            ("Ik weet wat ik kan doen als dit kind spanning of stress laat zien.", "eens-5", False),
            ("Ik let meer dan vroeger op wat kinderen als dit kind nodig hebben.", "eens-5", False),
            ("De samenwerking met de linking pin verloopt goed.", "eens-5", False),
            (
                "De samenwerking tussen de organisaties rond dit gezin is sterker geworden.",
                "eens-5",
                False,
            ),
            ("Het kind heeft baat bij de activiteit.", "eens-5", False),
            ("Toelichting", "open", False),
        ],
    ),
    "rapportcijfer-ouder": (
        "Rapportcijfer",
        "Welk cijfer geeft u het Buitenshuisproject? 1 is heel slecht, 10 is uitstekend.",
        Respondent.PARENT,
        (None, None),
        LATER,
        Instrument.Scoring.MEAN,
        [("Welk rapportcijfer geeft u het Buitenshuisproject?", "cijfer-10", False)],
    ),
}


@transaction.atomic
def ensure_default_instruments():
    """Create or bring up to date the default set; returns the number of
    instruments created."""
    scales = {}
    for key, (name, choices) in SCALES.items():
        scale, _ = Scale.objects.update_or_create(
            key=key,
            defaults={"name": name, "free_text": choices is None, "choices": choices or []},
        )
        scales[key] = scale
    created = 0
    for key, (name, description, respondent, ages, moments, scoring, items) in INSTRUMENTS.items():
        instrument, new = Instrument.objects.get_or_create(
            key=key,
            defaults={
                "name": name,
                "description": description,
                "respondent": respondent,
                "min_age": ages[0],
                "max_age": ages[1],
                "moments": moments,
                "scoring": scoring,
                "is_default": True,
            },
        )
        created += new
        if not instrument.is_default:
            continue  # an instrument of the municipality under our key: left alone
        for order, (text, scale_key, is_reversed) in enumerate(items, start=1):
            Item.objects.update_or_create(
                instrument=instrument,
                order=order,
                defaults={"text": text, "scale": scales[scale_key], "reversed": is_reversed},
            )
    return created
