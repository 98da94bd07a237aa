# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Locations and their contracts ("Locations and contracts").

ACCESS.md, "locations, contracts, training records": the coordinator reads
and changes those of their programme, the policy officer and the linking
pin read them, the administrator reads and changes all. A location belongs
to a programme through its contracts (organisations/apps.py), so a
coordinator creates a location together with its first contract for their
programme: otherwise the new location would be outside their own scope.
The administrator may create a location without one. No personal data of
families is shown here, so nothing is written to the access log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, UpdateView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin, PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data, Scope
from buitenshuis.activities import rules
from buitenshuis.activities.forms_locations import (
    REFERENCE_YEAR,
    ContractForm,
    LocationForm,
    overlap_message,
    overlapping_contracts,
    tariff_warning,
)
from buitenshuis.activities.models import LEGAL_MAX_HOURLY_RATE, Contract
from buitenshuis.core.formats import euro
from buitenshuis.organisations.models import ActivityType, Location, Programme
from buitenshuis.training import rules as training


def granted_scopes(user, action, data=Data.LOCATIONS):
    """The scopes the user's memberships grant for ``action`` on ``data``."""
    scopes = set()
    for membership in policy.memberships(user):
        scope = policy.POLICY.get(membership.role, {}).get(Data(data), {}).get(action)
        if scope is not None:
            scopes.add(scope)
    return scopes


def contract_programmes(user):
    """The programmes ``user`` may make contracts for: those where a
    membership grants changing locations and contracts, all of them for a
    grant on the whole installation."""
    ids = set()
    for membership in policy.memberships(user):
        scope = policy.POLICY.get(membership.role, {}).get(Data.LOCATIONS, {}).get("change")
        if scope == Scope.ALL:
            return Programme.objects.filter(is_active=True).order_by("name")
        if scope == Scope.PROGRAMME and membership.programme_id:
            ids.add(membership.programme_id)
    return Programme.objects.filter(pk__in=ids, is_active=True).order_by("name")


def needs_contract(user):
    """A new location must come with a contract unless the user may change
    every location (otherwise they could not see it afterwards)."""
    return Scope.ALL not in granted_scopes(user, "change")


class LocationListView(PolicyListMixin, ListView):
    data = Data.LOCATIONS
    log_action = None  # organisations and places: no personal data
    template_name = "activities/location_list.html"

    def get_rows(self):
        locations = Location.objects.select_related("organisation", "municipality")
        self.query = self.request.GET.get("q", "").strip()
        if self.query:
            postcode = self.query.replace(" ", "").upper()
            postcode_q = Q(postcode__icontains=self.query)
            if len(postcode) >= 4:
                postcode_q |= Q(postcode__iexact=f"{postcode[:4]} {postcode[4:]}".strip())
            locations = locations.filter(
                Q(name__icontains=self.query)
                | Q(organisation__name__icontains=self.query)
                | Q(city__icontains=self.query)
                | postcode_q
            )
        self.activity_type = self.request.GET.get("soort", "")
        if self.activity_type in ActivityType.values:
            locations = locations.filter(activity_type=self.activity_type)
        else:
            self.activity_type = ""
        return locations.order_by("name", "organisation__name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        page = list(context["object_list"])
        contracts = self.scoped(
            Contract.objects.filter(location__in=page).exclude(valid_to__lt=today),
            data=Data.LOCATIONS,
        )
        by_location = {}
        for contract in contracts.filter(valid_from__lte=today):
            by_location.setdefault(contract.location_id, []).append(contract)
        ready = training.ready_location_ids(page)
        context["rows"] = [
            {
                "location": location,
                "places": sum(c.places for c in by_location.get(location.pk, [])),
                "free": sum(rules.free_places(c, today) for c in by_location.get(location.pk, [])),
                "ready": location.pk in ready,
            }
            for location in page
        ]
        context["title"] = _("Locaties")
        context["query"] = self.query
        context["activity_type"] = self.activity_type
        context["activity_types"] = ActivityType.choices
        context["may_create"] = policy.can(user, "change", Data.LOCATIONS)
        return context


class LocationDetailView(PolicyObjectMixin, DetailView):
    data = Data.LOCATIONS
    rows_only = True
    model = Location
    template_name = "activities/location_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("organisation", "municipality")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        location = self.object
        today = timezone.localdate()
        contracts = self.scoped(
            Contract.objects.filter(location=location).select_related("programme")
        ).order_by("programme__name", "-valid_from")
        may_change = {
            c.pk for c in policy.scope(user, "change", Data.LOCATIONS, contracts.order_by())
        }
        rows = []
        for contract in contracts:
            current = contract.covers(today)
            rows.append(
                {
                    "contract": contract,
                    "current": current,
                    "free": rules.free_places(contract, today) if current else None,
                    "may_change": contract.pk in may_change,
                    "warning": tariff_warning(contract, location.activity_type),
                }
            )
        context["title"] = str(location)
        context["contracts"] = rows
        context["ready"] = training.is_ready(location)
        context["trained_staff"] = len(training.trained_staff(location))
        context["may_change"] = policy.can(user, "change", Data.LOCATIONS, location)
        context["may_contract"] = context["may_change"] and contract_programmes(user).exists()
        rate = LEGAL_MAX_HOURLY_RATE[REFERENCE_YEAR].get(location.activity_type)
        context["legal_max"] = euro(rate) if rate is not None else None
        context["reference_year"] = REFERENCE_YEAR
        return context


class LocationCreateView(PolicyMixin, TemplateView):
    """A new location; for a coordinator together with its first contract,
    both stored or neither."""

    data = Data.LOCATIONS
    action = "change"
    template_name = "activities/location_form.html"

    def get_forms(self):
        user = self.request.user
        data = self.request.POST if self.request.method == "POST" else None
        form = LocationForm(data)
        contract_form = None
        if needs_contract(user):
            programmes = contract_programmes(user)
            if not programmes.exists():
                raise PermissionDenied
            contract_form = ContractForm(data, prefix="contract", programmes=programmes)
        return form, contract_form

    def get(self, request, *args, **kwargs):
        form, contract_form = self.get_forms()
        return self.render(form, contract_form)

    def render(self, form, contract_form):
        return self.render_to_response(
            self.get_context_data(
                form=form,
                contract_form=contract_form,
                title=_("Nieuwe locatie"),
                cancel_url=reverse("activities:location_list"),
            )
        )

    def post(self, request, *args, **kwargs):
        form, contract_form = self.get_forms()
        valid = form.is_valid()
        valid = (contract_form is None or contract_form.is_valid()) and valid
        if not valid:
            return self.render(form, contract_form)
        warning = None
        with transaction.atomic():
            location = form.save()
            if contract_form is not None:
                contract = contract_form.save(commit=False)
                contract.location = location
                contract.save()
                warning = tariff_warning(contract, location.activity_type)
        messages.success(
            request, _("De locatie %(location)s is opgeslagen.") % {"location": location}
        )
        if warning:
            messages.warning(request, warning)
        return redirect("activities:location_detail", pk=location.pk)


class LocationEditView(PolicyObjectMixin, UpdateView):
    data = Data.LOCATIONS
    action = "change"
    model = Location
    form_class = LocationForm
    template_name = "activities/location_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Locatie wijzigen: %(location)s") % {"location": self.object}
        context["cancel_url"] = reverse("activities:location_detail", args=[self.object.pk])
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("De locatie %(location)s is opgeslagen.") % {"location": self.object}
        )
        return response

    def get_success_url(self):
        return reverse("activities:location_detail", args=[self.object.pk])


class ContractFormMixin:
    data = Data.LOCATIONS
    action = "change"
    model = Contract
    form_class = ContractForm
    template_name = "activities/contract_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["location"] = self.location
        context["cancel_url"] = reverse("activities:location_detail", args=[self.location.pk])
        return context

    def form_valid(self, form):
        with transaction.atomic():
            # One writer per location at a time, so two overlapping contracts
            # cannot both pass the check.
            Location.objects.select_for_update().get(pk=self.location.pk)
            contract = form.save(commit=False)
            contract.location = self.location
            other = overlapping_contracts(
                self.location,
                contract.programme,
                contract.valid_from,
                contract.valid_to,
                exclude=contract,
            ).first()
            if other is not None:
                form.add_error(None, overlap_message(other))
                return self.form_invalid(form)
            contract.save()
        self.object = contract
        messages.success(
            self.request,
            _("Het contract met %(location)s voor %(programme)s is opgeslagen.")
            % {"location": self.location, "programme": contract.programme},
        )
        if form.warning:
            messages.warning(self.request, form.warning)
        return redirect("activities:location_detail", pk=self.location.pk)


class ContractCreateView(ContractFormMixin, PolicyMixin, UpdateView):
    """A contract for a location the user may change, for a programme they
    may contract for."""

    def get_object(self, queryset=None):
        self.location = get_object_or_404(
            self.scoped(Location.objects.select_related("organisation")),
            pk=self.kwargs["location_pk"],
        )
        self.programmes = contract_programmes(self.request.user)
        if not self.programmes.exists():
            raise Http404
        return Contract(location=self.location)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(location=self.location, programmes=self.programmes)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Nieuw contract: %(location)s") % {"location": self.location}
        return context


class ContractEditView(ContractFormMixin, PolicyObjectMixin, UpdateView):
    def get_queryset(self):
        return super().get_queryset().select_related("location__organisation", "programme")

    def get_object(self, queryset=None):
        contract = super().get_object(queryset)
        self.location = contract.location
        return contract

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(location=self.location)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Contract wijzigen: %(location)s") % {"location": self.location}
        context["programme"] = self.object.programme
        return context


urlpatterns = [
    path("locaties/", LocationListView.as_view(), name="location_list"),
    path("locaties/nieuw/", LocationCreateView.as_view(), name="location_create"),
    path("locaties/<int:pk>/", LocationDetailView.as_view(), name="location_detail"),
    path("locaties/<int:pk>/wijzigen/", LocationEditView.as_view(), name="location_edit"),
    path(
        "locaties/<int:location_pk>/contracten/nieuw/",
        ContractCreateView.as_view(),
        name="contract_create",
    ),
    path("contracten/<int:pk>/wijzigen/", ContractEditView.as_view(), name="contract_edit"),
]
