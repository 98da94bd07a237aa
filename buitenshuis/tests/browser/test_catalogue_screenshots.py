# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The screenshots publiccode.yml shows in the public-sector catalogues,
taken from the demo data (invented people only) with production settings:
the linking pin's start page, the case hub of the demo family BH-DEMO-0001,
the referrer's referral form, and location staff's start page on a phone
(375 x 667 at twice the pixels, the standard's suggested phone size; the
desktop ones are 1280 x 800). Each page must show what its caption promises
and pass axe (WCAG 2.1 A/AA); the phone page must not stick out sideways.

They go to /tmp/screens/catalogue/; with BUITENSHUIS_CATALOGUE_SCREENSHOTS
set to a folder (``make screenshots`` sets docs/screenshots) they are written
there, to be committed."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from buitenshuis.tests.browser.conftest import SCREENSHOTS
from buitenshuis.tests.browser.test_sign_in_journey import describe, wcag_violations

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True}
REFERENCE = "BH-DEMO-0001"


def _folder():
    chosen = os.environ.get("BUITENSHUIS_CATALOGUE_SCREENSHOTS")
    folder = (ROOT / chosen) if chosen else SCREENSHOTS / "catalogue"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def demo(transactional_db, production_like):
    from buitenshuis.demo.data import load

    load()


def _signed_in(browser, live_server, username, device):
    """A browser context for a demo account with a verified second factor,
    without going through the sign-in pages (the journeys test those)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    otp, _ = TOTPDevice.objects.get_or_create(user=user, name="telefoon", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = otp.persistent_id
    session.save()
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", **device)
    context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "url": live_server.url}]
    )
    return user, context


def _take(page, name):
    found = wcag_violations(page)
    assert not found, f"{name}:\n{describe(found)}"
    path = _folder() / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def test_screenshots_for_the_catalogue(browser, live_server, demo):
    from buitenshuis.casework.models import Family

    user, context = _signed_in(browser, live_server, "linkingpin", DESKTOP)
    page = context.new_page()
    page.goto(reverse("portal:start"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Welkom, {user.first_name}")
    expect(page.get_by_role("heading", name="Wat op u wacht")).to_be_visible()
    _take(page, "start-linking-pin")

    family = Family.objects.get(reference=REFERENCE)
    page.goto(reverse("casework:family_detail", args=[family.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Gezin {REFERENCE}")
    expect(page.locator("section.bh-panel > h2").first).to_have_text("Gezinsleden")
    _take(page, "case-hub")
    context.close()

    _user, context = _signed_in(browser, live_server, "verwijzer", DESKTOP)
    page = context.new_page()
    page.goto(reverse("referrals:create"))
    expect(page.get_by_role("button", name="Nog een kind toevoegen")).to_be_visible()
    _take(page, "referral-form")
    context.close()

    user, context = _signed_in(browser, live_server, "opvang", PHONE)
    page = context.new_page()
    page.goto(reverse("portal:start"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Welkom, {user.first_name}")
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.bh-table-scroll'))
            .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
    )
    assert overflow == []
    path = _take(page, "start-phone")
    context.close()
    # Twice the pixels of the phone's 375 points.
    assert path.read_bytes()[16:20] == (750).to_bytes(4, "big")
