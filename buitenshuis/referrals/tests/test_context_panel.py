# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The context panel on the case hub (``referrals.panels_context``): the
family's earlier referrals and enrolments, withdrawn and rejected ones
included, only as far as the viewer may see them."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from buitenshuis.casework import panels
from buitenshuis.casework.models import Enrolment, current_enrolment
from buitenshuis.casework.tests.factories import EnrolmentFactory
from buitenshuis.referrals.models import Referral, Route
from buitenshuis.referrals.panels_context import context_rows
from buitenshuis.referrals.tests.factories import ReferralFactory


@pytest.fixture
def path(world):
    """The own family: a withdrawn referral, a rejected one, a closed
    enrolment, and now its continuation, all with the own linking pin."""
    w = world
    family, pin, referrer = w.own_family, w.users["linking_pin"], w.users["referrer"]
    w.withdrawn = ReferralFactory(
        programme=w.programme,
        family=family,
        referred_by=referrer,
        status=Referral.Status.WITHDRAWN,
        enrolment__status=Enrolment.Status.WITHDRAWN,
        enrolment__linking_pin=pin,
    )
    w.rejected = ReferralFactory(
        programme=w.programme,
        family=family,
        referred_by=referrer,
        status=Referral.Status.REJECTED,
        enrolment__status=Enrolment.Status.REJECTED,
        enrolment__linking_pin=pin,
    )
    closed = w.own_enrolment
    Enrolment.objects.filter(pk=closed.pk).update(status=Enrolment.Status.CLOSED)
    ReferralFactory(
        programme=w.programme,
        family=family,
        enrolment=closed,
        referred_by=referrer,
        status=Referral.Status.ACCEPTED,
    )
    w.current = EnrolmentFactory(
        family=family,
        linking_pin=pin,
        previous=closed,
        status=Enrolment.Status.REFERRED,
        start_date=None,
        end_date=None,
    )
    ReferralFactory(
        programme=w.programme,
        family=family,
        enrolment=w.current,
        referred_by=pin,
        route=Route.CONTINUATION,
    )
    return w


def hub_url(world):
    """The hub's section that holds the context panel."""
    return reverse("casework:family_section", args=[world.own_family.pk, "aanmelding"])


def section(page):
    start = page.find('id="context"')
    assert start != -1, "no context panel"
    return page[start : page.find("</section>", start)]


@pytest.mark.parametrize("who", ["linking_pin", "coordinator", "policy_officer"])
def test_the_earlier_path_is_shown_to_who_may_see_the_decision(path, sign_in, who):
    page = sign_in(path.users[who]).get(hub_url(path)).content.decode()
    panel = section(page)
    for text in ("Ingetrokken", "Afgewezen", "Afgesloten", "Toegekend"):
        assert text in panel
    assert "01-01-2026" in panel  # the closed enrolment's start
    # The current enrolment is the hub's own panel, not the context's.
    assert "Vervolg na twee jaar" not in panel
    assert panel.count('<tr class="utrecht-table__row">') == 1 + 3


def test_a_referrer_or_another_linking_pin_sees_nothing_extra(path, sign_in):
    # Another linking pin cannot open the family at all.
    assert sign_in(path.other_pin).get(hub_url(path)).status_code == 404
    # The referrer entered these referrals, but sees no decisions: no
    # panel, and no earlier enrolment through the panel's own query.
    referrer = path.users["referrer"]
    request = RequestFactory().get("/")
    request.user = referrer
    hub = panels.Hub(
        request=request, family=path.own_family, enrolment=current_enrolment(path.own_family)
    )
    assert context_rows(hub) == []
    assert not hub.can("view", panels.Data.DECISION)
    # Location staff: neither.
    request.user = path.users["location_staff"]
    assert context_rows(panels.Hub(request=request, family=path.own_family)) == []


def test_a_family_without_an_earlier_path_has_no_context_panel(world, sign_in):
    page = sign_in(world.users["linking_pin"]).get(hub_url(world)).content.decode()
    assert 'id="context"' not in page


def test_the_coordinator_of_another_programme_sees_no_rows(path):
    request = RequestFactory().get("/")
    request.user = path.other_coordinator
    assert context_rows(panels.Hub(request=request, family=path.own_family)) == []


def test_a_fixed_number_of_queries_however_long_the_path(path, django_assert_max_num_queries):
    for _n in range(5):
        ReferralFactory(
            programme=path.programme,
            family=path.own_family,
            referred_by=path.users["referrer"],
            status=Referral.Status.WITHDRAWN,
            enrolment__status=Enrolment.Status.WITHDRAWN,
        )
    request = RequestFactory().get("/")
    request.user = path.users["coordinator"]
    hub = panels.Hub(request=request, family=path.own_family, enrolment=path.current)
    hub.can("view", panels.Data.DECISION)  # the memberships, once per page
    with django_assert_max_num_queries(2):
        rows = context_rows(hub)
    assert len(rows) == 8
    assert all(referral is not None for _enrolment, referral in rows)
