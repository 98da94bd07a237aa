# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The location staff's pages (ACCESS.md: "child's first name, age,
pick-up arrangements, of children placed at own location"):

* ``my_children``: the children placed now at the staff member's own
  location(s) and those arriving within two weeks, with only what they
  need: first name, age, days, pick-up arrangements and the linking pin's
  contact details (and who stands in for them).
* ``signal_create``: they pass a signal about such a child to the linking
  pin, and see their own earlier signals about it (not their colleagues').
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from django.views.generic.base import TemplateResponseMixin
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormMixin

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.activities import rules
from buitenshuis.activities.closure import ending_on
from buitenshuis.activities.forms_staff import SignalForm
from buitenshuis.activities.models import Placement, Signal
from buitenshuis.activities.queries import arriving_placements, staff_placements
from buitenshuis.audit.models import Action
from buitenshuis.casework.rules import current_stand_in, current_stand_ins
from buitenshuis.core import notify
from buitenshuis.referrals.rules import responsible_linking_pins


def staff_rows(placements, now):
    """What location staff see of each placement: first name, age, days,
    pick-up arrangements, location, the linking pin (and stand-in). One
    query for the stand-ins of all rows, not one per child."""
    rows = []
    today = timezone.localdate(now)
    stand_ins = current_stand_ins({placement.enrolment_id for placement in placements}, now)
    for placement in placements:
        enrolment = placement.enrolment
        rows.append(
            {
                "placement": placement,
                "first_name": placement.child.first_name,
                "age": placement.child.age,
                "first_day": placement.start_date,
                "days": rules.days_label(placement.days),
                "pickup": placement.pickup_arrangements,
                "location": placement.location,
                "linking_pin": enrolment.linking_pin,
                "stand_in": stand_ins.get(enrolment.pk),
                # The location sees the end coming ("stopt op ...").
                "ends_on": ending_on(placement, today),
            }
        )
    return rows


class MyChildrenView(PolicyMixin, TemplateView):
    """The children placed now at the staff member's own location(s), and
    those arriving within two weeks (komt binnenkort) with their first day."""

    data = Data.PLACED_CHILD
    log_action = Action.LIST
    template_name = "activities/staff_children.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        placements = staff_placements(user).select_related(
            "child", "location__organisation", "enrolment__linking_pin"
        )
        placements = sorted(
            placements, key=lambda p: (str(p.location), p.child.first_name.lower(), p.pk)
        )
        arriving = sorted(
            arriving_placements(user).select_related(
                "child", "location__organisation", "enrolment__linking_pin"
            ),
            key=lambda p: (p.start_date, str(p.location), p.child.first_name.lower(), p.pk),
        )
        now = timezone.now()
        self._children = [placement.child for placement in [*placements, *arriving]]
        context["title"] = _("Kinderen op mijn locatie")
        context["rows"] = staff_rows(placements, now)
        context["arriving_rows"] = staff_rows(arriving, now)
        context["several_locations"] = len({p.location_id for p in [*placements, *arriving]}) > 1
        return context

    def get_log_subjects(self):
        return getattr(self, "_children", [])


class SignalCreateView(
    PolicyObjectMixin, SingleObjectMixin, FormMixin, TemplateResponseMixin, View
):
    """A member of the location staff passes a signal about a child placed
    now at their own location; below the form, their own earlier signals
    about this child. A placement elsewhere is a 404."""

    data = Data.SIGNALS
    action = "change"
    # Only who sees placed children (location staff) passes signals; the
    # linking pin reads and acknowledges them.
    also = (("view", Data.PLACED_CHILD),)
    log_action = Action.VIEW
    model = Placement
    form_class = SignalForm
    template_name = "activities/signal_create.html"

    def get_queryset(self):
        placements = staff_placements(self.request.user).select_related(
            "child", "location__organisation", "enrolment__linking_pin"
        )
        return self.scoped(placements)

    def log_subjects_for(self, obj):
        return [obj.child] if isinstance(obj, Placement) else []

    def get_log_action(self):
        return Action.CREATE if getattr(self, "_created", False) else Action.VIEW

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        signal = form.save(commit=False)
        signal.placement = self.object
        signal.created_by = request.user
        signal.save()
        # The signal now waits for the responsible linking pin(s).
        enrolment = self.object.enrolment
        notify.after_commit(lambda: responsible_linking_pins(enrolment), actor=request.user)
        self._created = True
        messages.success(
            request,
            _("Uw signaal over %(name)s is doorgegeven aan de linking pin.")
            % {"name": self.object.child.first_name},
        )
        return redirect("activities:my_children")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        placement = self.object
        own_signals = policy.scope(
            self.request.user,
            "view",
            Data.SIGNALS,
            Signal.objects.filter(placement=placement),
        ).select_related("acknowledged_by")
        context.update(
            title=_("Signaal over %(name)s") % {"name": placement.child.first_name},
            placement=placement,
            first_name=placement.child.first_name,
            linking_pin=placement.enrolment.linking_pin,
            stand_in=current_stand_in(placement.enrolment),
            own_signals=own_signals.order_by("-created"),
            back_url=reverse("activities:my_children"),
        )
        return context


urlpatterns = [
    path("mijn-locatie/", MyChildrenView.as_view(), name="my_children"),
    path(
        "mijn-locatie/plaatsing/<int:pk>/signaal/",
        SignalCreateView.as_view(),
        name="signal_create",
    ),
]
