# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The first day of the activity: the family's linking pin records it after
an acceptance, so that the time to the start is known (the norm of 24 to
48 hours). Placing a child records it too (``rules.place``); both go
through ``rules.record_first_day``."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from buitenshuis.access.policy import Data
from buitenshuis.activities import rules
from buitenshuis.activities.forms_start import ActivityStartForm
from buitenshuis.activities.views.placements import EnrolmentMixin, back_url
from buitenshuis.audit.models import Action
from buitenshuis.core.forms import apply_rule
from buitenshuis.referrals.views.common import refused


class ActivityStartView(EnrolmentMixin, DetailView):
    """The family's linking pin records (or corrects) the first day."""

    data = Data.PLACEMENT
    action = "change"
    done_action = Action.CHANGE
    template_name = "activities/activity_start.html"

    def get_log_action(self):
        return Action.CHANGE if getattr(self, "_done", False) else Action.VIEW

    def get_form(self, data=None):
        initial = {"first_activity_date": self.object.first_activity_date}
        return ActivityStartForm(data, initial=initial)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        refusal = rules.first_day_refusal(request.user, self.object)
        if refusal:
            return refused(request, self, refusal, [self.object])
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        refusal = rules.first_day_refusal(request.user, self.object)
        if refusal:
            return refused(request, self, refusal, [self.object])
        form = self.get_form(request.POST)
        if form.is_valid():
            day = form.cleaned_data["first_activity_date"]
            apply_rule(form, rules.record_first_day, request.user, self.object, day)
        if form.errors:
            return self.render_to_response(self.get_context_data(form=form))
        self._done = True
        messages.success(request, _("De eerste dag van de activiteit is vastgelegd."))
        return redirect(back_url(self.object))

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Eerste dag van de activiteit"),
            form=form,
            family=self.object.family,
            back_url=back_url(self.object),
        )
        return context


urlpatterns = [
    path("eerste-dag/<int:enrolment>/", ActivityStartView.as_view(), name="activity_start"),
]
