# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The whole referral route in the browser, once per
decision model, under production-like settings (password + TOTP, DEBUG off).

(a) The policy officer decides: the referrer submits the form and sees
    "Ontvangen"; the coordinator assigns the linking pin; the linking pin
    records the intake and the consent; the policy officer accepts; the
    enrolment has its dates, the decision letter is a PDF; the referrer
    sees "Besloten" and nothing of the intake.
(b) The linking pin decides under mandate; the policy officer finds the
    task under "Taken" and takes note.

axe-core checks the referral form, the referral page, the intake, consent
and decide pages for WCAG 2.1 A/AA violations; screenshots of each go to
/tmp/screens/referrals/ (desktop 1280 wide, the form also 400 wide)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.organisations.models import OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from buitenshuis.programmes.models import Decider
from buitenshuis.programmes.tests.factories import ProgrammeSettingsFactory
from buitenshuis.referrals.models import Decision, MunicipalityTask, Referral
from buitenshuis.referrals.tests.factories import birth_date_for_age
from buitenshuis.tests.browser.journey import Journey
from buitenshuis.tests.browser.test_sign_in_journey import (
    describe,
)
from buitenshuis.training.tests.helpers import train

pytestmark = pytest.mark.browser

FAMILY_NAME = "Verzonnenhuis"
PARENT = ("Petra", FAMILY_NAME)
CHILD = ("Mees", FAMILY_NAME)
WORRIES = "Verzonnen zorg: moeder is opgenomen geweest, de kinderen zijn veel alleen."
CONVERSATION = "Verzonnen intakeverslag: het gezin wil graag meedoen."
CRITERION = "Casus van het sociaal (wijk)team"


def nl_date(day):
    with translation.override("nl"):
        return date_format(day, "j F Y")


@pytest.fixture
def route_world(transactional_db):
    """One programme (two municipalities) with a referrer at a social team,
    a coordinator, a linking pin and a policy officer, each with a
    confirmed authenticator app. Returns a dict of role -> (user, device)."""
    home = MunicipalityFactory(name="Verzonnendam")
    programme = ProgrammeFactory(name="Buitenshuis Verzonnen regio")
    programme.municipalities.add(home)
    people = {
        Role.REFERRER: ("verwijzer_b", "Rik", "Verwijs", OrganisationType.SOCIAL_TEAM),
        Role.COORDINATOR: ("coordinator_b", "Cora", "Coördinaat", OrganisationType.YOUTH_CARE),
        Role.LINKING_PIN: ("linkingpin_b", "Lieke", "Verbinder", OrganisationType.YOUTH_CARE),
        Role.POLICY_OFFICER: ("beleid_b", "Bram", "Beleid", OrganisationType.MUNICIPALITY),
    }
    world = {"programme": programme, "municipality": home}
    for role, (username, first, last, org_type) in people.items():
        user = UserFactory(username=username, first_name=first, last_name=last)
        MembershipFactory(
            user=user,
            role=role,
            programme=programme,
            organisation=OrganisationFactory(type=org_type),
        )
        device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
        world[role] = (user, device)
    # Training comes before guiding families.
    train(world[Role.LINKING_PIN][0], Role.LINKING_PIN)
    return world


class Route(Journey):
    """The steps of the route, one browser page, switching users by
    signing out and in again through the real sign-in pages."""

    folder = "referrals"

    # steps -----------------------------------------------------------------

    def referrer_submits(self):
        page = self.page
        self.sign_in_as(Role.REFERRER)
        self.click_link("Gezin aanmelden", reverse("referrals:create"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Gezin aanmelden")
        self.axe("aanmeldformulier (leeg)")
        self.shot("form-desktop")
        page.set_viewport_size({"width": 400, "height": 900})
        self.shot("form-narrow")
        page.set_viewport_size({"width": 1280, "height": 900})

        # Sent empty: the error summary, and nothing stored.
        self.submit("Aanmelding versturen", reverse("referrals:create"))
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("Controleer het formulier")
        expect(summary).to_contain_text("Vul ten minste één kind in.")
        assert not Referral.objects.exists()
        # In page order: the address, then the parent, then the situation.
        listed = summary.get_by_role("link").all_inner_texts()
        order = [
            next(i for i, text in enumerate(listed) if text.startswith(start))
            for start in ("Postcode", "Ouder of verzorger 1, Voornaam", "Zorgen", "Route")
        ]
        assert order == sorted(order), listed
        self.axe("aanmeldformulier (met fouten)")
        self.shot("form-errors")

        page.get_by_label("Gezinsnaam").fill(FAMILY_NAME)
        page.get_by_label("Straat").fill("Verzonnenlaan")
        page.get_by_label("Huisnummer").fill("12A")
        page.get_by_label("Postcode").fill("9999 ZZ")
        page.get_by_label("Plaats").fill("Verzonnendam")
        page.get_by_label("Woongemeente").select_option(label=str(self.world["municipality"]))
        page.locator("#id_ouder1-first_name").fill(PARENT[0])
        page.locator("#id_ouder1-last_name").fill(PARENT[1])
        page.locator("#id_ouder1-date_of_birth").fill("1988-04-02")
        page.locator("input[name='ouder1-problem_categories'][value='kopp']").check()
        page.locator("#id_ouder1-has_parental_authority").check()
        page.locator("#id_kind1-first_name").fill(CHILD[0])
        page.locator("#id_kind1-last_name").fill(CHILD[1])
        page.locator("#id_kind1-date_of_birth").fill(birth_date_for_age(8).isoformat())
        page.get_by_label("Geen melding").check()
        page.get_by_label("Zorgen").fill(WORRIES)
        page.get_by_label("Betrokken hulp").fill("Verzonnen: wijkteam, huisarts.")
        page.get_by_label("Route").select_option(label="Sociaal (wijk)team")
        # Asked once, while the referrer's account has no telephone number.
        page.get_by_label("Uw telefoonnummer").fill("06 31313131")
        self.submit("Aanmelding versturen", reverse("referrals:mine"))

        referral = Referral.objects.select_related("family").get()
        self.success(f"De aanmelding is ontvangen met kenmerk {referral.family.reference}")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanmeldingen")
        row = page.get_by_role("row").filter(has_text=referral.family.reference)
        expect(row).to_contain_text("Ontvangen")
        self.shot("mine-received")
        return referral

    def coordinator_assigns(self, referral):
        page = self.page
        pin = self.world[Role.LINKING_PIN][0]
        self.sign_in_as(Role.COORDINATOR)
        self.click_link("Aanmeldingen", reverse("referrals:list"))
        detail = reverse("referrals:detail", args=[referral.pk])
        self.click_link(referral.family.reference, detail)
        self.click_link("Linking pin toewijzen", reverse("referrals:assign", args=[referral.pk]))
        page.get_by_label("Linking pin", exact=True).select_option(label=pin.get_full_name())
        self.submit("Toewijzen", detail)
        self.success(f"{pin.get_full_name()} is nu de linking pin van {referral.family.reference}")

    def linking_pin_takes_intake_and_consent(self, referral):
        page = self.page
        self.sign_in_as(Role.LINKING_PIN)
        detail = reverse("referrals:detail", args=[referral.pk])
        self.click_link("Aanmeldingen", reverse("referrals:list"))
        self.click_link(referral.family.reference, detail)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Aanmelding {referral.family.reference}"
        )
        self.axe("aanmelding (ontvangen)")
        self.shot("detail-received")

        self.click_link("Intake vastleggen", reverse("referrals:intake", args=[referral.pk]))
        self.axe("intake")
        self.shot("intake")
        page.get_by_label("Verslag intakegesprek").fill(CONVERSATION)
        page.get_by_label(CRITERION).check()
        page.get_by_label("Publieke taak gemeente").check()
        self.submit("Intake opslaan", detail)
        self.success("De intake is vastgelegd.")

        self.click_link("Toestemming vastleggen", reverse("referrals:consent", args=[referral.pk]))
        self.axe("toestemming")
        self.shot("consent")
        page.get_by_label(f"{PARENT[0]} {PARENT[1]} (ouder met gezag)").check()
        self.submit("Toestemming opslaan", detail)
        self.success("Alle vereiste toestemming is gegeven.")
        expect(page.locator("main")).to_contain_text("In intake")

    def decide_accept(self, referral, role):
        page = self.page
        if role != Role.LINKING_PIN:
            self.sign_in_as(role)
            self.click_link("Aanmeldingen", reverse("referrals:list"))
            self.click_link(
                referral.family.reference, reverse("referrals:detail", args=[referral.pk])
            )
        detail = reverse("referrals:detail", args=[referral.pk])
        self.click_link("Besluiten", reverse("referrals:decide", args=[referral.pk]))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Besluit over {referral.family.reference}"
        )
        self.axe("besluit")
        self.shot("decide")
        page.get_by_label("Toegekend").check()
        self.submit("Besluit vastleggen", detail)
        self.success("De aanmelding is toegekend")

        decision = Decision.objects.get(referral=referral)
        enrolment = Enrolment.objects.get(pk=referral.enrolment_id)
        assert decision.outcome == Decision.Outcome.ACCEPTED
        assert decision.under_mandate == (role == Role.LINKING_PIN)
        assert enrolment.status == Enrolment.Status.ACTIVE
        assert enrolment.start_date == decision.start_date == datetime.date.today()
        assert enrolment.end_date == decision.end_date
        assert (decision.end_date.year - decision.start_date.year) * 12 + (
            decision.end_date.month - decision.start_date.month
        ) == 24
        main = page.locator("main")
        expect(main).to_contain_text("Toegekend")
        expect(main).to_contain_text(
            f"{nl_date(decision.start_date)} – {nl_date(decision.end_date)}"
        )
        self.axe("aanmelding (besloten)")
        self.shot("detail-decided")

        letter = page.get_by_role("link", name="Beschikking (PDF)")
        expect(letter).to_have_attribute("href", reverse("referrals:letter", args=[referral.pk]))
        response = page.request.get(reverse("referrals:letter", args=[referral.pk]))
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        return decision

    def referrer_sees_decided(self, referral):
        page = self.page
        self.sign_in_as(Role.REFERRER)
        self.click_link("Mijn aanmeldingen", reverse("referrals:mine"))
        row = page.get_by_role("row").filter(has_text=referral.family.reference)
        expect(row).to_contain_text("Besloten")
        main = page.locator("main")
        for secret in (CONVERSATION, CRITERION, "Toegekend", "Lieke"):
            expect(main).not_to_contain_text(secret)
        self.shot("mine-decided")
        # The referral page (intake, consent, decision) stays closed to them.
        response = page.goto(reverse("referrals:detail", args=[referral.pk]))
        assert response.status in (403, 404)
        expect(page.locator("main")).not_to_contain_text(CONVERSATION)
        # The e-mails tell the status, never the content.
        sent = [m for m in mail.outbox if self.world[Role.REFERRER][0].email in m.to]
        assert sent, "the referrer got no e-mail about the status"
        assert "Besloten" in sent[-1].body
        assert all(WORRIES not in m.body and CONVERSATION not in m.body for m in sent)

    def policy_officer_takes_note(self, referral):
        page = self.page
        self.sign_in_as(Role.POLICY_OFFICER)
        self.click_link("Taken: besluiten onder mandaat", reverse("referrals:tasks"))
        task = MunicipalityTask.objects.get(decision__referral=referral)
        row = page.get_by_role("row").filter(has_text=referral.family.reference)
        expect(row).to_contain_text("te behandelen")
        self.shot("tasks")
        self.click_link(referral.family.reference, reverse("referrals:task", args=[task.pk]))
        page.get_by_label("Kennisgenomen, geen bezwaar").check()
        self.submit("Opslaan", reverse("referrals:tasks"))
        self.success("U heeft kennisgenomen van het besluit.")
        task.refresh_from_db()
        assert task.noted_by == self.world[Role.POLICY_OFFICER][0]
        assert task.noted_at is not None and task.objection == ""

    def assert_accessible(self):
        report = "\n".join(f"{name}:\n{describe(v)}" for name, v in self.violations.items())
        assert not report, "axe-core found WCAG 2.1 A/AA violations:\n" + report


@pytest.mark.parametrize(
    "decider",
    [Decider.POLICY_OFFICER, Decider.LINKING_PIN],
    ids=["policy-officer-decides", "linking-pin-under-mandate"],
)
def test_referral_route(page, route_world, decider, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ProgrammeSettingsFactory(programme=route_world["programme"], decider=decider)
    route = Route(page, route_world, decider.replace("_", "-"))

    referral = route.referrer_submits()
    family = referral.family
    assert family.municipality == route_world["municipality"]
    assert family.postcode == "9999 ZZ"
    assert [p.first_name for p in family.members.filter(kind=Person.Kind.CHILD)] == [CHILD[0]]

    route.coordinator_assigns(referral)
    route.linking_pin_takes_intake_and_consent(referral)
    if decider == Decider.POLICY_OFFICER:
        route.decide_accept(referral, Role.POLICY_OFFICER)
        assert not MunicipalityTask.objects.filter(decision__referral=referral).exists()
    else:
        route.decide_accept(referral, Role.LINKING_PIN)
        route.policy_officer_takes_note(referral)
    route.referrer_sees_decided(referral)
    route.assert_accessible()
