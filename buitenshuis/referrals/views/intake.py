# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The intake part of the referral route: the coordinator assigns the
linking pin, who records the intake and the consent per child. Each view
hands its form to the rule (``rules.assign_linking_pin``,
``rules.record_intake``, ``rules.record_consents``)."""

from django.utils.translation import gettext as _

from buitenshuis.access.policy import Data
from buitenshuis.referrals import rules
from buitenshuis.referrals.forms_intake import AssignForm, ConsentForm, IntakeForm
from buitenshuis.referrals.views.common import ReferralFormView


class AssignView(ReferralFormView):
    """The coordinator picks the linking pin who takes the intake."""

    data = Data.ASSIGNMENT
    action = "change"
    form_class = AssignForm
    template_name = "referrals/assign.html"

    def refusal(self):
        return rules.assign_refusal(self.request.user, self.object)

    def get_form_kwargs(self):
        # Only the programme's coordinator overrides the training rule.
        return {
            **super().get_form_kwargs(),
            "referral": self.object,
            "may_override": rules.is_coordinator(self.request.user, self.object.programme_id),
        }

    def done(self, form):
        enrolment = form.save(granted_by=self.request.user)
        pin = enrolment.linking_pin
        name = pin.get_full_name() or pin.get_username()
        # The access log refers to the exception or the reassignment; their
        # reasons stay in the case (ACCESS.md). The mixin writes the one entry.
        reasons = []
        if form.reassigned is not None:
            # As the training exception below: the log refers to the row
            # that keeps the reason.
            reasons.append(
                _(
                    "Afwijking van de toewijzingsregel (toewijzing #%(id)s); de reden staat bij "
                    "de toewijzing."
                )
                % {"id": form.reassigned.pk}
            )
        if form.override is not None:
            reasons.append(
                _(
                    "Uitzondering op de trainingsregel (uitzondering #%(id)s); de reden staat "
                    "bij de uitzondering."
                )
                % {"id": form.override.pk}
            )
        self.log_reason = " ".join(reasons)
        if form.override is not None:
            return _(
                "%(name)s is nu de linking pin van %(reference)s, als uitzondering op de "
                "trainingsregel. De reden is vastgelegd."
            ) % {"name": name, "reference": self.object.family.reference}
        if form.reassigned is not None:
            return _(
                "%(name)s is nu de linking pin van %(reference)s, anders dan de "
                "toewijzingsregel koos. De reden is vastgelegd."
            ) % {"name": name, "reference": self.object.family.reference}
        return _("%(name)s is nu de linking pin van %(reference)s.") % {
            "name": name,
            "reference": self.object.family.reference,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Linking pin toewijzen aan %(reference)s") % {
            "reference": self.object.family.reference
        }
        return context


class _IntakeStepView(ReferralFormView):
    """A step the responsible linking pin takes at the intake: the same
    data, the same refusal and a form that gets the referral and the user."""

    data = Data.INTAKE
    action = "change"

    def refusal(self):
        return rules.intake_refusal(self.request.user, self.object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "referral": self.object, "user": self.request.user}


class IntakeView(_IntakeStepView):
    """The responsible linking pin records the intake."""

    form_class = IntakeForm
    template_name = "referrals/intake.html"

    def done(self, form):
        form.save()
        return _("De intake is vastgelegd.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Intake %(reference)s") % {"reference": self.object.family.reference}
        return context


class ConsentView(_IntakeStepView):
    """The responsible linking pin records consent per child, following the
    age rules (``rules.required_consenters``)."""

    form_class = ConsentForm
    template_name = "referrals/consent.html"

    def done(self, form):
        form.save()
        missing = rules.missing_consents(self.object)
        if missing:
            return _("De toestemming is vastgelegd. Nog nodig: %(missing)s") % {
                "missing": " ".join(missing)
            }
        return _("De toestemming is vastgelegd. Alle vereiste toestemming is gegeven.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.object
        form = context["form"]
        given = {}
        for consent in referral.consents.select_related("given_by"):
            given.setdefault(consent.child_id, set()).add(consent.given_by_id)
        rows = []
        for child, given_by, given_on in form.child_fields():
            required = rules.required_consenters(child, form.parents, form.day)
            rows.append(
                {
                    "child": child,
                    "age": child.age_on(form.day),
                    "required": required,
                    "missing": [p for p in required if p.pk not in given.get(child.pk, set())],
                    "given_by": given_by,
                    "given_on": given_on,
                }
            )
        context["rows"] = rows
        context["missing_consents"] = rules.missing_consents(referral)
        context["title"] = _("Toestemming %(reference)s") % {"reference": referral.family.reference}
        return context
