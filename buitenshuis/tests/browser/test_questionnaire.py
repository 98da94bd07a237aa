# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A questionnaire through its single-use link, in the browser (issue 13).

The linking pin of the demo family BH-DEMO-0002 (started three days ago:
the start questionnaires are due) opens the hub's "Vragenlijsten", makes a
link for a parent's wellbeing check and reads it off the page; the parent
opens it on a phone (390 x 844, not signed in), sees only the questionnaire,
first sends it empty (the errors in Dutch), then answers and sends it; a
second visit of the link says politely that it no longer works. axe
(WCAG 2.1 A/AA) checks every page; screenshots go to
/tmp/screens/questionnaire/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from buitenshuis.casework.models import Family, Person
from buitenshuis.casework.panels import hub_url
from buitenshuis.monitoring.models_questionnaires import Instrument, Invitation, Response
from buitenshuis.organisations.models import Role
from buitenshuis.tests.browser.conftest import load_demo_with_accounts
from buitenshuis.tests.browser.journey import Journey
from buitenshuis.tests.browser.test_sign_in_journey import describe

pytestmark = pytest.mark.browser

REFERENCE = "BH-DEMO-0002"
PHONE = {"width": 390, "height": 844}


class Window(Journey):
    folder = "questionnaire"


def test_a_parent_fills_in_a_questionnaire_through_the_link(
    browser, live_server, transactional_db, production_like
):
    world = load_demo_with_accounts({Role.LINKING_PIN: "linkingpin"})
    family = Family.objects.get(reference=REFERENCE)
    parent = family.members.filter(kind=Person.Kind.PARENT).order_by("pk").first()
    instrument = Instrument.objects.get(key="welzijn-ouder")
    contexts = []

    def window(viewport, prefix):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=viewport)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Window(context.new_page(), world, prefix=prefix)

    violations = {}
    try:
        pin = window({"width": 1280, "height": 900}, "pin")
        pin.violations = violations
        pin.sign_in_as(Role.LINKING_PIN)
        page = pin.page
        page.goto(hub_url(family.pk, "questionnaires"))
        panel = page.locator("#questionnaires")
        expect(panel.get_by_role("heading", name="Vragenlijsten", exact=True)).to_be_visible()
        expect(panel).to_contain_text("Nu af te nemen")
        pin.shot("hub")
        pin.axe("hub")

        panel.get_by_role("link", name="Link naar een vragenlijst maken").click()
        page.wait_for_url(f"**{reverse('monitoring:questionnaire_invite', args=[family.pk])}")
        page.get_by_label("Vragenlijst").select_option(label=instrument.name)
        page.get_by_role("radiogroup", name="Moment").get_by_label("Start").check()
        page.get_by_label(f"Ouder: {parent.first_name}").check()
        pin.axe("invite")
        page.get_by_role("button", name="Link maken").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("De link naar de vragenlijst")
        expect(page.locator("svg.segno")).to_be_visible()
        link = page.locator("#questionnaire-link").get_attribute("href")
        assert "/vragenlijst/" in link
        pin.shot("link")
        pin.axe("link")

        # The parent's phone: not signed in, only the link.
        phone = window(PHONE, "ouder")
        phone.violations = violations
        ppage = phone.page
        ppage.goto(link)
        expect(ppage.get_by_role("heading", level=1)).to_have_text(instrument.name)
        body = ppage.locator("body").inner_text()
        for secret in (family.family_name, REFERENCE, parent.first_name, "Uitloggen"):
            assert secret not in body
        assert ppage.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        phone.shot("vragenlijst")
        phone.axe("vragenlijst")

        ppage.get_by_role("button", name="Versturen").click()
        expect(ppage.get_by_text("Kies een antwoord.").first).to_be_visible()
        phone.shot("vragenlijst-fouten")
        phone.axe("vragenlijst met fouten")

        groups = ppage.get_by_role("radiogroup")
        assert groups.count() == instrument.items.count()
        for index in range(groups.count()):
            groups.nth(index).get_by_label("Vaak", exact=True).check()
        ppage.get_by_role("button", name="Versturen").click()
        ppage.wait_for_url(f"**{reverse('monitoring:questionnaire_thanks')}")
        expect(ppage.get_by_role("heading", level=1)).to_have_text("Bedankt voor het invullen")
        phone.shot("bedankt")
        phone.axe("bedankt")

        ppage.goto(link)
        expect(ppage.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet (meer)")
        phone.shot("link-gebruikt")
        phone.axe("link gebruikt")

        invitation = Invitation.objects.filter(enrolment__family=family, used_at__isnull=False)
        response = Response.objects.get(invitation__in=invitation, instrument=instrument)
        assert response.person == parent and response.entered_by is None
        assert response.answers.count() == instrument.items.count()

        # Back on the hub, the linking pin finds it filled in.
        page.goto(hub_url(family.pk, "questionnaires"))
        expect(page.locator("#questionnaires")).to_contain_text("Ingevulde vragenlijsten")
    finally:
        for context in contexts:
            context.close()
    assert not violations, "\n".join(
        f"{name}:\n{describe(found)}" for name, found in violations.items()
    )
