# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The Verwijsindex: per child whether the linking pin registered it, and
when (``Data.INTAKE``; nothing of the registration's content), and the
list of registrations lapsing within four weeks or lapsed. The rules are
``casework.rules.referral_index``."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin
from buitenshuis.access.policy import Data
from buitenshuis.casework import workqueue_goals
from buitenshuis.casework.forms_goals import ReferralIndexForm
from buitenshuis.casework.models import Person, ReferralIndexEntry
from buitenshuis.casework.rules import referral_index as rules
from buitenshuis.casework.views.work import FamilyWorkView


class ReferralIndexView(FamilyWorkView):
    """``gezinnen/<pk>/verwijsindex/``: the answer per child; the
    responsible linking pin records one (again, after a new
    registration)."""

    data = Data.INTAKE
    action = "view"
    template_name = "casework/referral_index.html"
    anchor = "referral_index"

    def refusal(self):
        return rules.index_refusal(self.enrolment)

    def build_forms(self, data=None):
        if not self.may_write():
            return {}
        initial = {}
        child = self.request.GET.get("kind")
        if child and child.isdigit():
            initial["child"] = int(child)
        return {"index": ReferralIndexForm(data, family=self.object, initial=initial)}

    def save(self, name, form):
        data = form.cleaned_data
        rules.record_registration(
            self.request.user,
            self.enrolment,
            data["child"],
            registered=data["registered"],
            registered_on=data["registered_on"],
        )
        return _("Het antwoord voor %(name)s is vastgelegd.") % {"name": data["child"].first_name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = {}
        if self.enrolment is not None:
            entries = {
                entry.child_id: entry
                for entry in policy.scope_in_family(
                    self.request.user, "view", Data.INTAKE, ReferralIndexEntry.objects, self.object
                ).filter(enrolment=self.enrolment)
            }
        today = timezone.localdate()
        rows = []
        for child in self.object.members.filter(kind=Person.Kind.CHILD).order_by(
            "date_of_birth", "pk"
        ):
            entry = entries.get(child.pk)
            registered = entry is not None and entry.registered
            rows.append(
                {
                    "child": child,
                    "entry": entry,
                    "lapses_on": rules.lapses_on(entry.registered_on) if registered else None,
                    "reminding": registered and rules.remind_from(entry.registered_on) <= today,
                }
            )
        context.update(
            title=_("Verwijsindex, gezin %(reference)s") % {"reference": self.object.reference},
            rows=rows,
            form=context["forms"].get("index"),
            refusal=self.refusal(),
        )
        return context


class ReferralIndexDueView(PolicyListMixin, ListView):
    """``verwijsindex/``: registrations of running enrolments lapsing
    within four weeks or lapsed, that the user may see (``?voor=mij``:
    those they act on, as the work queue counts them)."""

    data = Data.INTAKE
    template_name = "casework/referral_index_due.html"

    def get_queryset(self):
        self.mine = self.request.GET.get("voor") == workqueue_goals.MINE
        entries = workqueue_goals.index_reminders(
            self.request.user, action="change" if self.mine else "view"
        )
        return entries.select_related("child", "enrolment__family").order_by("registered_on", "pk")

    def log_subjects_of(self, row):
        return [row.child]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Registraties in de Verwijsindex die aflopen")
        for entry in context["object_list"]:
            entry.lapses_on = rules.lapses_on(entry.registered_on)
        return context
