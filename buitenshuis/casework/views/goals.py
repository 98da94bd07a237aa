# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Goals and their progress notes, and the support for the parents
(``Data.GOALS``: the responsible linking pin writes, the coordinator
reads). The rules are ``casework.rules.goals``."""

from django.http import Http404
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.forms_goals import (
    GoalForm,
    GoalNoteForm,
    GoalStatusForm,
    SupportActionForm,
    SupportUpdateForm,
)
from buitenshuis.casework.models import Goal, GoalNote, SupportAction
from buitenshuis.casework.rules import goals as rules
from buitenshuis.casework.views.work import FamilyWorkView


class GoalWorkView(FamilyWorkView):
    data = Data.GOALS

    def refusal(self):
        return rules.goal_refusal(self.enrolment)


class GoalCreateView(GoalWorkView):
    """A new goal (``gezinnen/<pk>/doelen/nieuw/``)."""

    action = "change"
    template_name = "casework/work_form.html"
    anchor = "goals"

    def build_forms(self, data=None):
        return {"goal": GoalForm(data, family=self.object)}

    def save(self, name, form):
        data = form.cleaned_data
        rules.add_goal(
            self.request.user,
            self.enrolment,
            domain=data["domain"],
            description=data["description"],
            person=data["person"],
        )
        return _("Het doel is vastgelegd.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Nieuw doel voor gezin %(reference)s") % {"reference": self.object.reference},
            form=context["forms"]["goal"],
            submit=_("Doel vastleggen"),
        )
        return context


class GoalDetailView(GoalWorkView):
    """One goal with its progress notes; the linking pin changes its status
    and adds notes (``gezinnen/<pk>/doelen/<goal>/``)."""

    action = "view"
    template_name = "casework/goal_detail.html"
    anchor = "goals"

    def load(self):
        super().load()
        goal = (
            policy.scope_in_family(self.request.user, "view", Data.GOALS, Goal.objects, self.object)
            .filter(enrolment__family=self.object, pk=self.kwargs["goal"])
            .select_related("person", "enrolment")
            .first()
        )
        if goal is None:
            raise Http404
        self.goal = goal
        self.enrolment = goal.enrolment

    def build_forms(self, data=None):
        if not self.may_write():
            return {}
        return {
            "status": GoalStatusForm(data, initial={"status": self.goal.status}, prefix="status"),
            "note": GoalNoteForm(data, prefix="note"),
        }

    def save(self, name, form):
        data = form.cleaned_data
        if name == "status":
            rules.set_goal_status(self.request.user, self.goal, data["status"])
            return _("De status van het doel is gewijzigd.")
        rules.add_goal_note(self.request.user, self.goal, text=data["text"], date=data["date"])
        return _("De voortgang is vastgelegd.")

    def get_success_url(self):
        return self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Doel: %(goal)s") % {"goal": self.goal.description},
            goal=self.goal,
            notes=policy.scope_in_family(
                self.request.user, "view", Data.GOALS, GoalNote.objects, self.object
            )
            .filter(goal=self.goal)
            .select_related("author"),
            progress=self.goal.review_progress.select_related("review").order_by("review__month"),
        )
        return context


class SupportCreateView(GoalWorkView):
    """A new support action for the parents."""

    action = "change"
    template_name = "casework/work_form.html"
    anchor = "support"

    def build_forms(self, data=None):
        return {"support": SupportActionForm(data, family=self.object)}

    def save(self, name, form):
        data = form.cleaned_data
        rules.add_support_action(
            self.request.user,
            self.enrolment,
            kind=data["kind"],
            description=data["description"],
            provider=data["provider"],
            status=data["status"],
            top3=data["top3"],
            parent=data["parent"],
        )
        return _("De ondersteuning is vastgelegd.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Ondersteuning van de ouders vastleggen"),
            form=context["forms"]["support"],
            submit=_("Ondersteuning vastleggen"),
        )
        return context


class SupportUpdateView(GoalWorkView):
    """A support action's status, provider and TOP-3 place."""

    action = "change"
    template_name = "casework/work_form.html"
    anchor = "support"

    def load(self):
        super().load()
        action = (
            policy.scope_in_family(
                self.request.user, "change", Data.GOALS, SupportAction.objects, self.object
            )
            .filter(enrolment__family=self.object, pk=self.kwargs["support"])
            .select_related("enrolment")
            .first()
        )
        if action is None:
            raise Http404
        self.support = action
        self.enrolment = action.enrolment

    def build_forms(self, data=None):
        support = self.support
        initial = {"status": support.status, "provider": support.provider, "top3": support.top3}
        return {"support": SupportUpdateForm(data, initial=initial)}

    def save(self, name, form):
        data = form.cleaned_data
        rules.update_support_action(
            self.request.user,
            self.support,
            status=data["status"],
            provider=data["provider"],
            top3=data["top3"],
        )
        return _("De ondersteuning is bijgewerkt.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Ondersteuning: %(what)s") % {"what": self.support.description},
            intro=self.support.get_kind_display(),
            form=context["forms"]["support"],
            submit=_("Opslaan"),
        )
        return context
