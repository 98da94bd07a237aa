# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The project plan ("Projectplan"): the programme's choices on one page,
and the same as a PDF/A in the municipality's look (``programmes.plan``).
Whoever may read the programme (``Data.PROGRAMME``) opens it; the budget
figures only for who may see the budget."""

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from buitenshuis.access.mixins import PolicyMixin
from buitenshuis.access.policy import Data
from buitenshuis.programmes import plan
from buitenshuis.programmes.views_setup import ProgrammeChoiceMixin


class PlanView(ProgrammeChoiceMixin, PolicyMixin, TemplateView):
    data = Data.PROGRAMME
    template_name = "programmes/plan.html"

    def get(self, request, *args, **kwargs):
        self.programme = self.choose_programme()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(plan.plan_context(self.programme, self.request.user))
        context.update(self.programme_context(), title=_("Projectplan"))
        return context


class PlanPdfView(ProgrammeChoiceMixin, PolicyMixin, TemplateView):
    data = Data.PROGRAMME

    def get(self, request, *args, **kwargs):
        self.programme = self.choose_programme()
        pdf = plan.render_pdf(plan.plan_context(self.programme, request.user))
        response = HttpResponse(pdf, content_type="application/pdf")
        name = slugify(f"projectplan {self.programme.name}")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
