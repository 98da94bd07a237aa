# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Mijn instellingen: every signed-in user turns the work-queue
e-mails off or on and chooses the language of their e-mails; the screens
follow the language at once."""

from django.conf import settings
from django.urls import reverse

URL = reverse("accounts:settings")


def test_linked_from_the_header_and_shows_the_current_choice(world, client, sign_in):
    sign_in(world.users["location_staff"])
    start = client.get(reverse("portal:start")).content.decode()
    assert f'href="{URL}"' in start
    page = client.get(URL)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<h1" in body and "Mijn instellingen" in body
    assert page.context["form"].initial == {"language": "nl", "email_notifications": True}
    assert "geen gegevens over gezinnen" in body


def test_turning_the_emails_off_and_choosing_english(world, client, sign_in):
    user = world.users["linking_pin"]
    sign_in(user)
    response = client.post(URL, {"language": "en"})  # the checkbox left unticked
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert (user.language, user.email_notifications) == ("en", False)
    page = client.get(response.url)
    assert 'lang="en"' in page.content.decode()
    assert [str(m) for m in page.context["messages"]]  # confirmation shown


def test_turning_them_back_on_in_dutch(world, client, sign_in):
    user = world.users["coordinator"]
    user.language, user.email_notifications = "en", False
    user.save()
    sign_in(user)
    response = client.post(URL, {"language": "nl", "email_notifications": "on"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    user.refresh_from_db()
    assert (user.language, user.email_notifications) == ("nl", True)


def test_an_unknown_language_is_refused_in_dutch_and_nothing_stored(world, client, sign_in):
    user = world.users["referrer"]
    sign_in(user)
    response = client.post(URL, {"language": "fr", "email_notifications": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert "geen beschikbare keuze" in response.content.decode()
    user.refresh_from_db()
    assert user.language == "nl"


def test_only_ones_own_account(world, client, sign_in):
    sign_in(world.users["referrer"])
    client.post(URL, {"language": "en"})
    other = world.users["coordinator"]
    other.refresh_from_db()
    assert (other.language, other.email_notifications) == ("nl", True)


def test_signed_out_users_are_sent_to_sign_in(db, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
