# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

import pytest
from django.test import override_settings
from django.urls import include, path, reverse


@pytest.mark.parametrize(
    "role,expected,absent",
    [
        ("linking_pin", "Mijn gezinnen", "Naar beheer"),
        ("coordinator", "Gezinnen", "Naar beheer"),
        ("location_staff", "Kinderen op mijn locatie", "Naar de gezinnen"),
        ("referrer", "Mijn aanmeldingen", "Naar beheer"),
        ("researcher", "Onderzoek", "Naar de gezinnen"),
        ("administrator", "Naar beheer", "Naar de gezinnen"),
    ],
)
def test_start_page_shows_what_the_role_works_on(world, client, sign_in, role, expected, absent):
    sign_in(world.users[role])
    body = client.get(reverse("portal:start")).content.decode()
    assert expected in body
    assert absent not in body


def test_start_page_counts_only_families_the_user_may_open(world, client, sign_in):
    sign_in(world.users["linking_pin"])
    response = client.get(reverse("portal:start"))
    assert response.context["family_count"] == 1
    sign_in(world.users["coordinator"])
    assert client.get(reverse("portal:start")).context["family_count"] == 2


def test_user_without_membership_is_told_so(db, client, sign_in):
    from buitenshuis.accounts.tests.factories import UserFactory

    sign_in(UserFactory())
    body = client.get(reverse("portal:start")).content.decode()
    assert "nog geen rol" in body


def _boom(request):
    raise RuntimeError("secret stack detail")


urlpatterns = [path("boom/", _boom), path("", include("buitenshuis.urls"))]
handler500 = "buitenshuis.portal.views.server_error"


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_is_friendly_dutch_without_stack_trace(db, client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in body
    assert "secret stack detail" not in body
    assert "Traceback" not in body


def test_not_found_is_friendly_dutch(db, client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_forbidden_is_friendly_dutch(world, client, sign_in):
    sign_in(world.users["researcher"])
    response = client.get(reverse("casework:family_list"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_english_is_available(world, client, sign_in):
    sign_in(world.users["linking_pin"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("portal:start")).content.decode()
    assert 'lang="en"' in body


def test_dutch_whatever_the_browser_language_until_english_is_chosen(world, client, sign_in):
    sign_in(world.users["linking_pin"])
    body = client.get(reverse("portal:start"), HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    assert 'lang="nl"' in body


@pytest.mark.parametrize(
    "role,present,absent",
    [
        (
            "linking_pin",
            ["Gezinnen", "Aanmeldingen", "Mijn aanmeldingen", "Signalen"],
            ["Beheer"],
        ),
        # A referrer sees the families they entered until the decision.
        ("referrer", ["Mijn aanmeldingen", "Gezinnen"], ["Signalen", "Beheer", "Aanmeldingen"]),
        ("location_staff", ["Kinderen op mijn locatie"], ["Gezinnen", "Aanmeldingen"]),
        ("administrator", ["Beheer", "Locaties"], ["Gezinnen", "Aanmeldingen"]),
        ("researcher", [], ["Gezinnen", "Aanmeldingen", "Beheer", "Locaties"]),
    ],
)
def test_main_menu_offers_only_what_the_role_may_open(
    world, client, sign_in, role, present, absent
):
    import re

    sign_in(world.users[role])
    body = client.get(reverse("portal:start")).content.decode()
    menu = re.search(r'<nav aria-label="Hoofdmenu".*?</nav>', body, re.S).group(0)
    labels = re.findall(r">([^<]+)</a>", menu)
    for label in present:
        assert label in labels
    for label in absent:
        assert label not in labels
    for url in re.findall(r'href="([^"]+)"', menu):
        assert client.get(url).status_code == 200, url
