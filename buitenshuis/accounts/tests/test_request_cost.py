# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What a signed-in request costs before its page does anything: each of
the session, the user, the second-factor device and the memberships read
once, and the session written at most about once a minute."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buitenshuis.accounts.tests.helpers import sign_in
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import MembershipFactory

# The cheapest signed-in page, the bench's floor (bench/lists.py).
FLOOR = reverse("accounts:settings")


def tables(queries):
    """The table each query reads or writes, in order."""
    names = []
    for query in queries:
        sql = query["sql"]
        for word in ("FROM", "UPDATE", "INTO"):
            if f"{word} " in sql:
                names.append(sql.split(f"{word} ", 1)[1].split()[0].strip('"'))
                break
        else:
            names.append(sql.split()[0])
    return names


def session_writes(queries):
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT", "DELETE"))
    ]


def get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured.captured_queries


@pytest.fixture
def pin(world, client):
    sign_in(client, world.users["linking_pin"])
    return world.users["linking_pin"]


def test_floor_page_reads_each_thing_once_and_writes_nothing(pin, client, clock):
    queries = get(client, FLOOR)
    assert tables(queries) == [
        "django_session",
        "accounts_user",
        "otp_totp_totpdevice",
        "organisations_membership",
    ]


def test_location_staff_also_read_their_locations(world, client, clock):
    staff = MembershipFactory(role=Role.LOCATION_STAFF, programme=world.programme).user
    sign_in(client, staff)
    assert tables(get(client, FLOOR))[3:] == [
        "organisations_membership",
        "organisations_location",
    ]


def test_session_is_written_at_most_once_a_minute(pin, client, clock):
    clock.advance(seconds=30)
    assert session_writes(get(client, FLOOR)) == []
    clock.advance(seconds=29)  # 59 s after the activity recorded at sign-in
    assert session_writes(get(client, FLOOR)) == []

    clock.advance(seconds=2)  # 61 s
    writes = session_writes(get(client, FLOOR))
    assert len(writes) == 1 and writes[0].startswith("UPDATE")
    row = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert row.expire_date == clock.now() + datetime.timedelta(seconds=15 * 60 + 60)

    clock.advance(seconds=10)
    assert session_writes(get(client, FLOOR)) == []
