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

from buitenshuis.accounts.middleware import LAST_USER_COOKIE, STASH_KEY
from buitenshuis.accounts.models import UserSession
from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.accounts.tests.helpers import (
    current_code,
    device_for,
    is_signed_in,
    password_step,
    sign_in,
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


# Idle expiry.


def test_sessions_expire_after_fifteen_idle_minutes(settings):
    assert settings.SESSION_IDLE_SECONDS == 15 * 60
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_every_request_renews_the_session(client, user):
    sign_in(client, user)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=30)
    )
    assert client.get(START).status_code == 200
    left = session_row(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=14) < left <= datetime.timedelta(minutes=15)


def test_expired_session_is_signed_out(client, user):
    sign_in(client, user)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(START)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_page_carries_the_idle_warning_for_signed_in_users(client, user):
    sign_in(client, user)
    body = client.get(START).content.decode()
    assert 'data-session-seconds="900"' in body
    assert f'data-keepalive-url="{KEEPALIVE}"' in body
    assert "js/session.js" in body
    assert 'id="bh-session-warning"' in body
    assert "Ingelogd blijven" in body


def test_login_page_has_no_idle_warning_script(client, db):
    body = client.get(LOGIN).content.decode()
    assert "data-session-seconds" not in body
    assert "js/session.js" not in body


def test_keepalive(client, user):
    assert client.get(KEEPALIVE).status_code == 401
    sign_in(client, user)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(seconds=30)
    )
    assert client.get(KEEPALIVE).status_code == 204
    assert session_row(client).expire_date - timezone.now() > datetime.timedelta(minutes=14)


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
