"""The referral list: the referrals a user handles, with their status, how
long they wait, and the filters of the work queue (``?wacht=``) and of the
coordinator's postcode check (``?controle=postcode``)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView

from buitenshuis.access.mixins import PolicyMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Enrolment
from buitenshuis.referrals import placements, workqueue
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.views.common import (
    REFERRAL_RELATED,
    CaseWorkMixin,
    days_waiting,
    family_scoped_referrals,
)


def provisional_enrolment_ids(referrals):
    """Of these referrals, the enrolment ids with a running provisional
    placement (start before the decision)."""
    return set(
        Enrolment.objects.filter(
            referral__in=referrals, pk__in=placements.answers().provisional_enrolments()
        ).values_list("pk", flat=True)
    )


class ReferralListView(CaseWorkMixin, PolicyMixin, ListView):
    """Referrals with their status: a linking pin their own, the
    coordinator and the policy officer those of their programme."""

    data = Data.REFERRAL_STATUS
    log_action = Action.LIST
    paginate_by = 25
    template_name = "referrals/list.html"

    def get_queryset(self):
        # The user's rows are found first, without the joins the page needs;
        # then one page of rows is loaded by id (paginate_queryset). In one query, PostgreSQL
        # keeps the written join order (join_collapse_limit) and started
        # from every open referral in the country (bench/README.md).
        referrals = self.case_scoped(self.scoped(Referral.objects.all()))
        self.query = self.request.GET.get("q", "").strip()
        self.status = self.request.GET.get("status", "")
        if self.status not in Referral.Status.values:
            self.status = ""
        if self.query:
            referrals = referrals.filter(family__reference__icontains=self.query)
        if self.status:
            referrals = referrals.filter(status=self.status)
        # ?controle=postcode: the referrals whose postcode check failed (the
        # coordinator's work queue links here).
        self.check = self.request.GET.get("controle", "")
        if self.check == "postcode":
            referrals = referrals.filter(postcode_check__in=workqueue.POSTCODE_WARNINGS)
        else:
            self.check = ""
        # ?wacht=...: what waits for this user (the start page's work queue
        # links here and counts the same rows).
        self.waiting = self.request.GET.get("wacht", "")
        if self.waiting not in workqueue.WAITING:
            self.waiting = ""
        referrals = workqueue.waiting(self.request.user, self.waiting, referrals)
        # The ids in the list's order; paginate_queryset loads one page.
        return list(referrals.order_by("-received_at", "-pk").values_list("pk", flat=True))

    def paginate_queryset(self, queryset, page_size):
        paginator, page, ids, is_paginated = super().paginate_queryset(queryset, page_size)
        rows = Referral.objects.filter(pk__in=list(ids)).select_related(*REFERRAL_RELATED)
        page.object_list = list(rows.order_by("-received_at", "-pk"))
        self._page = page.object_list
        return paginator, page, page.object_list, is_paginated

    def get_log_subjects(self):
        return getattr(self, "_page", [])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = list(context["object_list"])
        openable = set(
            family_scoped_referrals(
                user,
                "view",
                Data.FAMILY_IDENTITY,
                Referral.objects.filter(pk__in=[r.pk for r in page]),
            ).values_list("pk", flat=True)
        )
        now = timezone.now()
        provisional = provisional_enrolment_ids([r.pk for r in page])
        context["rows"] = [
            {
                "referral": r,
                "openable": r.pk in openable,
                "days_waiting": days_waiting(r, now),
                "provisional": r.enrolment_id in provisional,
            }
            for r in page
        ]
        context["title"] = _("Aanmeldingen")
        context["query"] = self.query
        context["status"] = self.status
        context["statuses"] = Referral.Status.choices
        context["check"] = self.check
        context["waiting"] = self.waiting
        context["waiting_choices"] = [
            (key, label) for key, (label, _filter) in workqueue.WAITING.items()
        ]
        return context
