# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The research export's pages (docs/research-export.md).

The coordinator requests an export of their programme (W), sees its
k-anonymity report and releases it; the programme's researchers (R) see
the released exports and download them until they expire. Request,
release and every download (or refused download) are in the access log,
naming the families whose data went into the file."""

from types import SimpleNamespace

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin, PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.access.programme_choice import programmes_for
from buitenshuis.audit.log import record
from buitenshuis.audit.models import Action, Outcome
from buitenshuis.core.errors import RuleError
from buitenshuis.core.forms import apply_rule
from buitenshuis.monitoring import research
from buitenshuis.monitoring.forms_research import ReleaseForm, RequestForm
from buitenshuis.monitoring.models_research import ResearchExport

RE = Data.RESEARCH_EXPORT


def _families(export):
    """The access log's subjects: the families whose data is in the file."""
    return [SimpleNamespace(family_id=pk) for pk in export.family_ids]


def visible_exports(user):
    """The exports ``user`` may see: those of the programmes where they may
    request one (any state), and the released ones where they may read."""
    exports = ResearchExport.objects.select_related("programme", "requested_by").defer("content")
    requested = policy.scope(user, "change", RE, exports)
    readable = policy.scope(user, "view", RE, exports.filter(status=ResearchExport.Status.RELEASED))
    return requested | readable


def _report_context(export):
    """What the k-anonymity report (``_report.html``) names: the
    quasi-identifiers of data.csv and of questionnaires.csv."""
    tables = research.tables_for(export.generalised, export.free_text)
    return {
        "quasi_identifiers": research.quasi_identifiers(tables[research.DATA]),
        "questionnaire_quasi_identifiers": research.quasi_identifiers(
            tables[research.QUESTIONNAIRES]
        ),
    }


class ResearchGateMixin:
    """A page for whoever may request (coordinator) or read (researcher)
    research exports."""

    rows_only = True

    @classmethod
    def allows(cls, user):
        if not getattr(user, "is_authenticated", False):
            return False
        return policy.can(user, "change", RE) or policy.can(user, "view", RE)


class ResearchListView(ResearchGateMixin, PolicyListMixin, ListView):
    data = RE
    log_action = None  # exports and their reports: no family's data
    template_name = "monitoring/research/list.html"

    def get_rows(self):
        return ResearchExport.objects.all()

    def get_queryset(self):
        return visible_exports(self.request.user).order_by("-requested_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            title=_("Onderzoeksexports"),
            rows=context["object_list"],
            may_request=ResearchRequestView.allows(user),
        )
        return context


class ResearchRequestView(PolicyMixin, FormView):
    data = RE
    action = "change"
    form_class = RequestForm
    template_name = "monitoring/research/request.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["programmes"] = programmes_for(self.request.user, "change", RE)
        return kwargs

    def form_valid(self, form):
        data = form.cleaned_data
        export = apply_rule(
            form,
            research.request_export,
            self.request.user,
            data["programme"],
            free_text=data["free_text"],
            generalised=data["generalised"],
        )
        if form.errors:
            return self.form_invalid(form)
        record(
            self.request,
            Action.CREATE,
            RE,
            _families(export),
            reason=f"onderzoeksexport #{export.pk} aangevraagd",
        )
        messages.success(
            self.request,
            _("De export is gemaakt. Bekijk het rapport over de k-anonimiteit en geef hem vrij."),
        )
        return redirect("monitoring:research_detail", pk=export.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Onderzoeksexport aanvragen"),
            deduce_available=research.deduce_available(),
            back_url=reverse("monitoring:research_list"),
        )
        return context


class ResearchObjectMixin(ResearchGateMixin, PolicyObjectMixin):
    model = ResearchExport
    data = RE
    context_object_name = "export"

    def get_queryset(self):
        return visible_exports(self.request.user)

    def log_subjects_for(self, obj):
        return _families(obj)


class ResearchDetailView(ResearchObjectMixin, DetailView):
    template_name = "monitoring/research/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        export, user = self.object, self.request.user
        context.update(
            title=str(export),
            may_release=research.release_refusal(user, export) is None,
            may_download=research.download_refusal(user, export) is None,
            expired=export.released and export.is_expired(),
            # An export of codebook version 1 (no questionnaire report) has
            # data.csv only.
            tables=[
                (name, name.removesuffix(".csv"), research.TABLE_ROWS[name], columns)
                for name, columns in research.tables_for(
                    export.generalised, export.free_text
                ).items()
                if name == research.DATA or export.questionnaire_report
            ],
            **_report_context(export),
        )
        return context


class ResearchReleaseView(ResearchObjectMixin, SingleObjectMixin, FormView):
    """The coordinator's confirmation: the report, then release."""

    action = "change"
    form_class = ReleaseForm
    template_name = "monitoring/research/release.html"
    done_action = Action.CHANGE

    @classmethod
    def allows(cls, user):
        return getattr(user, "is_authenticated", False) and policy.can(user, "change", RE)

    def get_queryset(self):
        return policy.scope(
            self.request.user, "change", RE, ResearchExport.objects.select_related("programme")
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        apply_rule(
            form, research.release, self.request.user, self.object, form.cleaned_data["confirm"]
        )
        if form.errors:
            return self.form_invalid(form)
        record(
            self.request,
            Action.CHANGE,
            RE,
            _families(self.object),
            reason=f"onderzoeksexport #{self.object.pk} vrijgegeven",
        )
        messages.success(self.request, _("De export is vrijgegeven voor de onderzoekers."))
        return redirect("monitoring:research_detail", pk=self.object.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Onderzoeksexport vrijgeven"),
            refusal=research.release_refusal(self.request.user, self.object),
            back_url=reverse("monitoring:research_detail", args=[self.object.pk]),
            **_report_context(self.object),
        )
        return context


class ResearchDownloadView(ResearchObjectMixin, SingleObjectMixin, View):
    """The researcher's download: the ZIP as it was released, until it
    expires; after that a page that says so (410) and the file is gone."""

    action = "view"
    log_action = Action.EXPORT

    @classmethod
    def allows(cls, user):
        return getattr(user, "is_authenticated", False) and policy.can(user, "view", RE)

    def get_queryset(self):
        return policy.scope(
            self.request.user,
            "view",
            RE,
            ResearchExport.objects.filter(status=ResearchExport.Status.RELEASED),
        )

    def get(self, request, *args, **kwargs):
        export = self.get_object()
        self.log_reason = f"onderzoeksexport #{export.pk}"
        try:
            content = research.download(request.user, export)
        except RuleError as error:
            expired = export.is_expired()
            if expired:
                research.purge_expired()
            record(
                request,
                Action.EXPORT,
                RE,
                [],
                outcome=Outcome.DENIED,
                reason=f"onderzoeksexport #{export.pk} {'verlopen' if expired else 'geweigerd'}",
            )
            return render(
                request,
                "monitoring/research/unavailable.html",
                {"title": _("Onderzoeksexport niet beschikbaar"), "message": str(error)},
                status=410 if expired else 403,
            )
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        response["Cache-Control"] = "no-store"
        return response
