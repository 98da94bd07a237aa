# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The case-list exports (CSV and XLSX) and their data dictionaries.

An export is its list view with ``ExportMixin`` in front: the same
``get_rows()`` (the list's filters and order, taken from the same query
string), the same policy scope (``PolicyListMixin``), the same gate, and
for lists that load their rows in pages (``page_related``) the same
``load_page``. Only the rendering differs: every row instead of one page,
read in chunks of ``exports.CHUNK_SIZE``.

A CSV export streams (``StreamingHttpResponse``): the rows are read and
written chunk by chunk while the file is sent, so an export of the whole
country never holds more than one chunk. An XLSX export is written by
openpyxl in write-only mode to a temporary file and then sent from it
(``FileResponse``, streamed too); its second sheet is the export's data
dictionary.

Every export writes one access-log entry (action "export") before the file
is sent: its format and number of rows in the reason, its filters in the
entry's address, and the families of the rows when there are at most
``LOG_SUBJECTS_MAX``; a larger export records the count and the filter
rather than each family (docs/exports.md).

The dashboard's figures leave as a file through ``IndicatorExportView``:
the dashboard's gate, query string and figures, in long format."""

import json
from itertools import islice

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyMixin
from buitenshuis.access.policy import Data, Scope
from buitenshuis.audit.models import Action
from buitenshuis.casework.views.caseload import CaseloadView
from buitenshuis.casework.views.families import FamilyListView
from buitenshuis.monitoring import dashboard, exports, indicators, suppression, views_dashboard
from buitenshuis.referrals.views.common import days_waiting
from buitenshuis.referrals.views.lists import ReferralListView, provisional_enrolment_ids

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Up to this many rows the access-log entry names each family exported;
# above it the entry records the count and the filter (the address).
LOG_SUBJECTS_MAX = 1000


def file_response(fmt, key, title, header, rows, dictionary=None):
    """A table as a file to download: ``fmt`` "csv" (streamed as it is
    written) or "xlsx" (write-only, then streamed from a temporary file,
    with the data dictionary of ``dictionary`` (default: ``key``) as its
    second sheet when there is one). ``rows`` is an iterable of lists of
    values, read once. Every cell is neutralised. For any table that
    leaves Buitenshuis as a file: the case lists here, the indicators
    too."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{key}-{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(header, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    sheets = [(str(title), header, rows)]
    dictionary = dictionary or key
    if dictionary in exports.DICTIONARY:
        sheets.append((exports.DICTIONARY_SHEET, *exports.dictionary_rows(dictionary)))
    workbook = exports.xlsx_file(sheets)
    return FileResponse(workbook, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def _batches(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


class ExportMixin:
    """Turns a ``PolicyListMixin`` list view into its export: every row the
    page would list, in the page's order, as ``?formaat=csv`` (default) or
    ``?formaat=xlsx``. ``export`` is the ``exports.Export`` (its columns);
    ``complete(rows)`` turns one chunk of loaded rows into the export's
    rows (one query per chunk at most)."""

    export = None
    log_action = Action.EXPORT

    def get(self, request, *args, **kwargs):
        self.format = request.GET.get("formaat", "csv")
        if self.format not in FORMATS:
            raise Http404
        self.object_list = self.scoped(self.get_rows(), data=self.rows_data or self.data)
        self.row_count = self.count_rows()
        if self.row_count <= LOG_SUBJECTS_MAX:
            # Few rows: loaded now, so the log can name their families.
            loaded = [row for chunk in self.loaded_chunks() for row in chunk]
            self.page_rows = loaded
            chunks = _batches(loaded, exports.CHUNK_SIZE)
        else:
            self.page_rows = []
            chunks = self.loaded_chunks()
        self.log_reason = self.describe()
        rows = (self.export.row(item) for chunk in chunks for item in self.complete(chunk))
        return file_response(
            self.format, self.export.key, self.export.title, self.export.header, rows
        )

    def count_rows(self):
        return self.object_list.order_by().count()

    def row_ids(self):
        """The ids of the rows, in the list's order, read in chunks (lists
        with ``page_related``)."""
        return self.object_list.values_list("pk", flat=True).iterator(chunk_size=exports.CHUNK_SIZE)

    def loaded_chunks(self):
        """The rows in chunks, loaded as the list's page loads them."""
        if self.page_related is None:
            yield from _batches(
                self.object_list.iterator(chunk_size=exports.CHUNK_SIZE), exports.CHUNK_SIZE
            )
            return
        for ids in _batches(self.row_ids(), exports.CHUNK_SIZE):
            yield self.load_page(ids)

    def complete(self, rows):
        return rows

    def describe(self):
        """The access-log entry's reason: format and number of rows, and
        for a large export that the families are not named one by one."""
        text = _("%(format)s, %(count)s rijen") % {
            "format": self.format.upper(),
            "count": self.row_count,
        }
        if self.row_count > LOG_SUBJECTS_MAX:
            text += "; " + _("gezinnen niet afzonderlijk vastgelegd, zie het filter in het adres")
        return text


class FamilyExportView(ExportMixin, FamilyListView):
    """The families list (``casework:family_list``) as CSV or XLSX."""

    export = exports.FAMILIES


class ReferralExportView(ExportMixin, ReferralListView):
    """The referral list (``referrals:list``, with ``?q=``, ``?status=``,
    ``?wacht=`` and ``?controle=``) as CSV or XLSX."""

    export = exports.REFERRALS

    def complete(self, rows):
        now = timezone.now()
        provisional = provisional_enrolment_ids([referral.pk for referral in rows])
        return [
            {
                "referral": referral,
                "days_waiting": days_waiting(referral, now),
                "provisional": referral.enrolment_id in provisional,
            }
            for referral in rows
        ]


class CaseloadExportView(ExportMixin, CaseloadView):
    """The linking pin's caseload (``casework:caseload``, with its status
    and warning filters) as CSV or XLSX. A caseload is one person's, so
    its ids are found as the page finds them (a warning filter completes
    the rows first)."""

    export = exports.CASELOAD

    def count_rows(self):
        self.ids = self.get_queryset()
        return len(self.ids)

    def row_ids(self):
        return self.ids


# The indicators ------------------------------------------------------------------


class IndicatorExportView(PolicyMixin, View):
    """The dashboard's figures (``monitoring:dashboard``) as CSV or XLSX,
    in long format (``exports.indicator_table``): the same gate, the same
    query string read by the same ``dashboard.choose`` (level, programme
    or region, period), and the same figures from
    ``dashboard.indicator_rows_for``: exact inside the programme (a
    linking pin their own caseload), published above it. ``fmt`` ("csv"
    or "xlsx") comes from the URL.

    Figures are not personal data above programme level, yet every
    download is logged (action "export"): the level's kind of data, what
    was exported and how many rows in the reason, the query in the
    address; no families. A refused one (the gate, a level, programme or
    region not the user's, a period that is not offered) is logged as
    denied."""

    data = Data.MONITORING
    log_action = Action.EXPORT
    fmt = "csv"

    @classmethod
    def allows(cls, user):
        # The dashboard's gate: Data.MONITORING inside a programme, or
        # Data.COUNCIL_REPORT above it.
        return views_dashboard.DashboardView.allows(user)

    def get(self, request, *args, **kwargs):
        user = request.user
        try:
            self.selection = dashboard.choose(request, dashboard.monitoring_programmes(user))
        except (PermissionDenied, Http404):
            self.record_denied()
            raise
        selection = self.selection
        exact = not selection.published_only
        try:
            found = dashboard.indicator_rows_for(user, selection, published=not exact)
        except suppression.NotPublishable:
            # ``choose`` gives only whole calendar years above the
            # programme; should another period reach here, it is refused
            # as a period the dashboard does not offer.
            self.record_denied()
            raise Http404 from None
        if not exact:
            shown = exports.PUBLISHED
        elif indicators._monitoring_scope(user, selection.selection.pk) == Scope.PROGRAMME:
            shown = exports.EXACT
        else:
            shown = exports.CASELOAD_ONLY
        table = exports.indicator_table(selection, found, shown)
        self.log_reason = _(
            "%(format)s, %(count)s rijen; %(level)s %(name)s, %(start)s tot en met %(end)s, "
            "%(shown)s"
        ) % {
            "format": self.fmt.upper(),
            "count": len(table),
            "level": selection.level,
            "name": selection.name,
            "start": selection.period.start.isoformat(),
            "end": selection.period.end.isoformat(),
            "shown": shown,
        }
        if selection.custom:
            period = f"{selection.period.start.isoformat()} {selection.period.end.isoformat()}"
        else:
            period = str(selection.period.start.year)
        return file_response(
            self.fmt,
            slugify(f"cijfers {selection.name} {period}"),
            exports.INDICATORS.title,
            exports.INDICATORS.header,
            [exports.INDICATORS.row(item) for item in table],
            dictionary=exports.INDICATORS.key,
        )

    def get_log_data(self):
        if self.selection.published_only:
            return Data.COUNCIL_REPORT
        return Data.MONITORING


# The data dictionary ----------------------------------------------------------


class DictionaryView(PolicyMixin, TemplateView):
    """An export's data dictionary: every version's columns, definitions
    and changes; as a page, ``?formaat=csv`` or ``?formaat=json``. It
    describes columns, never rows: it is for everyone who may export one
    of the lists (who may see a family list or the referral status) or
    the indicators (who may see the dashboard: the researcher too)."""

    data = Data.REFERRAL_STATUS
    template_name = "monitoring/dictionary.html"

    @classmethod
    def allows(cls, user):
        if not getattr(user, "is_authenticated", False):
            return False
        return policy.can(user, "view", Data.REFERRAL_STATUS) or IndicatorExportView.allows(user)

    def get(self, request, *args, **kwargs):
        self.key = kwargs["export"]
        if self.key not in exports.DICTIONARY:
            raise Http404
        fmt = request.GET.get("formaat", "")
        if fmt == "json":
            return HttpResponse(
                json.dumps(exports.dictionary_json(self.key), ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
        if fmt == "csv":
            header, rows = exports.dictionary_rows(self.key)
            response = HttpResponse(
                "".join(exports.csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="woordenboek-{self.key}.csv"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        export = exports.EXPORTS[self.key]
        context.update(
            title=_("Woordenboek: %(export)s") % {"export": export.title},
            key=self.key,
            versions=sorted(exports.DICTIONARY[self.key], key=lambda v: -v.number),
            others=[(key, item.title) for key, item in exports.EXPORTS.items()],
        )
        return context
