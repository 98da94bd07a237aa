# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Placing a child: the suggested locations for one child of an
accepted enrolment, the placement form with its projected cost, one
placement's page, and the coordinator's permission to place at a location
where no trained staff member works yet.

Access goes through the policy: placing is ``change`` on
``Data.PLACEMENT`` (the responsible linking pin); the coordinator of the
programme may see the suggestions (to give the permission) but not place.
The rules (readiness, capacity, age, dates) are ``activities.rules``."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.activities import rules
from buitenshuis.activities.forms_placements import PlacementForm, ReadinessOverrideForm
from buitenshuis.activities.models import Placement
from buitenshuis.audit.log import record
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.casework.panels import hub_url
from buitenshuis.core.dates import months_between
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import long_date
from buitenshuis.core.forms import add_rule_error, apply_rule
from buitenshuis.organisations.models import ActivityType, Location
from buitenshuis.referrals.views.common import refused
from buitenshuis.training import rules as training


def back_url(enrolment):
    """The family's case hub, where the placements and their actions are."""
    return hub_url(enrolment.family_id, "placements")


def not_running_message(enrolment):
    """Why no child of ``enrolment`` can be placed now, or None (after an
    acceptance, or provisionally before the decision: ``rules.placing_refusal``)."""
    return rules.placing_refusal(enrolment)


class EnrolmentMixin(PolicyObjectMixin):
    """A view about one enrolment (``enrolment`` in the URL), inside the
    user's scope for ``data``/``action`` or 404."""

    model = Enrolment
    pk_url_kwarg = "enrolment"
    log_action = Action.VIEW
    context_object_name = "enrolment"

    def get_queryset(self):
        return self.scoped(
            Enrolment.objects.select_related("family__programme", "linking_pin", "referral")
        )

    def get_child(self):
        child = (
            Person.objects.filter(
                family_id=self.object.family_id, kind=Person.Kind.CHILD, pk=self.kwargs["child"]
            )
            .select_related("family")
            .first()
        )
        if child is None:
            raise Http404
        return child

    def get_location(self):
        """A location with a contract of the family's programme."""
        location = (
            Location.objects.filter(
                pk=self.kwargs["location"], contracts__programme=self.object.family.programme
            )
            .select_related("organisation")
            .distinct()
            .first()
        )
        if location is None:
            raise Http404
        return location

    def may_place(self):
        return policy.can(self.request.user, "change", Data.PLACEMENT, self.object)

    def may_override(self):
        return rules.may_override(self.request.user, self.object.family.programme)


class PlacementSuggestView(EnrolmentMixin, DetailView):
    """Suitable locations for one child, nearest first, with free
    programme places and readiness. The responsible linking pin chooses
    one; the coordinator may allow a location that is not ready."""

    data = Data.PLACEMENT
    action = "view"
    template_name = "activities/placement_suggest.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.child = self.get_child()
        if not (self.may_place() or self.may_override()):
            return refused(
                request,
                self,
                _("Alleen de linking pin van het gezin kan een kind plaatsen."),
                [self.object],
            )
        message = not_running_message(self.object)
        if message:
            return refused(request, self, message, [self.object])
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolment, child = self.object, self.child
        today = timezone.localdate()
        age = child.age_on(today)
        suitable = [
            label for value, label in ActivityType.choices if value in rules.suitable_types(age)
        ]
        context.update(
            title=_("%(name)s plaatsen") % {"name": child.first_name},
            family=enrolment.family,
            child=child,
            age=age,
            suitable=suitable,
            rows=rules.suggestions(enrolment, child, today),
            may_place=self.may_place(),
            may_override=self.may_override(),
            provisional=enrolment.status != Enrolment.Status.ACTIVE,
            placements=Placement.objects.filter(enrolment=enrolment, child=child).select_related(
                "location__organisation"
            ),
            back_url=back_url(enrolment),
        )
        return context


class PlacementCreateView(EnrolmentMixin, DetailView):
    """The placement form for one child at one location. "Bereken" shows
    the projected cost without storing; "Plaatsen" stores the placement
    through ``rules.place`` (a broken rule stores nothing)."""

    data = Data.PLACEMENT
    action = "change"
    done_action = Action.CREATE  # what a refused POST tried (access log)
    template_name = "activities/placement_form.html"

    def get_log_action(self):
        return Action.CREATE if getattr(self, "_done", False) else Action.VIEW

    def setup_objects(self):
        self.object = self.get_object()
        self.child = self.get_child()
        self.location = self.get_location()
        return not_running_message(self.object)

    def get_form(self, data=None):
        return PlacementForm(data, enrolment=self.object, child=self.child, location=self.location)

    def get(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return refused(request, self, message, [self.object])
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return refused(request, self, message, [self.object])
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if "preview" in request.POST:
            return self.render_to_response(self.get_context_data(form=form, preview=True))
        try:
            placement = rules.place(
                request.user, self.object, self.child, self.location, **form.place_kwargs()
            )
        except RuleError as error:
            if add_rule_error(form, error) is None:
                messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        self._done = True
        done = (
            _(
                "%(name)s is voorlopig geplaatst bij %(location)s vanaf %(date)s, vóór het "
                "besluit. De beslisser ziet de voorlopige plaatsing; bij een afwijzing eindigt "
                "die vanzelf."
            )
            if placement.provisional
            else _("%(name)s is geplaatst bij %(location)s vanaf %(date)s.")
        )
        messages.success(
            request,
            done
            % {
                "name": self.child.first_name,
                "location": self.location,
                "date": long_date(placement.start_date),
            },
        )
        return redirect("activities:placement_detail", pk=placement.pk)

    def cost(self, form):
        """(contract, gross, net) for a valid form, or None without a contract."""
        data = form.cleaned_data
        contract = rules.current_contract(
            self.location, self.object.family.programme, data["start_date"]
        )
        if contract is None:
            return None
        gross, net = rules.cost(
            contract,
            data["hours_per_week"],
            data["start_date"],
            data["end_date"],
            data["parental_contribution"],
        )
        months = months_between(data["start_date"], data["end_date"])
        return {"contract": contract, "gross": gross, "net": net, "months": months}

    def get_context_data(self, form, preview=False, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolment = self.object
        today = timezone.localdate()
        start = today if enrolment.start_date is None else max(today, enrolment.start_date)
        contract = rules.current_contract(self.location, enrolment.family.programme, start)
        ready = training.is_ready(self.location)
        context.update(
            title=_("%(name)s plaatsen bij %(location)s")
            % {"name": self.child.first_name, "location": self.location},
            form=form,
            family=enrolment.family,
            child=self.child,
            age=self.child.age_on(today),
            location=self.location,
            contract=contract,
            free_places=(
                rules.free_places(contract, start, enrolment.end_date or start) if contract else 0
            ),
            ready=ready,
            override=None if ready else rules.readiness_override(enrolment, self.location),
            preview=self.cost(form) if preview else None,
            suggest_url=reverse("activities:placement_suggest", args=[enrolment.pk, self.child.pk]),
            provisional=enrolment.status != Enrolment.Status.ACTIVE,
        )
        return context


class PlacementDetailView(PolicyObjectMixin, DetailView):
    """One placement: where, when, what it costs, and any permission it
    was made under. For those who may see the family (location staff have
    their own page with only what they need)."""

    model = Placement
    data = Data.PLACEMENT
    log_action = Action.VIEW
    template_name = "activities/placement_detail.html"
    context_object_name = "placement"

    def get_queryset(self):
        placements = self.scoped(
            Placement.objects.select_related(
                "child",
                "enrolment__family",
                "enrolment__referral",
                "location__organisation",
                "contract",
                "readiness_override_by",
                "created_by",
            )
        )
        families = policy.scope(
            self.request.user,
            "view",
            Data.FAMILY_IDENTITY,
            Enrolment.objects.all(),
        )
        return placements.filter(enrolment__in=families.values("pk"))

    def log_subjects_for(self, obj):
        return [obj.child]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        placement = self.object
        gross, net = rules.placement_cost(placement)
        context.update(
            title=_("Plaatsing van %(name)s") % {"name": placement.child.first_name},
            family=placement.enrolment.family,
            days=rules.days_label(placement.days),
            gross=gross,
            net=net,
            months=months_between(placement.start_date, placement.end_date),
            back_url=back_url(placement.enrolment),
        )
        return context


class ReadinessOverrideView(EnrolmentMixin, DetailView):
    """The programme's coordinator allows, with a reason, a placement of a
    child of this enrolment at a location where no trained staff member
    works yet. The reason goes into the access log and onto the placement."""

    data = Data.PLACEMENT
    action = "view"
    template_name = "activities/override_readiness.html"

    def setup_objects(self):
        self.object = self.get_object()
        self.location = self.get_location()
        refusal = rules.readiness_override_refusal(self.request.user, self.object)
        return refusal or not_running_message(self.object)

    def get(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return refused(request, self, message, [self.object])
        return self.render_to_response(self.get_context_data(form=ReadinessOverrideForm()))

    def post(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return refused(request, self, message, [self.object])
        form = ReadinessOverrideForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        reason = form.cleaned_data["reason"]
        override = apply_rule(
            form, rules.override_readiness, request.user, self.object, self.location, reason
        )
        if form.errors:
            return self.render_to_response(self.get_context_data(form=form))
        # The access log refers to the reason; the text stays in the case.
        record(
            request,
            Action.CHANGE,
            Data.PLACEMENT,
            [self.object],
            reason=_(
                "Plaatsing op een locatie zonder getrainde medewerker toegestaan "
                "(uitzondering #%(id)s); de reden staat bij de uitzondering."
            )
            % {"id": override.pk},
        )
        # Written above; the mixin writes no second entry.
        self.log_action = None
        messages.success(
            request,
            _(
                "Plaatsing bij %(location)s is toegestaan voor %(reference)s. De reden is "
                "vastgelegd."
            )
            % {"location": self.location, "reference": self.object.family.reference},
        )
        return redirect(back_url(self.object))

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolment = self.object
        context.update(
            title=_("Plaatsing toestaan bij %(location)s") % {"location": self.location},
            form=form,
            family=enrolment.family,
            location=self.location,
            ready=training.is_ready(self.location),
            override=rules.readiness_override(enrolment, self.location),
            back_url=back_url(enrolment),
        )
        return context


urlpatterns = [
    path(
        "plaatsen/<int:enrolment>/<int:child>/",
        PlacementSuggestView.as_view(),
        name="placement_suggest",
    ),
    path(
        "plaatsen/<int:enrolment>/<int:child>/<int:location>/",
        PlacementCreateView.as_view(),
        name="placement_create",
    ),
    path("plaatsingen/<int:pk>/", PlacementDetailView.as_view(), name="placement_detail"),
    path(
        "toestaan/<int:enrolment>/<int:location>/",
        ReadinessOverrideView.as_view(),
        name="readiness_override",
    ),
]
