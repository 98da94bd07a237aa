# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The programme's meetings ("Overleggen"): the kick-off, the periodic
partner meetings and the linking pins' exchange. Readers of
``Data.PROGRAMME`` see them (the organiser too, from the work queue two
weeks before); whoever may change the programme plans and records them."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, UpdateView

from buitenshuis.access.mixins import PolicyListMixin, PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.core.forms import apply_rule
from buitenshuis.programmes import rules
from buitenshuis.programmes.forms_setup import MeetingForm
from buitenshuis.programmes.models import MeetingKind, ProgrammeMeeting
from buitenshuis.programmes.views_setup import ChangeChoiceMixin, ProgrammeChoiceMixin
from buitenshuis.programmes.workqueue import PREPARE


def meeting_list_url(programme_id):
    return f"{reverse('programmes:meeting_list')}?programme={programme_id}"


class MeetingListView(ProgrammeChoiceMixin, PolicyListMixin, ListView):
    data = Data.PROGRAMME
    log_action = None  # meetings of professionals: no family's data
    template_name = "programmes/meeting_list.html"

    def get_rows(self):
        self.show = self.request.GET.get("toon", "")
        if self.show == PREPARE:
            # The work queue's rows: what the user organises within two weeks,
            # in every programme they read.
            self.programme = self.choose_programme()
            return rules.meetings_to_prepare(self.request.user).select_related("organiser")
        self.show = ""
        self.programme = self.choose_programme()
        rows = ProgrammeMeeting.objects.filter(programme=self.programme).select_related("organiser")
        self.query = self.request.GET.get("q", "").strip()
        if self.query:
            rows = rows.filter(
                Q(place__icontains=self.query)
                | Q(notes__icontains=self.query)
                | Q(decisions__icontains=self.query)
            )
        self.kind = self.request.GET.get("soort", "")
        if self.kind in MeetingKind.values:
            rows = rows.filter(kind=self.kind)
        else:
            self.kind = ""
        return rows.order_by("-starts_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.programme_context(),
            title=_("Overleg voorbereiden") if self.show else _("Overleggen"),
            rows=context["object_list"],
            query=getattr(self, "query", ""),
            kinds=MeetingKind.choices,
            kind=getattr(self, "kind", ""),
            show=self.show,
            now=timezone.now(),
            next_meeting=rules.next_meeting(self.programme),
        )
        return context


class MeetingCreateView(ChangeChoiceMixin, PolicyMixin, FormView):
    data = Data.PROGRAMME
    action = "change"
    form_class = MeetingForm
    template_name = "programmes/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def get_initial(self):
        return {"organiser": self.request.user}

    def form_valid(self, form):
        meeting = apply_rule(
            form, rules.save_meeting, self.request.user, self.programme, **form.cleaned_data
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("Het overleg is vastgelegd."))
        return redirect("programmes:meeting_detail", pk=meeting.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.programme_context(),
            title=_("Overleg plannen"),
            back_url=meeting_list_url(self.programme.pk),
        )
        return context


class MeetingMixin(PolicyObjectMixin):
    model = ProgrammeMeeting
    data = Data.PROGRAMME
    context_object_name = "meeting"

    def get_queryset(self):
        return self.scoped(ProgrammeMeeting.objects.select_related("programme", "organiser"))


class MeetingDetailView(MeetingMixin, DetailView):
    template_name = "programmes/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=str(self.object.get_kind_display()),
            programme=self.object.programme,
            attendees=list(self.object.attendees.order_by("last_name", "first_name")),
            can_change=rules.change_refusal(self.request.user, self.object.programme) is None,
            back_url=meeting_list_url(self.object.programme_id),
            upcoming=self.object.starts_at > timezone.now(),
        )
        return context


class MeetingEditView(MeetingMixin, UpdateView):
    action = "change"
    form_class = MeetingForm
    template_name = "programmes/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.object.programme}

    def form_valid(self, form):
        apply_rule(
            form,
            rules.save_meeting,
            self.request.user,
            self.object.programme,
            ProgrammeMeeting.objects.get(pk=self.object.pk),
            **form.cleaned_data,
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("Het overleg is opgeslagen."))
        return redirect("programmes:meeting_detail", pk=self.object.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Overleg wijzigen"),
            programme=self.object.programme,
            back_url=reverse("programmes:meeting_detail", args=[self.object.pk]),
        )
        return context
