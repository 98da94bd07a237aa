# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Monitoring in the browser (issue 13), under production-like settings
(password + TOTP, DEBUG off), in a programme of its own with this year's
referrals (six through the social team, two through a school):

1. the coordinator opens "Monitoring" from the start page: the dashboard
   of the programme, exact, with the referrals per route as a chart and a
   table (desktop and 390 px wide);
2. follows the figure "6" (social team) to its list, which shows the same
   number of rows, and goes back;
3. opens this year's council report and prints it: the PDF's text
   (pdftotext) has the report's title, the programme and a "<5" (the two
   school referrals).

axe-core checks every page visited (WCAG 2.1 A/AA); screenshots and the
PDF go to /tmp/screens/monitoring/."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.organisations.models import OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from buitenshuis.referrals.models import Route
from buitenshuis.referrals.tests.factories import ReferralFactory
from buitenshuis.tests.browser.conftest import SCREENSHOTS
from buitenshuis.tests.browser.journey import Journey
from buitenshuis.tests.browser.test_sign_in_journey import describe
from buitenshuis.tests.browser.test_voorbeeld_3_4 import pdf_text

pytestmark = pytest.mark.browser

PROGRAMME = "Buitenshuis Verzonnen Meetstad"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def monitoring_world(transactional_db):
    home = MunicipalityFactory(name="Verzonnen Meetstad")
    programme = ProgrammeFactory(name=PROGRAMME)
    programme.municipalities.add(home)
    user = UserFactory(username="coordinator_m", first_name="Mira", last_name="Meter")
    MembershipFactory(
        user=user,
        role=Role.COORDINATOR,
        programme=programme,
        organisation=OrganisationFactory(type=OrganisationType.YOUTH_CARE),
    )
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    social_team = OrganisationFactory(type=OrganisationType.SOCIAL_TEAM)
    school = OrganisationFactory(type=OrganisationType.SCHOOL)
    for route, organisation, n in ((Route.SOCIAL_TEAM, social_team, 6), (Route.SCHOOL, school, 2)):
        for _ in range(n):
            ReferralFactory(programme=programme, route=route, referrer_organisation=organisation)
    return {"programme": programme, Role.COORDINATOR: (user, device)}


class Monitoring(Journey):
    folder = "monitoring"

    def check(self, name):
        self.axe(name)
        self.shot(name)

    def coordinator_opens_the_dashboard(self):
        page = self.page
        self.sign_in_as(Role.COORDINATOR)
        page.get_by_role("link", name="Monitoring", exact=True).click()
        page.wait_for_url("**" + reverse("monitoring:dashboard") + "*")
        expect(page.get_by_role("heading", level=1)).to_contain_text(PROGRAMME)
        expect(page.get_by_role("heading", name="Aanmeldingen per route")).to_be_visible()
        chart = page.locator("svg#grafiek-referrals-by-route-referrals")
        expect(chart).to_have_attribute("role", "img")
        self.check("01-dashboard")
        page.set_viewport_size(PHONE)
        self.shot("01-dashboard-390")
        page.set_viewport_size(DESK)

    def follows_a_figure_to_its_list(self):
        page = self.page
        dashboard_url = page.url
        table = page.get_by_role("table", name="Aanmeldingen").first
        row = table.get_by_role("row", name=re.compile(r"Sociaal \(wijk\)team"))
        link = row.get_by_role("link")
        expect(link).to_contain_text("6")
        link.click()
        page.wait_for_url(
            "**"
            + reverse("monitoring:indicator_rows", args=["referrals_by_route", "referrals"])
            + "*"
        )
        expect(page.locator("#bh-result-count")).to_have_text("6 rijen")
        expect(page.locator("main tbody tr")).to_have_count(6)
        self.check("02-rows-behind-the-figure")
        page.get_by_role("link", name="Terug naar het dashboard").click()
        page.wait_for_url("**" + reverse("monitoring:dashboard") + "*")
        assert "niveau=programma" in page.url or page.url == dashboard_url

    def prints_the_council_report(self):
        page = self.page
        page.get_by_role("link", name=re.compile(r"^Raadsrapportage \d{4}$")).click()
        page.wait_for_url("**" + reverse("monitoring:council_report") + "*")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Raadsrapportage")
        expect(page.locator("main")).to_contain_text("<5")  # the two school referrals
        self.check("03-council-report")
        link = page.get_by_role("link", name="Raadsrapportage als PDF")
        href = link.get_attribute("href")
        response = page.request.get(href)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        body = response.body()
        text = " ".join(pdf_text(body).split())
        folder = SCREENSHOTS / self.folder
        (folder / "raadsrapportage.pdf").write_bytes(body)
        (folder / "raadsrapportage.txt").write_text(text, encoding="utf-8")
        assert "Raadsrapportage Buitenshuisproject" in text
        assert PROGRAMME in text
        assert "<5" in text

    def assert_accessible(self):
        report = "\n".join(f"{name}:\n{describe(v)}" for name, v in self.violations.items())
        assert not report, "axe-core found WCAG 2.1 A/AA violations:\n" + report


def test_the_coordinator_follows_a_figure_and_prints_the_council_report(page, monitoring_world):
    journey = Monitoring(page, monitoring_world)
    journey.coordinator_opens_the_dashboard()
    journey.follows_a_figure_to_its_list()
    journey.prints_the_council_report()
    journey.assert_accessible()
