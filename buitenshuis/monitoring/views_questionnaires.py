# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The pages of questionnaires (docs/questionnaires.md).

For the responsible linking pin (``Data.QUESTIONNAIRES``, own families):
making a single-use link (``questionnaire_invite``; the link is shown once),
entering the answers themselves (``questionnaire_enter``), reading a
filled-in questionnaire (``questionnaire_response``), and the list of what
is due (``questionnaire_due``, the work queue's target).

For the respondent, without signing in: ``/vragenlijst/<token>/``
(``questionnaire_respond``) shows the questionnaire and nothing else; an
unknown, expired or used link gets one and the same neutral page."""

import segno
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit import log
from buitenshuis.audit.models import Action
from buitenshuis.casework.views.work import FamilyWorkView
from buitenshuis.core.client_address import client_ip
from buitenshuis.core.errors import RuleError
from buitenshuis.core.forms import add_rule_error
from buitenshuis.monitoring import questionnaires as rules
from buitenshuis.monitoring.forms_questionnaires import AnswerForm, RespondentForm
from buitenshuis.monitoring.models_questionnaires import Instrument, Response

# What the respondent's link is logged as: no account, on behalf of the
# linking pin who made the link (docs/questionnaires.md).
LINK_USERNAME = "vragenlijstlink"
# Links that did not work, per address in ten minutes, before every link
# answers with the neutral page (guessing a token is hopeless anyway: 256
# bits; this keeps a script from trying).
RATE_LIMIT = 60
RATE_WINDOW = 600


def _no_store(response):
    """A page with a link or a questionnaire: not cached, and the link is
    never passed on as a referrer to another site ("same-origin"; with
    "no-referrer" the browser sends ``Origin: null`` with the form, which
    the CSRF check refuses)."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


class QuestionnaireWorkView(FamilyWorkView):
    data = Data.QUESTIONNAIRES
    anchor = "questionnaires"

    def refusal(self):
        if self.enrolment is None:
            return _("Dit gezin heeft nog geen traject.")
        return rules.questionnaire_refusal(self.request.user, self.enrolment)

    def members(self):
        return list(self.object.members.all())

    def instrument(self):
        instrument = (
            Instrument.objects.filter(pk=self.kwargs["instrument"], active=True)
            .prefetch_related("items__scale")
            .first()
        )
        if instrument is None:
            raise Http404
        return instrument

    def post_allowed(self):
        self.load()
        if not self.may_change():
            self.record_denied([self.object])
            raise PermissionDenied
        return self.refusal()


class QuestionnaireInviteView(QuestionnaireWorkView):
    """``gezinnen/<pk>/vragenlijsten/link/``: a single-use link for one
    respondent; the link (and its QR code) is shown once, on the answer
    to the form, and never stored."""

    action = "change"
    template_name = "monitoring/questionnaires/invite.html"

    def build_forms(self, data=None):
        initial = {key: self.request.GET.get(key) for key in ("instrument", "moment", "respondent")}
        return {
            "invite": RespondentForm(
                data, family_members=self.members(), initial={k: v for k, v in initial.items() if v}
            )
        }

    def post(self, request, *args, **kwargs):
        refusal = self.post_allowed()
        if refusal:
            return self.refused(refusal)
        form = self.build_forms(request.POST)["invite"]
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitation, token = rules.issue_invitation(
                    request.user,
                    self.enrolment,
                    data["instrument"],
                    data["moment"],
                    person=data["person"],
                    professional=data.get("professional", ""),
                )
            except RuleError as error:
                add_rule_error(form, error)
            else:
                self._done = True
                self.log_reason = f"uitnodiging #{invitation.pk}"
                url = request.build_absolute_uri(
                    reverse("monitoring:questionnaire_respond", args=[token])
                )
                qr = segno.make(url, error="m")
                context = self.get_context_data(forms={})
                context.update(
                    invitation=invitation,
                    link=url,
                    qr_svg=qr.svg_inline(scale=4, dark="#000", light="#fff", title=_("QR-code")),
                )
                return _no_store(render(request, "monitoring/questionnaires/link.html", context))
        return self.render_to_response(self.get_context_data(forms={"invite": form}))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Link naar een vragenlijst voor gezin %(reference)s")
            % {"reference": self.object.reference},
            form=context["forms"].get("invite"),
        )
        return context


class QuestionnaireEnterView(QuestionnaireWorkView):
    """``gezinnen/<pk>/vragenlijsten/invullen/<instrument>/``: the linking
    pin enters the answers a respondent gave them."""

    action = "change"
    template_name = "monitoring/questionnaires/enter.html"

    def build_forms(self, data=None):
        instrument = self.instrument()
        initial = {key: self.request.GET.get(key) for key in ("moment", "respondent")}
        return {
            "respondent": RespondentForm(
                data,
                family_members=self.members(),
                instrument=instrument,
                initial={k: v for k, v in initial.items() if v},
                prefix="wie",
            ),
            "answers": AnswerForm(data, instrument=instrument),
        }

    def post(self, request, *args, **kwargs):
        refusal = self.post_allowed()
        if refusal:
            return self.refused(refusal)
        forms = self.build_forms(request.POST)
        who, answers = forms["respondent"], forms["answers"]
        if all([who.is_valid(), answers.is_valid()]):
            data = who.cleaned_data
            try:
                response = rules.enter_answers(
                    request.user,
                    self.enrolment,
                    data["instrument"],
                    data["moment"],
                    answers.answers(),
                    person=data["person"],
                    professional=data.get("professional", ""),
                )
            except RuleError as error:
                target = answers if (error.field or "").startswith("item_") else who
                add_rule_error(target, error)
            else:
                self._done = True
                self.log_reason = f"vragenlijst #{response.pk}"
                messages.success(request, _("De antwoorden zijn vastgelegd."))
                return redirect(self.hub_url())
        return self.render_to_response(self.get_context_data(forms=forms))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = context["forms"]
        instrument = forms["answers"].instrument
        context.update(
            title=_("%(name)s invullen voor gezin %(reference)s")
            % {"name": instrument.name, "reference": self.object.reference},
            instrument=instrument,
        )
        return context


class QuestionnaireResponseView(QuestionnaireWorkView):
    """``gezinnen/<pk>/vragenlijsten/<response>/``: one filled-in
    questionnaire with its answers and score (logged per person)."""

    action = "view"
    template_name = "monitoring/questionnaires/response.html"

    def load(self):
        super().load()
        response = (
            policy.scope_in_family(
                self.request.user, "view", Data.QUESTIONNAIRES, Response.objects, self.object
            )
            .filter(pk=self.kwargs["response"])
            .select_related("instrument", "person", "entered_by", "enrolment")
            .first()
        )
        if response is None:
            self.record_denied([self.object])
            raise Http404
        self.response = response

    def refusal(self):
        return None

    def get_log_subjects(self):
        response = getattr(self, "response", None)
        return [response] if response is not None else super().get_log_subjects()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        answers = {answer.item_id: answer for answer in self.response.answers.all()}
        rows = []
        for item in self.response.instrument.items.select_related("scale"):
            answer = answers.get(item.pk)
            if answer is None:
                shown = ""
            elif item.scale.free_text:
                shown = answer.text
            else:
                shown = f"{answer.value} ({item.scale.label_of(answer.value)})"
            rows.append({"item": item, "answer": shown})
        context.update(
            title=_("%(name)s, %(moment)s")
            % {"name": self.response.instrument.name, "moment": self.response.get_moment_display()},
            response=self.response,
            rows=rows,
        )
        return context


class QuestionnaireDueView(PolicyListMixin, ListView):
    """``monitoring/vragenlijsten/``: the questionnaires to take now in the
    user's own running enrolments (``?wacht=afnemen``) and the links not
    used in two weeks (``?wacht=geen-antwoord``); without a filter both.
    The work queue counts the same rows (``monitoring.workqueue``)."""

    data = Data.QUESTIONNAIRES
    action = "change"
    template_name = "monitoring/questionnaires/due.html"
    DUE, UNANSWERED = "afnemen", "geen-antwoord"

    def get_queryset(self):
        due, unanswered = rules.waiting(self.request.user)
        wanted = self.request.GET.get("wacht")
        rows = due if wanted != self.UNANSWERED else []
        if wanted != self.DUE:
            rows = [*rows, *unanswered]
        return rows

    def log_subjects_of(self, row):
        return [row.enrolment.family]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today, now = timezone.localdate(), timezone.now()
        context["rows"] = [(slot.waiting_kind(today, now), slot) for slot in self.page_rows]
        context["title"] = _("Vragenlijsten af te nemen")
        return context


def _rate_key(request):
    return f"questionnaire-link:{client_ip(request) or '-'}"


def _rate_limited(request):
    """Whether the address tried more than ``RATE_LIMIT`` links that did
    not work in the last ``RATE_WINDOW`` seconds."""
    return cache.get(_rate_key(request), 0) >= RATE_LIMIT


def _count_failure(request):
    key = _rate_key(request)
    cache.add(key, 0, RATE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, RATE_WINDOW)


def _neutral(request):
    """One page for every link that does not open a questionnaire
    (unknown, expired, used, too many tries): the same words, the same
    status, nothing about the link or who it was for."""
    response = render(
        request,
        "monitoring/questionnaires/link_closed.html",
        {"title": _("Deze link werkt niet (meer)")},
        status=404,
    )
    return _no_store(response)


class QuestionnaireRespondView(View):
    """``/vragenlijst/<token>/``: the respondent's page, without signing in.
    Shows only the questionnaire: no family, no names, no case data. The
    answers are stored and the link used up in one transaction
    (``rules.submit_by_link``) and logged as the link, on behalf of the
    linking pin who made it."""

    template_name = "monitoring/questionnaires/respond.html"

    def dispatch(self, request, *args, **kwargs):
        if _rate_limited(request):
            return _neutral(request)
        self.invitation = rules.find_invitation(kwargs["token"])
        if self.invitation is None:
            _count_failure(request)
            return _neutral(request)
        self.instrument = Instrument.objects.prefetch_related("items__scale").get(
            pk=self.invitation.instrument_id
        )
        return super().dispatch(request, *args, **kwargs)

    def page(self, form):
        return _no_store(
            render(
                self.request,
                self.template_name,
                {"title": self.instrument.name, "instrument": self.instrument, "form": form},
            )
        )

    def get(self, request, *args, **kwargs):
        return self.page(AnswerForm(instrument=self.instrument))

    def post(self, request, *args, **kwargs):
        form = AnswerForm(request.POST, instrument=self.instrument)
        if not form.is_valid():
            return self.page(form)
        try:
            response = rules.submit_by_link(self.invitation, form.answers())
        except RuleError as error:
            if (error.field or "").startswith("item_"):
                add_rule_error(form, error)
                return self.page(form)
            return _neutral(request)
        log.record(
            request,
            Action.CREATE,
            Data.QUESTIONNAIRES,
            [response],
            username=LINK_USERNAME,
            responsible=self.invitation.created_by,
            reason=f"uitnodiging #{self.invitation.pk}",
        )
        return redirect("monitoring:questionnaire_thanks")


def questionnaire_thanks(request):
    """After the answers: thanks, and nothing else."""
    return _no_store(
        render(
            request,
            "monitoring/questionnaires/thanks.html",
            {"title": _("Bedankt voor het invullen")},
        )
    )
