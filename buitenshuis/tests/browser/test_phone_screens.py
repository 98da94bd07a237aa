# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms and screens at a phone's width: the referral form,
the referrer's list, the referral page and the list of locations at a
phone's width (375 px). Nothing may stick out sideways except inside a
table's scrollable region; the referral form passes axe (WCAG 2.1 A/AA)
with one parent and one child, and after "Nog een kind toevoegen".
Screenshots go to /tmp/screens/phone/."""

import pytest
from django.test import Client
from django.urls import reverse

from buitenshuis.referrals.tests.factories import make_referral
from buitenshuis.tests.browser.conftest import SCREENSHOTS
from buitenshuis.tests.browser.test_sign_in_journey import describe, wcag_violations
from buitenshuis.tests.world import build_world

pytestmark = pytest.mark.browser


def _signed_in_context(browser, live_server, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 375, "height": 812}
    )
    context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "url": live_server.url}]
    )
    return context


def _overflow(page):
    """Elements wider than the screen outside a scrollable table region."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.bh-table-scroll'))
            .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
    )


def test_screens_at_phone_width(browser, live_server, transactional_db, production_like):
    world = build_world()
    referrer, coordinator = world.users["referrer"], world.users["coordinator"]
    referrer.phone = "06 12345678"
    referrer.save()
    referral = make_referral(world.programme, referrer, child_ages=(3, 9, 14))
    folder = SCREENSHOTS / "phone"
    folder.mkdir(parents=True, exist_ok=True)

    context = _signed_in_context(browser, live_server, referrer)
    page = context.new_page()
    page.goto(reverse("referrals:create"))
    page.screenshot(path=str(folder / "referral-form.png"), full_page=True)
    assert _overflow(page) == []
    found = wcag_violations(page)
    assert not found, describe(found)
    page.get_by_label("Voornaam").first.fill("Mira")
    page.get_by_role("button", name="Nog een kind toevoegen").click()
    page.wait_for_load_state()
    assert page.locator('input[name="kind2-first_name"]').is_visible()
    assert page.locator('input[name="ouder1-first_name"]').input_value() == "Mira"
    found = wcag_violations(page)
    assert not found, describe(found)
    page.goto(reverse("referrals:mine"))
    page.screenshot(path=str(folder / "mine.png"), full_page=True)
    assert _overflow(page) == []
    assert referral.family.family_name in page.content()
    context.close()

    context = _signed_in_context(browser, live_server, coordinator)
    page = context.new_page()
    for name, url in (
        ("referral", reverse("referrals:detail", args=[referral.pk])),
        ("referrals", reverse("referrals:list")),
        ("locations", reverse("activities:location_list")),
        ("family", reverse("casework:family_detail", args=[referral.family_id])),
        (
            "family-placements",
            reverse("casework:family_section", args=[referral.family_id, "plaatsingen"]),
        ),
    ):
        page.goto(url)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        assert _overflow(page) == [], name
    context.close()
