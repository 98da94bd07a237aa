# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Reviews: one moment of a family's plan (held: the review; not yet:
the form for the responsible linking pin), and the list of the moments
due within two weeks or overdue. The rules are
``casework.rules.reviews``."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import ListView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin
from buitenshuis.access.policy import Data
from buitenshuis.casework import workqueue_goals
from buitenshuis.casework.forms_goals import ReviewForm
from buitenshuis.casework.models import Review
from buitenshuis.casework.rules import reviews as rules
from buitenshuis.casework.views.work import FamilyWorkView


class ReviewView(FamilyWorkView):
    """``gezinnen/<pk>/evaluaties/<month>/``: the moment of ``month`` of
    the family's current enrolment. A month outside the plan is a 404."""

    data = Data.GOALS
    action = "view"
    template_name = "casework/review.html"
    anchor = "reviews"

    def load(self):
        super().load()
        if self.enrolment is None:
            raise Http404
        family = self.object
        self.months = rules.schedule_months(family.programme)
        held = list(
            policy.scope_in_family(self.request.user, "view", Data.GOALS, Review.objects, family)
            .filter(enrolment=self.enrolment)
            .select_related("held_by")
        )
        plan = rules.review_plan(self.enrolment, self.months, held)
        self.moment = next((m for m in plan if m.month == self.kwargs["month"]), None)
        if self.moment is None:
            raise Http404
        self.held_months = {review.month for review in held}

    def refusal(self):
        return rules.review_refusal(
            self.enrolment, self.moment.month, self.months, self.held_months
        )

    def build_forms(self, data=None):
        if self.moment.review is not None or not self.may_write():
            return {}
        return {"review": ReviewForm(data, goals=rules.open_goals(self.enrolment))}

    def save(self, name, form):
        data = form.cleaned_data
        rules.record_review(
            self.request.user,
            self.enrolment,
            self.moment.month,
            held_on=data["held_on"],
            outcome=data["outcome"],
            criteria=data["criteria"],
            notes=data["notes"],
            progress=form.progress(),
        )
        return _("De evaluatie is vastgelegd.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.moment.review
        context.update(
            title=_("Evaluatie maand %(month)d, gezin %(reference)s")
            % {"month": self.moment.month, "reference": self.object.reference},
            moment=self.moment,
            review=review,
            progress=(review.progress.select_related("goal").order_by("goal_id") if review else ()),
            form=context["forms"].get("review"),
            refusal=None if review else self.refusal(),
        )
        return context


class ReviewsDueView(PolicyListMixin, ListView):
    """``evaluaties/``: the review moments due within two weeks or overdue
    of the running enrolments the user may see (``?voor=mij``: those they
    act on as responsible linking pin, as the work queue counts them). Two
    queries for the plans, whatever the caseload."""

    data = Data.GOALS
    template_name = "casework/reviews_due.html"

    def get_queryset(self):
        mine = self.request.GET.get("voor") == workqueue_goals.MINE
        self.mine = mine
        return workqueue_goals.waiting_reviews(
            self.request.user, action="change" if mine else "view"
        )

    def log_subjects_of(self, row):
        return [row.enrolment.family]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Evaluaties die binnenkort of te laat zijn")
        return context
