# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Sign in with password and TOTP under production-like
settings, reach the start page, time out after idle, sign out; and axe-core
finds no WCAG 2.1 A/AA violations on the sign-in and start pages."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import PASSWORD, UserFactory
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.browser

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SESSION_COOKIE = "sessionid"


@pytest.fixture
def linking_pin(transactional_db):
    """A linking pin with a confirmed authenticator app."""
    user = UserFactory(username="lp_browser", first_name="Lieke", last_name="Verzonnen")
    MembershipFactory(user=user, role=Role.LINKING_PIN)
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    return user, device


def current_code(device):
    """The code the authenticator app shows now; if this time step's code
    was already used (django-otp refuses a code twice), the next step's,
    which the device accepts within its tolerance of one step."""
    device.refresh_from_db()
    now_t = int((time.time() - device.t0) // device.step)
    drift = max(0, device.last_t + 1 - now_t)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:0{device.digits}d}"


def session_id(page):
    return next((c["value"] for c in page.context.cookies() if c["name"] == SESSION_COOKIE), None)


def sign_in(page, user, device, *, start=None):
    """Password, then the code. ``start`` is where we expect to begin (the
    login page); returns the session id seen after the password step."""
    if start is None:
        page.goto(reverse("accounts:login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"**{reverse('accounts:verify')}**")
    after_password = session_id(page)
    page.get_by_label("Code uit uw authenticator-app").fill(current_code(device))
    page.get_by_role("button", name="Inloggen").click()
    return after_password


def assert_on_start_page(page, user):
    page.wait_for_url(f"**{reverse('portal:start')}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Welkom, {user.first_name}")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def assert_on_login_page(page):
    page.wait_for_url(f"**{reverse('accounts:login')}**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("button", name="Uitloggen")).to_have_count(0)


def test_sign_in_with_totp_idle_timeout_and_sign_out(page, linking_pin, settings, screenshot):
    user, device = linking_pin

    # Not signed in: the start page sends us to the login page.
    page.goto(reverse("portal:start"))
    assert_on_login_page(page)

    # Password, then TOTP; the session id changes again at the sign-in.
    after_password = sign_in(page, user, device, start="login")
    assert_on_start_page(page, user)
    assert after_password and session_id(page) and session_id(page) != after_password

    # With the normal 15 minutes, no warning is shown yet.
    expect(page.locator("#bh-session-warning")).to_be_hidden()

    # Idle: with a 3-second session the warning shows (a minute before the
    # end, at least one second in) and keyboard focus goes to its button.
    # Activity is recorded on every request here (not once a minute), so the
    # idle time counts from the page load just before.
    settings.SESSION_IDLE_SECONDS = 3
    settings.SESSION_REFRESH_SECONDS = 0
    settings.SESSION_COOKIE_AGE = 3
    page.reload()
    warning = page.locator("#bh-session-warning")
    expect(warning).to_be_visible(timeout=5_000)
    expect(warning).to_contain_text("Over een minuut wordt u uitgelogd")
    expect(page.get_by_role("button", name="Ingelogd blijven")).to_be_focused()
    screenshot(page, "idle-warning")

    # After the idle time has passed, the next navigation lands on the login page.
    page.wait_for_timeout(4_500)
    page.goto(reverse("portal:start"))
    assert_on_login_page(page)
    assert "next=" in page.url

    # Signing in again returns to where we were; then sign out.
    settings.SESSION_IDLE_SECONDS = 15 * 60
    settings.SESSION_REFRESH_SECONDS = 60
    settings.SESSION_COOKIE_AGE = 16 * 60
    sign_in(page, user, device, start="login")
    assert_on_start_page(page, user)
    page.get_by_role("button", name="Uitloggen").click()
    assert_on_login_page(page)
    page.goto(reverse("portal:start"))
    assert_on_login_page(page)


def test_wrong_code_is_refused_in_dutch(page, linking_pin):
    user, device = linking_pin
    page.goto(reverse("accounts:login"))
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"**{reverse('accounts:verify')}**")
    wrong = "000000" if current_code(device) != "000000" else "111111"
    page.get_by_label("Code uit uw authenticator-app").fill(wrong)
    page.get_by_role("button", name="Inloggen").click()
    # Shown at the field (and, where the form has one, in the error summary).
    expect(page.get_by_text("Deze code klopt niet").first).to_be_visible()
    page.goto(reverse("portal:start"))
    assert_on_login_page(page)


def wcag_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def describe(violations):
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} [{', '.join(v['tags'])}]")
        for node in v["nodes"][:5]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def test_axe_login_verify_and_start_pages(page, linking_pin, screenshot):
    user, device = linking_pin
    found = {}

    page.goto(reverse("accounts:login"))
    screenshot(page, "login")
    found["login"] = wcag_violations(page)

    # The login page with its error summary (a failed attempt).
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_text("Vul uw gebruikersnaam in.").first).to_be_visible()
    screenshot(page, "login-errors")
    found["login with errors"] = wcag_violations(page)

    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"**{reverse('accounts:verify')}**")
    screenshot(page, "verify")
    found["second step"] = wcag_violations(page)

    page.get_by_label("Code uit uw authenticator-app").fill(current_code(device))
    page.get_by_role("button", name="Inloggen").click()
    assert_on_start_page(page, user)
    screenshot(page, "start")
    found["start"] = wcag_violations(page)

    report = "\n".join(f"{name}:\n{describe(v)}" for name, v in found.items() if v)
    assert not report, "axe-core found WCAG 2.1 A/AA violations:\n" + report
