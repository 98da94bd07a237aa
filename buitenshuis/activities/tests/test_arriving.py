# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The location sees a child before the first day: staff see the
children whose placement at their own location starts within two weeks, as
"komt binnenkort", with the first day, days, pick-up arrangements and the
linking pin's telephone number; nothing more, and nobody else's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.activities import workqueue
from buitenshuis.activities.tests.test_staff import OTHER_PICKUP, PICKUP, place, staff_world  # noqa: F401
from buitenshuis.casework.models import Person
from buitenshuis.casework.tests.factories import PersonFactory

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def arriving(staff_world):  # noqa: F811
    """At location A: Anouk starts in 3 days (arriving), Vijftien in 15 days
    (too far ahead), Voorbij's placement ended yesterday. At location B:
    Bertje starts in 2 days."""
    w = staff_world
    w.placement.delete()  # nobody placed now at A: only arrivals matter here
    family = w.own_family
    w.soon = PersonFactory(family=family, first_name="Anouk")
    w.soon_placement = place(
        w.soon, w.location, w.own_enrolment, start=days(3), days=["mon", "wed", "fri"]
    )
    w.later = PersonFactory(family=family, first_name="Vijftien")
    w.later_placement = place(w.later, w.location, w.own_enrolment, start=days(15))
    w.past = PersonFactory(family=family, first_name="Voorbij")
    w.past_placement = place(w.past, w.location, w.own_enrolment, start=days(-60), end=days(-1))
    w.other = PersonFactory(family=w.colleague_family, first_name="Bertje")
    w.other_placement = place(
        w.other, w.location_b, w.colleague_enrolment, start=days(2), pickup=OTHER_PICKUP
    )
    return w


def visible_children(user):
    return set(
        policy.scope(user, "view", Data.PLACED_CHILD, Person.objects.all()).values_list(
            "first_name", flat=True
        )
    )


def test_staff_see_the_child_arriving_with_first_day_days_pickup_and_phone(
    arriving, client, sign_in
):
    w = arriving
    sign_in(w.users["location_staff"])
    response = client.get(reverse("activities:my_children"))
    body = response.content.decode()
    rows = response.context["arriving_rows"]
    assert [row["first_name"] for row in rows] == ["Anouk"]
    assert rows[0]["first_day"] == days(3)
    assert "Komt binnenkort" in body
    assert "maandag, woensdag, vrijdag" in body
    assert PICKUP.split(";")[0] in body
    assert "06 12345678" in body  # the linking pin's telephone number
    assert response.context["rows"] == []  # not placed now
    for absent in ("Vijftien", "Voorbij", "Bertje", OTHER_PICKUP, w.soon.last_name):
        assert absent not in body, absent


def test_the_policy_scope_grants_arriving_children_only(arriving):
    w = arriving
    assert visible_children(w.users["location_staff"]) == {"Anouk"}
    assert visible_children(w.staff_b) == {"Bertje", "Bobbieb"}  # arriving, placed now


def test_no_detail_url_opens_a_child_not_visible(arriving, client, sign_in):
    w = arriving
    sign_in(w.users["location_staff"])
    for placement in (w.later_placement, w.past_placement, w.other_placement):
        for url in (
            reverse("activities:signal_create", args=[placement.pk]),
            reverse("activities:placement_detail", args=[placement.pk]),
        ):
            assert client.get(url).status_code in (403, 404), url


def test_the_list_logs_the_arriving_child(arriving, client, sign_in):
    from buitenshuis.audit.models import AccessLogEntry

    w = arriving
    sign_in(w.users["location_staff"])
    client.get(reverse("activities:my_children"))
    entry = AccessLogEntry.objects.filter(data="placed_child").latest("pk")
    assert {s.object_id for s in entry.subjects.all()} == {w.soon.pk}


def test_the_work_queue_counts_arriving_children_from_the_scope(arriving):
    w = arriving
    items = workqueue.work_items(w.users["location_staff"])
    assert [(item.key, item.count) for item in items] == [("activities.arriving", 1)]
    assert str(items[0].label) == "Kinderen die binnenkort komen"
    assert items[0].url.startswith(reverse("activities:my_children"))
    assert workqueue.work_items(w.staff_b)[0].count == 1
    # Roles that see no placed children have no such item.
    for role in ("linking_pin", "coordinator"):
        keys = [item.key for item in workqueue.work_items(w.users[role])]
        assert "activities.arriving" not in keys
