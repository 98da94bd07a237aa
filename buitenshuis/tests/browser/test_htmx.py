# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""htmx in a browser, on the demo data (issue 10): a list is searched and
filtered without loading the page (a marker set on ``window`` before the
search is still there after the results changed), the address bar follows
and the back button shows the list before the search, fetched again (no
copy of the page is kept in the browser's storage); a linking pin marks a
signal read in the inbox in place, with the message, the new count and the
focus on the row's new status; a search after the session ended loads the
sign-in page. Every page passes axe (WCAG 2.1 A/AA) after the change.

Without JavaScript the same forms load the page (the Django tests of the
lists and the signals). Screenshots go to /tmp/screens/htmx/."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import PASSWORD
from buitenshuis.activities.models import Signal
from buitenshuis.organisations.models import Role
from buitenshuis.tests.browser.journey import Journey
from buitenshuis.tests.browser.test_sign_in_journey import describe

pytestmark = pytest.mark.browser

REFERENCE = "BH-DEMO-0001"
MARKER = "window.bhNoPageLoad"


@pytest.fixture
def demo(transactional_db):
    """The demo data with a known password and a confirmed authenticator
    app for the demo coordinator and linking pin."""
    from buitenshuis.demo.data import load

    load()
    world = {}
    for role, username in {Role.COORDINATOR: "coordinator", Role.LINKING_PIN: "linkingpin"}.items():
        user = get_user_model().objects.get(username=username)
        user.set_password(PASSWORD)
        user.save()
        device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
        world[role] = (user, device)
    return world


class Htmx(Journey):
    folder = "htmx"

    def mark_the_page(self):
        self.page.evaluate(f"{MARKER} = true")

    def same_page(self):
        return self.page.evaluate(f"{MARKER} === true")

    def assert_accessible(self):
        assert not self.violations, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(
            f"{name}:\n{describe(found)}" for name, found in self.violations.items()
        )


def test_a_list_is_searched_and_filtered_in_place(page, demo):
    journey = Htmx(page, demo)
    journey.sign_in_as(Role.COORDINATOR)
    page.goto(reverse("casework:family_list"))
    count = page.locator("#bh-result-count")
    everyone = count.inner_text()
    assert everyone.endswith("gezinnen") and everyone != "1 gezin"
    journey.mark_the_page()

    page.get_by_label("Zoek op kenmerk, naam of postcode").fill(REFERENCE)
    page.get_by_role("button", name="Zoeken").click()
    expect(count).to_have_text("1 gezin")
    rows = page.locator("#bh-results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(REFERENCE)
    assert journey.same_page(), "the search loaded the whole page"
    assert page.url.endswith(f"{reverse('casework:family_list')}?q={REFERENCE}")
    journey.shot("families-searched")
    journey.axe("gezinnen (gezocht)")

    # Back: the list before the search, asked from the server again; htmx
    # keeps no copy of a page (names of families) in localStorage.
    page.go_back()
    expect(count).to_have_text(everyone)
    assert page.evaluate("localStorage.getItem('htmx-history-cache')") is None

    # A filter applies when it is chosen, without pressing Zoeken.
    page.goto(reverse("activities:location_list"))
    count = page.locator("#bh-result-count")
    expect(count).to_have_text("2 locaties")
    journey.mark_the_page()
    page.get_by_label("Soort activiteit").select_option(label="Kinderdagverblijf")
    expect(count).to_have_text("1 locatie")
    expect(page.locator("#bh-results tbody tr")).to_have_count(1)
    assert journey.same_page(), "choosing a filter loaded the whole page"
    assert "soort=" in page.url
    journey.shot("locations-filtered")
    journey.axe("locaties (gefilterd)")
    journey.assert_accessible()


def test_a_signal_is_marked_read_in_place(page, demo):
    journey = Htmx(page, demo)
    pin = journey.sign_in_as(Role.LINKING_PIN)
    page.goto(reverse("activities:signal_inbox"))
    unread = Signal.objects.get(acknowledged_at__isnull=True)
    child = unread.placement.child.first_name
    row = page.locator(f"#signal-{unread.pk}")
    expect(page.locator("main")).to_contain_text("1 ongelezen signaal.")
    expect(row).to_have_class("utrecht-table__row bh-unread")
    journey.mark_the_page()

    row.get_by_role("button", name=f"Markeer als gelezen: signaal over {child}").click()
    expect(row).to_contain_text(f"Gelezen door {pin.get_full_name()}")
    expect(row).to_have_class("utrecht-table__row")
    expect(page.locator("main")).to_contain_text("0 ongelezen signalen.")
    journey.success(f"Het signaal over {child} is als gelezen gemarkeerd.")
    assert journey.same_page(), "marking the signal read loaded the whole page"
    # The focus is on the text that replaced the button, not lost.
    assert page.evaluate("document.activeElement.id") == f"signal-{unread.pk}-status"
    unread.refresh_from_db()
    assert unread.acknowledged_by == pin
    journey.shot("inbox-read-in-place")
    journey.axe("signalen (gelezen op de plek)")
    journey.assert_accessible()


def test_a_search_after_the_session_ended_loads_the_sign_in_page(page, demo):
    journey = Htmx(page, demo)
    journey.sign_in_as(Role.COORDINATOR)
    page.goto(reverse("casework:family_list"))
    page.context.clear_cookies()  # as when the session has ended
    page.get_by_label("Zoek op kenmerk, naam of postcode").fill(REFERENCE)
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(f"**{reverse('accounts:login')}**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
