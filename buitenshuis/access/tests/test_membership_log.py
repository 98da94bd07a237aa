# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The privacy officer's screen of membership changes: who granted
what to whom, refused self-grants included; only for the privacy officer;
reading it is logged."""

import datetime

from django.urls import reverse
from django.utils import timezone

from buitenshuis.accounts import rules
from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.audit.models import AccessLogEntry, Action, Outcome
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Membership, Role
from buitenshuis.organisations.tests.factories import OrganisationFactory

URL = reverse("access:membership_log")


def _changes(world):
    """The plain administrator grants Noor a coordinator role (pending), the
    privacy officer approves it; the plain administrator tries to give
    herself a linking pin role and is refused."""
    requester, approver = world.plain_admin, world.users["administrator"]
    noor = UserFactory(username="noor_nieuw")
    membership = rules.grant_membership(
        requester,
        Membership(
            user=noor,
            organisation=OrganisationFactory(name="Gemeente Verzonnendam"),
            role=Role.COORDINATOR,
            programme=world.programme,
        ),
    )
    rules.approve_membership(approver, membership)
    try:
        rules.grant_membership(
            requester,
            Membership(
                user=requester,
                organisation=OrganisationFactory(),
                role=Role.LINKING_PIN,
                programme=world.programme,
            ),
        )
    except RuleError:
        pass
    return noor


def test_privacy_officer_sees_who_granted_what_to_whom(world, login):
    noor = _changes(world)
    client = login(world.users["administrator"])
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "3 wijzigingen en pogingen" in page
    assert "noor_nieuw" in page and "beheer_zonder_privacy" in page
    assert "Gemeente Verzonnendam" in page and "Projectleider" in page
    assert "Geweigerd: eigen lidmaatschap" in page
    # Searching one user shows what was done to (and by) them.
    response = client.get(URL, {"username": noor.username, **_today()})
    assert "2 wijzigingen en pogingen" in response.content.decode()


def _today():
    today = timezone.localdate().isoformat()
    return {"start": today, "end": today}


def test_reading_the_screen_is_logged_with_the_user_searched_for(world, login):
    noor = _changes(world)
    client = login(world.users["administrator"])
    client.get(URL, {"username": noor.username, **_today()})
    entry = AccessLogEntry.objects.order_by("-pk").first()
    assert entry.data == "access_log" and entry.action == Action.LIST
    assert entry.username == "beheer"
    assert [s.key() for s in entry.subjects.all()] == [f"user:{noor.pk}:"]


def test_an_administrator_without_the_privacy_officer_flag_is_refused(world, login):
    _changes(world)
    client = login(world.plain_admin)
    response = client.get(URL)
    assert response.status_code == 403
    assert "noor_nieuw" not in response.content.decode()
    entry = AccessLogEntry.objects.order_by("-pk").first()
    assert entry.outcome == Outcome.DENIED and entry.data == "access_log"


def test_a_coordinator_is_refused(world, login):
    client = login(world.users["coordinator"])
    assert client.get(URL).status_code == 403


def test_period_outside_the_changes_shows_none_and_bad_input_gets_dutch_messages(world, login):
    _changes(world)
    client = login(world.users["administrator"])
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    response = client.get(URL, {"start": last_year.isoformat(), "end": last_year.isoformat()})
    assert "Geen wijzigingen gevonden" in response.content.decode()
    response = client.get(URL, {"username": "bestaat_niet", "start": "x", "end": ""})
    page = response.content.decode()
    assert "Er is geen gebruiker met deze gebruikersnaam." in page
    assert "Vul een geldige datum in" in page and "Vul de einddatum in." in page


def test_the_list_is_paginated(world, login):
    admin = world.plain_admin
    for number in range(55):
        user = UserFactory(username=f"lid{number}")
        rules.grant_membership(
            admin,
            Membership(user=user, organisation=OrganisationFactory(), role=Role.ADMINISTRATOR),
        )
    client = login(world.users["administrator"])
    page = client.get(URL).content.decode()
    assert "Pagina 1 van 2" in page
    assert "Pagina 2 van 2" in client.get(URL, {**_today(), "page": 2}).content.decode()


def test_start_page_links_to_the_screen_for_the_privacy_officer_only(world, login):
    client = login(world.users["administrator"])
    assert URL in client.get(reverse("portal:start")).content.decode()
    client = login(world.plain_admin)
    assert URL not in client.get(reverse("portal:start")).content.decode()
