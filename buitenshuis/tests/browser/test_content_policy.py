# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The Content-Security-Policy in a real browser: the demo's pages of every
role, the administrator's screens (Django's admin) included, the sign-in
steps, the set-up of the authenticator app and the error page break no
rule of the policy, raise no script error, draw no complaint about the
Permissions-Policy, and pass axe (WCAG 2.1 A/AA).

Chromium reports a blocked inline script or style, a blocked source or a
blocked eval twice: as a ``securitypolicyviolation`` event in the page
(recorded by an init script, which Playwright injects outside the page's
policy) and as a console message. Both are collected, per page. The test
first shows that the recorder sees a violation when there is one.

Screenshots go to /tmp/screens/policy/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import PASSWORD, UserFactory
from buitenshuis.casework.models import Family
from buitenshuis.organisations.models import Municipality, Programme, Role
from buitenshuis.organisations.tests.factories import MembershipFactory
from buitenshuis.tests.browser.conftest import load_demo_with_accounts
from buitenshuis.tests.browser.journey import Journey
from buitenshuis.tests.browser.test_sign_in_journey import describe

pytestmark = pytest.mark.browser

REFERENCE = "BH-DEMO-0001"
DEMO_ACCOUNTS = {
    "coordinator": "coordinator",
    "policy_officer": "beleid",
    "linking_pin": "linkingpin",
    "location_staff": "opvang",
    "referrer": "verwijzer",
    "researcher": "onderzoeker",
    "administrator": "beheer",
}

RECORDER = """
window.__policyViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__policyViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
      ` at ${event.sourceFile || "?"}:${event.lineNumber} ${event.sample || ""}`
  );
});
"""
# Console messages that mean a header is not right.
COMPLAINTS = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy")


class PolicyJourney(Journey):
    folder = "policy"

    def __init__(self, page, world):
        super().__init__(page, world)
        self.problems = {}
        self.console = []
        page.context.add_init_script(RECORDER)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console.append(f"{page.url}: {error}"))

    def _on_console(self, message):
        if any(word in message.text for word in COMPLAINTS):
            self.console.append(f"{self.page.url}: {message.type}: {message.text}")

    def recorded(self):
        return self.page.evaluate("window.__policyViolations || []")

    def visit(self, name, url):
        response = self.page.goto(url)
        self.page.wait_for_load_state()
        assert response is not None and response.headers.get("content-security-policy"), url
        self.check(name)

    def check(self, name):
        self.shot(name)
        found = self.recorded()
        if found:
            self.problems[name] = found
        # axe-core reads the text of stylesheets with @import rules (Django
        # admin's forms.css) into <style> elements of a document of its own,
        # which the policy refuses: those reports are axe's, not the page's.
        console = len(self.console)
        self.axe(name)
        del self.console[console:]
        self.page.evaluate("window.__policyViolations = []")

    def sign_in_as(self, role):
        user = super().sign_in_as(role)
        self.check(f"{role}-start")
        return user


@pytest.fixture
def demo_world(transactional_db):
    """The demo data, with a known password and a confirmed authenticator
    app for every demo account."""
    world = load_demo_with_accounts(DEMO_ACCOUNTS)
    return world


def test_no_page_breaks_the_content_policy(page, demo_world):
    journey = PolicyJourney(page, demo_world)
    family = Family.objects.get(reference=REFERENCE)
    family_page = reverse("casework:family_detail", args=[family.pk])
    # The hub's sections with the most on them (forms, htmx, folded lists).
    placements = reverse("casework:family_section", args=[family.pk, "plaatsingen"])
    contact = reverse("casework:family_section", args=[family.pk, "contacten"])

    # The recorder sees a violation when there is one: a style attribute
    # added to the page is refused and reported, in the page and the console.
    page.goto(reverse("accounts:login"))
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_function("window.__policyViolations.length > 0", timeout=5000)
    refused = page.locator("p[style]").evaluate("p => getComputedStyle(p).color")
    assert refused != "rgb(255, 0, 0)"
    assert "style-src" in journey.recorded()[0]
    assert any("Content Security Policy" in line for line in journey.console)
    journey.console.clear()
    # htmx, where a page loads it, adds no <style> of its own, evaluates no
    # code from attributes and runs no script from an answer.
    if page.evaluate("typeof htmx !== 'undefined'"):
        config = page.evaluate("htmx.config")
        assert config["includeIndicatorStyles"] is False
        assert config["allowEval"] is False and config["allowScriptTags"] is False

    # Anonymous: the sign-in page and an address that does not exist.
    journey.visit("inloggen", reverse("accounts:login"))
    journey.visit("niet-gevonden", "/bestaat-niet/")

    pages = {
        "coordinator": [
            ("gezinnen", reverse("casework:family_list")),
            ("gezin", family_page),
            ("aanmeldingen", reverse("referrals:list")),
            ("beschikkingsteksten", reverse("referrals:letter_texts")),
            ("programma-instellingen", reverse("programmes:settings")),
            ("locaties", reverse("activities:location_list")),
            ("signalen", reverse("activities:signal_inbox")),
            ("training", reverse("training:overview")),
        ],
        "policy_officer": [
            ("taken", reverse("referrals:tasks")),
            ("gezin", family_page),
        ],
        "linking_pin": [
            ("gezinnen", reverse("casework:family_list")),
            ("gezin", family_page),
            ("gezin-plaatsingen", placements),
            ("gezin-contact", contact),
            ("mijn-aanmeldingen", reverse("referrals:mine")),
            ("aanmelden", reverse("referrals:create")),
            ("signalen", reverse("activities:signal_inbox")),
        ],
        "location_staff": [
            ("kinderen", reverse("activities:my_children")),
            ("mijn-training", reverse("training:mine")),
        ],
        "referrer": [
            ("mijn-aanmeldingen", reverse("referrals:mine")),
            ("aanmelden", reverse("referrals:create")),
        ],
        "researcher": [
            ("instellingen", reverse("accounts:settings")),
        ],
        "administrator": [
            ("beheer", reverse("admin:index")),
            ("gebruikers", reverse("admin:accounts_user_changelist")),
            (
                "gebruiker-wijzigen",
                reverse("admin:accounts_user_change", args=[demo_world["linking_pin"][0].pk]),
            ),
            ("gebruiker-toevoegen", reverse("admin:accounts_user_add")),
            ("lidmaatschap-toevoegen", reverse("admin:organisations_membership_add")),
            ("lidmaatschappen", reverse("admin:organisations_membership_changelist")),
            (
                "gemeente-wijzigen",
                reverse(
                    "admin:organisations_municipality_change",
                    args=[Municipality.objects.order_by("pk").first().pk],
                ),
            ),
            (
                "programma-wijzigen",
                reverse(
                    "admin:organisations_programme_change",
                    args=[Programme.objects.order_by("pk").first().pk],
                ),
            ),
            ("logboek-gezin", reverse("access:family_log")),
            ("logboek-lidmaatschappen", reverse("access:membership_log")),
        ],
    }
    for role, visits in pages.items():
        journey.sign_in_as(role)
        for name, url in visits:
            journey.visit(f"{role}-{name}", url)

    # The linking pin's referral form with its error summary.
    journey.sign_in_as("linking_pin")
    page.goto(reverse("referrals:create"))
    page.get_by_role("button", name="Aanmelding versturen").click()
    page.wait_for_load_state()
    journey.check("linking_pin-aanmelden-fouten")

    # A new user links the authenticator app: the page with the QR code.
    newcomer = UserFactory(username="nieuw_policy", first_name="Nina", last_name="Nieuw")
    MembershipFactory(user=newcomer, role=Role.RESEARCHER)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"**{reverse('accounts:login')}**")
    page.get_by_label("Gebruikersnaam").fill(newcomer.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url(f"**{reverse('accounts:setup')}**")
    expect(page.locator("svg.segno")).to_be_visible()
    journey.check("app-koppelen")

    assert not journey.problems, "\n".join(
        f"{name}: {found}" for name, found in journey.problems.items()
    )
    assert not journey.console, "\n".join(journey.console)
    assert not journey.violations, "\n".join(
        f"{name}:\n{describe(found)}" for name, found in journey.violations.items()
    )
