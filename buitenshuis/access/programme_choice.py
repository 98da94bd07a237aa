# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The programme a page about one programme is about: the training
overview, the set-up checklist, partners, meetings, the plan, the budget.

``programmes_for(user, action, data)`` lists the programmes whose ``data``
the policy lets ``user`` do ``action`` on (from the memberships whose role
it grants for their programme, or every programme for a grant over the
whole installation). ``ProgrammeChoiceMixin`` picks one of them from
``?programme=<id>`` (else the first): none to choose from is a 403, an id
outside them a 404, so a page never shows another programme's rows."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from buitenshuis.access import policy
from buitenshuis.access.policy import Data, Scope
from buitenshuis.organisations.models import Programme


def programmes_for(user, action, data):
    """The programmes, by name, whose ``data`` ``user`` may do ``action``
    on."""
    ids, everything = set(), False
    for membership in policy.memberships(user):
        granted = policy.POLICY.get(membership.role, {}).get(Data(data), {}).get(action)
        if granted == Scope.PROGRAMME and membership.programme_id:
            ids.add(membership.programme_id)
        elif granted == Scope.ALL:
            everything = True
    programmes = Programme.objects.all() if everything else Programme.objects.filter(pk__in=ids)
    return list(programmes.order_by("name"))


class ProgrammeChoiceMixin:
    """For a policy view (``PolicyMixin``): the programme among those the
    user may do ``choice_action`` on for ``choice_data`` (the view's own
    ``data`` unless set)."""

    choice_action = "view"
    choice_data = None

    @classmethod
    def _choice_data(cls):
        return cls.choice_data or cls.data

    @classmethod
    def offered_to(cls, user):
        return cls.allows(user) and bool(
            programmes_for(user, cls.choice_action, cls._choice_data())
        )

    def choose_programme(self):
        self.choices = programmes_for(self.request.user, self.choice_action, self._choice_data())
        if not self.choices:
            raise PermissionDenied
        wanted = self.request.GET.get("programme")
        if wanted is None:
            return self.choices[0]
        for programme in self.choices:
            if str(programme.pk) == wanted:
                return programme
        raise Http404

    def may_change_programme(self):
        return self.programme in programmes_for(self.request.user, "change", self._choice_data())

    def programme_query(self, programme=None):
        return f"?programme={(programme or self.programme).pk}"

    def programme_context(self):
        return {
            "programme": self.programme,
            "choices": self.choices if len(self.choices) > 1 else [],
            "can_change": self.may_change_programme(),
            "programme_query": self.programme_query(),
        }
