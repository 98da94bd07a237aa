# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What the referral route's views share: the referrals a user may handle,
the 403 page with a rule's reason, and the view for one form about one
referral (``ReferralFormView``).

Access goes through the policy (``PolicyMixin``/``PolicyObjectMixin``);
the rules through ``referrals.rules``. A rule that stops a user on a page
they may otherwise see answers 403 with the rule's Dutch reason, and is
logged as denied."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django.views.generic.edit import FormMixin

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Family
from buitenshuis.core.errors import RuleError
from buitenshuis.core.forms import add_rule_error
from buitenshuis.referrals.models import Referral

REFERRAL_RELATED = ("family", "programme", "enrolment__linking_pin", "referrer_organisation")


def family_scoped_referrals(user, action, data, referrals=None):
    """Referrals whose family the user may do ``action`` on ``data`` for.
    The family's registration carries the referrer's 'until decided'."""
    referrals = Referral.objects.all() if referrals is None else referrals
    families = policy.scope(user, action, data, Family.objects.all())
    return referrals.filter(family__in=families.values("pk"))


def days_waiting(referral, now=None):
    """Whole days from receipt to the decision (or until now, when open)."""
    end = referral.decided_at or referral.closed_at or now or timezone.now()
    return max((end - referral.received_at).days, 0)


def refused(request, view, message, subjects=()):
    """A 403 page with the rule's Dutch reason; logged as denied, with the
    action that was tried (a refused POST is the change, not "view")."""
    view.record_denied(list(subjects), reason=message)
    return render(
        request,
        "error.html",
        {"title": _("Dit kan niet"), "message": message, "status": 403},
        status=403,
    )


# The referral list and page are the worklist of those who handle the
# case: who may see the intake (the linking pin their own, the coordinator
# and the policy officer their programme). A referrer follows the status of
# what they entered in their own list (``referrals:mine``), so a user who is
# only a referrer is refused (403, logged). Views declare it with ``also``.
CASE_WORK = ("view", Data.INTAKE)


class ReferralFormView(PolicyObjectMixin, FormMixin, DetailView):
    """A form about one referral. ``refusal()`` names a rule that stops the
    user (403 with the reason); ``done()`` hands the valid form to its rule
    and returns the message shown on the referral's page. A rule's refusal
    (RuleError) is shown at the field it names, or above the form and as a
    message when it names none."""

    model = Referral
    log_action = Action.VIEW
    done_action = Action.CHANGE
    context_object_name = "referral"

    def get_queryset(self):
        return self.scoped(Referral.objects.select_related(*REFERRAL_RELATED))

    def refusal(self):
        return None

    def get_log_action(self):
        return self.done_action if getattr(self, "_done", False) else self.log_action

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        message = self.refusal()
        if message:
            return refused(request, self, message, [self.object])
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        message = self.refusal()
        if message:
            return refused(request, self, message, [self.object])
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            message = self.done(form)
        except RuleError as error:
            if add_rule_error(form, error) is None:
                messages.error(request, str(error))
            return self.form_invalid(form)
        self._done = True
        messages.success(request, message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("referrals:detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["family"] = self.object.family
        context["back_url"] = self.get_success_url()
        return context
