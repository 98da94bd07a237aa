# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The case-list exports: their columns, defined once, and their versioned
data dictionary; writing rows as CSV (streamed) and XLSX (openpyxl's
write-only mode, in a temporary file).

Each export is an ``Export``: a key (``gezinnen``), the columns with how
each value is taken from one row of the list, and the list's rows in
chunks (``views_exports.ExportMixin`` supplies them through the list
view's own query and the access policy's scope). ``DICTIONARY`` documents
every export's columns per version: a renamed or added column is a new
``Version`` with its ``changes``, and ``tests/test_exports.py`` fails when
an export's columns differ from its latest version's, so a multi-year
evaluation knows what each column meant when.

Every cell passes ``neutralise``: a text starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so a
spreadsheet never runs it as a formula."""

import csv
import datetime
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

EXPORTS = {export.key: export for export in (FAMILIES, REFERRALS, CASELOAD)}


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
