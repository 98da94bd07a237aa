# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The referral list: the referrals a user handles, with their status, how
long they wait, and the filters of the work queue (``?wacht=``) and of the
coordinator's postcode check (``?controle=postcode``)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView

from buitenshuis.access.mixins import PolicyListMixin
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Enrolment
from buitenshuis.referrals import placements, workqueue
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.views.common import (
    CASE_WORK,
    REFERRAL_RELATED,
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


class ReferralListView(PolicyListMixin, ListView):
    """Referrals with their status: a linking pin their own, the
    coordinator and the policy officer those of their programme. The rows
    are the cases the user handles (``CASE_WORK``: who may see the intake
    may see the status too), found by id first and loaded one page at a
    time."""

    data = Data.REFERRAL_STATUS
    also = (CASE_WORK,)
    rows_data = CASE_WORK[1]
    page_related = REFERRAL_RELATED
    template_name = "referrals/list.html"

    def get_rows(self):
        referrals = Referral.objects.all()
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
        return referrals.order_by("-received_at", "-pk")

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
