# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The referral's page: the record of one referral (the family as
referred, the intake, the consent, the decision and the timing) and the
actions of the referral route the user may take. The family's case as a
whole (placements, the first day of the activity, handovers) is the family
page, which this page links to."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Person
from buitenshuis.core.formats import format_days, format_duration
from buitenshuis.programmes import capacity
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.views.common import (
    CASE_WORK,
    REFERRAL_RELATED,
    days_waiting,
    family_scoped_referrals,
)
from buitenshuis.referrals.views.duplicates import referral_checks


def buttons(user, referral):
    """(url, label) of each action of the referral route ``user`` may take
    on ``referral`` now: offered exactly when the rule that does it would
    let them (``rules.*_refusal``)."""
    found = []
    if rules.assign_refusal(user, referral) is None:
        found.append((reverse("referrals:assign", args=[referral.pk]), _("Linking pin toewijzen")))
    if rules.intake_refusal(user, referral) is None:
        found.append((reverse("referrals:intake", args=[referral.pk]), _("Intake vastleggen")))
        found.append(
            (reverse("referrals:consent", args=[referral.pk]), _("Toestemming vastleggen"))
        )
    if rules.decide_refusal(user, referral) is None:
        found.append((reverse("referrals:decide", args=[referral.pk]), _("Besluiten")))
    if rules.override_capacity_refusal(user, referral) is None and not capacity.has_capacity(
        referral.programme, referral.enrolment
    ):
        # Offered only when it is needed: the capacity is reached.
        found.append(
            (reverse("referrals:override", args=[referral.pk]), _("Capaciteit overschrijden"))
        )
    decision = getattr(referral, "decision", None)
    if decision is not None and policy.can(user, "view", Data.DECISION, referral):
        found.append((reverse("referrals:letter", args=[referral.pk]), _("Beschikking (PDF)")))
    return found


class ReferralDetailView(PolicyObjectMixin, DetailView):
    """One referral: what the user may see of the family, the intake, the
    consent, the decision and the timing, and the actions they may take."""

    model = Referral
    data = Data.FAMILY_IDENTITY
    also = (CASE_WORK,)
    log_action = Action.VIEW
    template_name = "referrals/detail.html"
    context_object_name = "referral"

    def get_queryset(self):
        return self.scoped(
            family_scoped_referrals(
                self.request.user,
                "view",
                Data.FAMILY_IDENTITY,
                Referral.objects.select_related(*REFERRAL_RELATED, "referred_by"),
            ),
            *CASE_WORK,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        referral = self.object
        family = referral.family
        members = list(family.members.all())
        can_intake = policy.can(user, "view", Data.INTAKE, referral)
        can_decision = policy.can(user, "view", Data.DECISION, referral)
        context.update(
            title=_("Aanmelding %(reference)s") % {"reference": family.reference},
            family=family,
            parents=[m for m in members if m.kind == Person.Kind.PARENT],
            children=[m for m in members if m.kind == Person.Kind.CHILD],
            show_problems=policy.can(user, "view", Data.PROBLEMS, family),
            show_categories=policy.can(user, "view", Data.PROBLEMS, family)
            or policy.can(user, "view", Data.PROBLEM_CATEGORY, family),
            show_intake=can_intake,
            show_decision=can_decision,
            today=timezone.localdate(),
            # The page requires the family's identity: the family page opens.
            family_url=reverse("casework:family_detail", args=[family.pk]),
        )
        if can_intake:
            context["intake"] = getattr(referral, "intake", None)
            context["show_conversation"] = policy.can(user, "view", Data.CONTACT_NOTES, family)
            context["consents"] = referral.consents.select_related("child", "given_by").order_by(
                "child__date_of_birth", "given_by__first_name"
            )
            context["missing_consents"] = rules.missing_consents(referral)
        if can_decision:
            decision = getattr(referral, "decision", None)
            context["decision"] = decision
            context["task"] = getattr(decision, "task", None) if decision else None
            lead = rules.durations(referral)
            context["to_decision"] = format_duration(lead["to_decision"])
            context["to_intake"] = format_days(lead["to_intake"])
            context["intake_to_start"] = format_days(lead["intake_to_start"])
            context["waiting"] = days_waiting(referral)
        if can_intake:
            # How the linking pin came to the family: by an assignment rule,
            # or by hand (with the reason for differing from the rule, which
            # the coordinator and the family's linking pin read: ACCESS.md).
            context["assignment"] = referral.enrolment.assignments.select_related(
                "assigned_by"
            ).first()
            context["show_assignment_reason"] = policy.can(
                user, "view", Data.ASSIGNMENT, referral
            ) or policy.can(user, "change", Data.INTAKE, referral)
        context.update(referral_checks(user, referral))  # duplicates, postcode
        context["buttons"] = buttons(user, referral)
        return context
