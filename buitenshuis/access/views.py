# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The privacy officer's screens: who saw or changed a family, everything
one user did in a period, and both as CSV. Only an administrator with the
privacy-officer permission may open them (ACCESS.md); opening them is itself
written to the access log, with the family or user searched for as subject.

They read the log that audit writes and keeps; they live here, above audit,
because like every page they go through the access policy (PolicyMixin)."""

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView

from buitenshuis.access.forms import FamilySearchForm, UserSearchForm
from buitenshuis.access.mixins import PolicyMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit import log
from buitenshuis.audit.models import AccessLogEntry, Action


class AccessLogSearchView(PolicyMixin, ListView):
    data = Data.ACCESS_LOG
    log_action = Action.VIEW
    paginate_by = 50
    form_class = None
    initial = {}
    title = ""
    export_url_name = ""

    def get_form(self):
        if any(name in self.request.GET for name in self.form_class.base_fields):
            return self.form_class(self.request.GET)
        return self.form_class(initial=self.get_initial())

    def get_initial(self):
        return dict(self.initial)

    @property
    def searched(self):
        return self.form.is_bound and self.form.is_valid()

    def get_queryset(self):
        self.form = self.get_form()
        if not self.searched:
            return AccessLogEntry.objects.none()
        # Newest first, by time: the log is several chains side by side, so
        # no sequence number orders all of it (the id breaks a tie).
        return self.form.entries().order_by("-timestamp", "-pk").prefetch_related("subjects")

    def paginate_queryset(self, queryset, page_size):
        # A page number out of range shows the last page, never an error.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        log.family_references(context["object_list"])
        context.update(
            title=self.title,
            form=self.form,
            searched=self.searched,
            export_url_name=self.export_url_name,
        )
        return context

    def get_log_subjects(self):
        subject = self.form.subject() if self.searched else None
        return [subject] if subject is not None else []


class AccessLogExportMixin:
    """The same search as CSV. Without a valid search the search page is
    shown with its messages instead."""

    log_action = Action.EXPORT
    filename = "toegangslog"

    def get(self, request, *args, **kwargs):
        self.form = self.get_form()
        if not self.searched:
            return super().get(request, *args, **kwargs)
        # What the log held when the export was asked for: not the entry
        # about this export itself, written before the file is streamed.
        entries = log.up_to_now(self.form.entries()).order_by("timestamp", "pk")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(
            log.csv_lines(entries), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename}-{stamp}.csv"'
        return response

    def get_log_action(self):
        return Action.EXPORT if self.searched else Action.VIEW


class FamilyLogView(AccessLogSearchView):
    form_class = FamilySearchForm
    template_name = "access/family_log.html"
    export_url_name = "access:family_export"

    @property
    def title(self):
        return _("Toegangslog: wie zag of wijzigde dit gezin")


class FamilyLogExportView(AccessLogExportMixin, FamilyLogView):
    filename = "toegangslog-gezin"


class UserLogView(AccessLogSearchView):
    form_class = UserSearchForm
    template_name = "access/user_log.html"
    export_url_name = "access:user_export"

    def get_initial(self):
        return UserSearchForm.initial_period()

    @property
    def title(self):
        return _("Toegangslog: wat deed een gebruiker")


class UserLogExportView(AccessLogExportMixin, UserLogView):
    filename = "toegangslog-gebruiker"
