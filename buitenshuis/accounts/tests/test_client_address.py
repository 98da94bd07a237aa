# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Behind the TLS proxy every request comes from the proxy's address; the
client's address is in X-Forwarded-For. One function decides it, for the
lockout (django-axes) and for the access log alike."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.accounts.tests.helpers import device_for, password_step, sign_in, wrong_code
from buitenshuis.audit import log
from buitenshuis.audit.models import AccessLogEntry, Action, Outcome
from buitenshuis.core.client_address import client_ip

PROXY = "10.0.0.2"  # the TLS proxy, the only address Django ever sees
CLIENT_A = "203.0.113.10"  # a municipality's office
CLIENT_B = "198.51.100.20"  # a colleague working from home
VERIFY = reverse("accounts:verify")


def through_proxy(client_address, forged=None):
    """A browser at ``client_address`` behind one proxy that appends the
    address it received the request from (nginx: $proxy_add_x_forwarded_for).
    ``forged`` is an X-Forwarded-For the browser sent itself."""
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.fixture
def behind_proxy(settings):
    settings.PROXY_COUNT = 1
    return settings


@pytest.fixture
def user(db):
    user = UserFactory(username="jansen")
    device_for(user)
    return user


def fail_five_times(browser, user):
    for _ in range(5):
        response = password_step(browser, user, password="fout")
    assert response.status_code == 403
    assert "Tijdelijk geblokkeerd" in response.content.decode()


def test_failures_from_one_client_lock_out_that_client_only(behind_proxy, user):
    fail_five_times(through_proxy(CLIENT_A), user)

    # Client A is locked out, even with the right password ...
    assert password_step(through_proxy(CLIENT_A), user).status_code == 403
    # ... but the same user at client B (the same proxy) signs in.
    response = password_step(through_proxy(CLIENT_B), user)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    # The lockout is stored per username and client address, not the proxy's.
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("jansen", CLIENT_A)


def test_another_user_at_the_same_client_is_not_locked_out(behind_proxy, user):
    colleague = UserFactory(username="pietersen")
    device_for(colleague)
    fail_five_times(through_proxy(CLIENT_A), user)
    assert password_step(through_proxy(CLIENT_A), colleague).url.startswith(VERIFY)


def test_a_forged_hop_does_not_choose_the_address(behind_proxy, user):
    # A different forged address on every attempt does not escape the
    # lockout: the address the proxy appended decides.
    for n in range(5):
        response = password_step(through_proxy(CLIENT_A, forged=f"192.0.2.{n + 1}"), user, "fout")
    assert response.status_code == 403
    assert password_step(through_proxy(CLIENT_A, forged="192.0.2.99"), user).status_code == 403
    # Forging client B's address locks out the attacker, not client B.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT_A}
    assert password_step(through_proxy(CLIENT_B), user).url.startswith(VERIFY)


def test_without_proxy_count_the_header_is_not_trusted(settings, user):
    settings.PROXY_COUNT = 0
    # Directly connected: a header the client sends is ignored, so it cannot
    # pick a fresh address for every attempt.
    for n in range(5):
        browser = Client(REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}")
        response = password_step(browser, user, password="fout")
    assert response.status_code == 403
    assert AccessAttempt.objects.get().ip_address == CLIENT_A


def test_the_access_log_records_the_client_not_the_proxy(behind_proxy, world):
    linking_pin = world.users["linking_pin"]
    browser = through_proxy(CLIENT_A, forged="192.0.2.66")
    sign_in(browser, linking_pin)
    response = browser.get(reverse("casework:family_detail", args=[world.own_family.pk]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(user=linking_pin).latest("pk")
    assert entry.action == Action.VIEW
    assert entry.ip_address == CLIENT_A


def test_a_failed_second_step_is_logged_with_the_client_address(behind_proxy, user):
    browser = through_proxy(CLIENT_B)
    verify_url = password_step(browser, user).url
    browser.post(verify_url, {"token": wrong_code(device_for(user))})
    entry = AccessLogEntry.objects.get(username="jansen", outcome=Outcome.FAILED)
    assert entry.ip_address == CLIENT_B


def test_the_access_log_and_the_lockout_share_one_implementation(settings):
    assert log.client_ip is client_ip
    assert settings.AXES_CLIENT_IP_CALLABLE == "buitenshuis.core.client_address.client_ip"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.10", PROXY),  # no proxy: the header is the client's own
        (1, "203.0.113.10", "203.0.113.10"),
        (1, "192.0.2.1, 203.0.113.10", "203.0.113.10"),  # forged hop in front
        (1, "niet-een-adres, 203.0.113.10", "203.0.113.10"),
        (1, "2001:DB8:0:0::1", "2001:db8::1"),  # as the database gives it back
        (1, "::ffff:192.0.2.7", "192.0.2.7"),
        (1, "10.20.30.40", "10.20.30.40"),  # a client on the internal network
        (2, "192.0.2.1, 203.0.113.10, 10.0.0.3", "203.0.113.10"),  # two proxies
        (1, "", PROXY),  # not through the proxy: the connecting address
        (2, "203.0.113.10", PROXY),  # fewer hops than proxies: not trusted
    ],
)
def test_client_ip(settings, proxies, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_other_client_headers_are_never_trusted(behind_proxy):
    request = RequestFactory().get(
        "/",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="10.20.30.40",
        HTTP_CLIENT_IP="192.0.2.1",
        HTTP_X_REAL_IP="192.0.2.2",
        HTTP_FORWARDED="for=192.0.2.3",
        HTTP_CF_CONNECTING_IP="192.0.2.4",
    )
    assert client_ip(request) == "10.20.30.40"
