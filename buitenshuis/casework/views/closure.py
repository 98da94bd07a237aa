# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Closing the family's enrolment (``gezinnen/<pk>/afsluiten/``): the
responsible linking pin fills in the closure, checks it on a confirmation
step, and only then is it stored (``casework.rules.closure``). A family
outside the user's scope is a 404; an enrolment that cannot be closed (not
running, or closed already) a 403 with the rule's reason."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.forms_closure import ClosureForm
from buitenshuis.casework.models import Closure, Family
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.rules import closure as rules
from buitenshuis.casework.views.work import FamilyPageMixin


class ClosureView(FamilyPageMixin, PolicyObjectMixin, DetailView):
    model = Family
    # Goals, reviews and the closure: the responsible linking pin writes.
    data = Data.GOALS
    action = "change"
    log_action = Action.VIEW
    done_action = Action.CHANGE
    template_name = "casework/closure.html"
    confirm_template_name = "casework/closure_confirm.html"
    context_object_name = "family"

    def enrolment_refusal(self, enrolment):
        return rules.closure_refusal(self.request.user, enrolment)

    def get(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return self.refused(message)
        return self.render_form(ClosureForm(enrolment=self.enrolment))

    def post(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return self.refused(message)
        form = ClosureForm(request.POST, enrolment=self.enrolment)
        if not form.is_valid() or "back" in request.POST:
            return self.render_form(form)
        if "confirmed" not in request.POST:
            # The first round: check, then ask for confirmation.
            if not form.check():
                return self.render_form(form)
            return self.render_confirmation(form)
        closure = form.save(request.user)
        if closure is None:
            return self.render_form(form)
        self._done = True
        if closure.way_on in rules.CONTINUING:
            text = _(
                "Het traject is afgesloten. Het vervolg staat klaar als nieuwe aanmelding: leg "
                "de intake en de toestemming vast, daarna besluit de gemeente."
            )
        else:
            text = _("Het traject is afgesloten.")
        messages.success(request, text)
        # To the closure just recorded, in the hub's section "Afsluiting".
        return redirect(hub_url(self.object.pk, "closure"))

    def back_url(self):
        return reverse("casework:family_detail", args=[self.object.pk])

    def base_context(self):
        return {
            "family": self.object,
            "object": self.object,
            "enrolment": self.enrolment,
            "back_url": self.back_url(),
            "last_month_starts": rules.last_month_starts(self.enrolment),
        }

    def render_form(self, form):
        context = {
            **self.base_context(),
            "title": _("Traject afsluiten voor %(reference)s")
            % {"reference": self.object.reference},
            "form": form,
        }
        return render(self.request, self.template_name, context)

    def render_confirmation(self, form):
        # The answers go back as hidden fields; nothing is stored yet.
        hidden = [
            (name, value)
            for name, value in self.request.POST.items()
            if name in form.fields and value != ""
        ]
        steps = form.cleaned_data["steps"]
        context = {
            **self.base_context(),
            "title": _("Afsluiting controleren voor %(reference)s")
            % {"reference": self.object.reference},
            "summary": form.summary(),
            "steps": steps,
            "continues": form.cleaned_data["way_on"] in rules.CONTINUING,
            "explanation": form.cleaned_data["explanation"],
            "hidden": hidden,
            "way_on_contribution": form.cleaned_data["way_on"] == Closure.WayOn.CONTRIBUTION,
        }
        return render(self.request, self.confirm_template_name, context)
