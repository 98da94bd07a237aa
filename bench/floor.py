# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The floor: the cheapest correct page about one family, built the way
every page of the product is built, measured in the same run as the real
pages so that their cost can be given as a ratio that does not depend on
the machine or its load.

It is an audited object view on the product's ``PolicyObjectMixin``: the
user must be signed in (and, through gunicorn, have passed the second
factor), the policy decides whether they may view the data at all, the
object is looked up by its primary key inside the user's scope (one
indexed lookup), the access-log entry is written, and a template of a few
lines is rendered. A page of the product that costs several times the
floor does work beyond that, and the ratio says how much.

``nothing`` is a signed-in view that does nothing: what every signed-in
request costs before a view starts (session, user, second factor,
memberships), compared with a static file through gunicorn."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.generic import DetailView

from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Family, Person


class FamilyFloorView(PolicyObjectMixin, DetailView):
    """One family by pk, for the roles that may see families."""

    data = Data.FAMILY_IDENTITY
    log_action = Action.VIEW
    model = Family
    template_name = "bench/floor.html"


class ChildFloorView(PolicyObjectMixin, DetailView):
    """One child by pk, for location staff (who see placed children, not
    families)."""

    data = Data.PLACED_CHILD
    log_action = Action.VIEW
    model = Person
    template_name = "bench/floor.html"


@login_required
def nothing(request):
    return HttpResponse("ok", content_type="text/plain")
