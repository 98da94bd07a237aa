# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The budget pages of the coordinator and the policy officer (ACCESS.md:
budget and costs RW).

``/programmas/budget/``: a year's budget beside what is committed, per
post, per municipality of a regional programme, the forecast over the
programme's years and the cost per family beside the guide's reference.
A policy officer of one municipality of a regional programme sees that
municipality's share (``queries.municipality_of``). The page shows sums,
never a family, so it writes no access-log entry; the placements behind the
figures are listed by ``activities:budget_costs``, which does.
``/programmas/budget/<year>/``: set the year's budget
(``budget.save_budget``)."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from buitenshuis.access.mixins import PolicyMixin
from buitenshuis.access.policy import Data
from buitenshuis.access.programme_choice import ProgrammeChoiceMixin
from buitenshuis.programmes import budget, capacity
from buitenshuis.programmes.forms_budget import BudgetForm
from buitenshuis.programmes.models import Budget, BudgetModel, ProgrammeSettings
from buitenshuis.programmes.queries import municipality_of


class BudgetProgrammeMixin(ProgrammeChoiceMixin):
    """The programme (``?programme=<id>``, else the first) among those whose
    budget the user may do ``choice_action`` on, and the year (``?jaar=``,
    else this year)."""

    choice_data = Data.BUDGET

    def choose(self):
        self.programme = self.choose_programme()
        self.today = timezone.localdate()
        self.municipality_id = municipality_of(self.request.user, self.programme)
        self.can_change = self.may_change_programme()

    def year_from(self, value):
        try:
            year = int(value)
        except (TypeError, ValueError):
            return self.today.year
        return year if 2000 <= year <= 2100 else self.today.year

    def query(self, year):
        return f"?programme={self.programme.pk}&jaar={year}"


def post_rows(plan, part, split_view):
    """The three posts: (label, budget, committed, of which provisional).
    A municipality's share is one amount: then no budget per post."""

    def amount(name):
        return None if plan is None or split_view else getattr(plan, name)

    return [
        (
            _("Buitenshuis-activiteit"),
            amount("activity_amount"),
            part.activity,
            part.activity_provisional,
        ),
        (
            _("Uren linking pin"),
            amount("linking_pin_amount"),
            part.linking_pin,
            part.linking_pin_provisional,
        ),
        (_("Training Traumasensitief werken"), amount("training_amount"), part.training, None),
    ]


class BudgetView(BudgetProgrammeMixin, PolicyMixin, TemplateView):
    data = Data.BUDGET
    action = "view"
    rows_only = True
    template_name = "programmes/budget.html"

    def get(self, request, *args, **kwargs):
        self.choose()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year_from(self.request.GET.get("jaar"))
        plan = budget.budget_for(self.programme.pk, year)
        statement = budget.committed(plan, self.programme.pk, *budget.year_bounds(year))
        split = bool(plan and plan.shares.all())
        # A municipality's policy officer sees their share when the year's
        # budget is split; otherwise the programme's whole budget.
        where = self.municipality_id if split else None
        part = (
            statement.municipalities.get(where, budget.Committed())
            if where is not None
            else statement.programme
        )
        limit, families = budget.limit_of(plan, where) if plan else (None, None)
        settings = ProgrammeSettings.for_programme(self.programme)
        expected = budget.expected_family_cost(settings, max(self.today, datetime.date(year, 1, 1)))
        families_left = None
        if plan and plan.model == BudgetModel.FIXED_AMOUNT and expected > 0 and limit is not None:
            families_left = max(int((limit - part.total) // expected), 0)
        shares = []
        if split:
            for share in plan.shares.all():
                if where is not None and share.municipality_id != where:
                    continue
                own = statement.municipalities.get(share.municipality_id, budget.Committed())
                shares.append(
                    {
                        "municipality": share.municipality,
                        "amount": share.amount,
                        "families": share.families,
                        "committed": own.total,
                        "percentage": budget.percentage(own.total, share.amount),
                        "level": budget.level(own.total, share.amount),
                    }
                )
        forecast = budget.forecast(self.programme.pk, self.today, where)
        context.update(
            title=_("Budget"),
            programme=self.programme,
            choices=self.choices if len(self.choices) > 1 else [],
            year=year,
            years=[line.year for line in forecast],
            plan=plan,
            part=part,
            limit=limit,
            families=families,
            percentage=budget.percentage(part.total, limit) if plan else None,
            level=budget.level(part.total, limit) if plan else None,
            posts=post_rows(plan, part, where is not None),
            shares=shares,
            municipality=(
                next((m for m in self.programme.municipalities.all() if m.pk == where), None)
                if where
                else None
            ),
            forecast=forecast,
            per_family=budget.cost_per_family(self.programme.pk, where, plan),
            reference_low=budget.REFERENCE_LOW,
            reference_high=budget.REFERENCE_HIGH,
            expected=expected,
            families_left=families_left,
            can_change=self.can_change,
            edit_url=reverse("programmes:budget_edit", args=[year])
            + f"?programme={self.programme.pk}",
            costs_url=reverse("activities:budget_costs") + self.query(year),
            families_used=None,
        )
        if plan and plan.model == BudgetModel.FIXED_FAMILIES:
            count = capacity.holding_counter(self.programme)
            context["families_used"] = count(where)
        return context


class BudgetEditView(BudgetProgrammeMixin, PolicyMixin, FormView):
    data = Data.BUDGET
    action = "change"
    choice_action = "change"
    form_class = BudgetForm
    template_name = "programmes/budget_edit.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.year = kwargs["year"]

    def get(self, request, *args, **kwargs):
        self.choose()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.choose()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if not 2000 <= self.year <= 2100:
            raise Http404
        instance = Budget.objects.filter(programme=self.programme, year=self.year).first()
        kwargs.update(
            instance=instance or Budget(programme=self.programme, year=self.year),
            programme=self.programme,
            year=self.year,
            user=self.request.user,
        )
        return kwargs

    def form_valid(self, form):
        plan = form.save()
        if form.errors:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Het budget %(year)s voor %(programme)s is opgeslagen.")
            % {"year": plan.year, "programme": self.programme},
        )
        return redirect(reverse("programmes:budget") + self.query(plan.year))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Budget %(year)s instellen") % {"year": self.year},
            programme=self.programme,
            year=self.year,
            back_url=reverse("programmes:budget") + self.query(self.year),
        )
        return context
