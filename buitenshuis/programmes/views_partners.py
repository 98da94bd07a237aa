# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The programme's partners ("Partners"): the organisations it works with,
in the roles of the guide (execution, referrer, environment, care), their
contact person and the date they signed the declaration of intent. Readers
of ``Data.PROGRAMME`` see the list and a partner; whoever may change the
programme adds, edits and removes (after a confirmation)."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, UpdateView

from buitenshuis.access.mixins import PolicyListMixin, PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.core.forms import apply_rule
from buitenshuis.programmes import rules
from buitenshuis.programmes.forms_setup import PartnerForm
from buitenshuis.programmes.models import PartnerRole, ProgrammePartner
from buitenshuis.programmes.views_setup import ChangeChoiceMixin, ProgrammeChoiceMixin


def partner_list_url(programme_id):
    return f"{reverse('programmes:partner_list')}?programme={programme_id}"


class PartnerListView(ProgrammeChoiceMixin, PolicyListMixin, ListView):
    data = Data.PROGRAMME
    log_action = None  # organisations and their contact persons: no family's data
    template_name = "programmes/partner_list.html"

    def get_rows(self):
        self.programme = self.choose_programme()
        rows = ProgrammePartner.objects.filter(programme=self.programme).select_related(
            "organisation"
        )
        self.query = self.request.GET.get("q", "").strip()
        if self.query:
            rows = rows.filter(
                Q(organisation__name__icontains=self.query) | Q(contact_name__icontains=self.query)
            )
        self.role = self.request.GET.get("rol", "")
        if self.role in PartnerRole.values:
            rows = rows.filter(role=self.role)
        else:
            self.role = ""
        return rows.order_by("organisation__name", "role", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.programme_context(),
            title=_("Partners"),
            rows=context["object_list"],
            query=self.query,
            roles=PartnerRole.choices,
            role=self.role,
        )
        return context


class PartnerCreateView(ChangeChoiceMixin, PolicyMixin, FormView):
    data = Data.PROGRAMME
    action = "change"
    form_class = PartnerForm
    template_name = "programmes/form.html"

    def form_valid(self, form):
        partner = apply_rule(
            form, rules.add_partner, self.request.user, self.programme, **form.cleaned_data
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("%(partner)s is toegevoegd.") % {"partner": partner})
        return redirect(partner_list_url(self.programme.pk))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.programme_context(),
            title=_("Partner toevoegen"),
            back_url=partner_list_url(self.programme.pk),
        )
        return context


class PartnerMixin(PolicyObjectMixin):
    model = ProgrammePartner
    data = Data.PROGRAMME
    context_object_name = "partner"

    def get_queryset(self):
        return self.scoped(ProgrammePartner.objects.select_related("programme", "organisation"))


class PartnerDetailView(PartnerMixin, DetailView):
    template_name = "programmes/partner_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=str(self.object),
            programme=self.object.programme,
            can_change=rules.change_refusal(self.request.user, self.object.programme) is None,
            back_url=partner_list_url(self.object.programme_id),
        )
        return context


class PartnerEditView(PartnerMixin, UpdateView):
    action = "change"
    form_class = PartnerForm
    template_name = "programmes/form.html"

    def form_valid(self, form):
        stored = ProgrammePartner.objects.select_related("programme").get(pk=self.object.pk)
        apply_rule(form, rules.update_partner, self.request.user, stored, **form.cleaned_data)
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("De partner is opgeslagen."))
        return redirect("programmes:partner_detail", pk=self.object.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Partner wijzigen"),
            programme=self.object.programme,
            back_url=reverse("programmes:partner_detail", args=[self.object.pk]),
        )
        return context


class PartnerDeleteView(PartnerMixin, DetailView):
    """Confirm, then remove the partner (POST)."""

    action = "change"
    template_name = "programmes/confirm_delete.html"

    def post(self, request, *args, **kwargs):
        partner = self.get_object()
        rules.remove_partner(request.user, partner)
        messages.success(request, _("%(partner)s is verwijderd.") % {"partner": partner})
        return redirect(partner_list_url(partner.programme_id))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Partner verwijderen"),
            what=str(self.object),
            question=_(
                "Wilt u deze partner uit het programma verwijderen? De organisatie zelf blijft "
                "bestaan; dit kan niet ongedaan worden gemaakt."
            ),
            confirm=_("Ja, verwijder de partner"),
            back_url=reverse("programmes:partner_detail", args=[self.object.pk]),
        )
        return context
