# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Network meetings and agreements (``casework.rules.meetings``):

* ``meeting_create``: the responsible linking pin records a meeting with
  its participants, minutes and agreements (one page, rows to fill in);
* ``meeting_detail``: the meeting; its minutes only to who may read
  contact notes (the linking pin; never the coordinator);
* ``agreement_create``, ``agreement_done``, ``agreement_drop``: an
  agreement outside a meeting, done (a button on the hub) or dropped (after
  a confirmation);
* ``agreement_list``: the open agreements that fall to the linking pin and
  are due within a week or overdue (the work queue links here);
  ``?toon=alle``: every open agreement the user may see.

The hub's panels are ``casework.panels_meetings``."""

from django.contrib import messages
from django.db.models import F, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, View
from django.views.generic.detail import SingleObjectMixin

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.forms_meetings import (
    AgreementForm,
    AgreementFormSet,
    MeetingForm,
    ParticipantFormSet,
)
from buitenshuis.casework.models import Agreement, Family, NetworkMeeting
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.rules import meetings
from buitenshuis.casework.views.work import FamilyPageMixin
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import long_date
from buitenshuis.core.forms import add_rule_error

MINUTES_LOG_NAME = "verslag netwerkoverleg"


class FamilyFormView(FamilyPageMixin, PolicyObjectMixin, DetailView):
    """A form about the family's current enrolment, for who its rule
    allows (``refusal(user, enrolment)``); otherwise a logged 403 with the
    rule's reason. A family outside the user's scope is a 404."""

    model = Family
    log_action = Action.VIEW
    done_action = Action.CREATE
    context_object_name = "family"

    def refusal(self, enrolment):
        raise NotImplementedError

    def enrolment_refusal(self, enrolment):
        return self.refusal(enrolment)

    def get(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return self.refused(message)
        return self.render_to_response(self.get_context_data(**self.forms()))

    def post(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return self.refused(message)
        forms = self.forms(request.POST)
        if all(form.is_valid() for form in forms.values()):
            try:
                done = self.save(forms)
            except RuleError as error:
                self.show_rule_error(forms, error)
            else:
                self._done = True
                return done
        return self.render_to_response(self.get_context_data(**forms), status=200)

    def show_rule_error(self, forms, error):
        add_rule_error(forms["form"], error)


class MeetingCreateView(FamilyFormView):
    """The responsible linking pin records a network meeting: date,
    minutes, participants, the minutes (verslag) and agreements."""

    data = Data.CONTACT_NOTES
    action = "change"
    also = (("change", Data.CONTACTS), ("change", Data.GOALS))
    template_name = "casework/meeting_form.html"

    def refusal(self, enrolment):
        return meetings.meeting_refusal(self.request.user, enrolment)

    def forms(self, data=None):
        return {
            "form": MeetingForm(data),
            "participants": ParticipantFormSet(data, prefix="deelnemer"),
            "agreements": AgreementFormSet(data, prefix="afspraak"),
        }

    def show_rule_error(self, forms, error):
        # A rule about the rows is shown above their rows.
        if error.field in ("participants", "agreements"):
            formset = forms[error.field]
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), str(error)])
            forms["form"].add_error(None, str(error))
        else:
            add_rule_error(forms["form"], error)

    def save(self, forms):
        data = forms["form"].cleaned_data
        meeting = meetings.record_meeting(
            self.request.user,
            self.enrolment,
            date=data["date"],
            minutes=data["minutes"],
            minutes_text=data["minutes_text"],
            participants=forms["participants"].rows(),
            agreements=forms["agreements"].rows(),
        )
        messages.success(
            self.request,
            _("Het netwerkoverleg van %(date)s is vastgelegd.") % {"date": long_date(meeting.date)},
        )
        return redirect("casework:meeting_detail", family_pk=self.object.pk, pk=meeting.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Netwerkoverleg vastleggen voor %(reference)s")
            % {"reference": self.object.reference},
            back_url=hub_url(self.object.pk, "meetings"),
        )
        return context


class MeetingDetailView(PolicyObjectMixin, DetailView):
    """One network meeting: date, time, participants and the agreements
    made in it; the minutes only to who may read contact notes."""

    model = NetworkMeeting
    data = Data.CONTACTS
    log_action = Action.VIEW
    template_name = "casework/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(enrolment__family_id=self.kwargs["family_pk"])
            .select_related("enrolment__family", "contact")
        )

    def log_subjects_for(self, obj):
        return [obj.enrolment.family] if isinstance(obj, NetworkMeeting) else []

    def get_log_data(self):
        if getattr(self, "show_minutes", False):
            return f"{_('netwerkoverleg')}, {MINUTES_LOG_NAME}"
        return self.data

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, meeting = self.request.user, self.object
        family = meeting.enrolment.family
        self.show_minutes = policy.can(user, "view", Data.CONTACT_NOTES, family)
        agreements = []
        if policy.can(user, "view", Data.GOALS, family):
            agreements = list(
                policy.scope(user, "view", Data.GOALS, meeting.agreements.all()).order_by(
                    F("due_date").asc(nulls_last=True), "pk"
                )
            )
        context.update(
            title=_("Netwerkoverleg van %(date)s") % {"date": long_date(meeting.date)},
            family=family,
            participants=list(meeting.participants.all()),
            show_minutes=self.show_minutes,
            agreements=agreements,
            today=timezone.localdate(),
            back_url=hub_url(family.pk, "meetings"),
        )
        return context


class AgreementCreateView(FamilyFormView):
    """The linking pin adds an agreement outside a meeting."""

    data = Data.GOALS
    action = "change"
    template_name = "casework/agreement_form.html"

    def refusal(self, enrolment):
        return meetings.agreement_refusal(self.request.user, enrolment)

    def forms(self, data=None):
        return {"form": AgreementForm(data)}

    def save(self, forms):
        data = forms["form"].cleaned_data
        meetings.add_agreement(
            self.request.user,
            self.enrolment,
            what=data["what"],
            holder_kind=data["holder_kind"],
            holder_name=data["holder_name"],
            due_date=data["due_date"],
        )
        messages.success(self.request, _("De afspraak is vastgelegd."))
        return redirect(hub_url(self.object.pk, "agreements"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Afspraak vastleggen voor %(reference)s")
            % {"reference": self.object.reference},
            back_url=hub_url(self.object.pk, "agreements"),
        )
        return context


class AgreementFinishView(PolicyObjectMixin, SingleObjectMixin, View):
    """Marks an open agreement done (a POST) or dropped (a confirmation
    page, then a POST), for who its rule allows."""

    model = Agreement
    data = Data.GOALS
    action = "change"
    log_action = Action.VIEW
    done_action = Action.CHANGE
    status = None
    template_name = "casework/agreement_drop.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(enrolment__family_id=self.kwargs["family_pk"])
            .select_related("enrolment__family")
        )

    def log_subjects_for(self, obj):
        return [obj.enrolment.family] if isinstance(obj, Agreement) else []

    def get_log_action(self):
        return self.done_action if getattr(self, "_done", False) else self.log_action

    def back(self):
        return hub_url(self.kwargs["family_pk"], "agreements")

    def get(self, request, *args, **kwargs):
        agreement = self.get_object()
        refusal = meetings.finish_refusal(request.user, agreement, self.status)
        if refusal:
            messages.error(request, refusal)
            return redirect(self.back())
        return render(
            request,
            self.template_name,
            {
                "title": _("Afspraak laten vervallen"),
                "agreement": agreement,
                "back_url": self.back(),
            },
        )

    def post(self, request, *args, **kwargs):
        agreement = self.get_object()
        try:
            meetings.finish_agreement(request.user, agreement, self.status)
        except RuleError as error:
            messages.error(request, str(error))
        else:
            self._done = True
            done = {
                Agreement.Status.DONE: _("De afspraak is als gedaan gemarkeerd."),
                Agreement.Status.DROPPED: _("De afspraak is vervallen."),
            }
            messages.success(request, done[self.status])
        return redirect(self.back())


class AgreementDoneView(AgreementFinishView):
    status = Agreement.Status.DONE
    http_method_names = ["post"]


class AgreementDropView(AgreementFinishView):
    status = Agreement.Status.DROPPED


class AgreementListView(PolicyListMixin, ListView):
    """The open agreements that fall to the linking pin and are due within
    a week or overdue (the work queue's rows); ``?toon=alle`` every open
    agreement. The linking pin sees their own families', the coordinator
    the programme's."""

    model = Agreement
    data = Data.GOALS
    template_name = "casework/agreement_list.html"
    page_related = ("enrolment__family",)

    def get_rows(self):
        self.show = "alle" if self.request.GET.get("toon") == "alle" else "wacht"
        rows = Agreement.objects.filter(status=Agreement.Status.OPEN)
        if self.show == "wacht":
            rows = meetings.due_for_linking_pin(rows)
        self.query = self.request.GET.get("q", "").strip()
        if self.query:
            rows = rows.filter(
                Q(what__icontains=self.query)
                | Q(holder_name__icontains=self.query)
                | Q(enrolment__family__reference__icontains=self.query)
                | Q(enrolment__family__family_name__icontains=self.query)
            )
        return rows.order_by(F("due_date").asc(nulls_last=True), "pk")

    def log_subjects_of(self, row):
        return [row.enrolment.family]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Afspraken voor de linking pin")
            if self.show == "wacht"
            else _("Alle open afspraken"),
            query=self.query,
            show=self.show,
            today=timezone.localdate(),
            show_choices=[("alle", _("Alle open afspraken"))],
            selected="alle" if self.show == "alle" else "",
        )
        return context


urlpatterns = [
    path(
        "gezinnen/<int:pk>/netwerkoverleg/nieuw/",
        MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path(
        "gezinnen/<int:family_pk>/netwerkoverleg/<int:pk>/",
        MeetingDetailView.as_view(),
        name="meeting_detail",
    ),
    path(
        "gezinnen/<int:pk>/afspraken/nieuw/",
        AgreementCreateView.as_view(),
        name="agreement_create",
    ),
    path(
        "gezinnen/<int:family_pk>/afspraken/<int:pk>/gedaan/",
        AgreementDoneView.as_view(),
        name="agreement_done",
    ),
    path(
        "gezinnen/<int:family_pk>/afspraken/<int:pk>/vervallen/",
        AgreementDropView.as_view(),
        name="agreement_drop",
    ),
    path("afspraken/", AgreementListView.as_view(), name="agreement_list"),
]
