# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Handing a family to another linking pin for good
(``gezinnen/<pk>/overdragen/``): the responsible linking pin or the
programme's coordinator chooses the new linking pin and the reason
(``casework.rules.transfer``). The access-log entry records the change
with a fixed reason ("overdracht"); the typed explanation stays in the
enrolment's history."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.forms_closure import TransferForm
from buitenshuis.casework.models import Family
from buitenshuis.casework.rules import transfer as rules
from buitenshuis.casework.views.work import FamilyPageMixin


class TransferView(FamilyPageMixin, PolicyObjectMixin, DetailView):
    model = Family
    data = Data.HANDOVER
    action = "change"
    log_action = Action.VIEW
    done_action = Action.CHANGE
    template_name = "casework/transfer.html"
    context_object_name = "family"

    def enrolment_refusal(self, enrolment):
        return rules.transfer_refusal(self.request.user, enrolment)

    def get(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return self.refused(message)
        return self.render_form(TransferForm(enrolment=self.enrolment))

    def post(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return self.refused(message)
        form = TransferForm(request.POST, enrolment=self.enrolment)
        if not form.is_valid():
            return self.render_form(form)
        old = form.save(request.user)
        if old is None:
            return self.render_form(form)
        self._done = True
        # A fixed text for the access log, never the typed explanation.
        self.log_reason = "overdracht"
        messages.success(request, rules.transfer_message(old, form.cleaned_data["to_user"]))
        # Who handed their own family over no longer sees it.
        if policy.can(request.user, "view", Data.FAMILY_IDENTITY, self.object):
            return redirect(self.back_url())
        return redirect(reverse("casework:family_list"))

    def back_url(self):
        return reverse("casework:family_detail", args=[self.object.pk])

    def render_form(self, form):
        context = {
            "family": self.object,
            "object": self.object,
            "enrolment": self.enrolment,
            "title": _("Gezin %(reference)s overdragen") % {"reference": self.object.reference},
            "form": form,
            "back_url": self.back_url(),
        }
        return render(self.request, self.template_name, context)
