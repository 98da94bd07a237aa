# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Deciding on a referral: the decision itself (the programme's deciding
role), the coordinator's permission to decide over capacity, and the
decision letter (beschikking) as a PDF.

Who may decide is the rule's question (``rules.decide_refusal``); the
decision is stored by ``rules.decide``."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Person
from buitenshuis.core.formats import long_date
from buitenshuis.organisations.models import Role
from buitenshuis.programmes import capacity
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals import letter, placements, rules
from buitenshuis.referrals.forms_decision import DecideForm, OverrideCapacityForm
from buitenshuis.referrals.models import Decision, Referral
from buitenshuis.referrals.views.common import ReferralFormView


class DecideView(ReferralFormView):
    """The deciding role of the programme accepts or rejects. Who may
    decide is the rule's question (``rules.decide_refusal``); the gate is
    seeing the decision data of the referral."""

    data = Data.DECISION
    action = "view"
    done_action = Action.DECIDE
    form_class = DecideForm
    template_name = "referrals/decide.html"

    def refusal(self):
        return rules.decide_refusal(self.request.user, self.object)

    def get_initial(self):
        # After a provisional start the two years count from its first day.
        return {**super().get_initial(), "start_date": rules.default_start_date(self.object)}

    def done(self, form):
        data = form.cleaned_data
        decision = rules.decide(
            self.request.user,
            self.object,
            data["outcome"],
            reason=data.get("reason") or "",
            start_date=data.get("start_date"),
            parental_contribution=data.get("parental_contribution"),
        )
        if decision.outcome == Decision.Outcome.REJECTED:
            ended = decision.referral.enrolment.placements.filter(ended_at__isnull=False)
            if ended.exists():
                return _(
                    "De aanmelding is afgewezen. De voorlopige plaatsing is beëindigd op de dag "
                    "van het besluit; de opvanglocatie ziet het kind niet meer."
                )
            return _("De aanmelding is afgewezen.")
        message = _("De aanmelding is toegekend: het traject loopt van %(start)s tot %(end)s.") % {
            "start": long_date(decision.start_date),
            "end": long_date(decision.end_date),
        }
        if decision.under_mandate:
            message += " " + _(
                "Het besluit is genomen onder mandaat; de gemeente krijgt een taak om er "
                "kennis van te nemen. De start wacht daar niet op."
            )
        return message

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.object
        settings = ProgrammeSettings.for_programme(referral.programme)
        used, limit, unit = capacity.capacity(referral.programme, referral.enrolment)
        full = capacity.capacity_refusal(referral.programme, referral.enrolment)
        context.update(
            title=_("Besluit over %(reference)s") % {"reference": referral.family.reference},
            children=referral.family.members.filter(kind=Person.Kind.CHILD),
            missing_consents=rules.missing_consents(referral),
            has_intake=hasattr(referral, "intake"),
            has_capacity=full is None,
            capacity_refusal=full,
            # The decision ends them (rejection) or makes them regular.
            provisional_placements=placements.answers().provisional_for(
                self.request.user, referral.enrolment
            ),
            capacity_used=used,
            capacity_limit=limit,
            capacity_unit=unit,
            enrolment_months=settings.enrolment_months,
            under_mandate=rules.decider_role(referral) == Role.LINKING_PIN,
            own_referral=referral.referred_by_id == self.request.user.pk,
        )
        return context


class OverrideCapacityView(ReferralFormView):
    """The coordinator allows a decision over capacity, with a reason; the
    reason is kept on the referral, and the access log refers to it."""

    data = Data.DECISION
    action = "view"
    form_class = OverrideCapacityForm
    template_name = "referrals/override.html"

    def refusal(self):
        return rules.override_capacity_refusal(self.request.user, self.object)

    def done(self, form):
        reason = form.cleaned_data["reason"]
        rules.override_capacity(self.request.user, self.object, reason)
        # The access log refers to the reason; the text stays in the case.
        self.log_reason = _(
            "Capaciteit overschreden voor aanmelding #%(id)s; de reden staat bij de aanmelding."
        ) % {"id": self.object.pk}
        return _(
            "De capaciteit mag voor %(reference)s worden overschreden. De reden is vastgelegd."
        ) % {"reference": self.object.family.reference}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        used, limit, unit = capacity.capacity(self.object.programme, self.object.enrolment)
        context.update(
            title=_("Capaciteit overschrijden voor %(reference)s")
            % {"reference": self.object.family.reference},
            capacity_used=used,
            capacity_limit=limit,
            capacity_unit=unit,
        )
        return context


class DecisionLetterView(PolicyObjectMixin, DetailView):
    """The decision letter (beschikking) of a decision, accepted or
    rejected, as a PDF/A; printing it is logged."""

    model = Referral
    data = Data.DECISION
    log_action = Action.PRINT

    def get_queryset(self):
        return self.scoped(
            Referral.objects.select_related("decision", "family__municipality", "programme")
        ).filter(decision__isnull=False)

    def get(self, request, *args, **kwargs):
        referral = self.get_object()
        decision = referral.decision
        pdf = letter.render_pdf(letter.letter_context(decision))
        response = HttpResponse(pdf, content_type="application/pdf")
        name = decision.letter_reference or referral.family.reference
        response["Content-Disposition"] = f'inline; filename="beschikking-{name}.pdf"'
        response["Cache-Control"] = "no-store"
        return response
