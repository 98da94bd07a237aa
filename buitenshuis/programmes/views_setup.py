# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The programme's set-up checklist ("Opzet van het programma"): the
guide's tasks in three phases with the progress per phase; whoever may
change the programme (``Data.PROGRAMME``: the coordinator, the policy
officer) edits a task, adds one or removes one; whoever may read it (the
linking pins, the researcher, the administrator; ACCESS.md) sees it.

Someone in several programmes picks one with ``?programme=<id>``; a task
of a programme outside the user's scope is a 404. The pages show no
family's data, so nothing is written to the access log."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, TemplateView, UpdateView

from buitenshuis.access import gates
from buitenshuis.access.mixins import PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.access.programme_choice import ProgrammeChoiceMixin as BaseProgrammeChoiceMixin
from buitenshuis.core.forms import apply_rule
from buitenshuis.programmes import rules
from buitenshuis.programmes.forms_setup import TaskCreateForm, TaskForm
from buitenshuis.programmes.models import SetupTask
from buitenshuis.programmes.workqueue import MINE

# The programme's other pages, linked from the set-up pages' menu for who
# may open them (the budget: not the linking pin).
OTHER_PAGES = (
    (gettext_lazy("Wie neemt welk gezin"), "programmes:assignment_rules"),
    (gettext_lazy("Budget"), "programmes:budget"),
)


class ProgrammeChoiceMixin(BaseProgrammeChoiceMixin):
    """The programme of a set-up page (``Data.PROGRAMME``)."""

    choice_data = Data.PROGRAMME

    def programme_context(self):
        context = super().programme_context()
        context["other_pages"] = [
            (label, url + self.programme_query())
            for label, name in OTHER_PAGES
            if (url := gates.may_open(self.request.user, name))
        ]
        return context


class ChangeChoiceMixin(ProgrammeChoiceMixin):
    """A page that changes the chosen programme: chosen before the form."""

    choice_action = "change"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.allows(request.user):
            self.programme = self.choose_programme()
        return super().dispatch(request, *args, **kwargs)


def checklist_url(programme_id):
    return f"{reverse('programmes:setup')}?programme={programme_id}"


class ChecklistView(ProgrammeChoiceMixin, PolicyMixin, TemplateView):
    data = Data.PROGRAMME
    template_name = "programmes/setup.html"

    def get(self, request, *args, **kwargs):
        self.programme = self.choose_programme()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tasks = rules.checklist(self.programme)
        mine = self.request.GET.get("toon") == MINE
        today = timezone.localdate()
        shown = tasks
        if mine:
            # The work queue's rows: the user's own open tasks past their date.
            overdue = set(rules.overdue_tasks(self.request.user).values_list("pk", flat=True))
            shown = [task for task in tasks if task.pk in overdue]
        by_phase = {}
        for task in shown:
            by_phase.setdefault(task.phase, []).append(task)
        context.update(
            self.programme_context(),
            title=_("Opzet van het programma"),
            phases=[
                {"progress": row, "tasks": by_phase.get(row.phase, [])}
                for row in rules.progress(tasks)
            ],
            done=sum(1 for task in tasks if task.done),
            total=len(tasks),
            mine=mine,
            mine_value=MINE,
            today=today,
        )
        return context


class TaskCreateView(ChangeChoiceMixin, PolicyMixin, FormView):
    data = Data.PROGRAMME
    action = "change"
    form_class = TaskCreateForm
    template_name = "programmes/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def form_valid(self, form):
        task = apply_rule(
            form, rules.add_task, self.request.user, self.programme, **form.cleaned_data
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("De taak '%(title)s' is toegevoegd.") % {"title": task})
        return redirect(checklist_url(self.programme.pk) + f"#fase-{task.phase}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.programme_context(),
            title=_("Taak toevoegen"),
            back_url=checklist_url(self.programme.pk),
        )
        return context


class TaskMixin(PolicyObjectMixin):
    model = SetupTask
    data = Data.PROGRAMME
    action = "change"
    context_object_name = "task"

    def get_queryset(self):
        return self.scoped(SetupTask.objects.select_related("programme", "owner", "done_by"))


class TaskEditView(TaskMixin, UpdateView):
    form_class = TaskForm
    template_name = "programmes/task_form.html"

    def form_valid(self, form):
        # The form has put its values on ``self.object``: the rule compares
        # with the task as stored (was it done already?).
        stored = SetupTask.objects.select_related("programme").get(pk=self.object.pk)
        apply_rule(form, rules.update_task, self.request.user, stored, **form.cleaned_data)
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("De taak is opgeslagen."))
        return redirect(checklist_url(self.object.programme_id) + f"#taak-{self.object.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.object.title,
            programme=self.object.programme,
            back_url=checklist_url(self.object.programme_id),
        )
        return context


class TaskDeleteView(TaskMixin, DetailView):
    """Confirm, then remove the task (POST)."""

    template_name = "programmes/confirm_delete.html"

    def post(self, request, *args, **kwargs):
        task = self.get_object()
        rules.remove_task(request.user, task)
        messages.success(request, _("De taak '%(title)s' is verwijderd.") % {"title": task.title})
        return redirect(checklist_url(task.programme_id))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Taak verwijderen"),
            what=self.object.title,
            question=_(
                "Wilt u deze taak van de checklist verwijderen? Dit kan niet ongedaan worden "
                "gemaakt; een taak uit de handreiking komt niet terug."
            ),
            confirm=_("Ja, verwijder de taak"),
            back_url=checklist_url(self.object.programme_id),
        )
        return context
