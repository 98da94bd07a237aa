# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The research export in the browser, under production-like settings
(password + TOTP, DEBUG off):

1. the coordinator opens "Onderzoek", requests an export of the programme
   with free text left out, reads the k-anonymity report and releases it
   after ticking the confirmation;
2. the researcher opens "Onderzoek", the export, and downloads the ZIP;
   the test opens it: the codebook names exactly the columns of each of
   its files, and no name, street or BSN of the family is in it.

axe-core checks every page visited; screenshots go to
/tmp/screens/research_export/."""

import csv
import io
import json
import zipfile

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.casework.models import Person
from buitenshuis.organisations.models import OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import make_referral
from buitenshuis.tests.browser.journey import Journey
from buitenshuis.tests.browser.test_sign_in_journey import describe

BSN = "123456782"


@pytest.fixture
def research_world(transactional_db):
    programme = ProgrammeFactory(name="Programma Verzonnen Onderzoek")
    world = {"programme": programme}
    people = {
        Role.COORDINATOR: ("coordinator_r", "Cato", OrganisationType.YOUTH_CARE),
        Role.RESEARCHER: ("onderzoeker_r", "Olga", OrganisationType.MUNICIPALITY),
        Role.REFERRER: ("verwijzer_r", "Ruud", OrganisationType.SOCIAL_TEAM),
    }
    for role, (username, first, org_type) in people.items():
        user = UserFactory(username=username, first_name=first, last_name="Verzonnen")
        MembershipFactory(
            user=user,
            role=role,
            programme=programme,
            organisation=OrganisationFactory(type=org_type),
        )
        device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
        world[role] = (user, device)
    referral = make_referral(
        programme, world[Role.REFERRER][0], child_ages=(5, 9), status=Referral.Status.ACCEPTED
    )
    family = referral.family
    family.family_name = "Quakkelstein"
    family.street = "Brandnetelhof"
    family.save()
    child = family.members.filter(kind=Person.Kind.CHILD).first()
    child.last_name = "Quakkelstein"
    child.set_bsn(BSN)
    child.save()
    world["family"] = family
    return world


class ResearchJourney(Journey):
    folder = "research_export"

    def open_research(self):
        self.page.get_by_role("link", name="Onderzoek", exact=True).first.click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Onderzoeksexports")
        self.axe("list")

    def coordinator_requests_and_releases(self):
        page = self.page
        self.sign_in_as(Role.COORDINATOR)
        self.open_research()
        page.get_by_role("link", name="Onderzoeksexport aanvragen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Onderzoeksexport aanvragen")
        expect(page.get_by_label("Weglaten")).to_be_checked()
        self.axe("request")
        self.shot("1-request")
        page.get_by_role("button", name="Export maken").click()
        expect(page.get_by_role("heading", name="k-anonimiteit")).to_be_visible()
        expect(page.locator("#smallest-class")).to_have_text("1")
        expect(page.locator("#export-status")).to_contain_text("Aangevraagd")
        self.success("Bekijk het rapport over de k-anonimiteit")
        self.axe("detail-requested")
        self.shot("2-report")
        page.get_by_role("link", name="Rapport bevestigen en vrijgeven").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Onderzoeksexport vrijgeven")
        self.axe("release")
        page.get_by_label("Ik heb het rapport over de k-anonimiteit gezien").check()
        page.get_by_role("button", name="Vrijgeven").click()
        self.success("De export is vrijgegeven")
        expect(page.locator("#export-status")).to_contain_text("Vrijgegeven")
        # The coordinator requests; only the researcher downloads.
        expect(page.get_by_role("link", name="Export downloaden")).to_have_count(0)
        self.shot("3-released")

    def researcher_downloads(self, tmp_path):
        page = self.page
        self.sign_in_as(Role.RESEARCHER)
        self.open_research()
        page.get_by_role("link", name="Onderzoeksexport #").first.click()
        expect(page.locator("#export-status")).to_contain_text("Vrijgegeven")
        self.axe("detail-researcher")
        self.shot("4-researcher")
        with page.expect_download() as info:
            page.get_by_role("link", name="Export downloaden").click()
        download = info.value
        assert download.suggested_filename.startswith("onderzoeksexport-")
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        return path.read_bytes()

    def assert_accessible(self):
        report = "\n".join(f"{name}:\n{describe(v)}" for name, v in self.violations.items())
        assert not report, "axe-core found WCAG 2.1 A/AA violations:\n" + report


def test_coordinator_releases_and_researcher_downloads(page, research_world, tmp_path):
    journey = ResearchJourney(page, research_world)
    journey.coordinator_requests_and_releases()
    content = journey.researcher_downloads(tmp_path)
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert sorted(archive.namelist()) == [
        "answers.csv",
        "codebook.json",
        "data.csv",
        "questionnaires.csv",
    ]
    book = json.loads(archive.read("codebook.json"))
    rows = list(csv.reader(io.StringIO(archive.read("data.csv").decode("utf-8"))))
    assert [column["name"] for column in book["columns"]] == rows[0]
    for table in book["tables"]:
        header = archive.read(table["file"]).decode("utf-8").splitlines()[0]
        assert header == ",".join(column["name"] for column in table["columns"])
    assert len(rows) == 1 + 2
    assert book["k_anonymity"]["smallest_class"] == 1
    text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    family = research_world["family"]
    for value in (BSN, "Quakkelstein", "Brandnetelhof", family.reference):
        assert value not in text
    journey.assert_accessible()
