# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The family's safety plan: the version in force with the earlier ones,
one earlier version, and writing a new version (prefilled with the one in
force). ``Data.CONTACT_NOTES``: the responsible linking pin's alone. The
rules are ``casework.rules.safety``."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.forms_goals import SafetyPlanForm
from buitenshuis.casework.models import SafetyPlan
from buitenshuis.casework.rules import goals as goal_rules
from buitenshuis.casework.rules import safety as rules
from buitenshuis.casework.views.work import FamilyWorkView


class SafetyWorkView(FamilyWorkView):
    data = Data.CONTACT_NOTES
    anchor = "safety"

    def refusal(self):
        return goal_rules.goal_refusal(self.enrolment)

    def plans(self):
        if self.enrolment is None:
            return SafetyPlan.objects.none()
        return (
            policy.scope_in_family(
                self.request.user, "view", Data.CONTACT_NOTES, SafetyPlan.objects, self.object
            )
            .filter(enrolment=self.enrolment)
            .select_related("created_by")
            .order_by("-version")
        )


class SafetyPlanView(SafetyWorkView):
    """``gezinnen/<pk>/veiligheidsplan/`` and ``.../<version>/``: a version
    (the one in force by default) and the list of all versions."""

    action = "view"
    template_name = "casework/safety_plan.html"

    def load(self):
        super().load()
        self.versions = list(self.plans())
        wanted = self.kwargs.get("version")
        if wanted is None:
            self.plan = self.versions[0] if self.versions else None
        else:
            self.plan = next((p for p in self.versions if p.version == wanted), None)
            if self.plan is None:
                raise Http404

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Veiligheidsplan, gezin %(reference)s") % {"reference": self.object.reference},
            plan=self.plan,
            versions=self.versions,
            in_force=self.versions[0] if self.versions else None,
        )
        return context


class SafetyPlanCreateView(SafetyWorkView):
    """``gezinnen/<pk>/veiligheidsplan/nieuw/``: a new version."""

    action = "change"
    template_name = "casework/work_form.html"

    def build_forms(self, data=None):
        current = self.plans().first()
        initial = {field: getattr(current, field) for field in rules.FIELDS} if current else {}
        return {"plan": SafetyPlanForm(data, initial=initial)}

    def save(self, name, form):
        plan = rules.write_safety_plan(self.request.user, self.enrolment, **form.cleaned_data)
        return _("Versie %(version)d van het veiligheidsplan is vastgelegd.") % {
            "version": plan.version
        }

    def get_success_url(self):
        return reverse("casework:safety_plan", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Veiligheidsplan bijwerken, gezin %(reference)s")
            % {"reference": self.object.reference},
            intro=_("U legt een nieuwe versie vast; de vorige versies blijven bewaard."),
            form=context["forms"]["plan"],
            submit=_("Nieuwe versie vastleggen"),
        )
        return context
