"""Families: the list and the case file. What is shown of a family depends
on the kind of data the user may see (ACCESS.md)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.history import family_history
from buitenshuis.casework.models import Contact, Family


class FamilyListView(PolicyMixin, ListView):
    data = Data.FAMILY_IDENTITY
    log_action = Action.LIST
    paginate_by = 25
    template_name = "casework/family_list.html"

    def get_queryset(self):
        families = self.scoped(Family.objects.select_related("municipality", "programme"))
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

    def get_log_subjects(self):
        page = getattr(self, "object_list", None)
        context_page = getattr(self, "_page_families", None)
        return context_page if context_page is not None else list(page or [])

    def paginate_queryset(self, queryset, page_size):
        result = super().paginate_queryset(queryset, page_size)
        self._page_families = list(result[2])
        return result


class FamilyDetailView(PolicyObjectMixin, DetailView):
    data = Data.FAMILY_IDENTITY
    log_action = Action.VIEW
    model = Family
    template_name = "casework/family_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        family = self.object
        context["title"] = _("Gezin %(reference)s") % {"reference": family.reference}
        context["members"] = family.members.all()
        context["show_problems"] = policy.can(user, "view", Data.PROBLEMS, family)
        if policy.can(user, "view", Data.DECISION, family):
            context["enrolments"] = family.enrolments.select_related("linking_pin")
        contacts = Contact.objects.filter(enrolment__family=family)
        if policy.can(user, "view", Data.CONTACTS, family):
            context["contacts"] = contacts
            context["show_notes"] = policy.can(user, "view", Data.CONTACT_NOTES, family)
        # Change history (who, when, before -> after): for who may change the family.
        if policy.can(user, "change", Data.FAMILY_IDENTITY, family):
            context["history"] = family_history(family)
        return context
