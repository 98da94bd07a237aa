# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The municipality's tasks for decisions under a linking pin's mandate:
the list of the policy officer, and one decision to take note of or object
to (``rules.note_mandate_decision``)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django.views.generic.edit import FormMixin

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Family, Person
from buitenshuis.core.forms import apply_rule
from buitenshuis.referrals import rules
from buitenshuis.referrals.forms_mandate import MandateTaskForm
from buitenshuis.referrals.models import MunicipalityTask


class MandateTaskListView(PolicyListMixin, ListView):
    """Decisions under a linking pin's mandate that the policy officer of
    the programme takes note of (or objects to)."""

    data = Data.MANDATE_REVIEW
    template_name = "referrals/tasks.html"

    def get_rows(self):
        tasks = MunicipalityTask.objects.select_related(
            "decision__referral__family", "decision__decided_by", "noted_by"
        )
        self.show = self.request.GET.get("toon", "open")
        if self.show == "open":
            tasks = tasks.filter(noted_at__isnull=True)
        elif self.show == "afgehandeld":
            tasks = tasks.filter(noted_at__isnull=False)
        else:
            self.show = "alle"
        return tasks.order_by("-created", "-pk")

    def log_subjects_of(self, row):
        return [row.decision.referral]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Besluiten onder mandaat")
        context["show"] = self.show
        # The families of this page whose case hub the user may open.
        tasks = list(context["object_list"])
        context["openable_families"] = set(
            policy.scope(
                self.request.user,
                "view",
                Data.FAMILY_IDENTITY,
                Family.objects.filter(pk__in=[t.decision.referral.family_id for t in tasks]),
            ).values_list("pk", flat=True)
        )
        context["filters"] = [
            ("open", _("Te behandelen")),
            ("afgehandeld", _("Afgehandeld")),
            ("alle", _("Alle")),
        ]
        return context


class MandateTaskView(PolicyObjectMixin, FormMixin, DetailView):
    """One mandate decision: take note, or object with a reason. The
    enrolment has started already and keeps running."""

    model = MunicipalityTask
    data = Data.MANDATE_REVIEW
    action = "change"
    log_action = Action.VIEW
    form_class = MandateTaskForm
    template_name = "referrals/task.html"
    context_object_name = "task"

    def log_subjects_for(self, obj):
        # The access log speaks of families: log the task's referral.
        return [obj.decision.referral]

    def get_queryset(self):
        return self.scoped(
            MunicipalityTask.objects.select_related(
                "decision__referral__family__municipality",
                "decision__referral__programme",
                "decision__decided_by",
                "noted_by",
            )
        )

    def get_log_action(self):
        return Action.CHANGE if getattr(self, "_done", False) else Action.VIEW

    def post(self, request, *args, **kwargs):
        self.object = task = self.get_object()
        refusal = rules.mandate_note_refusal(request.user, task)
        if refusal:
            messages.error(request, refusal)
            return redirect("referrals:task", pk=task.pk)
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        objection = form.objection_or_none()
        apply_rule(form, rules.note_mandate_decision, request.user, task, objection=objection)
        if form.errors:
            return self.form_invalid(form)
        self._done = True
        if objection is not None:
            messages.success(
                request,
                _(
                    "Het bezwaar is vastgelegd. De linking pin en de coördinator zien het bij "
                    "de aanmelding; het traject loopt door."
                ),
            )
        else:
            messages.success(request, _("U heeft kennisgenomen van het besluit."))
        return redirect("referrals:tasks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.object.decision
        referral = decision.referral
        context.update(
            title=_("Besluit onder mandaat: %(reference)s")
            % {"reference": referral.family.reference},
            decision=decision,
            referral=referral,
            children=referral.family.members.filter(kind=Person.Kind.CHILD),
            can_open_referral=policy.can(
                self.request.user, "view", Data.FAMILY_IDENTITY, referral.family
            ),
        )
        return context
