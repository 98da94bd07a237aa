# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Setting up a programme in the browser (issue 12), under production-like
settings (password + TOTP, DEBUG off), in a programme of its own:

1. the coordinator opens "Opzet van het programma" and works through the
   checklist: marks a task done, edits one (owner, date, notes), adds a
   task and removes one after the confirmation step; the progress per
   phase follows;
2. adds a partner with a signed declaration of intent;
3. sets this year's budget in Dutch amounts (fixed amount, hourly rate,
   planned hours) and sees it on the budget page;
4. adds an assignment rule: postcodes 9990-9999 go to Lieke, trained;
5. a referrer enters a family from 9999 ZZ through the referral form; it
   lands with Lieke (her start page shows the intake waiting), not in the
   coordinator's "Aanmeldingen zonder linking pin";
6. the policy officer accepts two provisionally placed families on the
   decision page; the committed amount rises past 80% of the budget (the
   amount is chosen from ``budget.committed`` so that it crosses) and the
   start page warns "Budget van dit jaar voor 80% of meer vastgelegd";
7. the project plan prints: a PDF naming the programme and the partner.

axe-core checks every page visited (WCAG 2.1 A/AA; all findings reported at
the end); screenshots go to /tmp/screens/programme_setup/."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.activities.models import Contract
from buitenshuis.activities.tests.factories import ContractFactory, PlacementFactory
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.core.dates import months_between
from buitenshuis.core.workqueue import collect
from buitenshuis.organisations.models import Organisation, OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    LocationFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from buitenshuis.programmes import budget
from buitenshuis.programmes.models import (
    Budget,
    Decider,
    PartnerRole,
    ProgrammePartner,
    SetupTask,
)
from buitenshuis.programmes.models_assignment import AssignmentRule
from buitenshuis.programmes.tests.factories import ProgrammeSettingsFactory
from buitenshuis.referrals.models import Decision, Referral
from buitenshuis.referrals.tests.factories import (
    IntakeFactory,
    birth_date_for_age,
    give_all_consents,
    make_referral,
)
from buitenshuis.tests.browser.conftest import SCREENSHOTS
from buitenshuis.tests.browser.journey import Journey
from buitenshuis.tests.browser.test_sign_in_journey import describe
from buitenshuis.tests.browser.test_voorbeeld_3_4 import pdf_text
from buitenshuis.training.tests.helpers import train

pytestmark = pytest.mark.browser

PROGRAMME = "Buitenshuis Verzonnen Opzetregio"
PARTNER = "Stichting Verzonnen Vlinderhuis"
NEW_TASK = "Verzonnen: kennismaking met de huisartsen in de wijk"
NOTES = "Verzonnen: wethouder is akkoord, stuk ligt bij de raad."
FAMILY_NAME = "Opzetterveld"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
HOURLY_RATE = Decimal("62.50")
PLANNED_HOURS = Decimal("8.0")
WARNING = "Budget van dit jaar voor 80% of meer vastgelegd"


def dutch(amount):
    """A Decimal as a Dutch user types it: 20000,00."""
    return f"{amount:.2f}".replace(".", ",")


@pytest.fixture
def setup_world(transactional_db, settings):
    """A programme of one municipality with a coordinator, a referrer, a
    policy officer (the decider) and two trained linking pins; a location
    with a contract; and two families of Kees (the second linking pin)
    waiting for a decision, each child provisionally placed from next week."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    home = MunicipalityFactory(name="Verzonnenveen")
    programme = ProgrammeFactory(name=PROGRAMME)
    programme.municipalities.add(home)
    ProgrammeSettingsFactory(programme=programme, decider=Decider.POLICY_OFFICER)
    people = {
        Role.COORDINATOR: ("coordinator_o", "Cato", "Coördinaat", OrganisationType.YOUTH_CARE),
        Role.REFERRER: ("verwijzer_o", "Ruud", "Verwijs", OrganisationType.SOCIAL_TEAM),
        Role.POLICY_OFFICER: ("beleid_o", "Bea", "Beleid", OrganisationType.MUNICIPALITY),
        Role.LINKING_PIN: ("linkingpin_o", "Lieke", "Verbinder", OrganisationType.YOUTH_CARE),
        "other_pin": ("linkingpin_k", "Kees", "Koppelaar", OrganisationType.YOUTH_CARE),
    }
    world = {"programme": programme, "municipality": home}
    for key, (username, first, last, org_type) in people.items():
        role = Role.LINKING_PIN if key == "other_pin" else key
        user = UserFactory(username=username, first_name=first, last_name=last)
        MembershipFactory(
            user=user,
            role=role,
            programme=programme,
            organisation=OrganisationFactory(type=org_type),
        )
        device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
        world[key] = (user, device)
    lieke, kees = world[Role.LINKING_PIN][0], world["other_pin"][0]
    train(lieke, Role.LINKING_PIN)
    train(kees, Role.LINKING_PIN)
    OrganisationFactory(name=PARTNER, type=OrganisationType.CHILDCARE)

    location = LocationFactory(name="Locatie Verzonnen Boomhut", municipality=home)
    today = timezone.localdate()
    contract = ContractFactory(
        location=location,
        programme=programme,
        places=10,
        tariff=Decimal("10.50"),
        tariff_unit=Contract.TariffUnit.HOUR,
        valid_from=datetime.date(today.year, 1, 1),
    )
    waiting = []
    referrer = world[Role.REFERRER][0]
    for age in (6, 9):
        referral = make_referral(programme, referrer, linking_pin=kees, child_ages=(age,))
        IntakeFactory(referral=referral, recorded_by=kees)
        give_all_consents(referral, kees)
        child = referral.family.members.get(kind=Person.Kind.CHILD)
        # First day next week; until the end of the two years.
        start = today + datetime.timedelta(days=7)
        PlacementFactory(
            enrolment=referral.enrolment,
            child=child,
            contract=contract,
            location=location,
            hours_per_week=Decimal("10"),
            start_date=start,
            end_date=start.replace(year=start.year + 2),
            provisional=True,
            created_by=kees,
        )
        waiting.append(referral)
    world["waiting"] = waiting
    return world


class Setup(Journey):
    folder = "programme_setup"

    def check(self, name):
        self.axe(name)
        self.shot(name)

    def user(self, role):
        return self.world[role][0]

    def programme_query(self):
        return f"?programme={self.world['programme'].pk}"

    def go_start(self):
        page = self.page
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Start", exact=True
        ).click()
        page.wait_for_url(f"**{reverse('portal:start')}")

    def phase_progress(self, phase):
        """(done, total) as the phase's progress label reads: 'x van y gedaan'."""
        label = self.page.locator(f"label[for='voortgang-{phase}']").inner_text()
        done, _van, total, _gedaan = label.split()
        return int(done), int(total)

    # 1. the checklist --------------------------------------------------------

    def coordinator_works_the_checklist(self):
        page = self.page
        programme = self.world["programme"]
        coordinator = self.sign_in_as(Role.COORDINATOR)
        setup = reverse("programmes:setup")
        page.get_by_role("link", name="Opzet van het programma", exact=True).click()
        page.wait_for_url(f"**{setup}*")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Opzet van het programma: {PROGRAMME}"
        )
        self.check("01-checklist")
        tasks = list(SetupTask.objects.filter(programme=programme).order_by("phase", "order"))
        assert tasks, "the checklist was not made from the guide's tasks"
        first, second = tasks[0], tasks[1]
        before = self.phase_progress(first.phase)
        assert before[0] == 0

        # Mark the first task done.
        edit = reverse("programmes:task_edit", args=[first.pk])
        page.locator(f"#taak-{first.pk}").get_by_role("link", name="Bijwerken").click()
        page.wait_for_url(f"**{edit}")
        expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
        self.check("02-taak-bijwerken")
        page.get_by_label("Gedaan").check()
        self.submit("Opslaan", setup + f"{self.programme_query()}#taak-{first.pk}")
        self.success("De taak is opgeslagen.")
        item = page.locator(f"#taak-{first.pk}")
        expect(item).to_contain_text("gedaan")
        expect(item).to_contain_text(coordinator.get_full_name())
        assert self.phase_progress(first.phase) == (before[0] + 1, before[1])

        # Owner, date and notes of the second.
        due = timezone.localdate() + datetime.timedelta(days=21)
        page.locator(f"#taak-{second.pk}").get_by_role("link", name="Bijwerken").click()
        page.wait_for_url(f"**{reverse('programmes:task_edit', args=[second.pk])}")
        page.get_by_label("Eigenaar").select_option(label=coordinator.get_full_name())
        page.get_by_label("Uiterlijk").fill(due.isoformat())
        page.get_by_label("Notities").fill(NOTES)
        self.submit("Opslaan", setup + f"{self.programme_query()}#taak-{second.pk}")
        item = page.locator(f"#taak-{second.pk}")
        expect(item).to_contain_text(coordinator.get_full_name())
        expect(item).to_contain_text(NOTES)
        second.refresh_from_db()
        assert (second.owner, second.due_date, second.notes) == (coordinator, due, NOTES)
        assert not second.done

        # A task of our own, in the phase of the first.
        total_before = SetupTask.objects.filter(programme=programme).count()
        self.click_link(
            "Taak toevoegen", reverse("programmes:task_create") + self.programme_query()
        )
        self.check("03-taak-toevoegen")
        phase_label = first.get_phase_display()
        page.get_by_label(phase_label, exact=True).check()
        page.get_by_label("Taak", exact=True).fill(NEW_TASK)
        page.get_by_label("Toelichting").fill("Verzonnen: via de praktijkondersteuners.")
        self.submit("Opslaan", f"{setup}{self.programme_query()}#fase-{first.phase}")
        self.success(f"De taak '{NEW_TASK}' is toegevoegd.")
        added = SetupTask.objects.get(programme=programme, title=NEW_TASK)
        expect(page.locator(f"#taak-{added.pk}")).to_contain_text(NEW_TASK)
        assert self.phase_progress(first.phase) == (before[0] + 1, before[1] + 1)

        # Remove a task: the confirmation first; cancelling keeps it.
        victim = tasks[-1]
        victim_phase = victim.phase
        phase_before = self.phase_progress(victim_phase)
        page.locator(f"#taak-{victim.pk}").get_by_role("link", name="Bijwerken").click()
        page.wait_for_url(f"**{reverse('programmes:task_edit', args=[victim.pk])}")
        delete = reverse("programmes:task_delete", args=[victim.pk])
        self.click_link("Taak verwijderen", delete)
        expect(page.get_by_role("heading", level=1)).to_have_text("Taak verwijderen")
        expect(page.locator("main")).to_contain_text(victim.title)
        self.check("04-taak-verwijderen")
        assert SetupTask.objects.filter(pk=victim.pk).exists()
        self.submit("Ja, verwijder de taak", f"{setup}{self.programme_query()}")
        self.success(f"De taak '{victim.title}' is verwijderd.")
        assert not SetupTask.objects.filter(pk=victim.pk).exists()
        assert SetupTask.objects.filter(programme=programme).count() == total_before
        expect(page.locator(f"#taak-{victim.pk}")).to_have_count(0)
        assert self.phase_progress(victim_phase) == (phase_before[0], phase_before[1] - 1)
        expect(page.locator("main")).to_contain_text(f"1 van de {total_before} taken zijn gedaan")
        self.check("05-checklist-bijgewerkt")

    # 2. a partner ------------------------------------------------------------

    def coordinator_adds_a_partner(self):
        page = self.page
        programme = self.world["programme"]
        signed = timezone.localdate() - datetime.timedelta(days=3)
        partners = reverse("programmes:partner_list")
        page.get_by_role("navigation", name="Opzet van het programma").get_by_role(
            "link", name="Partners"
        ).click()
        page.wait_for_url(f"**{partners}{self.programme_query()}")
        self.check("06-partners-leeg")
        self.click_link(
            "Partner toevoegen", reverse("programmes:partner_create") + self.programme_query()
        )
        self.check("07-partner-toevoegen")
        page.get_by_label("Organisatie").select_option(label=PARTNER)
        page.get_by_label("Uitvoering").check()
        page.get_by_label("Contactpersoon").fill("Verzonnen Vera Vlinder")
        page.get_by_label("E-mailadres").fill("vera@vlinderhuis.example")
        page.get_by_label("Telefoonnummer").fill("06 54545454")
        page.get_by_label("Intentieverklaring getekend op").fill(signed.isoformat())
        self.submit("Opslaan", f"{partners}{self.programme_query()}")
        self.success(f"{PARTNER}")
        row = page.get_by_role("row").filter(has_text=PARTNER)
        expect(row).to_have_count(1)
        self.check("08-partners")
        partner = ProgrammePartner.objects.get(programme=programme)
        assert partner.organisation == Organisation.objects.get(name=PARTNER)
        assert partner.role == PartnerRole.EXECUTION
        assert partner.declaration_signed_on == signed

    # 3. the budget -----------------------------------------------------------

    def set_budget(self, role, activity, linking_pin, training, note=""):
        """Through the budget page's link: the year's budget, typed as a
        Dutch user types amounts."""
        page = self.page
        programme = self.world["programme"]
        year = timezone.localdate().year
        edit = reverse("programmes:budget_edit", args=[year]) + self.programme_query()
        page.get_by_role("link", name=re.compile(rf"^Budget {year} (instellen|wijzigen)$")).click()
        page.wait_for_url(f"**{edit}")
        page.get_by_label("Vast bedrag").check()
        page.get_by_label("Budget Buitenshuis-activiteit (euro)").fill(dutch(activity))
        page.get_by_label("Budget uren linking pin (euro)").fill(dutch(linking_pin))
        page.get_by_label("Budget training (euro)").fill(dutch(training))
        page.get_by_label("Uurtarief linking pin (euro)").fill(dutch(HOURLY_RATE))
        page.get_by_label("Geplande uren linking pin per gezin per maand").fill(
            str(PLANNED_HOURS).replace(".", ",")
        )
        if note:
            page.get_by_label("Toelichting").fill(note)
        self.check(f"budget-instellen-{role}")
        self.submit(
            "Opslaan", reverse("programmes:budget") + f"?programme={programme.pk}&jaar={year}"
        )
        self.success(f"Het budget {year} voor {PROGRAMME} is opgeslagen.")
        plan = Budget.objects.get(programme=programme, year=year)
        assert plan.total == activity + linking_pin + training
        assert (plan.hourly_rate, plan.planned_hours_per_month) == (HOURLY_RATE, PLANNED_HOURS)
        return plan

    def coordinator_sets_the_budget(self):
        page = self.page
        year = timezone.localdate().year
        self.go_start()
        self.click_link("Budget", reverse("programmes:budget"))
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Budget {year}: {PROGRAMME}")
        expect(page.locator("main")).to_contain_text(f"Voor {year} is nog geen budget vastgesteld")
        self.check("09-budget-leeg")
        plan = self.set_budget(
            "coordinator",
            Decimal("20000.00"),
            Decimal("6000.00"),
            Decimal("2500.00"),
            note="Verzonnen: raadsbesluit van september.",
        )
        main = page.locator("main")
        expect(main).to_contain_text("Een vast bedrag")
        expect(main).to_contain_text("28.500,00")
        committed = budget.committed(plan, plan.programme_id, *budget.year_bounds(year))
        expect(self.committed_cell()).to_contain_text(money(committed.programme.total))
        self.check("10-budget")
        return plan

    def committed_cell(self):
        return (
            self.page.locator("dl .utrecht-data-list__item")
            .filter(has=self.page.locator("dt", has_text="Vastgelegd"))
            .locator("dd")
        )

    # 4. an assignment rule ---------------------------------------------------

    def coordinator_adds_an_assignment_rule(self):
        page = self.page
        programme = self.world["programme"]
        lieke = self.user(Role.LINKING_PIN)
        self.go_start()
        rules_url = reverse("programmes:assignment_rules")
        self.click_link("Wie neemt welk gezin", rules_url)
        self.check("11-toewijzing-leeg")
        self.click_link(
            "Toewijzingsregel toevoegen",
            reverse("programmes:assignment_rule_create") + self.programme_query(),
        )
        page.get_by_label("Linking pin", exact=True).select_option(label=lieke.get_full_name())
        page.get_by_label("Postcodegebieden").fill("9990-9999")
        page.get_by_label("Volgorde").fill("10")
        self.check("12-toewijzingsregel")
        self.submit("Opslaan", f"{rules_url}{self.programme_query()}")
        self.success("De toewijzingsregel is opgeslagen")
        row = page.get_by_role("row").filter(has_text=lieke.get_full_name())
        expect(row).to_contain_text("9990")
        self.check("13-toewijzing")
        rule = AssignmentRule.objects.get(programme=programme)
        assert rule.linking_pin == lieke and rule.is_active

    # 5. a referral lands with Lieke -----------------------------------------

    def referrer_submits(self):
        page = self.page
        self.sign_in_as(Role.REFERRER)
        self.click_link("Gezin aanmelden", reverse("referrals:create"))
        page.get_by_label("Gezinsnaam").fill(FAMILY_NAME)
        page.get_by_label("Straat").fill("Verzonnenkade")
        page.get_by_label("Huisnummer").fill("4")
        page.get_by_label("Postcode").fill("9999 ZZ")
        page.get_by_label("Plaats").fill("Verzonnenveen")
        page.get_by_label("Woongemeente").select_option(label=str(self.world["municipality"]))
        page.locator("#id_ouder1-first_name").fill("Odette")
        page.locator("#id_ouder1-last_name").fill(FAMILY_NAME)
        page.locator("#id_ouder1-date_of_birth").fill("1986-08-09")
        page.locator("input[name='ouder1-problem_categories'][value='kopp']").check()
        page.locator("#id_ouder1-has_parental_authority").check()
        page.locator("#id_kind1-first_name").fill("Otto")
        page.locator("#id_kind1-last_name").fill(FAMILY_NAME)
        page.locator("#id_kind1-date_of_birth").fill(birth_date_for_age(7).isoformat())
        page.get_by_label("Geen melding").check()
        page.get_by_label("Zorgen").fill(
            "Verzonnen zorgen: vader is opgenomen, Otto is veel alleen."
        )
        page.get_by_label("Betrokken hulp").fill("Verzonnen: wijkteam.")
        page.get_by_label("Route").select_option(label="Sociaal (wijk)team")
        phone = page.get_by_label("Uw telefoonnummer")
        if phone.count():
            phone.fill("06 32323232")
        self.check("14-aanmelding")
        self.submit("Aanmelding versturen", reverse("referrals:mine"))
        referral = Referral.objects.select_related("family", "enrolment").get(
            family__family_name=FAMILY_NAME
        )
        self.success(f"De aanmelding is ontvangen met kenmerk {referral.family.reference}")
        assert referral.enrolment.linking_pin == self.user(Role.LINKING_PIN)
        return referral

    def it_waits_for_liekes_intake(self, referral):
        page = self.page
        self.sign_in_as(Role.LINKING_PIN)
        item = page.locator("section.bh-workqueue li[data-key='referrals.intake']")
        expect(item.get_by_role("link")).to_have_text("Aanmeldingen die wachten op uw intake: 1")
        self.check("15-linkingpin-start")
        item.get_by_role("link").click()
        page.wait_for_url("**" + reverse("referrals:list") + "?wacht=intake")
        expect(page.get_by_role("row").filter(has_text=referral.family.reference)).to_have_count(1)
        self.check("16-linkingpin-wacht-op-intake")

    def coordinator_has_nothing_to_assign(self, referral):
        page = self.page
        coordinator = self.sign_in_as(Role.COORDINATOR)
        keys = {item.key for item in collect(coordinator)}
        assert "referrals.toewijzen" not in keys
        expect(
            page.locator("section.bh-workqueue li[data-key='referrals.toewijzen']")
        ).to_have_count(0)
        page.goto(reverse("referrals:list") + "?wacht=toewijzen")
        expect(page.locator("main")).not_to_contain_text(referral.family.reference)
        self.check("17-coordinator-niets-toe-te-wijzen")

    # 6. accepting moves the committed cost -----------------------------------

    def budget_crossing_80(self, plan):
        """The activity amount that puts 80% of the budget between what is
        committed now and after accepting the two waiting families: their
        linking pin's hours then count from today, no longer from the
        provisional placements' first day next week."""
        today = timezone.localdate()
        first, last = budget.year_bounds(today.year)
        before = budget.committed(plan, plan.programme_id, first, last).programme.total
        rise = Decimal("0.00")
        for referral in self.world["waiting"]:
            placement = referral.enrolment.placements.get()
            after_hours = (PLANNED_HOURS * months_between(today, last)).quantize(budget.CENT)
            before_part = budget.overlap(placement.start_date, placement.end_date, first, last)
            before_hours = (
                (PLANNED_HOURS * months_between(*before_part)).quantize(budget.CENT)
                if before_part
                else Decimal("0.00")
            )
            rise += budget.cents(HOURLY_RATE * after_hours) - budget.cents(
                HOURLY_RATE * before_hours
            )
        assert rise > 0, "accepting would not move the committed cost"
        # 80% of the total half-way between before and after.
        total = budget.cents((before + rise / 2) / budget.WARN_AT)
        # Over the three posts, as the coordinator's budget had them.
        linking_pin = budget.cents(total * plan.linking_pin_amount / plan.total)
        training = budget.cents(total * plan.training_amount / plan.total)
        posts = (total - linking_pin - training, linking_pin, training)
        assert budget.level(before, total) is None
        assert budget.level(before + rise, total) == "warning"
        return before, before + rise, posts

    def policy_officer_accepts(self, plan):
        page = self.page
        year = timezone.localdate().year
        expected_before, expected_after, posts = self.budget_crossing_80(plan)
        self.sign_in_as(Role.POLICY_OFFICER)
        expect(
            page.locator("section.bh-workqueue li[data-key='programmes.budget_warning']")
        ).to_have_count(0)
        self.click_link("Budget", reverse("programmes:budget"))
        # The policy officer revises the budget (the council cut it).
        plan = self.set_budget("beleid", *posts)
        expect(self.committed_cell()).to_contain_text(money(expected_before))
        expect(page.locator("main .utrecht-alert--warning")).to_have_count(0)
        self.check("18-budget-voor-besluiten")
        page.set_viewport_size(PHONE)
        self.check("19-budget-telefoon")
        page.set_viewport_size(DESK)

        for number, referral in enumerate(self.world["waiting"], start=1):
            detail = reverse("referrals:detail", args=[referral.pk])
            page.goto(detail)
            self.click_link("Besluiten", reverse("referrals:decide", args=[referral.pk]))
            expect(page.locator("main")).to_contain_text("Voorlopig geplaatst")
            if number == 1:
                self.check("20-besluit")
            page.get_by_label("Toegekend").check()
            self.submit("Besluit vastleggen", detail)
            self.success("De aanmelding is toegekend")
            decision = Decision.objects.get(referral=referral)
            assert decision.outcome == Decision.Outcome.ACCEPTED
            assert decision.start_date == timezone.localdate()
            assert Enrolment.objects.get(pk=referral.enrolment_id).status == (
                Enrolment.Status.ACTIVE
            )

        statement = budget.committed(plan, plan.programme_id, *budget.year_bounds(year))
        assert statement.programme.total == expected_after
        self.go_start()
        item = page.locator("section.bh-workqueue li[data-key='programmes.budget_warning']")
        expect(item.get_by_role("link")).to_have_text(f"{WARNING}: 1")
        self.check("21-beleid-start-waarschuwing")
        item.get_by_role("link").click()
        page.wait_for_url(
            "**" + reverse("programmes:budget") + f"?programme={plan.programme_id}&jaar={year}"
        )
        expect(self.committed_cell()).to_contain_text(money(expected_after))
        expect(page.locator("main .utrecht-alert--warning")).to_contain_text(
            "van het budget is vastgelegd"
        )
        self.check("22-budget-na-besluiten")
        page.set_viewport_size(PHONE)
        self.check("23-budget-na-besluiten-telefoon")
        page.set_viewport_size(DESK)

    # 7. the project plan -----------------------------------------------------

    def the_plan_prints(self):
        page = self.page
        self.sign_in_as(Role.COORDINATOR)
        page.get_by_role("link", name="Opzet van het programma", exact=True).click()
        page.wait_for_url("**" + reverse("programmes:setup") + "*")
        page.get_by_role("navigation", name="Opzet van het programma").get_by_role(
            "link", name="Projectplan"
        ).click()
        page.wait_for_url("**" + reverse("programmes:plan") + self.programme_query())
        expect(page.locator("main")).to_contain_text(PARTNER)
        self.check("24-projectplan")
        link = page.get_by_role("link", name="Projectplan als PDF")
        url = reverse("programmes:plan_pdf") + self.programme_query()
        expect(link).to_have_attribute("href", url)
        response = page.request.get(url)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        body = response.body()
        assert body.startswith(b"%PDF")
        text = " ".join(pdf_text(body).split())
        folder = SCREENSHOTS / self.folder
        (folder / "projectplan.pdf").write_bytes(body)
        (folder / "projectplan.txt").write_text(text, encoding="utf-8")
        assert PROGRAMME in text, "the plan does not name the programme"
        assert PARTNER in text, "the plan does not name the partner"

    def assert_accessible(self):
        report = "\n".join(f"{name}:\n{describe(v)}" for name, v in self.violations.items())
        assert not report, "axe-core found WCAG 2.1 A/AA violations:\n" + report


def money(amount):
    """As the ``euro`` filter writes it, without the sign: 12.345,67."""
    whole, cents = f"{amount:.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{cents}"


def test_setting_up_a_programme(page, setup_world):
    journey = Setup(page, setup_world)
    journey.coordinator_works_the_checklist()
    journey.coordinator_adds_a_partner()
    plan = journey.coordinator_sets_the_budget()
    journey.coordinator_adds_an_assignment_rule()
    referral = journey.referrer_submits()
    journey.it_waits_for_liekes_intake(referral)
    journey.coordinator_has_nothing_to_assign(referral)
    journey.policy_officer_accepts(plan)
    journey.the_plan_prints()
    journey.assert_accessible()
