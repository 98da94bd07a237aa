# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A page costs what the user's own work costs (bench/README.md): the
location's list and the linking pin's signals inbox run the same number of
queries however many children and signals there are, and the linking pin's
own families are found without an OR that PostgreSQL cannot index."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from buitenshuis.activities.models import Signal
from buitenshuis.activities.tests.test_staff import place, staff_world  # noqa: F401
from buitenshuis.casework.models import Enrolment, Family, Handover
from buitenshuis.casework.tests.factories import EnrolmentFactory, FamilyFactory, PersonFactory


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def more_families_at_the_location(w, count, *, stand_in=None, first=0):
    """``count`` more families of the linking pin, each with two children
    (aged 5 and 9) placed at location A, one placed now and one arriving;
    with ``stand_in`` a colleague stands in for each family this week."""
    today = timezone.localdate()
    now = timezone.now()
    for n in range(first, first + count):
        family = FamilyFactory(programme=w.programme, family_name=f"Meer{'abcdefgh'[n]}")
        enrolment = EnrolmentFactory(family=family, linking_pin=w.users["linking_pin"])
        for age, start in ((5, -3), (9, 4)):
            child = PersonFactory(
                family=family, date_of_birth=today - datetime.timedelta(days=365 * age + 30)
            )
            placement = place(
                child, w.location, enrolment, start=today + datetime.timedelta(days=start)
            )
        Signal.objects.create(
            placement=placement, kind=Signal.Kind.WORRY, text="Verzonnen.", created_by=w.staff_b
        )
        if stand_in:
            Handover.objects.create(
                enrolment=enrolment,
                to_user=stand_in,
                starts=now - datetime.timedelta(days=1),
                ends=now + datetime.timedelta(days=6),
            )


def test_the_location_list_runs_the_same_queries_for_one_child_or_many(
    staff_world,  # noqa: F811
    client,
    sign_in,
):
    w = staff_world
    more_families_at_the_location(w, 1, stand_in=w.other_pin)
    sign_in(w.users["location_staff"])
    url = reverse("activities:my_children")
    few, _response = queries(client, url)
    more_families_at_the_location(w, 3, stand_in=w.other_pin, first=1)
    many, response = queries(client, url)
    assert len(response.context["rows"]) + len(response.context["arriving_rows"]) == 9
    assert many == few
    # The stand-ins still show, found in one query for all rows.
    stand_ins = {row["stand_in"] for row in response.context["arriving_rows"]}
    assert stand_ins == {w.other_pin}


def test_the_signals_inbox_runs_the_same_queries_for_one_signal_or_many(
    staff_world,  # noqa: F811
    client,
    sign_in,
):
    w = staff_world
    Signal.objects.create(
        placement=w.placement, kind=Signal.Kind.ABSENCE, text="Verzonnen.", created_by=w.staff_b
    )
    sign_in(w.users["linking_pin"])
    url = reverse("activities:signal_inbox")
    few, _response = queries(client, url)
    more_families_at_the_location(w, 4)
    many, response = queries(client, url)
    assert len(response.context["object_list"]) == 5
    assert many == few


def test_own_families_are_a_union_of_indexed_lookups(staff_world):  # noqa: F811
    """Assigned or standing in, as before; but as one UNION subquery, not
    ``linking_pin = user OR pk IN (...)``, which makes PostgreSQL guess half
    the country and hash-join whole tables (bench/README.md)."""
    w = staff_world
    now = timezone.now()
    Handover.objects.create(
        enrolment=w.colleague_enrolment,
        to_user=w.users["linking_pin"],
        starts=now - datetime.timedelta(days=1),
        ends=now + datetime.timedelta(days=1),
    )
    own = Enrolment.objects.responsible(w.users["linking_pin"])
    assert set(own) == {w.own_enrolment, w.colleague_enrolment}
    assert set(Enrolment.objects.responsible(w.other_pin)) == set(
        Enrolment.objects.filter(linking_pin=w.other_pin)
    )
    sql = str(own.query).upper()
    assert "UNION" in sql and " OR " not in sql
    assert Family.objects.filter(enrolments__in=own).count() == 2
