# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Sign-in: password, then the second factor (TOTP); first-time set-up of
the authenticator app; lockout; the admin's sign-in."""

import time
from base64 import b32encode

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.accounts.tests.helpers import (
    current_code,
    device_for,
    is_signed_in,
    password_step,
    sign_in,
    wrong_code,
)
from buitenshuis.accounts.views import PENDING_KEY, PENDING_SECONDS
from buitenshuis.audit.models import AccessLogEntry, Action, Outcome

LOGIN = reverse("accounts:login")
START = reverse("portal:start")


@pytest.fixture
def user(db):
    return UserFactory(username="jansen")


def test_login_page_is_dutch(client, db):
    body = client.get(LOGIN).content.decode()
    assert "Gebruikersnaam" in body and "Wachtwoord" in body
    assert 'lang="nl"' in body


def test_password_then_code_signs_in(client, user):
    device = device_for(user)
    response = password_step(client, user)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:verify"))
    # After the first step nobody is signed in yet.
    assert SESSION_KEY not in client.session
    assert not is_signed_in(client)

    page = client.get(response.url)
    assert "code van 6 cijfers" in page.content.decode()
    response = client.post(response.url, {"token": current_code(device)})
    assert response.status_code == 302
    assert response.url == START
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get(START).status_code == 200


def test_wrong_password_is_refused_in_dutch(client, user):
    device_for(user)
    response = password_step(client, user, password="niet-het-wachtwoord")
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord is onjuist." in response.content.decode()
    assert PENDING_KEY not in client.session
    assert not is_signed_in(client)


def test_unknown_user_gets_the_same_message(client, db):
    response = client.post(LOGIN, {"username": "bestaatniet", "password": "x"})
    assert "Gebruikersnaam of wachtwoord is onjuist." in response.content.decode()


# Failed sign-ins are in the access log: who was tried, from where; never
# the password.


def _sign_in_entries():
    return list(AccessLogEntry.objects.filter(action=Action.SIGN_IN).order_by("pk"))


def _assert_no_password_logged(secret):
    for entry in AccessLogEntry.objects.all():
        assert secret not in entry.canonical([])


def test_wrong_password_is_logged_with_the_username_and_address(client, user):
    device_for(user)
    client.post(
        LOGIN,
        {"username": "jansen", "password": "Zomer2026!geheim"},
        REMOTE_ADDR="203.0.113.7",
    )
    [entry] = _sign_in_entries()
    assert entry.outcome == Outcome.FAILED
    assert entry.username == "jansen"
    assert entry.user_id is None  # whoever typed it is unknown
    assert entry.ip_address == "203.0.113.7"
    assert entry.reason == "Gebruikersnaam of wachtwoord onjuist."
    _assert_no_password_logged("Zomer2026!geheim")


def test_unknown_username_is_logged(client, db):
    client.post(LOGIN, {"username": "bestaatniet", "password": "x-geheim-x"})
    [entry] = _sign_in_entries()
    assert (entry.username, entry.outcome) == ("bestaatniet", Outcome.FAILED)
    _assert_no_password_logged("x-geheim-x")


def test_lockout_is_logged_as_denied(client, user):
    for _ in range(6):
        password_step(client, user, password="fout-wachtwoord")
    entries = _sign_in_entries()
    assert len(entries) == 6  # one entry per attempt
    assert [e.outcome for e in entries[:4]] == [Outcome.FAILED] * 4
    assert entries[-1].outcome == Outcome.DENIED
    assert entries[-1].reason == "Tijdelijk geblokkeerd na te veel mislukte pogingen."
    assert {e.username for e in entries} == {"jansen"}
    _assert_no_password_logged("fout-wachtwoord")


def test_empty_form_writes_no_entry(client, db):
    client.post(LOGIN, {})
    assert _sign_in_entries() == []


def test_successful_sign_in_writes_one_entry(client, user):
    sign_in(client, user)
    [entry] = _sign_in_entries()
    assert (entry.user, entry.outcome) == (user, Outcome.ALLOWED)


def test_empty_form_asks_in_dutch(client, db):
    body = client.post(LOGIN, {}).content.decode()
    assert "Vul uw gebruikersnaam in." in body
    assert "Vul uw wachtwoord in." in body


def test_disabled_account_cannot_sign_in(client, user):
    device_for(user)
    user.is_active = False
    user.save()
    response = password_step(client, user)
    assert "Gebruikersnaam of wachtwoord is onjuist." in response.content.decode()


def test_wrong_code_is_refused_in_dutch(client, user):
    device = device_for(user)
    verify_url = password_step(client, user).url
    response = client.post(verify_url, {"token": wrong_code(device)})
    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen." in response.content.decode()
    assert not is_signed_in(client)
    failed = AccessLogEntry.objects.get(action=Action.SIGN_IN, outcome=Outcome.FAILED)
    assert failed.user == user
    assert failed.reason == "Tweede stap: code onjuist of verlopen."

    # The pending step is still there: the right code signs in.
    response = client.post(verify_url, {"token": current_code(device)})
    assert response.status_code == 302
    assert is_signed_in(client)


def test_malformed_code_is_explained(client, user):
    device_for(user)
    verify_url = password_step(client, user).url
    body = client.post(verify_url, {"token": "12ab"}).content.decode()
    assert "De code bestaat uit 6 cijfers." in body
    body = client.post(verify_url, {"token": ""}).content.decode()
    assert "Vul de code van 6 cijfers in." in body


def test_repeated_wrong_codes_are_throttled(client, user):
    device = device_for(user)
    verify_url = password_step(client, user).url
    code = current_code(device)
    # django-otp has seen many failures just now: it waits before checking
    # codes again, even a right one.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=6, throttling_failure_timestamp=timezone.now()
    )
    response = client.post(verify_url, {"token": code})
    assert response.status_code == 200
    assert "Te vaak een onjuiste code." in response.content.decode()
    assert not is_signed_in(client)


def test_a_code_is_accepted_only_once(client, user):
    device = device_for(user)
    code = current_code(device)
    verify_url = password_step(client, user).url
    assert client.post(verify_url, {"token": code}).status_code == 302
    client.post(reverse("accounts:logout"))

    verify_url = password_step(client, user).url
    response = client.post(verify_url, {"token": code})
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_code_step_without_password_step_goes_back(client, user):
    device = device_for(user)
    response = client.post(reverse("accounts:verify"), {"token": current_code(device)})
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert not is_signed_in(client)
    assert client.get(reverse("accounts:setup")).url.startswith(LOGIN)


def test_pending_step_expires(client, user):
    device = device_for(user)
    verify_url = password_step(client, user).url
    session = client.session
    session[PENDING_KEY]["at"] = time.time() - PENDING_SECONDS - 1
    session.save()

    response = client.post(verify_url, {"token": current_code(device)}, follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert "De tweede stap duurde te lang. Log opnieuw in." in response.content.decode()
    assert PENDING_KEY not in client.session
    assert not is_signed_in(client)


def test_pending_step_ends_when_account_is_disabled(client, user):
    device = device_for(user)
    verify_url = password_step(client, user).url
    user.is_active = False
    user.save()
    response = client.post(verify_url, {"token": current_code(device)})
    assert response.url.startswith(LOGIN)
    assert not is_signed_in(client)


@pytest.mark.parametrize("next_url", ["/gezinnen/", "/beheer/?q=a&b=c"])
def test_next_on_this_site_is_followed(client, user, next_url):
    response = sign_in(client, user, next_url=next_url)
    assert response.url == next_url


@pytest.mark.parametrize(
    "next_url",
    ["https://elders.example/", "//elders.example/", "http://testserver.elders.example/x"],
)
def test_next_to_another_site_is_ignored(client, user, next_url):
    response = sign_in(client, user, next_url=next_url)
    assert response.url == START


def test_next_survives_a_wrong_password(client, user):
    response = client.get(LOGIN, {"next": "/gezinnen/"})
    assert 'name="next" value="/gezinnen/"' in response.content.decode()
    response = password_step(client, user, password="fout", next_url="/gezinnen/")
    assert 'name="next" value="/gezinnen/"' in response.content.decode()


def test_unsafe_next_is_not_put_in_the_page(client, db):
    response = client.get(LOGIN, {"next": "https://elders.example/"})
    assert response.context["next"] == ""
    assert 'value="https://elders.example/"' not in response.content.decode()


def test_without_required_second_factor_a_user_without_device_goes_straight_in(
    client, user, settings
):
    settings.REQUIRE_SECOND_FACTOR = False
    response = password_step(client, user)
    assert response.status_code == 302
    assert response.url == START
    assert is_signed_in(client)
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_without_required_second_factor_a_user_with_device_is_still_asked(client, user, settings):
    settings.REQUIRE_SECOND_FACTOR = False
    device_for(user)
    response = password_step(client, user)
    assert response.url.startswith(reverse("accounts:verify"))
    assert not is_signed_in(client)


def test_signed_in_user_visiting_login_goes_on(client, user):
    sign_in(client, user)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response.url == START


# First sign-in: setting up the authenticator app.


def test_first_sign_in_leads_to_setup(client, user):
    response = password_step(client, user, next_url="/gezinnen/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:setup"))
    assert "next=%2Fgezinnen%2F" in response.url
    assert not is_signed_in(client)


def test_setup_page_shows_qr_code_and_secret(client, user):
    setup_url = password_step(client, user).url
    response = client.get(setup_url)
    body = response.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert "<svg" in body
    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert response.context["secret"].replace(" ", "") == secret
    assert secret[:4] in body
    assert "Tweestapsverificatie instellen" in body
    # Showing the page again keeps the same key (the app was scanned once).
    client.get(setup_url)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_setup_with_right_code_confirms_device_and_signs_in(client, user):
    setup_url = password_step(client, user, next_url="/gezinnen/").url
    client.get(setup_url)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(setup_url, {"token": current_code(device)})
    assert response.status_code == 302
    assert response.url == "/gezinnen/"
    device.refresh_from_db()
    assert device.confirmed
    assert is_signed_in(client)

    # Next time the code is asked, not the set-up.
    client.post(reverse("accounts:logout"))
    assert password_step(client, user).url.startswith(reverse("accounts:verify"))


def test_setup_with_wrong_code_signs_nobody_in(client, user):
    setup_url = password_step(client, user).url
    client.get(setup_url)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(setup_url, {"token": wrong_code(device)})
    assert response.status_code == 200
    assert "Deze code klopt niet. Controleer de tijd op uw telefoon." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not is_signed_in(client)


def test_setup_is_not_offered_to_a_user_with_a_device(client, user):
    device_for(user)
    password_step(client, user)
    response = client.get(reverse("accounts:setup"))
    assert response.url.startswith(reverse("accounts:verify"))
    assert TOTPDevice.objects.filter(user=user).count() == 1


# Lockout (django-axes).


def test_lockout_after_five_failures(client, user, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    device_for(user)
    for _ in range(4):
        response = password_step(client, user, password="fout")
        assert response.status_code == 200
        assert "Gebruikersnaam of wachtwoord is onjuist." in response.content.decode()
    response = password_step(client, user, password="fout")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Tijdelijk geblokkeerd" in body
    assert "30 minuten" in body

    # Now even the right password is refused.
    response = password_step(client, user)
    assert response.status_code == 403
    assert "Tijdelijk geblokkeerd" in response.content.decode()
    assert PENDING_KEY not in client.session
    assert not is_signed_in(client)


def test_lockout_is_per_account(client, user):
    other = UserFactory(username="pietersen")
    device_for(other)
    for _ in range(5):
        password_step(client, user, password="fout")
    response = password_step(client, other)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:verify"))


def test_success_resets_the_failure_count(client, user):
    for _ in range(4):
        password_step(client, user, password="fout")
    sign_in(client, user)
    assert is_signed_in(client)
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert password_step(client, user, password="fout").status_code == 200
    assert password_step(client, user).status_code == 302


# The Django admin signs in through the same two steps.


def test_admin_login_redirects_to_the_two_step_sign_in(client, world):
    response = client.get("/beheer/")
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "next=%2Fbeheer%2F" in response.url


def test_admin_login_form_cannot_be_used_to_skip_the_code(client, world):
    admin = world.users["administrator"]
    device_for(admin)
    response = client.post(
        reverse("admin:login"), {"username": admin.username, "password": "test-wachtwoord"}
    )
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert not is_signed_in(client)
    assert client.get("/beheer/").status_code == 302


def test_admin_reached_after_both_steps(client, world):
    admin = world.users["administrator"]
    response = sign_in(client, admin, next_url="/beheer/")
    assert response.url == "/beheer/"
    assert client.get("/beheer/").status_code == 200


def test_admin_without_code_is_signed_out(client, world):
    client.force_login(world.users["administrator"])
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert SESSION_KEY not in client.session
