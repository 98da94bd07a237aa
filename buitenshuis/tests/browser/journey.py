# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What the browser journeys share: one page, users switching by signing
out and in again through the real two-step sign-in, screenshots, and axe
findings collected per page."""

from django.urls import reverse
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import PASSWORD
from buitenshuis.tests.browser.conftest import SCREENSHOTS
from buitenshuis.tests.browser.test_sign_in_journey import current_code, wcag_violations


class Journey:
    """``world`` maps a role to ``(user, confirmed TOTP device)``;
    screenshots go to ``SCREENSHOTS / folder`` with ``prefix``."""

    folder = "journeys"

    def __init__(self, page, world, prefix=""):
        self.page = page
        self.world = world
        self.prefix = prefix
        self.violations = {}

    def shot(self, name):
        folder = SCREENSHOTS / self.folder
        folder.mkdir(parents=True, exist_ok=True)
        filename = f"{self.prefix}-{name}.png" if self.prefix else f"{name}.png"
        self.page.screenshot(path=str(folder / filename), full_page=True)

    def axe(self, name):
        found = wcag_violations(self.page)
        if found:
            self.violations[name] = found

    def sign_in_as(self, role):
        user, device = self.world[role]
        page = self.page
        if page.get_by_role("button", name="Uitloggen").count():
            page.get_by_role("button", name="Uitloggen").click()
            page.wait_for_url(f"**{reverse('accounts:login')}**")
        page.goto(reverse("accounts:login"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
        page.get_by_label("Gebruikersnaam").fill(user.username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_url(f"**{reverse('accounts:verify')}**")
        page.get_by_label("Code uit uw authenticator-app").fill(current_code(device))
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(f"**{reverse('portal:start')}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Welkom, {user.first_name}")
        return user

    def click_link(self, name, url):
        self.page.get_by_role("link", name=name, exact=True).first.click()
        self.page.wait_for_url(f"**{url}")

    def submit(self, button, url):
        self.page.get_by_role("button", name=button).click()
        self.page.wait_for_url(f"**{url}")

    def success(self, text):
        expect(self.page.locator(".bh-messages")).to_contain_text(text)
