# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The programme's settings page ("Instellingen aanmelding").

The coordinator and the policy officer (both may change ``Data.PROGRAMME``)
edit their programme's ``ProgrammeSettings``. Someone in several programmes
picks one with ``?programme=<id>``; only programmes they may change are
offered, any other id is a 404. Every change is kept by the model's history.
The page shows no personal data, so nothing is written to the access log."""

from django.contrib import messages
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import UpdateView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyMixin
from buitenshuis.access.policy import Data
from buitenshuis.programmes.forms import ProgrammeSettingsForm
from buitenshuis.programmes.models import ProgrammeSettings


def changeable_settings(user):
    """The ``ProgrammeSettings`` of every programme ``user`` may change, by
    programme name. Rows are created with the defaults for programmes of
    memberships that grant the change; the policy's scope decides."""
    candidates = {
        m.programme_id
        for m in policy.memberships(user)
        if m.programme_id and policy.POLICY.get(m.role, {}).get(Data.PROGRAMME, {}).get("change")
    }
    for programme_id in candidates:
        ProgrammeSettings.objects.get_or_create(programme_id=programme_id)
    return policy.scope(
        user,
        "change",
        Data.PROGRAMME,
        ProgrammeSettings.objects.filter(programme_id__in=candidates).select_related("programme"),
    ).order_by("programme__name")


class SettingsView(PolicyMixin, UpdateView):
    data = Data.PROGRAMME
    action = "change"
    form_class = ProgrammeSettingsForm
    template_name = "programmes/settings.html"

    def get_object(self, queryset=None):
        self.choices = list(changeable_settings(self.request.user))
        wanted = self.request.GET.get("programme")
        if wanted is None:
            if not self.choices:
                raise Http404
            return self.choices[0]
        for settings in self.choices:
            if str(settings.programme_id) == wanted:
                return settings
        raise Http404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Instellingen aanmelding")
        context["programme"] = self.object.programme
        context["choices"] = self.choices
        context["history"] = self.object.history.select_related("history_user")[:5]
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("De instellingen voor %(programme)s zijn opgeslagen.")
            % {"programme": self.object.programme},
        )
        return response

    def get_success_url(self):
        return f"{reverse('programmes:settings')}?programme={self.object.programme_id}"
