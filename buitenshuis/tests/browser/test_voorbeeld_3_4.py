# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The guide's Voorbeeld 3 and 4 (seed 001, "Linking
pin regelt de buitenshuis-activiteit") in the default demo programme,
"Buitenshuisproject Regio Verzonnenland", with the demo accounts, under
production-like settings (password + TOTP, DEBUG off).

A family is referred to the linking pin; they talk with the family, it
fits; the policy officer hears of the new referral while the linking pin
arranges after-school care within 24 to 48 hours, before the decision:

1. the referrer (verwijzer) submits a family with two parents and two
   children with BSNs;
2. the coordinator sees it waiting ("Aanmeldingen zonder linking pin") and
   assigns the demo linking pin;
3. the linking pin sees it waiting for their intake, records the intake and
   the consent (per child, per age band: the 13-year-old consents too);
4. the linking pin places the younger child provisionally at "Locatie
   Fantasietuin", first day tomorrow (within the norm): "Voorlopig
   geplaatst";
5. the location staff (opvang) see the child arriving, with the linking
   pin's telephone number, also on a phone (390 wide);
6. the policy officer sees it waiting for a decision, with the provisional
   placement, and accepts;
7. the decision letter is a PDF/A with the legal remedies clause.

Each hand-off shows on the next person's start page and sends that person
exactly one content-free e-mail. The test relies only on the demo
programme, its municipalities, the demo accounts and the demo location;
everything else it creates through the browser.

axe-core checks every page visited; screenshots go to
/tmp/screens/voorbeeld/."""

import datetime
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import PASSWORD
from buitenshuis.activities.models import Contract, Placement
from buitenshuis.activities.rules import location_staff, places_taken
from buitenshuis.casework import protected
from buitenshuis.casework.models import Person
from buitenshuis.core import notify
from buitenshuis.core.workqueue import collect
from buitenshuis.organisations.models import Location, Programme, Role
from buitenshuis.programmes import capacity
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals import rules, workqueue
from buitenshuis.referrals.models import Decision, Referral
from buitenshuis.referrals.tests.factories import birth_date_for_age
from buitenshuis.referrals.tests.test_letter import xmp
from buitenshuis.tests.browser.conftest import SCREENSHOTS
from buitenshuis.tests.browser.journey import Journey
from buitenshuis.tests.browser.test_sign_in_journey import describe

pytestmark = pytest.mark.browser

PROGRAMME = "Buitenshuisproject Regio Verzonnenland"
LOCATION = "Locatie Fantasietuin"
DEMO_ACCOUNTS = {
    Role.REFERRER: "verwijzer",
    Role.COORDINATOR: "coordinator",
    Role.LINKING_PIN: "linkingpin",
    Role.LOCATION_STAFF: "opvang",
    Role.POLICY_OFFICER: "beleid",
}

# Invented, and unlike any demo family: no possible duplicate to flag.
FAMILY_NAME = "Zonnewijzerhof"
PARENTS = [
    # first name, birth date, telephone, problem category
    ("Roosmarijn", "1987-05-19", "06 41414141", "kopp"),
    ("Jurre", "1985-11-02", "", ""),
]
# first name, age, BSN (passes the 11-test; checked below)
YOUNGER = ("Seppe", 7, "430530419")  # fits the location's ages (4-12)
OLDER = ("Lentemarie", 13, "733021001")  # 12-15: consents with the parents
CHILD_NAMES = [YOUNGER[0], OLDER[0]]
WORRIES = "Verzonnen zorgen: moeder is net thuis na een opname; de kinderen zijn veel alleen."
CONVERSATION = "Verzonnen intakeverslag: het gezin past in het Buitenshuisproject."
CRITERION = "Casus van het sociaal (wijk)team"
PICKUP = "Vader haalt op; op woensdag oma Ina."
HANDOFF_SUBJECT = "Buitenshuis: er staat werk voor u klaar"


@pytest.fixture
def demo_world(transactional_db, settings):
    """The demo data, loaded as ``manage.py load_demo_data`` does, with a
    known password and a confirmed authenticator app for each demo account
    the journey uses. Returns a dict of role -> (user, device), plus the
    programme and the demo location."""
    from buitenshuis.demo.data import load

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    load()
    programme = Programme.objects.get(name=PROGRAMME)
    location = Location.objects.get(name=LOCATION)
    User = get_user_model()
    world = {"programme": programme, "location": location}
    for role, username in DEMO_ACCOUNTS.items():
        user = User.objects.get(username=username)
        user.set_password(PASSWORD)
        if role == Role.LINKING_PIN and not user.phone:
            user.phone = "06 12121212"
        user.save()
        device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
        world[role] = (user, device)
    # The demo may fill its location and its programme; the journey needs
    # one free place at the location and room for one more family (what
    # the coordinator would arrange). Nothing else of the demo is changed.
    today = timezone.localdate()
    contract = (
        Contract.objects.filter(location=location, programme=programme, valid_from__lte=today)
        .order_by("-valid_from")
        .first()
    )
    assert contract is not None, f"the demo has no contract with {LOCATION}"
    end = ProgrammeSettings.for_programme(programme).enrolment_end(today)
    taken = places_taken(contract, today, end)
    if taken >= contract.places:
        Contract.objects.filter(pk=contract.pk).update(places=taken + 1)
    if not capacity.has_capacity(programme):
        ProgrammeSettings.objects.filter(programme=programme).update(
            max_families=F("max_families") + 1
        )
    mail.outbox.clear()
    return world


class Voorbeeld(Journey):
    folder = "voorbeeld"

    def __init__(self, page, world):
        super().__init__(page, world)
        self.seen_mail = 0

    # helpers -------------------------------------------------------------

    def user(self, role):
        return self.world[role][0]

    def waiting(self, role, key):
        """How many items ``key`` wait for ``role`` now (0 when none)."""
        items = {item.key: item.count for item in collect(self.user(role))}
        return items.get(key, 0)

    def check(self, name):
        """axe and a screenshot of the page as it is now."""
        self.axe(name)
        self.shot(name)

    def start_page_shows(self, key, label, count):
        """The work queue on the start page lists ``label: count``; returns
        the item's link."""
        page = self.page
        queue = page.locator("section.bh-workqueue")
        expect(queue.get_by_role("heading", level=2)).to_have_text("Wat op u wacht")
        item = queue.locator(f'li[data-key="{key}"]')
        expect(item).to_have_count(1)
        expect(item.get_by_role("link")).to_have_text(f"{label}: {count}")
        return item.get_by_role("link")

    def new_mail(self):
        """The e-mails sent since the last call."""
        sent = mail.outbox[self.seen_mail :]
        self.seen_mail = len(mail.outbox)
        return sent

    def assert_one_handoff_mail(self, recipients, step):
        """Since the last check: each of ``recipients`` got exactly one
        content-free hand-off e-mail, and nobody else got one."""
        sent = [m for m in self.new_mail() if m.subject == HANDOFF_SUBJECT]
        addressed = sorted(address for m in sent for address in m.to)
        expected = sorted(user.email for user in recipients)
        assert expected, f"{step}: nobody to hand off to"
        assert addressed == expected, f"{step}: hand-off e-mails to {addressed}, not {expected}"
        subject, body = notify.message(notify.start_url())
        for message in sent:
            assert message.body == body, f"{step}: the hand-off e-mail is not the fixed text"

    def family_texts(self, referral=None):
        """What must never be in an e-mail: names, the reference, case text."""
        texts = [FAMILY_NAME, *CHILD_NAMES, *(p[0] for p in PARENTS), WORRIES, CONVERSATION]
        texts += [YOUNGER[2], OLDER[2], PICKUP]
        if referral is not None:
            texts.append(referral.family.reference)
        return texts

    # steps ---------------------------------------------------------------

    def referrer_submits(self):
        page = self.page
        coordinators = list(rules.members_of(self.world["programme"].pk, Role.COORDINATOR))
        before = self.waiting(Role.COORDINATOR, "referrals.toewijzen")
        self.sign_in_as(Role.REFERRER)
        self.check("01-verwijzer-start")
        self.click_link("Gezin aanmelden", reverse("referrals:create"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Gezin aanmelden")
        # One parent and one child; more on request (works without JavaScript).
        page.get_by_role("button", name="Nog een ouder of verzorger toevoegen").click()
        expect(page.locator("#id_ouder2-first_name")).to_be_visible()
        page.get_by_role("button", name="Nog een kind toevoegen").click()
        expect(page.locator("#id_kind2-first_name")).to_be_visible()
        self.check("02-aanmeldformulier")

        # The family lives where the demo location is (9991: Verzonnenstad).
        municipality = self.world["location"].municipality
        assert self.world["programme"].municipalities.filter(pk=municipality.pk).exists()
        page.get_by_label("Gezinsnaam").fill(FAMILY_NAME)
        page.get_by_label("Straat").fill("Zonnewijzerpad")
        page.get_by_label("Huisnummer").fill("17")
        page.get_by_label("Postcode").fill("9991 AF")
        page.get_by_label("Plaats").fill(municipality.name)
        page.get_by_label("Woongemeente").select_option(label=str(municipality))
        for number, (first, born, phone, problem) in enumerate(PARENTS, start=1):
            prefix = f"#id_ouder{number}-"
            page.locator(f"{prefix}first_name").fill(first)
            page.locator(f"{prefix}last_name").fill(FAMILY_NAME)
            page.locator(f"{prefix}date_of_birth").fill(born)
            if phone:
                page.locator(f"{prefix}phone").fill(phone)
            if problem:
                page.locator(
                    f"input[name='ouder{number}-problem_categories'][value='{problem}']"
                ).check()
            expect(page.locator(f"{prefix}has_parental_authority")).to_be_checked()
        for number, (first, age, bsn) in enumerate([YOUNGER, OLDER], start=1):
            prefix = f"#id_kind{number}-"
            page.locator(f"{prefix}first_name").fill(first)
            page.locator(f"{prefix}last_name").fill(FAMILY_NAME)
            page.locator(f"{prefix}date_of_birth").fill(birth_date_for_age(age).isoformat())
            page.locator(f"{prefix}bsn").fill(bsn)
        page.get_by_label("Geen melding").check()
        page.get_by_label("Zorgen").fill(WORRIES)
        page.get_by_label("Betrokken hulp").fill("Verzonnen: GGZ en huisarts.")
        page.get_by_label("Route").select_option(label="GGZ/VGZ via de Kindcheck")
        phone = page.get_by_label("Uw telefoonnummer")
        if phone.count():
            phone.fill("06 23232323")
        self.check("03-aanmeldformulier-ingevuld")
        self.submit("Aanmelding versturen", reverse("referrals:mine"))

        referral = Referral.objects.select_related("family").get(family__family_name=FAMILY_NAME)
        self.success(f"De aanmelding is ontvangen met kenmerk {referral.family.reference}")
        row = page.get_by_role("row").filter(has_text=referral.family.reference)
        expect(row).to_contain_text("Ontvangen")
        expect(row).to_contain_text(FAMILY_NAME)
        self.check("04-mijn-aanmeldingen")

        assert referral.programme == self.world["programme"]
        children = referral.family.members.filter(kind=Person.Kind.CHILD).order_by("first_name")
        assert {c.first_name: protected.decrypt(c.bsn_encrypted) for c in children} == {
            YOUNGER[0]: YOUNGER[2],
            OLDER[0]: OLDER[2],
        }
        assert referral.family.members.filter(kind=Person.Kind.PARENT).count() == 2
        assert not referral.possible_duplicates.exists()
        self.assert_one_handoff_mail(coordinators, "aanmelding")
        assert self.waiting(Role.COORDINATOR, "referrals.toewijzen") == before + 1
        return referral

    def coordinator_assigns(self, referral):
        page = self.page
        pin = self.user(Role.LINKING_PIN)
        before_pin = self.waiting(Role.LINKING_PIN, "referrals.intake")
        count = self.waiting(Role.COORDINATOR, "referrals.toewijzen")
        self.sign_in_as(Role.COORDINATOR)
        link = self.start_page_shows(
            "referrals.toewijzen", "Aanmeldingen zonder linking pin", count
        )
        self.check("05-coordinator-start")
        link.click()
        page.wait_for_url("**" + reverse("referrals:list") + "?wacht=toewijzen")
        row = page.get_by_role("row").filter(has_text=referral.family.reference)
        expect(row).to_contain_text("nog niet toegewezen")
        self.check("06-coordinator-wacht-op-toewijzen")
        detail = reverse("referrals:detail", args=[referral.pk])
        self.click_link(referral.family.reference, detail)
        self.check("07-coordinator-aanmelding")
        self.click_link("Linking pin toewijzen", reverse("referrals:assign", args=[referral.pk]))
        page.get_by_label("Linking pin", exact=True).select_option(label=pin.get_full_name())
        self.check("08-coordinator-toewijzen")
        self.submit("Toewijzen", detail)
        self.success(f"{pin.get_full_name()} is nu de linking pin van {referral.family.reference}")
        self.assert_one_handoff_mail([pin], "toewijzing")
        assert self.waiting(Role.LINKING_PIN, "referrals.intake") == before_pin + 1

    def linking_pin_takes_intake_and_consent(self, referral):
        page = self.page
        deciders = rules.deciders(referral)
        before = self.waiting(Role.POLICY_OFFICER, "referrals.besluit")
        count = self.waiting(Role.LINKING_PIN, "referrals.intake")
        self.sign_in_as(Role.LINKING_PIN)
        link = self.start_page_shows(
            "referrals.intake", "Aanmeldingen die wachten op uw intake", count
        )
        self.check("09-linkingpin-start")
        link.click()
        page.wait_for_url("**" + reverse("referrals:list") + "?wacht=intake")
        detail = reverse("referrals:detail", args=[referral.pk])
        self.click_link(referral.family.reference, detail)
        main = page.locator("main")
        # The referrer's and the parents' telephone numbers, to call them.
        expect(main).to_contain_text(PARENTS[0][2])
        self.check("10-linkingpin-aanmelding")

        self.click_link("Intake vastleggen", reverse("referrals:intake", args=[referral.pk]))
        page.get_by_label("Verslag intakegesprek").fill(CONVERSATION)
        page.get_by_label(CRITERION).check()
        page.get_by_label("Publieke taak gemeente").check()
        self.check("11-intake")
        self.submit("Intake opslaan", detail)
        self.success("De intake is vastgelegd.")
        # Consent still missing: nothing waits for the decider yet.
        assert not [m for m in self.new_mail() if m.subject == HANDOFF_SUBJECT]

        self.click_link("Toestemming vastleggen", reverse("referrals:consent", args=[referral.pk]))
        rows = page.locator("tbody tr")
        expect(rows.filter(has_text=OLDER[0])).to_contain_text(f"{OLDER[0]} zelf")
        expect(rows.filter(has_text=YOUNGER[0])).not_to_contain_text(f"{YOUNGER[0]} zelf")
        self.check("12-toestemming")
        boxes = page.locator("input[type='checkbox'][name^='given_by_']")
        # Younger child: two parents; older child: two parents and the child.
        expect(boxes).to_have_count(5)
        for box in boxes.all():
            box.check()
        self.submit("Toestemming opslaan", detail)
        self.success("Alle vereiste toestemming is gegeven.")
        expect(main).to_contain_text("In intake")
        self.check("13-linkingpin-intake-en-toestemming")
        # Ready for the decision: the policy officer hears of it (Voorbeeld 3).
        self.assert_one_handoff_mail(deciders, "intake en toestemming")
        assert self.user(Role.POLICY_OFFICER) in deciders
        assert self.waiting(Role.POLICY_OFFICER, "referrals.besluit") == before + 1

    def linking_pin_places_provisionally(self, referral):
        page = self.page
        location = self.world["location"]
        child = referral.family.members.get(first_name=YOUNGER[0])
        enrolment = referral.enrolment
        before = self.waiting(Role.LOCATION_STAFF, "activities.arriving")
        # From the referral page to the family page (the case hub), where
        # the children are placed.
        family = reverse("casework:family_detail", args=[referral.family_id])
        self.click_link("Naar het gezinsdossier", family)
        section = reverse("casework:family_section", args=[referral.family_id, "plaatsingen"])
        self.click_link("Plaatsingen", section)
        suggest = reverse("activities:placement_suggest", args=[enrolment.pk, child.pk])
        self.click_link(f"Kind voorlopig plaatsen: {child.first_name}", suggest)
        expect(page.locator("main")).to_contain_text("Voorlopig plaatsen")
        row = page.get_by_role("row").filter(has_text=location.name)
        expect(row).to_contain_text("klaar: getrainde medewerker aanwezig")
        self.check("14-plaatsen-suggesties")
        create = reverse("activities:placement_create", args=[enrolment.pk, child.pk, location.pk])
        row.get_by_role("link", name=f"Kies {location.name}").click()
        page.wait_for_url(f"**{create}")
        # Voorbeeld 4: after-school care within 24 to 48 hours.
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        page.get_by_label("Eerste dag").fill(tomorrow.isoformat())
        for day in ("maandag", "woensdag", "vrijdag"):
            page.get_by_label(day).check()
        page.get_by_label("Uren per week").fill("9")
        page.get_by_label("Afspraken over halen en brengen").fill(PICKUP)
        self.check("15-plaatsen-formulier")
        page.get_by_role("button", name="Plaatsing opslaan", exact=True).click()
        page.wait_for_url("**/activiteiten/plaatsingen/*/")
        placement = Placement.objects.get(child=child)
        assert page.url.endswith(reverse("activities:placement_detail", args=[placement.pk]))
        self.success(f"{child.first_name} is voorlopig geplaatst bij {location}")
        expect(page.locator("main")).to_contain_text("Voorlopig geplaatst")
        self.check("16-plaatsing-voorlopig")
        assert placement.provisional and placement.location == location
        assert placement.start_date == tomorrow
        # Within the programme's norm for the first day (from intake and consent).
        referral.refresh_from_db()
        norm = ProgrammeSettings.for_programme(referral.programme).norm_start_hours
        first_day = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
        assert referral.ready_at is not None
        assert first_day - referral.ready_at <= datetime.timedelta(hours=norm)

        # Marked as provisional on the family's placements and in the list too.
        page.goto(section)
        expect(page.locator("main")).to_contain_text("Voorlopig geplaatst")
        self.check("17-linkingpin-aanmelding-voorlopig")
        page.goto(reverse("referrals:list") + f"?q={referral.family.reference}")
        row = page.get_by_role("row").filter(has_text=referral.family.reference)
        expect(row).to_contain_text("Voorlopig geplaatst")
        self.check("18-linkingpin-lijst-voorlopig")

        self.assert_one_handoff_mail(location_staff(location), "voorlopige plaatsing")
        assert self.waiting(Role.LOCATION_STAFF, "activities.arriving") == before + 1
        return placement

    def staff_see_the_child_arriving(self, placement):
        page = self.page
        pin = self.user(Role.LINKING_PIN)
        count = self.waiting(Role.LOCATION_STAFF, "activities.arriving")
        self.sign_in_as(Role.LOCATION_STAFF)
        link = self.start_page_shows("activities.arriving", "Kinderen die binnenkort komen", count)
        self.check("19-opvang-start")
        link.click()
        page.wait_for_url("**" + reverse("activities:my_children") + "#arriving")
        arriving = page.locator("table[aria-labelledby='arriving']")
        row = arriving.locator("tbody tr").filter(has_text=YOUNGER[0])
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Voorlopig geplaatst")
        expect(row).to_contain_text("maandag, woensdag, vrijdag")
        expect(row).to_contain_text(PICKUP)
        expect(row).to_contain_text(pin.get_full_name())
        expect(row).to_contain_text(pin.phone)
        main = page.locator("main")
        # Only what the location needs: no family name, address, BSN or worries.
        for hidden in (FAMILY_NAME, OLDER[0], YOUNGER[2], "Zonnewijzerpad", WORRIES):
            expect(main).not_to_contain_text(hidden)
        self.check("20-opvang-kinderen")
        page.set_viewport_size({"width": 390, "height": 844})
        self.check("21-opvang-kinderen-telefoon")
        page.goto(reverse("portal:start"))
        self.check("22-opvang-start-telefoon")
        page.set_viewport_size({"width": 1280, "height": 900})

    def policy_officer_accepts(self, referral, placement):
        page = self.page
        count = self.waiting(Role.POLICY_OFFICER, "referrals.besluit")
        self.sign_in_as(Role.POLICY_OFFICER)
        link = self.start_page_shows(
            "referrals.besluit", "Aanmeldingen die wachten op uw besluit", count
        )
        self.check("23-beleid-start")
        link.click()
        page.wait_for_url("**" + reverse("referrals:list") + "?wacht=besluit")
        row = page.get_by_role("row").filter(has_text=referral.family.reference)
        expect(row).to_contain_text("Voorlopig geplaatst")
        self.check("24-beleid-wacht-op-besluit")
        detail = reverse("referrals:detail", args=[referral.pk])
        self.click_link(referral.family.reference, detail)
        self.check("25-beleid-aanmelding")
        self.click_link("Besluiten", reverse("referrals:decide", args=[referral.pk]))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Besluit over {referral.family.reference}"
        )
        main = page.locator("main")
        expect(main).to_contain_text("Voorlopig geplaatst")
        expect(main).to_contain_text(f"{YOUNGER[0]} bij {LOCATION}")
        self.check("26-besluit")
        page.get_by_label("Toegekend").check()
        self.submit("Besluit vastleggen", detail)
        self.success("De aanmelding is toegekend")
        expect(main).to_contain_text("Toegekend")
        self.check("27-beleid-besloten")

        decision = Decision.objects.get(referral=referral)
        assert decision.outcome == Decision.Outcome.ACCEPTED
        assert decision.decided_by == self.user(Role.POLICY_OFFICER)
        placement.refresh_from_db()
        assert placement.ended_at is None
        # The child was placed before the decision: nothing waits for the
        # linking pin now, so no hand-off e-mail.
        assert not [m for m in self.new_mail() if m.subject == HANDOFF_SUBJECT]
        pin = self.user(Role.LINKING_PIN)
        assert not workqueue.waiting_placement(pin, workqueue.listed(pin)).filter(pk=referral.pk)
        return decision

    def letter_is_pdfa_with_remedies(self, referral, decision):
        page = self.page
        url = reverse("referrals:letter", args=[referral.pk])
        expect(page.get_by_role("link", name="Beschikking (PDF)")).to_have_attribute("href", url)
        response = page.request.get(url)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        body = response.body()
        assert body.startswith(b"%PDF")
        # PDF/A: the XMP metadata names the part (WeasyPrint writes it).
        metadata = xmp(body)
        assert 'pdfaid:part="3"' in metadata, metadata[:500]
        text = pdf_text(body)
        # Kept next to the screenshots, to read the letter as the parents do.
        folder = SCREENSHOTS / self.folder
        (folder / "beschikking.pdf").write_bytes(body)
        (folder / "beschikking.txt").write_text(text, encoding="utf-8")
        flat = " ".join(text.split())
        for expected in ("bezwaar", "zes weken", decision.letter_reference, FAMILY_NAME):
            assert expected in flat, f"the letter lacks {expected!r}"
        for child in CHILD_NAMES:
            assert child in flat, f"the letter does not name {child}"
        # The BSN is not printed in full.
        assert YOUNGER[2] not in flat and OLDER[2] not in flat

    def assert_no_family_data_in_mail(self, referral):
        secrets = self.family_texts(referral)
        for message in mail.outbox:
            handoff = message.subject == HANDOFF_SUBJECT
            for secret in secrets:
                if not handoff and secret == referral.family.reference:
                    # The referrer's status e-mail names the reference they
                    # got on submitting: no name, no content.
                    continue
                assert secret not in message.body, f"{secret!r} in an e-mail to {message.to}"
                assert secret not in message.subject, f"{secret!r} in a subject to {message.to}"

    def assert_accessible(self):
        report = "\n".join(f"{name}:\n{describe(v)}" for name, v in self.violations.items())
        assert not report, "axe-core found WCAG 2.1 A/AA violations:\n" + report


def pdf_text(pdf):
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext not found: install poppler-utils (.ci/run does)"
    result = subprocess.run(
        [tool, "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def test_bsns_are_valid():
    from stdnum.nl import bsn

    assert bsn.is_valid(YOUNGER[2]) and bsn.is_valid(OLDER[2])


def test_voorbeeld_3_and_4_in_the_demo_programme(page, demo_world):
    journey = Voorbeeld(page, demo_world)
    referral = journey.referrer_submits()
    journey.coordinator_assigns(referral)
    journey.linking_pin_takes_intake_and_consent(referral)
    placement = journey.linking_pin_places_provisionally(referral)
    journey.staff_see_the_child_arriving(placement)
    decision = journey.policy_officer_accepts(referral, placement)
    journey.letter_is_pdfa_with_remedies(referral, decision)
    journey.assert_no_family_data_in_mail(referral)
    journey.assert_accessible()
