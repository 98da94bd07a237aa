# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The administrator's screens are Dutch and pass axe (WCAG 2.1
A/AA): the user list, the user change page (with its memberships), the
membership add page and the approval page. The second administrator finds
the pending membership in her work queue and approves it.

Production-like settings (password + TOTP, DEBUG off). Screenshots at
desktop and phone width go to /tmp/screens/admin/."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from buitenshuis.accounts import rules
from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.core.workqueue import collect
from buitenshuis.organisations.models import Approval, Membership, OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from buitenshuis.tests.browser.journey import Journey as BaseJourney
from buitenshuis.tests.browser.test_sign_in_journey import describe

pytestmark = pytest.mark.browser

# English words of Django's admin that would show if a string of ours or
# Django's were not translated.
ENGLISH = [
    "Add ",
    "Save",
    "Delete",
    "Change ",
    "Filter",
    "Search",
    "Home",
    "Log out",
    "Accounts",
    "Organisations",
    "Membership",
    "Approv",
]


class Journey(BaseJourney):
    folder = "admin"

    def sign_in_as(self, role):
        # Sign out from the product's pages (the admin has its own header).
        self.page.goto(reverse("portal:start"))
        return super().sign_in_as(role)

    def check(self, name):
        """Screenshot at desktop and phone width, axe at both, and no
        English of the admin on the page."""
        self.shot(name)
        self.axe(name)
        text = self.page.locator("body").inner_text()
        english = [word for word in ENGLISH if word in text]
        assert not english, f"{name}: English on the page: {english}"
        self.page.set_viewport_size({"width": 390, "height": 844})
        self.shot(f"{name}-telefoon")
        self.axe(f"{name}-telefoon")
        self.page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def admin_world(transactional_db):
    programme = ProgrammeFactory(name="Buitenshuis Verzonnen regio")
    organisation = OrganisationFactory(
        name="Gemeente Verzonnendam", type=OrganisationType.MUNICIPALITY
    )
    people = {}
    for key, username, first, last in (
        ("administrator", "beheer_anna", "Anna", "Beheer"),
        ("second", "beheer_bram", "Bram", "Tweede"),
    ):
        user = UserFactory(username=username, first_name=first, last_name=last)
        MembershipFactory(
            user=user,
            role=Role.ADMINISTRATOR,
            programme=None,
            organisation=organisation,
            is_privacy_officer=key == "administrator",
        )
        device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
        people[key] = (user, device)
    newcomer = UserFactory(username="noor_nieuw", first_name="Noor", last_name="Nieuw")
    MembershipFactory(
        user=newcomer, role=Role.REFERRER, programme=programme, organisation=organisation
    )
    LocationFactory(name="BSO De Verzonnen Boom", organisation=organisation)
    return people, programme, organisation, newcomer


def test_admin_screens_are_dutch_and_accessible(page, admin_world):
    people, programme, organisation, newcomer = admin_world
    journey = Journey(page, people)
    journey.sign_in_as("administrator")

    page.goto(reverse("admin:accounts_user_changelist"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("gebruiker")
    journey.check("gebruikers")

    page.goto(reverse("admin:accounts_user_change", args=[newcomer.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gebruiker wijzigen")
    journey.check("gebruiker-wijzigen")

    # The other screens with related rows: a programme, an organisation.
    page.goto(reverse("admin:organisations_programme_change", args=[programme.pk]))
    journey.check("programma-wijzigen")
    page.goto(reverse("admin:organisations_organisation_change", args=[organisation.pk]))
    journey.check("organisatie-wijzigen")

    # The administrator grants Noor a coordinator role through the add page.
    page.goto(reverse("admin:organisations_membership_add"))
    journey.check("lidmaatschap-toevoegen")
    page.locator("#id_user").select_option(str(newcomer.pk))
    page.locator("#id_organisation").select_option(str(organisation.pk))
    page.get_by_label("Rol").select_option(Role.COORDINATOR.value)
    page.locator("#id_programme").select_option(str(programme.pk))
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("toegevoegd")
    membership = Membership.objects.get(user=newcomer, role=Role.COORDINATOR)
    assert membership.approval == Approval.PENDING

    # She cannot approve her own request.
    review = reverse("admin:organisations_membership_review", args=[membership.pk])
    page.goto(review)
    expect(page.locator("#content-main")).to_contain_text("Een andere functioneel beheerder")
    expect(page.get_by_role("button", name="Goedkeuren")).to_have_count(0)

    # It waits in the second administrator's work queue (the start page
    # shows the queue's items); its link lists the pending memberships.
    journey.sign_in_as("second")
    [item] = [i for i in collect(people["second"][0]) if i.key == "accounts.membership_approval"]
    assert item.count == 1
    page.goto(item.url)
    journey.check("lidmaatschappen-wachtend")
    expect(page.locator("#result_list")).to_contain_text("Noor")
    page.goto(review)
    journey.check("lidmaatschap-beoordelen")
    page.get_by_role("button", name="Goedkeuren").click()
    expect(page.locator(".messagelist")).to_contain_text("goedgekeurd")
    membership.refresh_from_db()
    assert membership.approval == Approval.APPROVED
    assert rules.pending_for(people["administrator"][0]).count() == 0

    # The privacy officer reads who granted what to whom.
    journey.sign_in_as("administrator")
    page.get_by_role("link", name="Wijzigingen in lidmaatschappen").click()
    expect(page.locator("table")).to_contain_text("noor_nieuw")
    journey.check("lidmaatschappen-log")

    assert not journey.violations, "\n".join(
        f"{name}:\n{describe(found)}" for name, found in journey.violations.items()
    )
