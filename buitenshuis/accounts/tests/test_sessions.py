# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Sessions: a new identifier at every sign-in, sign-out, 15 minutes idle
with a warning, a form's text kept across an expired session, and all
sessions ended when an account is disabled."""

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from buitenshuis.accounts.checks import session_timing
from buitenshuis.accounts.middleware import LAST_USER_COOKIE, STASH_KEY
from buitenshuis.accounts.models import UserSession
from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.accounts.tests.helpers import (
    current_code,
    device_for,
    is_signed_in,
    password_step,
    sign_in,
    user_page_data,
)
from buitenshuis.audit.models import AccessLogEntry, Action, Outcome

LOGIN = reverse("accounts:login")
START = reverse("portal:start")
KEEPALIVE = reverse("accounts:keepalive")
LOGOUT = reverse("accounts:logout")


@pytest.fixture
def user(db):
    return UserFactory(username="jansen")


def session_row(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


# A new session identifier at every sign-in.


def test_session_key_changes_at_each_step(client, user):
    device_for(user)
    session = client.session
    session["iets"] = "vooraf"
    session.save()
    planted = session.session_key

    response = password_step(client, user)
    after_password = client.session.session_key
    assert after_password != planted

    client.post(response.url, {"token": current_code(device_for(user))})
    after_code = client.session.session_key
    assert after_code not in (planted, after_password)
    assert not Session.objects.filter(session_key__in=[planted, after_password]).exists()
    assert client.session[SESSION_KEY] == str(user.pk)


def test_sign_in_is_logged(client, user):
    sign_in(client, user)
    entry = AccessLogEntry.objects.get(action=Action.SIGN_IN)
    assert entry.user == user
    assert entry.username == "jansen"
    assert entry.outcome == Outcome.ALLOWED
    assert entry.ip_address == "127.0.0.1"


# Sign-out.


def test_sign_out_ends_the_session_and_is_logged(client, user):
    sign_in(client, user)
    key = client.session.session_key
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response.url == LOGIN
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()
    assert not is_signed_in(client)
    assert client.get(START).status_code == 302
    entry = AccessLogEntry.objects.get(action=Action.SIGN_OUT)
    assert entry.user == user
    # The browser no longer remembers who was signed in.
    assert client.cookies[LAST_USER_COOKIE].value == ""


def test_sign_out_needs_a_post(client, user):
    sign_in(client, user)
    assert client.get(LOGOUT).status_code == 405
    assert is_signed_in(client)


def test_sign_out_button_on_every_page(client, user):
    sign_in(client, user)
    body = client.get(START).content.decode()
    assert f'action="{LOGOUT}"' in body
    assert "Uitloggen" in body


# Idle expiry: 15 minutes after the last recorded activity, checked by the
# server on every request; activity is recorded at most once a minute.

IDLE = 15 * 60


def test_session_timing_settings(settings):
    assert settings.SESSION_IDLE_SECONDS == IDLE
    assert settings.SESSION_REFRESH_SECONDS == 60
    # The row outlives the idle window by the refresh interval: its own
    # expiry never ends a session the idle rule still allows.
    assert settings.SESSION_COOKIE_AGE == IDLE + 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_timing_that_would_sign_out_active_users_is_refused(settings):
    assert session_timing(None) == []
    settings.SESSION_REFRESH_SECONDS = IDLE
    assert [error.id for error in session_timing(None)] == ["buitenshuis.E003"]
    settings.SESSION_REFRESH_SECONDS = 60
    settings.SESSION_COOKIE_AGE = IDLE
    assert [error.id for error in session_timing(None)] == ["buitenshuis.E003"]


def test_fifteen_idle_minutes_end_the_session(client, user, clock):
    sign_in(client, user)
    key = client.session.session_key
    clock.advance(seconds=IDLE + 1)
    response = client.get(START)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/"
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(session_key=key).exists()
    assert not is_signed_in(client)
    # The session ran out; nobody signed out.
    assert not AccessLogEntry.objects.filter(action=Action.SIGN_OUT).exists()


def test_a_request_within_the_idle_time_keeps_the_session(client, user, clock):
    sign_in(client, user)
    # Within the first minute nothing is recorded; the row, last written at
    # sign-in, still holds at 14:59 after it.
    clock.advance(seconds=59)
    assert client.get(START).status_code == 200
    clock.advance(seconds=IDLE - 60)
    assert client.get(START).status_code == 200
    # That request was recorded: the next 14:59 are allowed again.
    clock.advance(seconds=IDLE - 1)
    assert client.get(START).status_code == 200


def test_activity_every_five_minutes_keeps_the_session_alive(client, user, clock):
    sign_in(client, user)
    for _ in range(12):  # an hour
        clock.advance(minutes=5)
        assert client.get(START).status_code == 200
    clock.advance(seconds=IDLE + 1)
    assert client.get(START).status_code == 302


def test_idle_time_is_counted_from_the_last_recorded_activity(client, user, clock):
    """Requests within a minute of the recorded activity record nothing, so
    the session ends 15 minutes after that activity: never later than 15
    minutes after the last request."""
    sign_in(client, user)
    clock.advance(seconds=50)
    assert client.get(START).status_code == 200  # not recorded
    clock.advance(seconds=IDLE - 49)  # 15:01 after sign-in, 14:11 after that request
    assert client.get(START).status_code == 302


def test_an_existing_row_expiry_still_signs_out(client, user):
    sign_in(client, user)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(START)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_page_carries_the_idle_warning_for_signed_in_users(client, user, clock):
    sign_in(client, user)
    body = client.get(START).content.decode()
    assert 'data-session-seconds="900"' in body
    assert 'data-session-idle-seconds="900"' in body
    assert f'data-keepalive-url="{KEEPALIVE}"' in body
    assert "js/session.js" in body
    assert 'id="bh-session-warning"' in body
    assert "Ingelogd blijven" in body


def test_idle_warning_counts_from_the_recorded_activity(client, user, clock):
    sign_in(client, user)
    clock.advance(seconds=45)
    assert 'data-session-seconds="855"' in client.get(START).content.decode()
    # An htmx request hears it in a header.
    assert client.get(START, headers={"HX-Request": "true"})["X-Session-Seconds"] == "855"
    clock.advance(seconds=20)  # recorded again
    assert 'data-session-seconds="900"' in client.get(START).content.decode()
    assert "X-Session-Seconds" not in client.get(START)


def test_login_page_has_no_idle_warning_script(client, db):
    body = client.get(LOGIN).content.decode()
    assert "data-session-seconds" not in body
    assert "js/session.js" not in body


def test_keepalive(client, user, clock):
    assert client.get(KEEPALIVE).status_code == 401
    sign_in(client, user)
    clock.advance(seconds=30)
    # "Stay signed in" records the activity even within the minute.
    assert client.get(KEEPALIVE).status_code == 204
    assert session_row(client).expire_date == clock.now() + datetime.timedelta(seconds=IDLE + 60)
    clock.advance(seconds=IDLE - 1)
    assert client.get(START).status_code == 200


# A form posted after the session expired is kept for the same user.

FORM = "/test/notitie/"
POSTED = {
    "notitie": "Moeder belde over de BSO.",
    "keuze": ["a", "b"],
    "password": "geheim",
    "new_password1": "geheim",
    "token": "123456",
    "csrfmiddlewaretoken": "x",
}


@pytest.fixture
def form_urls(settings):
    settings.ROOT_URLCONF = "buitenshuis.accounts.tests.urls"


def expire_session(client):
    Session.objects.filter(session_key=client.cookies["sessionid"].value).delete()


def post_after_expiry(client):
    expire_session(client)
    assert client.cookies[LAST_USER_COOKIE].value
    return client.post(FORM, POSTED)


def test_form_posted_after_idle_time_is_kept(client, user, form_urls, clock):
    sign_in(client, user)
    clock.advance(seconds=IDLE + 1)
    response = client.post(FORM, POSTED)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=%2Ftest%2Fnotitie%2F"
    assert "Uw sessie was verlopen" in client.get(response.url).content.decode()
    sign_in(client, user, next_url=FORM)
    assert client.get(FORM).json()["restored"]["notitie"] == ["Moeder belde over de BSO."]


def test_form_posted_after_expiry_is_kept(client, user, form_urls):
    sign_in(client, user)
    response = post_after_expiry(client)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=%2Ftest%2Fnotitie%2F"
    page = client.get(response.url).content.decode()
    assert "Uw sessie was verlopen. Log opnieuw in" in page

    response = sign_in(client, user, next_url=FORM)
    assert response.url == FORM
    restored = client.get(FORM).json()["restored"]
    assert restored == {"notitie": ["Moeder belde over de BSO."], "keuze": ["a", "b"]}
    # Only once.
    assert client.get(FORM).json()["restored"] is None


def test_kept_form_is_shown_on_its_own_page_only(client, user, form_urls):
    sign_in(client, user)
    post_after_expiry(client)
    sign_in(client, user)
    assert client.get(START).status_code == 200
    assert client.get(FORM).json()["restored"]["notitie"] == ["Moeder belde over de BSO."]


def test_kept_form_is_not_given_to_another_user(client, user, form_urls):
    other = UserFactory(username="pietersen")
    sign_in(client, user)
    post_after_expiry(client)
    assert STASH_KEY in client.session

    sign_in(client, other, next_url=FORM)
    assert STASH_KEY not in client.session
    assert client.get(FORM).json()["restored"] is None
    # Not later either, not even for the first user.
    client.post(LOGOUT)
    sign_in(client, user, next_url=FORM)
    assert client.get(FORM).json()["restored"] is None


def test_without_last_user_cookie_nothing_is_kept(client, user, form_urls):
    response = client.post(FORM, POSTED)
    assert response.status_code == 302
    assert STASH_KEY not in client.session


def test_forged_last_user_cookie_is_ignored(client, user, form_urls):
    client.cookies[LAST_USER_COOKIE] = str(user.pk)
    client.post(FORM, POSTED)
    assert STASH_KEY not in client.session


def test_after_sign_out_nothing_is_kept(client, user, form_urls):
    sign_in(client, user)
    client.post(LOGOUT)
    client.post(FORM, POSTED)
    assert STASH_KEY not in client.session


def test_cross_site_post_is_not_kept(user, form_urls):
    browser = Client(enforce_csrf_checks=True)
    sign_in_with_csrf(browser, user)
    expire_session(browser)
    response = browser.post(FORM, {"notitie": "van een andere site"})
    assert response.status_code == 403
    assert STASH_KEY not in browser.session


def test_same_site_post_with_token_is_kept(user, form_urls):
    browser = Client(enforce_csrf_checks=True)
    sign_in_with_csrf(browser, user)
    token = browser.cookies["csrftoken"].value
    expire_session(browser)
    response = browser.post(FORM, {"notitie": "eigen tekst", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert browser.session[STASH_KEY]["data"] == {"notitie": ["eigen tekst"]}


def sign_in_with_csrf(browser, user):
    device = device_for(user)
    browser.get(LOGIN)
    data = {
        "username": user.username,
        "password": "test-wachtwoord",
        "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
    }
    verify_url = browser.post(LOGIN, data).url
    browser.get(verify_url)
    data = {
        "token": current_code(device),
        "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
    }
    assert browser.post(verify_url, data).status_code == 302
    # login() gives a new CSRF token; a page load sets it.
    browser.get(START)


# Disabling an account ends all its sessions.


def test_disabling_an_account_ends_all_its_sessions(user):
    other = UserFactory(username="pietersen")
    first, second, bystander = Client(), Client(), Client()
    sign_in(first, user)
    sign_in(second, user)
    sign_in(bystander, other)
    keys = [first.session.session_key, second.session.session_key]
    assert keys[0] != keys[1]
    assert UserSession.objects.filter(user=user).count() == 2

    user.is_active = False
    user.save()

    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=user).exists()
    assert not is_signed_in(first)
    assert not is_signed_in(second)
    assert first.get(START).status_code == 302
    assert is_signed_in(bystander)


def test_disabling_an_account_on_the_admin_page_ends_its_sessions_at_once(world):
    pin = world.users["linking_pin"]
    browser, admin = Client(), Client()
    sign_in(browser, pin)
    assert browser.get(START).status_code == 200

    sign_in(admin, world.users["administrator"])
    url = reverse("admin:accounts_user_change", args=[pin.pk])
    data = user_page_data(admin.get(url))
    del data["is_active"]
    assert admin.post(url, data).status_code == 302

    pin.refresh_from_db()
    assert not pin.is_active
    assert not UserSession.objects.filter(user=pin).exists()
    response = browser.get(START)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_a_disabled_account_is_signed_out_even_without_the_signal(user):
    """Defence in depth: a bulk update skips the save signal that deletes
    the sessions; the user of such a session is still nobody."""
    browser = Client()
    sign_in(browser, user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = browser.get(START)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_saving_an_active_account_keeps_its_sessions(client, user):
    sign_in(client, user)
    user.first_name = "Anders"
    user.save()
    assert is_signed_in(client)


def test_expired_session_records_are_tidied_at_sign_in(user):
    first, second = Client(), Client()
    sign_in(first, user)
    Session.objects.filter(session_key=first.session.session_key).delete()
    sign_in(second, user)
    assert list(UserSession.objects.filter(user=user).values_list("session_key", flat=True)) == [
        second.session.session_key
    ]


# The second factor is enforced on every request.


def test_signed_in_without_second_factor_is_signed_out(client, user, settings):
    assert settings.REQUIRE_SECOND_FACTOR
    client.force_login(user)
    response = client.get(START)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert SESSION_KEY not in client.session
    assert client.get(START).status_code == 302
    assert AccessLogEntry.objects.filter(action=Action.SIGN_OUT, user=user).exists()


def test_without_required_second_factor_an_unverified_session_stays(client, user, settings):
    settings.REQUIRE_SECOND_FACTOR = False
    client.force_login(user)
    assert client.get(START).status_code == 200
