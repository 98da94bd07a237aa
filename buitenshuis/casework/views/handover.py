# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Arranging a handover: the responsible linking pin or the programme's
coordinator lets a colleague linking pin stand in for a period (holiday,
illness). The rules are ``casework.rules`` (``arrange_handover``)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django.views.generic.edit import FormMixin

from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework import rules
from buitenshuis.casework.forms import HandoverForm
from buitenshuis.casework.models import Family
from buitenshuis.casework.views.work import FamilyPageMixin
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import long_date


class HandoverView(FamilyPageMixin, PolicyObjectMixin, FormMixin, DetailView):
    """A stand-in for the family's current enrolment, with the handovers
    running or planned. A family outside the user's scope is a 404; a
    family that needs no handover (no linking pin yet, or an enrolment that
    has ended) a 403 with the rule's reason."""

    model = Family
    data = Data.HANDOVER
    action = "change"
    log_action = Action.VIEW
    done_action = Action.CHANGE
    form_class = HandoverForm
    template_name = "casework/handover.html"
    context_object_name = "family"

    def enrolment_refusal(self, enrolment):
        return rules.handover_refusal(enrolment)

    def post(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return self.refused(message)
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            handover = form.save(request.user)
        except RuleError as error:
            form.add_error(error.field, str(error))
            return self.form_invalid(form)
        self._done = True
        messages.success(
            request,
            _("%(name)s neemt waar van %(first)s tot en met %(last)s.")
            % {
                "name": rules.display_name(handover.to_user),
                "first": long_date(form.cleaned_data["first_day"]),
                "last": long_date(form.cleaned_data["last_day"]),
            },
        )
        return redirect(self.get_success_url())

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "enrolment": self.enrolment}

    def get_success_url(self):
        return reverse("casework:family_detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Waarneming regelen voor %(reference)s") % {"reference": self.object.reference},
            handovers=rules.running_and_planned_handovers(self.enrolment),
            back_url=self.get_success_url(),
        )
        return context
