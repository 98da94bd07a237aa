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
   school referrals);
4. downloads the dashboard's figures as CSV (the same 6), and opens the
   programme's municipality: its figures above programme level, from the
   summary, suppressed (desktop and 390 px wide).

axe-core checks every page visited (WCAG 2.1 A/AA); screenshots and the
PDF go to /tmp/screens/monitoring/."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.monitoring import indicator_summary
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
    programme = ProgrammeFactory(name=PROGRAMME, municipalities=[home])
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
    # The figures above programme level, as the scheduled refresh makes them.
    indicator_summary.rebuild_all()
    return {"programme": programme, "municipality": home, Role.COORDINATOR: (user, device)}


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

    def downloads_the_figures(self):
        """The dashboard's figures as CSV: the same 6 for the social team."""
        page = self.page
        with page.expect_download() as download:
            page.get_by_role("link", name="Download als CSV").click()
        path = download.value.path()
        text = open(path, encoding="utf-8-sig").read()
        (SCREENSHOTS / self.folder / "cijfers.csv").write_text(text, encoding="utf-8")
        lines = [line.split(";") for line in text.splitlines()]
        assert lines[0][:2] == ["niveau", "selectie"]
        social = [
            line
            for line in lines
            if "referrals_by_route" in line and "social_team" in line and "aantal" in line
        ]
        assert social and social[0][-1] == "6"

    def opens_the_municipality(self):
        """Above the programme: the municipality's figures, suppressed."""
        page = self.page
        name = self.world["municipality"].name
        page.get_by_role("link", name=re.compile(f"^Gemeente {name}")).click()
        page.wait_for_url("**niveau=gemeente*")
        expect(page.get_by_role("heading", level=1)).to_contain_text(name)
        table = page.get_by_role("table", name="Aanmeldingen").first
        # Six through the social team and two through a school: the two would
        # be "<5", but hiding the six as well would still tell that they are
        # 1-3, so the route breakdown is withheld (only its total of 8 shown).
        expect(page.locator("main")).to_contain_text("Deze verdeling wordt niet getoond")
        for route in ("School", "Sociaal"):
            expect(table.get_by_role("row", name=re.compile(f"^{route}"))).to_contain_text("x")
        expect(table.get_by_role("row", name=re.compile("^Totaal"))).to_contain_text("8")
        # No list behind a figure above the programme.
        expect(page.locator(f"a[href*='{reverse('monitoring:dashboard')}cijfer/']")).to_have_count(
            0
        )
        self.check("04-municipality")
        page.set_viewport_size(PHONE)
        self.shot("04-municipality-390")
        page.set_viewport_size(DESK)

    def assert_accessible(self):
        report = "\n".join(f"{name}:\n{describe(v)}" for name, v in self.violations.items())
        assert not report, "axe-core found WCAG 2.1 A/AA violations:\n" + report


def test_the_coordinator_follows_a_figure_and_prints_the_council_report(page, monitoring_world):
    journey = Monitoring(page, monitoring_world)
    journey.coordinator_opens_the_dashboard()
    journey.follows_a_figure_to_its_list()
    journey.prints_the_council_report()
    journey.page.goto(journey.page.url.split("/monitoring/")[0] + reverse("monitoring:dashboard"))
    journey.downloads_the_figures()
    journey.opens_the_municipality()
    journey.assert_accessible()
