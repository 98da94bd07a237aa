# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The placements behind a year's committed cost (``programmes.budget``):
for the coordinator and the policy officer (ACCESS.md: placement R
programme, for the policy officer its cost; budget and costs RW), each
placement's part in the year with its cost, parental contribution and
whether it is provisional. The rows are the placements the user may see
(the policy's scope); a policy officer of one municipality of a regional
programme sees that municipality's families, as on the budget page. No case
notes, no problems: a family reference, the child's first name, the
location and money."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView

from buitenshuis.access.mixins import PolicyListMixin
from buitenshuis.access.policy import Data
from buitenshuis.activities import rules
from buitenshuis.activities.models import Placement
from buitenshuis.core.dates import months_between
from buitenshuis.programmes import budget
from buitenshuis.programmes.views_budget import BudgetProgrammeMixin


class BudgetCostsView(BudgetProgrammeMixin, PolicyListMixin, ListView):
    data = Data.PLACEMENT
    also = (("view", Data.BUDGET),)
    template_name = "activities/budget_costs.html"

    def get(self, request, *args, **kwargs):
        self.choose()
        self.year = self.year_from(request.GET.get("jaar"))
        return super().get(request, *args, **kwargs)

    def get_rows(self):
        first, last = budget.year_bounds(self.year)
        rows = Placement.objects.filter(
            enrolment__family__programme=self.programme,
            start_date__lte=last,
            end_date__gte=first,
        )
        plan = budget.budget_for(self.programme.pk, self.year)
        if self.municipality_id is not None and plan is not None and plan.shares.all():
            # As on the budget page: a municipality's policy officer sees
            # the families of their share of a split budget.
            rows = rows.filter(enrolment__family__municipality_id=self.municipality_id)
        return rows.select_related("enrolment__family", "child", "location", "contract").order_by(
            "enrolment__family__reference", "start_date", "pk"
        )

    def log_subjects_of(self, row):
        return [row.child]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first, last = budget.year_bounds(self.year)
        lines = []
        for placement in self.page_rows:
            part = budget.overlap(placement.start_date, placement.end_date, first, last)
            if part is None:  # ended before it began: costs nothing
                gross = paid = budget.ZERO
            else:
                gross = rules.tariff_cost(
                    placement.contract.tariff,
                    placement.contract.tariff_unit,
                    placement.hours_per_week,
                    *part,
                )
                paid = min(
                    budget.cents(placement.parental_contribution * months_between(*part)), gross
                )
            lines.append({"placement": placement, "part": part, "gross": gross, "paid": paid})
        context.update(
            title=_("Plaatsingen en kosten %(year)s") % {"year": self.year},
            programme=self.programme,
            year=self.year,
            lines=lines,
            back_url=reverse("programmes:budget") + self.query(self.year),
        )
        return context


urlpatterns = [
    path("budget/kosten/", BudgetCostsView.as_view(), name="budget_costs"),
]
