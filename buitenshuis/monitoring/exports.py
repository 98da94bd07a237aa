# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The case-list exports and the export of the indicators: their columns,
defined once, and their versioned data dictionary; writing rows as CSV
(streamed) and XLSX (openpyxl's write-only mode, in a temporary file).

Each export is an ``Export``: a key (``gezinnen``), the columns with how
each value is taken from one row of the list, and the list's rows in
chunks (``views_exports.ExportMixin`` supplies them through the list
view's own query and the access policy's scope). ``DICTIONARY`` documents
every export's columns per version: a renamed or added column is a new
``Version`` with its ``changes``, and ``tests/test_exports.py`` fails when
an export's columns differ from its latest version's, so a multi-year
evaluation knows what each column meant when.

The indicators' export (``cijfers``) is the dashboard's figures in long
format: ``indicator_table`` turns ``indicators.indicators_for``'s rows into
one row per value (a breakdown's cells and total, a share's part, whole
and value, ...) and computes nothing itself.

Every cell passes ``neutralise``: a text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so a
spreadsheet never runs it as a formula."""

import csv
import datetime
import operator
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.monitoring import dashboard

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Rows are read from the database and written in chunks of this many.
CHUNK_SIZE = 2000


def neutralise(value):
    """The value as a cell a spreadsheet will not run as a formula: text
    starting with ``FORMULA_START`` gets a leading apostrophe. Numbers,
    dates and None are kept as they are (a negative number is a number,
    not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(value):
    """One CSV cell: neutralised, dates as ISO 8601, None empty."""
    value = neutralise(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


# The data dictionary -------------------------------------------------------


class Type:
    """The column types of the dictionary."""

    TEXT = "tekst"
    NUMBER = "geheel getal"
    DATE = "datum (JJJJ-MM-DD)"
    DATETIME = "datum en tijd (ISO 8601)"
    YES_NO = "ja/nee"
    FIGURE = "getal (decimaalpunt), of de tekst <5 of x; leeg: geen gegevens"


@dataclass(frozen=True)
class Column:
    """One column of an export: its stable ``name`` (the CSV header), the
    Dutch ``label`` shown on the page, its ``definition`` and ``type``."""

    name: str
    label: str
    definition: str
    type: str = Type.TEXT


@dataclass(frozen=True)
class Version:
    """One version of an export's columns, from ``valid_from``, with what
    changed since the version before."""

    number: int
    valid_from: datetime.date
    columns: tuple
    changes: tuple = ()

    @property
    def names(self):
        return [column.name for column in self.columns]


FAMILY_COLUMNS = (
    Column(
        "kenmerk",
        _("Kenmerk"),
        _("Het kenmerk van het gezin in Buitenshuis (uniek, verandert niet)."),
    ),
    Column("gezinsnaam", _("Gezinsnaam"), _("De naam waaronder het gezin bekend is.")),
    Column("woongemeente", _("Woongemeente"), _("De gemeente waar het gezin woont.")),
    Column("programma", _("Programma"), _("Het Buitenshuisprogramma van het gezin.")),
)

REFERRAL_COLUMNS = (
    Column("kenmerk", _("Kenmerk"), _("Het kenmerk van het gezin van de aanmelding.")),
    Column("status", _("Status"), _("De status van de aanmelding nu (Nederlandse tekst).")),
    Column(
        "route",
        _("Route"),
        _("De route waarlangs het gezin werd aangemeld (Kindcheck, wijkteam, school, ...)."),
    ),
    Column(
        "ontvangen",
        _("Ontvangen"),
        _("Het moment waarop de aanmelding binnenkwam."),
        Type.DATETIME,
    ),
    Column(
        "besloten",
        _("Besloten"),
        _("Het moment van het besluit; leeg zolang er geen besluit is."),
        Type.DATETIME,
    ),
    Column(
        "dagen_wachten",
        _("Dagen wachten"),
        _(
            "Hele dagen van ontvangst tot het besluit (of de intrekking of afwijzing); "
            "zolang er geen besluit is tot de dag van de export."
        ),
        Type.NUMBER,
    ),
    Column(
        "linking_pin",
        _("Linking pin"),
        _("De naam van de toegewezen linking pin; leeg zolang niemand is toegewezen."),
    ),
    Column(
        "voorlopig_geplaatst",
        _("Voorlopig geplaatst"),
        _("Of het kind al voorlopig geplaatst is, vooruitlopend op het besluit."),
        Type.YES_NO,
    ),
)

CASELOAD_COLUMNS = (
    Column("kenmerk", _("Kenmerk"), _("Het kenmerk van het gezin.")),
    Column("gezinsnaam", _("Gezinsnaam"), _("De naam waaronder het gezin bekend is.")),
    Column("status", _("Status"), _("De status van het traject nu.")),
    Column(
        "maand",
        _("Maand van het traject"),
        _("De hoeveelste maand van het traject het nu is; leeg voor de start."),
        Type.NUMBER,
    ),
    Column(
        "laatste_contact",
        _("Laatste contact"),
        _("De datum van het laatste vastgelegde contact, van elke soort."),
        Type.DATE,
    ),
    Column(
        "volgende_evaluatie",
        _("Volgende evaluatie"),
        _("De maand waarin de volgende evaluatie volgens het schema van het programma valt."),
        Type.DATE,
    ),
    Column(
        "open_afspraken",
        _("Open afspraken"),
        _("Het aantal afspraken uit netwerkoverleggen dat nog niet is afgerond."),
        Type.NUMBER,
    ),
    Column(
        "let_op",
        _("Let op"),
        _("De waarschuwingen van de rij, gescheiden door een puntkomma."),
    ),
)

# The indicators (``monitoring:export_indicators_csv`` / ``_xlsx``): the
# dashboard's figures in long format, one row per value.
INDICATOR_COLUMNS = (
    Column(
        "niveau",
        _("Niveau"),
        _(
            "Het niveau van de cijfers, zoals het dashboard het noemt: programma, gemeente, "
            "regio of landelijk."
        ),
    ),
    Column(
        "selectie",
        _("Selectie"),
        _("De naam van het programma, de gemeente of de regio; Landelijk voor het hele land."),
    ),
    Column(
        "periode_van",
        _("Periode van"),
        _("De eerste dag van de periode (meegeteld)."),
        Type.DATE,
    ),
    Column(
        "periode_tot",
        _("Periode tot en met"),
        _(
            "De laatste dag van de periode (meegeteld). Boven programmaniveau altijd een heel "
            "kalenderjaar."
        ),
        Type.DATE,
    ),
    Column(
        "weergave",
        _("Weergave"),
        _(
            "exact: de exacte cijfers van het programma, die binnen het programma blijven; "
            "eigen gezinnen: exact, alleen over de gezinnen van de linking pin die de export "
            "maakte; gepubliceerd: aantallen van 1 tot 4 mensen als <5 en aantallen die "
            "verborgen zijn zodat een <5 niet terug te rekenen is als x (boven programmaniveau "
            "altijd)."
        ),
    ),
    Column(
        "indicator",
        _("Indicator"),
        _(
            "De sleutel van de indicator, zoals in de definities (docs/indicators.md), "
            "bijvoorbeeld referrals_by_route. Verandert niet."
        ),
    ),
    Column(
        "indicator_naam",
        _("Naam van de indicator"),
        _("De Nederlandse naam van de indicator."),
    ),
    Column(
        "cijfer",
        _("Cijfer"),
        _(
            "De sleutel van het cijfer binnen de indicator, bijvoorbeeld referrals of "
            "median_days. Verandert niet."
        ),
    ),
    Column("cijfer_naam", _("Naam van het cijfer"), _("De Nederlandse naam van het cijfer.")),
    Column(
        "cel",
        _("Cel"),
        _(
            "Bij een uitsplitsing de sleutel van de categorie (bijvoorbeeld social_team); leeg "
            "voor een onbekende categorie, voor het totaal van de uitsplitsing en bij een cijfer "
            "zonder uitsplitsing."
        ),
    ),
    Column(
        "cel_naam",
        _("Naam van de cel"),
        _(
            "De Nederlandse naam van de categorie, Onbekend zonder categorie, of Totaal voor "
            "het totaal van de uitsplitsing; leeg bij een cijfer zonder uitsplitsing."
        ),
    ),
    Column(
        "grootheid",
        _("Grootheid"),
        _(
            "Wat de waarde is. aantal: een aantal (mensen, gezinnen, aanmeldingen, besluiten, "
            "...; zie het cijfer), bij een uitsplitsing dat van de cel; totaal: het totaal van "
            "een uitsplitsing; deel, geheel en aandeel: van een aandeel het deel, het geheel en "
            "het deel gedeeld door het geheel (0 tot 1); dagen of minuten: de mediaan of het "
            "gemiddelde; mensen: over hoeveel mensen die mediaan of dat gemiddelde gaat; euro: "
            "een bedrag in euro; gezinnen: over hoeveel gezinnen een aantal gebeurtenissen of "
            "een bedrag gaat; richtlijn: bij elk bedrag, ingevuld bij de kosten van twee kinderen: "
            "onder, binnen of boven de richtlijn van € 34.000 tot € 45.000 per gezin met twee "
            "kinderen over twee jaar."
        ),
    ),
    Column(
        "waarde",
        _("Waarde"),
        _(
            "De waarde, zoals het dashboard haar toont: een getal met een decimaalpunt (in "
            "Excel een getal), <5 voor een aantal van 1 tot 4, x voor een verborgen waarde, "
            "leeg als er geen gegevens zijn (bijvoorbeeld een mediaan zonder besluiten); bij "
            "de richtlijn de tekst onder, binnen of boven, of leeg."
        ),
        Type.FIGURE,
    ),
)

DICTIONARY = {
    "gezinnen": [
        Version(
            1,
            datetime.date(2026, 12, 1),
            FAMILY_COLUMNS,
            (_("Eerste versie."),),
        ),
    ],
    "aanmeldingen": [
        Version(
            1,
            datetime.date(2026, 12, 1),
            REFERRAL_COLUMNS,
            (_("Eerste versie."),),
        ),
    ],
    "mijn-gezinnen": [
        Version(
            1,
            datetime.date(2026, 12, 1),
            CASELOAD_COLUMNS,
            (_("Eerste versie."),),
        ),
    ],
    "cijfers": [
        Version(
            1,
            datetime.date(2026, 12, 1),
            INDICATOR_COLUMNS,
            (_("Eerste versie."),),
        ),
    ],
}


def latest(key):
    """The current version of export ``key``'s dictionary."""
    return max(DICTIONARY[key], key=lambda version: version.number)


def dictionary_rows(key):
    """The dictionary of ``key`` as rows (version, from, name, label, type,
    definition, changes), newest version first: the CSV and the XLSX's
    second sheet."""
    header = [
        "versie",
        "geldig_vanaf",
        "kolom",
        "omschrijving",
        "type",
        "definitie",
        "wijzigingen",
    ]
    rows = []
    for version in sorted(DICTIONARY[key], key=lambda v: -v.number):
        changes = " ".join(str(change) for change in version.changes)
        for column in version.columns:
            rows.append(
                [
                    version.number,
                    version.valid_from,
                    column.name,
                    str(column.label),
                    column.type,
                    str(column.definition),
                    changes,
                ]
            )
    return header, rows


def dictionary_json(key, context_url=""):
    """The dictionary of ``key`` as a JSON-ready dict."""
    return {
        "export": key,
        "versions": [
            {
                "version": version.number,
                "valid_from": version.valid_from.isoformat(),
                "changes": [str(change) for change in version.changes],
                "columns": [
                    {
                        "name": column.name,
                        "label": str(column.label),
                        "type": column.type,
                        "definition": str(column.definition),
                    }
                    for column in version.columns
                ],
            }
            for version in sorted(DICTIONARY[key], key=lambda v: -v.number)
        ],
    }


# The exports --------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """One export: ``key`` (in URLs and file names, and of ``DICTIONARY``),
    ``title``, and ``values``: (column name, function(row) -> value) in
    column order. ``log_family`` gives the family id a row names (for the
    access log)."""

    key: str
    title: str
    values: tuple
    log_family: Callable = field(default=lambda row: row.family_id)

    @property
    def names(self):
        return [name for name, _value in self.values]

    @property
    def header(self):
        return self.names

    def row(self, item):
        return [neutralise(value(item)) for _name, value in self.values]


def _linking_pin_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


FAMILIES = Export(
    "gezinnen",
    _("Gezinnen"),
    (
        ("kenmerk", lambda family: family.reference),
        ("gezinsnaam", lambda family: family.family_name),
        ("woongemeente", lambda family: family.municipality.name if family.municipality else ""),
        ("programma", lambda family: family.programme.name if family.programme else ""),
    ),
    log_family=lambda family: family.pk,
)

# A referral row is a dict made per chunk (``views_exports``): the
# referral, its days waiting and whether it is placed provisionally.
REFERRALS = Export(
    "aanmeldingen",
    _("Aanmeldingen"),
    (
        ("kenmerk", lambda row: row["referral"].family.reference),
        ("status", lambda row: str(row["referral"].get_status_display())),
        ("route", lambda row: str(row["referral"].get_route_display())),
        ("ontvangen", lambda row: row["referral"].received_at),
        ("besloten", lambda row: row["referral"].decided_at),
        ("dagen_wachten", lambda row: row["days_waiting"]),
        (
            "linking_pin",
            lambda row: _linking_pin_name(
                row["referral"].enrolment.linking_pin if row["referral"].enrolment else None
            ),
        ),
        ("voorlopig_geplaatst", lambda row: row["provisional"]),
    ),
    log_family=lambda row: row["referral"].family_id,
)

# A caseload row is ``casework.caseload.Row``.
CASELOAD = Export(
    "mijn-gezinnen",
    _("Mijn gezinnen"),
    (
        ("kenmerk", lambda row: row.family.reference),
        ("gezinsnaam", lambda row: row.family.family_name),
        ("status", lambda row: str(row.enrolment.get_status_display())),
        ("maand", lambda row: row.month[0] if row.month else None),
        ("laatste_contact", lambda row: row.last_contact),
        ("volgende_evaluatie", lambda row: row.next_review),
        ("open_afspraken", lambda row: row.open_agreements),
        ("let_op", lambda row: "; ".join(str(warning.label) for warning in row.warnings)),
    ),
)

# The indicators: a row is a dict made by ``indicator_table``.
INDICATORS = Export(
    "cijfers",
    _("Cijfers"),
    tuple(
        (name, operator.itemgetter(name))
        for name in (
            "niveau",
            "selectie",
            "periode_van",
            "periode_tot",
            "weergave",
            "indicator",
            "indicator_naam",
            "cijfer",
            "cijfer_naam",
            "cel",
            "cel_naam",
            "grootheid",
            "waarde",
        )
    ),
    log_family=lambda row: None,
)

EXPORTS = {export.key: export for export in (FAMILIES, REFERRALS, CASELOAD, INDICATORS)}


# The indicators in long format ------------------------------------------------

# ``weergave``: how the figures of an indicator export were computed.
EXACT, CASELOAD_ONLY, PUBLISHED = "exact", "eigen gezinnen", "gepubliceerd"

# ``waarde`` of the ``richtlijn`` row: an amount's note (``indicators.Amount``).
NOTE_WORDS = {"below": "onder", "within": "binnen", "above": "boven"}


def _figure_values(name, figure, labels):
    """(cel, cel_naam, grootheid, waarde) for each value of one figure of
    ``indicators.present``, told apart by its keys as
    ``dashboard.text_of`` does: a breakdown gives its cells and its total,
    a share its part, whole and value, a measure its value and people, an
    amount its value, families and note, events their value and families,
    a count its value."""
    if "cells" in figure:
        for cell, count in figure["cells"].items():
            label = labels.get(cell, cell if cell else _("Onbekend"))
            yield ("" if cell is None else cell), str(label), "aantal", count
        yield "", str(_("Totaal")), "totaal", figure["total"]
    elif "part" in figure:
        yield "", "", "deel", figure["part"]
        yield "", "", "geheel", figure["whole"]
        yield "", "", "aandeel", figure["value"]
    elif "people" in figure:
        yield "", "", "minuten" if name == "minutes" else "dagen", figure["value"]
        yield "", "", "mensen", figure["people"]
    elif "note" in figure:
        yield "", "", "euro", figure["value"]
        yield "", "", "gezinnen", figure["families"]
        note = figure["note"]
        yield "", "", "richtlijn", NOTE_WORDS.get(note, note)
    elif "families" in figure:
        yield "", "", "aantal", figure["value"]
        yield "", "", "gezinnen", figure["families"]
    else:
        yield "", "", "aantal", figure["value"]


def indicator_table(selection, rows, weergave):
    """The indicators ``rows`` (``indicators_for``'s list, as computed for
    the dashboard's ``selection``) in long format: one dict per value, with
    the columns of ``INDICATORS``. Nothing is computed here: every value is
    the figure's own, suppressed texts ("<5", "x") included."""
    common = {
        "niveau": selection.level,
        "selectie": str(selection.name),
        "periode_van": selection.period.start,
        "periode_tot": selection.period.end,
        "weergave": weergave,
    }
    table = []
    for row in rows:
        for name, figure in row["figures"].items():
            labels = row["labels"].get(name, {})
            for cell, cell_label, quantity, value in _figure_values(name, figure, labels):
                table.append(
                    {
                        **common,
                        "indicator": row["key"],
                        "indicator_naam": str(row["label"]),
                        "cijfer": name,
                        "cijfer_naam": str(dashboard.FIGURE_LABELS.get(name, name)),
                        "cel": cell,
                        "cel_naam": cell_label,
                        "grootheid": quantity,
                        "waarde": value,
                    }
                )
    return table


# Writing --------------------------------------------------------------------


class _Echo:
    """A file-like object whose ``write`` returns the line (for csv)."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    """The header and rows as CSV lines (semicolon-separated, UTF-8 with a
    BOM so that a Dutch spreadsheet opens it as it is, as the access log's
    export), one at a time, for a streaming response."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([csv_text(name) for name in header])
    for row in rows:
        yield writer.writerow([csv_text(value) for value in row])


def _xlsx_cell(value):
    value = neutralise(value)
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: the local time, without one.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value


def xlsx_file(sheets):
    """A workbook of ``sheets`` ((title, header, rows) each, rows an
    iterable) written with openpyxl's write-only mode: each row goes to a
    temporary file on disk as it comes, so the memory used does not grow
    with the rows. Returns the open temporary file, at its start."""
    # openpyxl is imported here, not at the top: only an XLSX export needs
    # it, and the CSV exports and the feed work without it.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([neutralise(name) for name in header])
        for row in rows:
            sheet.append([_xlsx_cell(value) for value in row])
    # In memory up to 1 MB, then on disk.
    output = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    workbook.save(output)
    output.seek(0)
    return output


DICTIONARY_SHEET = "Woordenboek"
