# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The aggregated feed for business-intelligence tools: a token the
coordinator issues (shown once, stored as a hash) and revokes (after a
confirmation); counts of the token's programme only, every count below 5
as "<5"; 401 without a word for a missing, unknown or revoked token; each
use counted and logged."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.audit.models import AccessLogEntry, Action
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.casework.tests.factories import ContactFactory, PersonFactory
from buitenshuis.monitoring import feed, rules_feed
from buitenshuis.monitoring.models_exports import FeedToken, hash_token
from buitenshuis.programmes.routes import Route
from buitenshuis.referrals.tests.factories import make_referral

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def token(world):
    feed_token, value = rules_feed.issue(world.users["coordinator"], world.programme, "Power BI")
    feed_token.value = value
    return feed_token


def bearer(value):
    return {"HTTP_AUTHORIZATION": f"Bearer {value}"}


def referrals_this_month(world, route, count, programme=None):
    for _ in range(count):
        make_referral(programme or world.programme, world.users["referrer"], route=route)


def test_a_token_is_stored_as_its_hash_only(token):
    stored = FeedToken.objects.get(pk=token.pk)
    assert stored.token_hash == hash_token(token.value)
    assert token.value not in {stored.token_hash, stored.name}
    assert len(token.value) >= 40


def test_the_csv_feed_gives_suppressed_counts_of_the_tokens_programme(world, client, token):
    referrals_this_month(world, Route.SCHOOL, 3)
    referrals_this_month(world, Route.GP, 6)
    referrals_this_month(world, Route.GP, 7, programme=world.other_programme)
    response = client.get(
        reverse("monitoring:feed_csv", args=["aanmeldingen"]), **bearer(token.value)
    )
    assert response.status_code == 200
    text = response.content.decode().lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    by_route = {row["route"]: row["aantal"] for row in rows}
    assert by_route == {str(Route.GP.label): "6", str(Route.SCHOOL.label): "<5"}
    month = timezone.localdate().strftime("%Y-%m")
    assert {row["maand"] for row in rows} == {month}


def test_the_odata_feed_has_its_context_and_values(world, client, token):
    referrals_this_month(world, Route.GP, 5)
    response = client.get(
        reverse("monitoring:feed_odata", args=["aanmeldingen"]), **bearer(token.value)
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["@odata.context"].endswith("$metadata#aanmeldingen")
    assert data["value"] == [
        {"maand": timezone.localdate().strftime("%Y-%m"), "route": str(Route.GP.label), "aantal": 5}
    ]
    service = json.loads(
        client.get(reverse("monitoring:feed_odata_service"), **bearer(token.value)).content
    )
    assert [item["name"] for item in service["value"]] == list(feed.FEEDS)


def test_the_feed_never_holds_a_row_about_a_person(world, client, token):
    referrals_this_month(world, Route.GP, 6)
    for name in feed.FEEDS:
        body = client.get(reverse("monitoring:feed_csv", args=[name]), **bearer(token.value))
        text = body.content.decode()
        for family in (world.own_family, world.colleague_family):
            assert family.reference not in text
            assert family.family_name not in text


@pytest.mark.parametrize(
    "headers",
    [{}, bearer("niet-bestaand"), {"HTTP_AUTHORIZATION": "Basic abc"}],
    ids=["none", "unknown", "basic"],
)
@pytest.mark.parametrize("url_name", ["monitoring:feed_csv", "monitoring:feed_odata"])
def test_no_valid_token_is_401_without_a_word(world, client, headers, url_name):
    response = client.get(reverse(url_name, args=["aanmeldingen"]), **headers)
    assert response.status_code == 401
    assert response.content == b""
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_opens_nothing_and_its_use_is_logged_as_denied(world, client, token):
    rules_feed.revoke(world.users["coordinator"], token)
    response = client.get(reverse("monitoring:feed_csv", args=["contacten"]), **bearer(token.value))
    assert response.status_code == 401
    assert response.content == b""
    entry = AccessLogEntry.objects.latest("pk")
    assert entry.outcome == "denied"
    assert entry.username == "datafeed:Power BI"


def test_a_signed_in_user_without_a_token_gets_nothing(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = client.get(reverse("monitoring:feed_csv", args=["aanmeldingen"]))
    assert response.status_code == 401


def test_an_unknown_table_is_not_found(world, client, token):
    response = client.get(reverse("monitoring:feed_csv", args=["gezinnen"]), **bearer(token.value))
    assert response.status_code == 404


def test_each_use_is_counted_and_logged(world, client, token):
    for _ in range(2):
        client.get(reverse("monitoring:feed_csv", args=["contacten"]), **bearer(token.value))
    token.refresh_from_db()
    assert token.use_count == 2
    assert token.last_used_at is not None
    entries = AccessLogEntry.objects.filter(action=Action.EXPORT, username="datafeed:Power BI")
    assert entries.count() == 2
    entry = entries.latest("pk")
    assert entry.responsible == world.users["coordinator"].username
    assert "contacten" in entry.reason
    assert not entry.subjects.exists()


def test_contacts_per_month_suppress_count_and_minutes(world):
    enrolment = world.own_enrolment
    enrolment.contacts.all().delete()
    for _ in range(4):
        ContactFactory(enrolment=enrolment, date=datetime.date(2026, 5, 3), minutes=30)
    for _ in range(5):
        ContactFactory(enrolment=enrolment, date=datetime.date(2026, 6, 3), minutes=20)
    rows = feed.FEEDS["contacten"].rows(world.programme, TODAY)
    assert rows == [
        {"maand": "2026-05", "aantal": "<5", "minuten": "<5"},
        {"maand": "2026-06", "aantal": 5, "minuten": 100},
    ]


def test_children_per_month_by_age_band(world):
    """Five children of 9 in running enrolments from May, one child of 2;
    the world's other families have not started."""
    Enrolment.objects.update(start_date=None)
    for _ in range(5):
        referral = make_referral(world.programme, world.users["referrer"], child_ages=())
        PersonFactory(
            family=referral.family, kind=Person.Kind.CHILD, date_of_birth=datetime.date(2017, 1, 1)
        )
        Enrolment.objects.filter(pk=referral.enrolment_id).update(
            start_date=datetime.date(2026, 5, 10), end_date=None
        )
    young = make_referral(world.programme, world.users["referrer"], child_ages=())
    PersonFactory(
        family=young.family, kind=Person.Kind.CHILD, date_of_birth=datetime.date(2024, 1, 1)
    )
    Enrolment.objects.filter(pk=young.enrolment_id).update(
        start_date=datetime.date(2026, 6, 1), end_date=None
    )
    rows = feed.FEEDS["kinderen"].rows(world.programme, TODAY)
    assert rows == [
        {"maand": "2026-05", "leeftijd": "8-11", "aantal": 5},
        {"maand": "2026-06", "leeftijd": "0-3", "aantal": "<5"},
        {"maand": "2026-06", "leeftijd": "8-11", "aantal": 5},
    ]


@pytest.mark.parametrize("count,shown", [(0, "<5"), (1, "<5"), (4, "<5"), (5, 5), (120, 120)])
def test_suppress(count, shown):
    assert feed.suppress(count) == shown


# The coordinator's page ----------------------------------------------------------


def test_the_coordinator_issues_a_token_and_sees_it_once(world, client, sign_in):
    sign_in(world.users["coordinator"])
    url = reverse("monitoring:feed_tokens")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Power BI", "programme": world.programme.pk})
    assert response.status_code == 200
    value = response.context["token"]
    stored = FeedToken.objects.get()
    assert stored.token_hash == hash_token(value)
    assert value in response.content.decode()
    # The list shows the token's name, never its value again.
    listing = client.get(url).content.decode()
    assert "Power BI" in listing
    assert value not in listing
    assert AccessLogEntry.objects.filter(action=Action.CREATE, data="feed_tokens").exists()


def test_a_token_needs_a_name(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = client.post(
        reverse("monitoring:feed_tokens"), {"name": " ", "programme": world.programme.pk}
    )
    assert response.status_code == 400
    assert not FeedToken.objects.exists()


def test_no_token_for_another_programme(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = client.post(
        reverse("monitoring:feed_tokens"), {"name": "X", "programme": world.other_programme.pk}
    )
    assert response.status_code == 400
    assert not FeedToken.objects.exists()


def test_revoking_asks_first_then_revokes(world, client, sign_in, token):
    sign_in(world.users["coordinator"])
    url = reverse("monitoring:feed_token_revoke", args=[token.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Ja, trek het token in" in confirm.content.decode()
    token.refresh_from_db()
    assert not token.revoked
    response = client.post(url)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked
    assert token.revoked_by == world.users["coordinator"]
    assert (
        client.get(
            reverse("monitoring:feed_csv", args=["aanmeldingen"]), **bearer(token.value)
        ).status_code
        == 401
    )


def test_another_programmes_coordinator_cannot_revoke(world, client, sign_in, token):
    sign_in(world.other_coordinator)
    url = reverse("monitoring:feed_token_revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert not token.revoked


@pytest.mark.parametrize("role", ["policy_officer", "linking_pin", "researcher", "administrator"])
def test_only_the_coordinator_manages_tokens(role, world, client, sign_in):
    sign_in(world.users[role])
    assert client.get(reverse("monitoring:feed_tokens")).status_code == 403
