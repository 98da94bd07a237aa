# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The linking pin's caseload ("Mijn gezinnen"): their families with the
status, the month of the enrolment, the last contact, the next review, the
open agreements, what the apps above tell (unread signals) and the
warnings; search, a filter by status and by warning, pages of 25. The
rows and warnings are ``casework.caseload``'s."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from buitenshuis.access.mixins import PolicyListMixin
from buitenshuis.casework import caseload
from buitenshuis.casework.models import Enrolment

ALL_STATUSES = "alle"


class CaseloadView(PolicyListMixin, ListView):
    """The families the user is responsible for as linking pin (assigned,
    or standing in), one row per family. A fixed number of queries per
    page, however large the caseload: the rows of one page are completed
    together (``caseload.rows``); with a warning filter, those of the
    whole (filtered) caseload, which a linking pin's caseload keeps
    small."""

    action = caseload.ACTION
    data = caseload.DATA
    page_related = ("family",)
    template_name = "casework/caseload.html"

    def get_rows(self):
        enrolments = caseload.candidates(self.request.user)
        self.query = self.request.GET.get("q", "").strip()
        if self.query:
            enrolments = enrolments.filter(
                Q(family__reference__icontains=self.query)
                | Q(family__family_name__icontains=self.query)
            )
        self.status = self.request.GET.get("status", "")
        if self.status == ALL_STATUSES:
            pass
        elif self.status in caseload.STATUSES:
            enrolments = enrolments.filter(status=self.status)
        else:
            self.status = ""
            enrolments = enrolments.filter(status__in=caseload.OPEN_STATUSES)
        return enrolments.order_by("family__family_name", "family__reference", "pk")

    def get_queryset(self):
        ids = super().get_queryset()
        self.completed = {}
        self.warning = caseload.warning_by_key(self.request.GET.get("waarschuwing", ""))
        if self.warning is None:
            return ids
        # The warnings are known only once the rows are complete: complete
        # every row of the filtered caseload, keep those with the warning.
        for row in caseload.rows(self.request.user, super().load_page(ids)):
            if row.has(self.warning.key):
                self.completed[row.pk] = row
        return [pk for pk in ids if pk in self.completed]

    def load_page(self, ids):
        missing = [pk for pk in ids if pk not in self.completed]
        if missing:
            loaded = caseload.rows(self.request.user, super().load_page(missing))
            self.completed.update((row.pk, row) for row in loaded)
        return [self.completed[pk] for pk in ids if pk in self.completed]

    def log_subjects_of(self, row):
        return [row.family]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status_labels = dict(Enrolment.Status.choices)
        context.update(
            title=_("Mijn gezinnen"),
            query=self.query,
            status=self.status,
            statuses=[
                *((status, status_labels[status]) for status in caseload.STATUSES),
                (ALL_STATUSES, gettext_lazy("Alle, ook afgesloten")),
            ],
            warning=self.warning.key if self.warning else "",
            warning_choices=[(warning.key, warning.label) for warning in caseload.warnings()],
            columns=caseload.columns(),
        )
        return context
