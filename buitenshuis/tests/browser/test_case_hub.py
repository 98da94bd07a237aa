# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The case hub in a browser: the demo's running family BH-DEMO-0001 (two
parents, three children with BSNs, placements, signals read and unread,
contacts) opened by the demo linking pin, coordinator and policy officer,
each signed in through the real two-step sign-in and arriving from the
list of families. The hub is in sections, one page each: each role goes
through the sections its navigation offers and sees exactly the panels of
the kinds of data ACCESS.md gives their role (by the panels' headings),
every page passes axe (WCAG 2.1 A/AA) and nothing sticks out sideways at a
phone's width (390 px) outside a table's scrollable region. The linking
pin marks a signal read on the hub and lands back on its section.

Screenshots (desktop and phone, per role) go to /tmp/screens/hub/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from buitenshuis.casework.models import Family
from buitenshuis.organisations.models import Role
from buitenshuis.tests.browser.conftest import load_demo_with_accounts
from buitenshuis.tests.browser.journey import Journey
from buitenshuis.tests.browser.test_sign_in_journey import describe

pytestmark = pytest.mark.browser

REFERENCE = "BH-DEMO-0001"
DEMO_ACCOUNTS = {
    Role.LINKING_PIN: "linkingpin",
    Role.COORDINATOR: "coordinator",
    Role.POLICY_OFFICER: "beleid",
}
# By ACCESS.md: the decision, the intake (with the Verwijsindex date) and
# the placements for all three roles; who stands in, contacts (and the
# network meetings' date, minutes and kind), signals, goals, agreements,
# support and reviews for the linking pin and the coordinator; the safety
# plan (contact notes) and the change history for the linking pin alone.
# The closure panel shows only once the enrolment is closed (its section is
# offered, with nothing recorded yet), the context panel only when the
# family had an earlier referral (BH-DEMO-0001 has neither).
APPLICATION = ["Aanmelding en besluit", "Intake en toestemming", "Verwijsindex"]
CONTACT = ["Contactmomenten", "Netwerkoverleg", "Afspraken"]
GOALS = ["Doelen", "Ondersteuning ouders", "Evaluaties"]
# Every role's sections (by their label in the navigation) with the panels
# on each, in page order; the overview starts with "Gezinsleden".
SECTIONS = {
    Role.LINKING_PIN: {
        "Overzicht": ["Gezinsleden", "Traject", "Waarneming"],
        "Aanmelding": APPLICATION,
        "Plaatsingen": ["Plaatsingen", "Signalen van de opvanglocaties"],
        "Contact": CONTACT,
        # The questionnaires: a person's answers are the linking pin's alone.
        "Doelen en evaluaties": [*GOALS, "Veiligheidsplan", "Vragenlijsten"],
        "Afsluiting": [],
        "Geschiedenis": ["Wijzigingsgeschiedenis"],
    },
    Role.COORDINATOR: {
        "Overzicht": ["Gezinsleden", "Traject", "Waarneming"],
        "Aanmelding": APPLICATION,
        "Plaatsingen": ["Plaatsingen", "Signalen van de opvanglocaties"],
        "Contact": CONTACT,
        "Doelen en evaluaties": GOALS,
        "Afsluiting": [],
    },
    Role.POLICY_OFFICER: {
        "Overzicht": ["Gezinsleden", "Traject"],
        "Aanmelding": APPLICATION,
        "Plaatsingen": ["Plaatsingen"],
        "Afsluiting": [],
    },
}


@pytest.fixture
def demo_hub(transactional_db):
    """The demo data with a known password and a confirmed authenticator
    app for the three demo accounts that open the hub."""
    world = load_demo_with_accounts(DEMO_ACCOUNTS)
    world["family"] = Family.objects.get(reference=REFERENCE)
    return world


class Hub(Journey):
    folder = "hub"

    def open_from_the_family_list(self):
        page = self.page
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Gezinnen", exact=True
        ).click()
        page.wait_for_url(f"**{reverse('casework:family_list')}")
        page.get_by_label("Zoek op kenmerk, naam of postcode").fill(REFERENCE)
        page.get_by_role("button", name="Zoeken").click()
        page.wait_for_load_state()
        family = self.world["family"]
        self.click_link(REFERENCE, reverse("casework:family_detail", args=[family.pk]))
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Gezin {REFERENCE}")

    def panel_headings(self):
        return self.page.locator("section.bh-panel > h2").all_inner_texts()

    def sections(self):
        """The hub's section navigation: its links' labels."""
        nav = self.page.get_by_role("navigation", name="Onderdelen van het gezinsdossier")
        return nav.get_by_role("link").all_inner_texts()

    def open_section(self, label):
        nav = self.page.get_by_role("navigation", name="Onderdelen van het gezinsdossier")
        nav.get_by_role("link", name=label, exact=True).click()
        self.page.wait_for_load_state()
        current = nav.locator('a[aria-current="page"]')
        expect(current).to_have_text(label)
        expect(self.page.get_by_role("heading", level=1)).to_have_text(f"Gezin {REFERENCE}")

    def overflow(self):
        """Elements wider than the screen outside a scrollable table region."""
        return self.page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => !e.closest('.bh-table-scroll'))
                .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
                .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
        )

    def at_phone_width(self, name):
        page = self.page
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        self.shot(f"{name}-phone")
        assert self.overflow() == [], name
        page.set_viewport_size({"width": 1280, "height": 900})


def test_each_role_sees_exactly_its_panels(page, demo_hub):
    hub = Hub(page, demo_hub)
    for role in (Role.LINKING_PIN, Role.COORDINATOR, Role.POLICY_OFFICER):
        name = role.value
        hub.sign_in_as(role)
        hub.open_from_the_family_list()
        # The navigation offers the sections the role may see something of.
        assert hub.sections() == list(SECTIONS[role]), name
        seen = {}
        for label in SECTIONS[role]:
            hub.open_section(label)
            seen[label] = hub.panel_headings()
            if not seen[label]:
                expect(page.get_by_text("Nog niets vastgelegd.")).to_be_visible()
            shot = f"{name}-{label.split()[0].lower()}"
            hub.shot(shot)
            hub.axe(f"hub ({name}, {label})")
            if label in ("Overzicht", "Plaatsingen", "Contact"):
                hub.at_phone_width(shot)
        assert seen == SECTIONS[role], name
    assert not hub.violations, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(
        f"{name}:\n{describe(found)}" for name, found in hub.violations.items()
    )


def test_the_linking_pin_marks_a_signal_read_on_the_hub(page, demo_hub):
    hub = Hub(page, demo_hub)
    hub.sign_in_as(Role.LINKING_PIN)
    hub.open_from_the_family_list()
    hub.open_section("Plaatsingen")
    signals = page.locator("section#signals")
    expect(signals).to_contain_text("1 ongelezen signaal.")
    signals.get_by_role("button", name="Markeer als gelezen: signaal over Timo").click()
    section = reverse("casework:family_section", args=[demo_hub["family"].pk, "plaatsingen"])
    page.wait_for_url(f"**{section}**")
    hub.success("Het signaal over Timo is als gelezen gemarkeerd.")
    expect(page.locator("section#signals")).to_contain_text("0 ongelezen signalen.")
