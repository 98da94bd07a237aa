# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Who takes which family: the programme's assignment rules
(``/programmas/toewijzing/``).

Read by who may change the programme's settings (the coordinator and the
policy officer: ``Data.PROGRAMME``), added, changed and removed by the
programme's coordinator (``Data.ASSIGNMENT``, ``assignment.change_rules_refusal``).
The list has a preview for the coordinator: which linking pin a referral
from a postcode by a route would go to now. The rules name linking pins,
no family, so nothing is written to the access log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin, PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Programme, Role
from buitenshuis.programmes import assignment
from buitenshuis.programmes.forms_assignment import AssignmentRuleForm, PreviewForm
from buitenshuis.programmes.models_assignment import AssignmentRule


def readable_programmes(user):
    """The programmes whose rules ``user`` reads: where a membership
    grants changing the programme's settings, within the policy's scope."""
    ids = {
        m.programme_id
        for m in policy.memberships(user)
        if m.programme_id and policy.POLICY.get(m.role, {}).get(Data.PROGRAMME, {}).get("change")
    }
    return list(Programme.objects.filter(pk__in=ids).order_by("name"))


def coordinated_programmes(user):
    """The programmes whose rules ``user`` keeps: where they coordinate."""
    ids = {m.programme_id for m in policy.memberships(user) if m.role == Role.COORDINATOR}
    return list(Programme.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def chosen(request, choices):
    """The programme of ``?programme=<id>`` among ``choices``, else the
    first; none to choose from is a 403, an id outside them a 404."""
    if not choices:
        raise PermissionDenied
    wanted = request.GET.get("programme")
    if wanted is None:
        return choices[0]
    for programme in choices:
        if str(programme.pk) == wanted:
            return programme
    raise Http404


def describe_row(rule):
    return {
        "rule": rule,
        "area": assignment.format_postcode_ranges(rule.postcode_ranges),
        "routes": ", ".join(assignment.route_labels(rule.routes)),
    }


class RuleListView(PolicyListMixin, ListView):
    """The rules of one programme, in the order they are applied."""

    data = Data.PROGRAMME
    action = "change"
    log_action = None  # linking pins and postcodes; no family
    template_name = "programmes/assignment_rules.html"

    def get_rows(self):
        self.choices = readable_programmes(self.request.user)
        self.programme = chosen(self.request, self.choices)
        rules = AssignmentRule.objects.filter(programme=self.programme).select_related(
            "linking_pin"
        )
        self.query = self.request.GET.get("q", "").strip()
        if self.query:
            for word in self.query.split():
                rules = rules.filter(
                    Q(linking_pin__first_name__icontains=word)
                    | Q(linking_pin__last_name__icontains=word)
                )
        self.state = self.request.GET.get("status", "")
        if self.state == "actief":
            rules = rules.filter(is_active=True)
        elif self.state == "uit":
            rules = rules.filter(is_active=False)
        else:
            self.state = ""
        return rules.order_by("order", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        may_change = assignment.change_rules_refusal(user, self.programme) is None
        context.update(
            title=_("Wie neemt welk gezin"),
            programme=self.programme,
            choices=self.choices if len(self.choices) > 1 else [],
            programme_query=f"?programme={self.programme.pk}",
            rows=[describe_row(rule) for rule in context["object_list"]],
            query=self.query,
            state=self.state,
            states=[("actief", _("Actief")), ("uit", _("Niet actief"))],
            may_change=may_change,
        )
        if may_change:
            # The preview tells of caseloads: the coordinator's only.
            preview = PreviewForm(self.request.GET if "postcode" in self.request.GET else None)
            context["preview"] = preview
            if preview.is_bound and preview.is_valid():
                context["preview_choice"] = assignment.choose_linking_pin(
                    self.programme, preview.cleaned_data["postcode"], preview.cleaned_data["route"]
                )
                context["preview_done"] = True
        return context


class RuleDetailView(PolicyObjectMixin, DetailView):
    data = Data.PROGRAMME
    action = "change"
    rows_only = True
    model = AssignmentRule
    template_name = "programmes/assignment_rule.html"
    context_object_name = "rule"

    def get_queryset(self):
        return super().get_queryset().select_related("programme", "linking_pin")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rule = self.object
        context.update(describe_row(rule))
        context["title"] = _("Toewijzingsregel %(number)s") % {"number": rule.pk}
        context["may_change"] = (
            assignment.change_rules_refusal(self.request.user, rule.programme) is None
        )
        context["history"] = rule.history.select_related("history_user")[:5]
        return context


class _RuleFormMixin:
    template_name = "programmes/assignment_rule_form.html"

    def render_form(self, form):
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        rule = self.get_rule()
        form = AssignmentRuleForm(request.POST, rule=rule)
        if form.is_valid() and form.save(request.user) is not None:
            messages.success(
                request,
                _("De toewijzingsregel is opgeslagen: %(rule)s.")
                % {"rule": assignment.describe(rule)},
            )
            return redirect(
                f"{reverse('programmes:assignment_rules')}?programme={rule.programme_id}"
            )
        return self.render_form(form)

    def get(self, request, *args, **kwargs):
        return self.render_form(AssignmentRuleForm(rule=self.get_rule()))


class RuleCreateView(_RuleFormMixin, PolicyMixin, TemplateView):
    data = Data.ASSIGNMENT
    action = "change"

    def get_rule(self):
        programme = chosen(self.request, coordinated_programmes(self.request.user))
        return AssignmentRule(programme=programme)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Toewijzingsregel toevoegen")
        context["programme"] = context["form"].rule.programme
        return context


class RuleEditView(_RuleFormMixin, PolicyObjectMixin, DetailView):
    data = Data.ASSIGNMENT
    action = "change"
    model = AssignmentRule
    context_object_name = "rule"

    def get_queryset(self):
        return super().get_queryset().select_related("programme", "linking_pin")

    def get_rule(self):
        self.object = self.get_object()
        return self.object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Toewijzingsregel %(number)s wijzigen") % {"number": self.object.pk}
        context["programme"] = self.object.programme
        return context


class RuleDeleteView(PolicyObjectMixin, DetailView):
    """Removing a rule asks for confirmation first (GET shows the rule and
    the question, POST removes)."""

    data = Data.ASSIGNMENT
    action = "change"
    model = AssignmentRule
    context_object_name = "rule"
    template_name = "programmes/assignment_rule_delete.html"

    def get_queryset(self):
        return super().get_queryset().select_related("programme", "linking_pin")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(describe_row(self.object))
        context["title"] = _("Toewijzingsregel %(number)s verwijderen") % {"number": self.object.pk}
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        programme_id = self.object.programme_id
        text = assignment.describe(self.object)
        try:
            assignment.delete_rule(request.user, self.object)
        except RuleError as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data())
        message = _("De toewijzingsregel is verwijderd: %(rule)s.") % {"rule": text}
        messages.success(request, message)
        return redirect(f"{reverse('programmes:assignment_rules')}?programme={programme_id}")
