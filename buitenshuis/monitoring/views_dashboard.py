# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The dashboard (``/monitoring/``), the rows behind a figure, and the
council report as a page and a PDF/A (``monitoring.dashboard`` says what
each shows to whom)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin, PolicyMixin
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Closure
from buitenshuis.monitoring import dashboard, indicators, report
from buitenshuis.monitoring.indicators import FAMILY, Context, Level
from buitenshuis.referrals.models import Decision, Referral


class DashboardView(PolicyMixin, TemplateView):
    """The figures of the user's level: inside the programme exact (a
    linking pin their own caseload), above it aggregates only."""

    data = Data.MONITORING
    template_name = "monitoring/dashboard.html"

    @classmethod
    def allows(cls, user):
        # Inside a programme (Data.MONITORING) or above it (COUNCIL_REPORT).
        if not getattr(user, "is_authenticated", False):
            return False
        return policy.can(user, "view", Data.MONITORING) or policy.can(
            user, "view", Data.COUNCIL_REPORT
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        selection = dashboard.choose(self.request, dashboard.monitoring_programmes(user))
        exact = not selection.published_only
        rows = dashboard.indicator_rows_for(user, selection, published=not exact)
        context.update(
            title=_("Monitoring"),
            selection=selection,
            exact=exact,
            caseload=exact
            and indicators._monitoring_scope(user, selection.selection.pk)
            != policy.Scope.PROGRAMME,
            sections=dashboard.sections(user, selection, rows, exact=exact),
            report_url=report.report_url(user, selection),
        )
        return context


# Per model of a figure's rows: the date shown and ordered by.
DATE_FIELD = {Referral: "received_at", Decision: "decided_at", Closure: "closed_on"}


class IndicatorRowsView(PolicyListMixin, ListView):
    """The rows a figure on the dashboard counts: ``indicators.figure_rows``
    over the same programme and period, scoped by the same policy
    (``Data.MONITORING``), so the list's count is the figure."""

    data = Data.MONITORING
    template_name = "monitoring/indicator_rows.html"

    def get_rows(self):
        key, name = self.kwargs["key"], self.kwargs["name"]
        source = indicators.ROW_SOURCES.get(key)
        if source is None or name not in source.fields:
            raise Http404
        if not policy.can(self.request.user, "view", source.data):
            raise PermissionDenied
        self.selection = dashboard.choose(
            self.request, dashboard.monitoring_programmes(self.request.user)
        )
        if self.selection.level != dashboard.PROGRAMME:
            raise Http404
        self.cell = self.request.GET.get("cel")
        context = Context(Level.PROGRAMME, self.selection.selection.pk, self.selection.period)
        rows = indicators.figure_rows(context, key, name, self.cell)
        self.model = rows.model
        self.field_name = source.fields[name]
        self.family_path = FAMILY[rows.model]
        return rows.select_related(self.family_path).order_by(DATE_FIELD[rows.model], "pk")

    def log_subjects_of(self, row):
        return [self._family(row)]

    def _family(self, row):
        obj = row
        for part in self.family_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key, name = self.kwargs["key"], self.kwargs["name"]
        item = indicators.REGISTRY[key]
        field = self.model._meta.get_field(self.field_name)
        choices = dict(field.choices or ())
        context.update(
            title=_("Achter het cijfer"),
            indicator=item,
            figure_label=dashboard.FIGURE_LABELS.get(name, name),
            cell_label=choices.get(self.cell, self.cell) if self.cell is not None else None,
            selection=self.selection,
            back=dashboard.Selection.query(self.selection),
            rows=[
                {
                    "family": self._family(row),
                    "date": getattr(row, DATE_FIELD[self.model]),
                    "value": choices.get(getattr(row, self.field_name), ""),
                }
                for row in context["object_list"]
            ],
        )
        return context


class CouncilReportMixin(PolicyMixin):
    """The council report's gate and selection: ``Data.COUNCIL_REPORT``;
    a programme for who sees it exactly (the coordinator, the policy
    officer), a region or the country for who may; a calendar year."""

    data = Data.COUNCIL_REPORT

    def report_context(self):
        user = self.request.user
        selection = dashboard.choose(
            self.request, dashboard.report_programmes(user), custom_periods=False
        )
        return report.report_context(user, selection)


class CouncilReportView(CouncilReportMixin, TemplateView):
    template_name = "monitoring/council_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.report_context())
        context["title"] = _("Raadsrapportage")
        return context


class CouncilReportPdfView(CouncilReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        context = self.report_context()
        response = HttpResponse(report.render_pdf(context), content_type="application/pdf")
        selection = context["selection"]
        name = slugify(f"raadsrapportage {selection.name} {selection.period.start.year}")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
