# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The decision letter's editable texts: our Dutch defaults, the
placeholders a text may use, and filling them in.

Texts are plain text, never HTML: ``fill`` only replaces ``{name}``
placeholders with plain values, and the letter template escapes the result
and turns blank lines into paragraphs. No ``str.format`` (which would allow
attribute lookups such as ``{gemeente.__class__}``)."""

import re

from django.utils.translation import gettext_lazy as _

# The letter is Dutch whatever the user's language, so the defaults are
# plain Dutch strings (a municipality edits them as its own texts).
DEFAULT_INTRODUCTION = (
    "U bent met uw gezin aangemeld voor het Buitenshuisproject (programma: {programma}). "
    "In het Buitenshuisproject krijgen kinderen een vaste activiteit buiten huis, "
    "zoals kinderopvang, buitenschoolse opvang, een sportclub of huiswerkbegeleiding. "
    "Een linking pin begeleidt het gezin. In deze brief leest u ons besluit over "
    "deze aanmelding."
)

DEFAULT_ACCEPTANCE = (
    "Wij kennen het Buitenshuisproject toe aan {kinderen}. De gemeente betaalt de "
    "activiteit buitenshuis van {startdatum} tot {einddatum}. Hieronder staat wat "
    "wij hebben besloten.\n\n"
    "Uw linking pin begeleidt u en uw kinderen in deze periode en is uw eerste "
    "aanspreekpunt. Verandert er iets in uw gezin, bijvoorbeeld een verhuizing? "
    "Laat het uw linking pin dan weten."
)

DEFAULT_REJECTION = (
    "Wij wijzen de aanmelding van {kinderen} voor het Buitenshuisproject af. "
    "De reden is:\n\n"
    "{reden}\n\n"
    "Heeft u vragen over dit besluit, of zoekt u andere hulp voor uw gezin? "
    "Neem dan contact op met de gemeente {gemeente}. Wij denken graag met u mee."
)

DEFAULT_REMEDIES = (
    "Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken. Dat doet u "
    "binnen zes weken na de datum van verzending van deze brief. Stuur uw "
    "bezwaarschrift naar het college van burgemeester en wethouders van {gemeente}, "
    "{adres_gemeente}.\n\n"
    "Uw bezwaarschrift moet u ondertekenen. Zet erin:\n"
    "- uw naam en adres;\n"
    "- de datum;\n"
    "- het besluit waartegen u bezwaar maakt: het kenmerk {kenmerk}, of stuur een "
    "kopie van deze brief mee;\n"
    "- waarom u het niet eens bent met het besluit.\n\n"
    "Het besluit blijft gelden terwijl wij uw bezwaar behandelen. Is uw situatie zo "
    "dringend dat u daar niet op kunt wachten? Dan kunt u de voorzieningenrechter van "
    "de rechtbank vragen om een voorlopige voorziening. Dat kan alleen als u ook "
    "bezwaar heeft gemaakt. Voor zo'n verzoek betaalt u griffierecht."
)

DEFAULT_SIGNATURE = (
    "Met vriendelijke groet,\n\nnamens het college van burgemeester en wethouders van {gemeente},"
)

# name -> what it stands for (shown on the page "Beschikkingsteksten").
PLACEHOLDERS = {
    "gemeente": _("de naam van de woongemeente van het gezin"),
    "adres_gemeente": _("het postadres van die gemeente, op één regel"),
    "programma": _("de naam van het programma"),
    "ouders": _("de namen van de ouders met gezag"),
    "kinderen": _("de voornamen van de kinderen"),
    "activiteit": _("de activiteit(en): locatie en soort als die bekend zijn"),
    "startdatum": _("de startdatum van het besluit"),
    "einddatum": _("de einddatum van het besluit"),
    "ouderbijdrage": _("de ouderbijdrage per maand, of 'geen'"),
    "reden": _("de motivering van het besluit (bij een afwijzing de reden)"),
    "kenmerk": _("het kenmerk van deze beschikking"),
    "datum": _("de datum van het besluit"),
}

PLACEHOLDER_RE = re.compile(r"\{([^{}\s]*)\}")


def unknown_placeholders(text):
    """The ``{names}`` in ``text`` that are not placeholders."""
    return sorted({name for name in PLACEHOLDER_RE.findall(text) if name not in PLACEHOLDERS})


def fill(text, values):
    """``text`` with every known ``{placeholder}`` replaced by its value
    from ``values`` (plain text); anything else is left as written."""

    def replace(match):
        name = match.group(1)
        if name in PLACEHOLDERS and name in values:
            return str(values[name])
        return match.group(0)

    return PLACEHOLDER_RE.sub(replace, text)
