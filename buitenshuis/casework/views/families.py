# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Families: the list and the case file. What is shown of a family depends
on the kind of data the user may see (ACCESS.md)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from buitenshuis.access.mixins import PolicyListMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework import panels
from buitenshuis.casework.models import Family, Person


class FamilyListView(PolicyListMixin, ListView):
    """The families the user may see: a linking pin their own, the
    coordinator and the policy officer their programme's, a referrer what
    they entered until the decision (ACCESS.md)."""

    data = Data.FAMILY_IDENTITY
    template_name = "casework/family_list.html"

    def get_rows(self):
        families = Family.objects.select_related("municipality", "programme")
        self.query = self.request.GET.get("q", "").strip()
        if self.query:
            families = families.filter(
                Q(reference__icontains=self.query)
                | Q(family_name__icontains=self.query)
                | Q(postcode__icontains=self.query.replace(" ", ""))
            )
        return families.order_by("reference")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Gezinnen")
        context["query"] = self.query
        return context


def _current_enrolment(family):
    """``casework.models.current_enrolment`` for the hub: the family's
    latest enrolment (by pk) with its linking pin, picked here from the
    family's few enrolments instead of ordered by the database (an ORDER
    BY costs more to compile than the sort)."""
    enrolments = family.enrolments.select_related("linking_pin").order_by()
    return max(enrolments, key=lambda enrolment: enrolment.pk, default=None)


class FamilyDetailView(PolicyObjectMixin, DetailView):
    """The case hub, one section per page (``casework.panels.SECTIONS``):
    the overview (``casework:family_detail``) shows the family's identity
    and members with the current enrolment and who is responsible now;
    every other section (``casework:family_section``) the panels of that
    section that the user may see, in order. Only the shown section's
    panels are assembled; the navigation offers the sections with at least
    one panel the policy lets the user see. A section the user may see
    nothing of is a logged 403. The access-log entry names the panels
    shown ("gezin: traject, waarneming")."""

    data = Data.FAMILY_IDENTITY
    log_action = Action.VIEW
    model = Family
    template_name = "casework/family_detail.html"

    def get(self, request, *args, **kwargs):
        self.section = panels.section(kwargs.get("section", panels.OVERVIEW))
        if self.section is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # The members ordered by the family's own columns (the model's
        # ordering starts with the family's reference: a join on a page of
        # one family), prefetched so that every panel and rule asking
        # ``family.members.all()`` gets them without a query.
        members = Prefetch(
            "members", queryset=Person.objects.order_by("kind", "date_of_birth", "pk")
        )
        return (
            super()
            .get_queryset()
            .select_related("municipality", "programme")
            .prefetch_related(members)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        family = self.object
        overview = self.section.slug == panels.OVERVIEW
        hub = panels.Hub(
            request=self.request,
            family=family,
            members=list(family.members.all()),
            enrolment=_current_enrolment(family),
        )
        visible = panels.visible(hub)
        offered = panels.sections(visible)
        if self.section not in offered:
            self.record_denied([family])
            raise PermissionDenied
        self.shown = panels.assemble(hub, self.section, visible)
        heading = _("Gezin %(reference)s") % {"reference": family.reference}
        context.update(
            heading=heading,
            # The browser's title names the section too: each page its own.
            title=heading if overview else f"{heading}: {self.section.title}",
            section=self.section,
            overview=overview,
            sections=[
                {
                    "title": item.title,
                    "url": panels.section_url(family.pk, item.slug),
                    "current": item == self.section,
                }
                for item in offered
            ],
            panels=self.shown,
        )
        if overview:
            context.update(members=hub.members, show_problems=hub.can("view", Data.PROBLEMS))
        return context

    def get_log_data(self):
        # The family's identity alone (a referrer's view until decided, a
        # section with nothing recorded yet) is logged as the page's kind
        # of data; with panels, their names.
        shown = getattr(self, "shown", None)
        return panels.log_description(shown) if shown else self.data
