# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The demo data shows the whole referral route, also in the figures of
the start page, and loading it twice changes nothing."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from buitenshuis.demo import data
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals.models import Referral


def refs(items):
    return sorted(item["reference"] for item in items)


def test_demo_data_shows_the_route_and_is_idempotent(db, client, sign_in):
    data.load()
    data.load()
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {"received", "intake", "accepted", "rejected", "withdrawn"}
    assert ProgrammeSettings.objects.count() == 1
    sign_in(get_user_model().objects.get(username="linkingpin"))
    context = client.get(reverse("portal:start")).context
    assert refs(context["overdue_undecided"]) == ["BH-DEMO-0103"]
    # Placed within the norm, provisionally or after the decision.
    assert refs(context["overdue_not_started"]) == []
    sign_in(get_user_model().objects.get(username="coordinator"))
    context = client.get(reverse("portal:start")).context
    assert refs(context["overdue_unassigned"]) == ["BH-DEMO-0101"]
