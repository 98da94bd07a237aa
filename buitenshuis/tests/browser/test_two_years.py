# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Two years with a family in the browser, in fast-forward (issue 11).

The demo family BH-DEMO-0002 (Voorbeeldsma: Vince 14, Valentijn 5 placed at
Locatie Fantasietuin; accepted three days ago) is followed by its linking
pin through the real pages, each role in its own browser window signed in
through the real two-step sign-in:

1. month 0: from "Mijn gezinnen" to the hub; a contact recorded on a phone
   (a second window, 390 x 844); the Verwijsindex answered for both
   children; two goals; the review at the intake.
2. fast-forward to just before month 6: the review waits in the work
   queue; a network meeting with two participants and two agreements (one
   for the linking pin, due within a week, which the start page's work
   queue then counts); that agreement marked done; the review of month 6
   recorded from the work queue's link.
3. the location's staff member passes on a signal about Valentijn; the
   linking pin finds it unread in the work queue, records the follow-up (a
   new contact); the staff member sees "Opgepakt", and nothing of the
   contact.
4. fast-forward to the last month: the Verwijsindex reminder is in the
   work queue; the enrolment is closed ("Twee jaar voltooid") with a
   continuation with a parental contribution built up in two steps,
   out-of-home placement prevented: yes, after the confirmation step.
5. the continuation is a referral of its own: the linking pin records its
   intake and the parents' (and Vince's) consent, the policy officer (the
   programme's decider) accepts it; the follow-up enrolment runs, its
   ``previous`` the closed one, and the hub shows the earlier enrolment in
   its context panel.

"Fast-forward" moves every date of the family back (``fast_forward``), so
the server, which runs on today's date, sees the time passed. Every page
visited is checked with axe (WCAG 2.1 A/AA; all findings reported at the
end); screenshots go to /tmp/screens/two_years/."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from buitenshuis.activities.models import Placement, Signal
from buitenshuis.casework.models import (
    Agreement,
    Closure,
    Contact,
    ContributionStep,
    Enrolment,
    Family,
    Goal,
    GoalNote,
    NetworkMeeting,
    Person,
    ReferralIndexEntry,
    Review,
)
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.rules import referral_index as index_rules
from buitenshuis.core.dates import add_months
from buitenshuis.organisations.models import Role
from buitenshuis.referrals.models import Consent, Decision, Intake, Referral, Route
from buitenshuis.tests.browser.conftest import load_demo_with_accounts
from buitenshuis.tests.browser.journey import Journey
from buitenshuis.tests.browser.test_sign_in_journey import describe

pytestmark = pytest.mark.browser

REFERENCE = "BH-DEMO-0002"
DEMO_ACCOUNTS = {
    Role.LINKING_PIN: "linkingpin",
    Role.LOCATION_STAFF: "opvang",
    Role.POLICY_OFFICER: "beleid",
}
GOALS = (
    ("Rust en structuur thuis", "Het hele gezin", "Vaste tijden voor eten en slapen"),
    ("Welbevinden van het kind", "Vince", "Vince zorgt minder voor zijn broertje"),
)
CRITERIA = "Verzonnen: voortgang op de doelen, rust thuis, hoe Valentijn het op de BSO doet."
SIGNAL_TEXT = "Verzonnen: Valentijn was moe en wilde niet naar huis."
FOLLOW_UP_MINUTES = "35"
PHONE = {"width": 390, "height": 844}


# Fast-forward ------------------------------------------------------------------

# (model, path from the model to the family, date and date-time fields)
DATED = (
    (Enrolment, "family", ("start_date", "end_date", "first_activity_date")),
    (Referral, "family", ("received_at", "assigned_at", "ready_at", "decided_at")),
    (Intake, "referral__family", ("held_on",)),
    (Consent, "referral__family", ("given_on",)),
    (Decision, "referral__family", ("start_date", "end_date", "decided_at")),
    (Placement, "enrolment__family", ("start_date", "end_date")),
    (Contact, "enrolment__family", ("date",)),
    (Goal, "enrolment__family", ("created", "reached_on")),
    (GoalNote, "goal__enrolment__family", ("date",)),
    (Review, "enrolment__family", ("held_on",)),
    (NetworkMeeting, "enrolment__family", ("date",)),
    (Agreement, "enrolment__family", ("due_date", "done_on", "created")),
    (ReferralIndexEntry, "enrolment__family", ("registered_on", "recorded")),
    (Signal, "placement__enrolment__family", ("created", "acknowledged_at", "followed_up_at")),
)


def _back(value, months, days):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
        return value - (day - _back(day, months, days))
    return add_months(value, -months) - datetime.timedelta(days=days)


def fast_forward(family, months=0, days=0):
    """Move every date of ``family``'s case ``months`` months and ``days``
    days back, as if that much time had passed (the server keeps today's
    date). Straight in the database: nothing in the product moves dates
    back, and no rule should run on it."""
    for model, path, fields in DATED:
        for row in model.objects.filter(**{path: family}):
            changed = {field: _back(getattr(row, field), months, days) for field in fields}
            model.objects.filter(pk=row.pk).update(**changed)


def enrolment_of(family):
    return family.enrolments.order_by("pk").first()


# The journey -------------------------------------------------------------------


class Window(Journey):
    """One role's browser window."""

    folder = "two_years"

    def start(self):
        page = self.page
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Start", exact=True
        ).click()
        page.wait_for_url(f"**{reverse('portal:start')}")
        return page.locator("section.bh-workqueue")

    def work_item(self, key):
        return self.page.locator(f"section.bh-workqueue li[data-key='{key}']")

    def hub(self, family):
        """From "Mijn gezinnen" to the family's hub."""
        page = self.page
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
            "link", name="Mijn gezinnen", exact=True
        ).click()
        page.wait_for_url(f"**{reverse('casework:caseload')}")
        self.click_link(family.family_name, reverse("casework:family_detail", args=[family.pk]))
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Gezin {REFERENCE}")

    def section(self, family, label, key):
        """On the hub, to the section labelled ``label``: the one with the
        panel ``key``."""
        page = self.page
        nav = page.get_by_role("navigation", name="Onderdelen van het gezinsdossier")
        nav.get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(f"**{hub_url(family.pk, key).split('#')[0]}")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Gezin {REFERENCE}")

    def check(self, name):
        self.shot(name)
        self.axe(name)


@pytest.fixture
def windows(browser, live_server, transactional_db, production_like):
    """The demo data, and a signed-in browser window per role (the linking
    pin twice: at a desk and on a phone), so that nobody signs in twice in
    the same half minute."""
    world = load_demo_with_accounts(DEMO_ACCOUNTS)
    # The phone is the linking pin's, with the same authenticator app.
    world["phone"] = world[Role.LINKING_PIN]
    world["family"] = Family.objects.get(reference=REFERENCE)
    contexts = []

    def window(role, viewport):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=viewport)
        context.set_default_timeout(15_000)
        contexts.append(context)
        journey = Window(context.new_page(), world, prefix=str(role))
        journey.violations = shared
        return journey

    shared = {}
    desk = {"width": 1280, "height": 900}
    found = {
        "world": world,
        "violations": shared,
        "pin": window(Role.LINKING_PIN, desk),
        "phone": window("phone", PHONE),
        "staff": window(Role.LOCATION_STAFF, desk),
        "policy": window(Role.POLICY_OFFICER, desk),
    }
    yield found
    for context in contexts:
        context.close()


def month_zero(pin, phone, family):
    page = pin.page
    enrolment = enrolment_of(family)
    today = timezone.localdate()
    pin.sign_in_as(Role.LINKING_PIN)
    pin.hub(family)
    pin.check("m00-hub")

    # A contact from the phone: the caseload's row link, one column.
    phone.sign_in_as("phone")
    phone.page.goto(reverse("casework:caseload"))
    phone.page.get_by_role("link", name=f"Contact vastleggen ({family.family_name})").click()
    phone.page.wait_for_url(f"**{reverse('casework:contact', args=[family.pk])}**")
    expect(phone.page.get_by_role("heading", level=1)).to_have_text(
        f"Contact vastleggen voor {REFERENCE}"
    )
    expect(phone.page.get_by_label("Datum")).to_have_value(today.isoformat())
    phone.page.get_by_label("Minuten").fill("40")
    phone.page.get_by_label("Huisbezoek").check()
    phone.page.get_by_label("Met wie").fill("beide ouders")
    phone.page.get_by_label("Verslag").fill("Verzonnen verslag: kennismaking met het plan.")
    phone.check("m00-contact-phone")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.submit("Contact vastleggen", reverse("casework:caseload"))
    phone.success("Het contactmoment van")
    assert Contact.objects.filter(enrolment=enrolment, date=today, minutes=40).exists()

    # The Verwijsindex: Vince registered at the start, Valentijn not.
    pin.section(family, "Aanmelding", "referral_index")
    index = page.locator("section#referral_index")
    expect(index).to_contain_text("Vince: nog niet beantwoord")
    url = reverse("casework:referral_index", args=[family.pk])
    for name, registered, day in (
        ("Vince", "Ja", enrolment.start_date),
        ("Valentijn", "Nee", None),
    ):
        # "beantwoorden" while a child has no answer yet.
        pin.click_link("Verwijsindex beantwoorden", url)
        page.get_by_label("Kind").select_option(label=f"{name} Voorbeeldsma (kind)")
        page.get_by_role(
            "radiogroup", name="Heeft u het kind in de Verwijsindex geregistreerd?"
        ).get_by_label(registered, exact=True).check()
        if day:
            page.get_by_label("Datum registratie").fill(day.isoformat())
        if name == "Vince":
            pin.check("m00-verwijsindex")
        pin.submit("Vastleggen", hub_url(family.pk, "referral_index"))
        pin.success(f"Het antwoord voor {name} is vastgelegd.")
    expect(index).to_contain_text("Valentijn: niet geregistreerd")
    expect(index).to_contain_text("Vince: geregistreerd op")

    # Two goals.
    pin.section(family, "Doelen en evaluaties", "goals")
    for domain, person, description in GOALS:
        pin.click_link("Doel toevoegen", reverse("casework:goal_create", args=[family.pk]))
        page.get_by_label("Leefgebied").select_option(label=domain)
        if person != "Het hele gezin":
            page.get_by_label("Voor").select_option(label=f"{person} Voorbeeldsma (kind)")
        page.get_by_label("Doel", exact=True).fill(description)
        if description == GOALS[0][2]:
            pin.check("m00-goal")
        pin.submit("Doel vastleggen", hub_url(family.pk, "goals"))
        pin.success("Het doel is vastgelegd.")
        expect(page.locator("section#goals")).to_contain_text(description)

    # The review at the intake (month 0), from the hub's reviews panel.
    review_at_intake(pin, family, 0, "Bij de intake")


def review_at_intake(pin, family, month, link):
    pin.click_link(link, reverse("casework:review", args=[family.pk, month]))
    record_review(pin, family, month, ("Gelijk", "Vooruit"))


def record_review(pin, family, month, progress):
    page = pin.page
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Evaluatie maand {month}, gezin {REFERENCE}"
    )
    for (_domain, _person, description), answer in zip(GOALS, progress, strict=True):
        page.get_by_role("radiogroup", name=f"Voortgang: {description}").get_by_label(
            answer, exact=True
        ).check()
    page.get_by_role("radiogroup", name="Besluit").get_by_label("Doorgaan", exact=True).check()
    page.get_by_label("Gebruikte criteria").fill(CRITERIA)
    pin.check(f"m{month:02d}-review")
    pin.submit("Evaluatie vastleggen", hub_url(family.pk, "reviews"))
    pin.success("De evaluatie is vastgelegd.")
    review = Review.objects.get(enrolment=enrolment_of(family), month=month)
    assert review.outcome == Review.Outcome.CONTINUE and review.criteria == CRITERIA
    assert review.progress.count() == len(GOALS)


def month_six(pin, family):
    page = pin.page
    today = timezone.localdate()
    hub = hub_url(family.pk, "agreements").split("#")[0]

    # The review of month 6 waits in the work queue, two weeks ahead.
    pin.start()
    reviews = pin.work_item("casework.reviews_due")
    expect(reviews).to_contain_text("Evaluaties die binnenkort of te laat zijn")
    pin.check("m06-start")

    # A network meeting with two participants and two agreements.
    pin.hub(family)
    pin.section(family, "Contact", "meetings")
    new_meeting = reverse("casework:meeting_create", args=[family.pk])
    pin.click_link("Netwerkoverleg vastleggen", new_meeting)
    page.get_by_label("Duur in minuten").fill("90")
    page.get_by_label("Verslag").fill("Verzonnen verslag: rondgang langs school en wijkteam.")
    for n, (kind, name, organisation) in enumerate(
        (
            ("Sociaal team / wijkteam", "Wijkcoach", "Sociaal team Verzonnenstad"),
            ("School", "Mentor van Vince", "Fictief College"),
        )
    ):
        page.locator(f"#id_deelnemer-{n}-kind").select_option(label=kind)
        page.locator(f"#id_deelnemer-{n}-name").fill(name)
        page.locator(f"#id_deelnemer-{n}-organisation").fill(organisation)
    agreements = (
        ("Aanmelding bij de schuldhulp nabellen", "Linking pin", today + datetime.timedelta(5)),
        ("Gesprek met Vince over zijn rooster", "School", today + datetime.timedelta(30)),
    )
    for n, (what, holder, due) in enumerate(agreements):
        page.locator(f"#id_afspraak-{n}-what").fill(what)
        page.locator(f"#id_afspraak-{n}-holder_kind").select_option(label=holder)
        page.locator(f"#id_afspraak-{n}-due_date").fill(due.isoformat())
    pin.check("m06-meeting-form")
    page.get_by_role("button", name="Netwerkoverleg vastleggen").click()
    pin.success("Het netwerkoverleg van")
    meeting = NetworkMeeting.objects.get(enrolment__family=family)
    assert meeting.participants.count() == 2
    assert Agreement.objects.filter(enrolment__family=family, meeting=meeting).count() == 2
    pin.check("m06-meeting")

    # The linking pin's agreement is on the start page's work queue.
    pin.start()
    item = pin.work_item("casework.agreements_due")
    expect(item).to_contain_text("Afspraken voor u, binnen een week of te laat")
    item.get_by_role("link").click()
    page.wait_for_url(f"**{reverse('casework:agreement_list')}**")
    row = page.get_by_role("row").filter(has_text=agreements[0][0])
    expect(row).to_contain_text(REFERENCE)
    expect(page.get_by_role("row").filter(has_text=agreements[1][0])).to_have_count(0)
    pin.check("m06-agreements")

    # Done, on the hub.
    row.get_by_role("link", name=REFERENCE, exact=True).click()
    page.wait_for_url(f"**{hub}**")
    page.get_by_role("button", name=f"Gedaan: {agreements[0][0]}").click()
    pin.success("De afspraak is als gedaan gemarkeerd.")
    done = Agreement.objects.get(enrolment__family=family, what=agreements[0][0])
    assert done.status == Agreement.Status.DONE and done.done_on == today
    panel = page.locator("section#agreements")
    expect(panel.get_by_role("row").filter(has_text=agreements[1][0])).to_have_count(1)
    expect(panel.get_by_role("row").filter(has_text=agreements[0][0])).to_have_count(0)

    # The review of month 6, from the work queue's link.
    pin.start()
    pin.work_item("casework.reviews_due").get_by_role("link").click()
    page.wait_for_url(f"**{reverse('casework:reviews_due')}**")
    row = page.get_by_role("row").filter(has_text=REFERENCE)
    expect(row).to_contain_text("Binnenkort")
    pin.check("m06-reviews-due")
    row.get_by_role("link", name="Maand 6").click()
    page.wait_for_url(f"**{reverse('casework:review', args=[family.pk, 6])}")
    record_review(pin, family, 6, ("Vooruit", "Vooruit"))


def signal_picked_up(pin, staff, family):
    valentijn = family.members.get(first_name="Valentijn")
    placement = Placement.objects.get(child=valentijn)
    signal_page = reverse("activities:signal_create", args=[placement.pk])

    # The staff member, from their children.
    staff.sign_in_as(Role.LOCATION_STAFF)
    staff.click_link("Naar de kinderen op mijn locatie", reverse("activities:my_children"))
    staff.click_link("Signaal over Valentijn doorgeven", signal_page)
    page = staff.page
    page.get_by_label("Zorg").check()
    page.get_by_label("Toelichting").fill(SIGNAL_TEXT)
    staff.check("m06-signal-form")
    page.get_by_role("button", name="Signaal doorgeven").click()
    staff.success("Uw signaal over Valentijn is doorgegeven aan de linking pin.")
    signal = Signal.objects.get(placement=placement)
    assert signal.text == SIGNAL_TEXT

    # The linking pin: unread in the work queue, the follow-up a new contact.
    page = pin.page
    pin.start()
    item = pin.work_item("activities.unread_signals")
    expect(item).to_be_visible()
    item.get_by_role("link").click()
    page.wait_for_url(f"**{reverse('activities:signal_inbox')}**")
    row = page.locator(f"#signal-{signal.pk}")
    expect(row).to_contain_text(SIGNAL_TEXT)
    expect(row).to_have_class("utrecht-table__row bh-unread")
    pin.check("m06-signal-inbox")
    row.get_by_role("link", name="Opvolging vastleggen: signaal over Valentijn").click()
    page.wait_for_url(f"**{reverse('activities:signal_follow_up', args=[signal.pk])}**")
    page.get_by_label("Contact met het gezin").check()
    page.get_by_label("Duur in minuten").fill(FOLLOW_UP_MINUTES)
    page.get_by_label("Soort contact").select_option(label="Telefonisch")
    pin.check("m06-signal-follow-up")
    page.get_by_role("button", name="Opvolging vastleggen").click()
    pin.success("Vastgelegd wat er met het signaal over Valentijn is gedaan.")
    signal.refresh_from_db()
    assert signal.follow_up == Signal.FollowUp.CONTACT and signal.followed_up_at is not None
    contact = signal.follow_up_contact
    assert contact.kind == Contact.Kind.PHONE and contact.minutes == int(FOLLOW_UP_MINUTES)

    # The staff member sees it was picked up, and nothing of the contact.
    page = staff.page
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Kinderen op mijn locatie"
    ).click()
    page.wait_for_url(f"**{reverse('activities:my_children')}")
    staff.click_link("Signaal over Valentijn doorgeven", signal_page)
    mine = page.get_by_role("row").filter(has_text=SIGNAL_TEXT)
    expect(mine).to_contain_text("Opgepakt")
    main = page.locator("main")
    for secret in ("Telefonisch", "contactmoment", f"{FOLLOW_UP_MINUTES} min"):
        expect(main).not_to_contain_text(secret)
    staff.check("m06-signal-picked-up")


def last_month(pin, family):
    page = pin.page
    today = timezone.localdate()
    enrolment = enrolment_of(family)
    vince = ReferralIndexEntry.objects.get(enrolment=enrolment, child__first_name="Vince")
    assert (
        index_rules.remind_from(vince.registered_on)
        <= today
        < vince.registered_on.replace(year=vince.registered_on.year + 2)
    )

    # The Verwijsindex reminder.
    pin.start()
    item = pin.work_item("casework.referral_index_due")
    expect(item).to_contain_text("Registraties in de Verwijsindex die aflopen")
    pin.check("m23-start")
    item.get_by_role("link").click()
    page.wait_for_url(f"**{reverse('casework:referral_index_due')}**")
    row = page.get_by_role("row").filter(has_text=REFERENCE)
    expect(row).to_contain_text("Vince")
    expect(page.get_by_role("row").filter(has_text="Valentijn")).to_have_count(0)
    pin.check("m23-verwijsindex-due")

    # The closure, in two steps.
    pin.hub(family)
    expect(page.locator("section#enrolment")).to_contain_text("maand 24 van 24")
    pin.click_link("Traject afsluiten", reverse("casework:closure", args=[family.pk]))
    expect(page.get_by_label("Datum van afsluiting")).to_have_value(today.isoformat())
    page.get_by_role("radiogroup", name="Reden").get_by_label("Twee jaar voltooid").check()
    page.get_by_role("radiogroup", name="Vervolg").get_by_label(
        "Voortzetten met een opbouwende ouderbijdrage"
    ).check()
    page.get_by_role("radiogroup", name="Is een uithuisplaatsing voorkomen?").get_by_label(
        "Ja", exact=True
    ).check()
    first = add_months(today.replace(day=1), 1)
    steps = ((first, "25,00", Decimal("25.00")), (add_months(first, 6), "50,00", Decimal("50.00")))
    for n, (month, amount, _value) in enumerate(steps, start=1):
        page.locator(f"#id_step_{n}_month").select_option(value=month.isoformat())
        page.locator(f"#id_step_{n}_amount").fill(amount)
    pin.check("m24-closure-form")
    page.get_by_role("button", name="Verder").click()
    expect(page.locator("#confirm")).to_contain_text("Weet u het zeker?")
    assert not Closure.objects.filter(enrolment=enrolment).exists()
    pin.check("m24-closure-confirm")
    pin.submit("Ja, traject afsluiten", hub_url(family.pk, "closure"))
    pin.success("Het traject is afgesloten. Het vervolg staat klaar als nieuwe aanmelding")

    closure = Closure.objects.get(enrolment=enrolment)
    assert closure.reason == Closure.Reason.COMPLETED
    assert closure.way_on == Closure.WayOn.CONTRIBUTION
    assert closure.out_of_home_prevented == Closure.Prevented.YES
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CLOSED
    follow_up = Enrolment.objects.get(previous=enrolment)
    assert follow_up.status == Enrolment.Status.REFERRED
    schedule = ContributionStep.objects.filter(enrolment=follow_up).order_by("starts_on")
    assert [(step.starts_on, step.monthly_amount) for step in schedule] == [
        (month, value) for month, _amount, value in steps
    ]
    # The help continues: Valentijn keeps his place, provisionally in the
    # follow-up enrolment until the municipality decides.
    continued = Placement.objects.get(child__first_name="Valentijn")
    assert continued.enrolment == follow_up and continued.provisional
    assert continued.end_date > today
    pin.check("m24-closed")
    return follow_up


def continuation(pin, policy, family, follow_up):
    referral = Referral.objects.get(enrolment=follow_up)
    assert referral.route == Route.CONTINUATION
    detail = reverse("referrals:detail", args=[referral.pk])

    # The linking pin: its intake and consent, found from the work queue.
    page = pin.page
    pin.start()
    pin.work_item("referrals.intake").get_by_role("link").click()
    page.wait_for_url("**wacht=intake")
    row = page.get_by_role("row").filter(has_text=REFERENCE)
    row.get_by_role("link", name=REFERENCE, exact=True).click()
    page.wait_for_url(f"**{detail}")
    pin.check("m24-continuation")
    pin.click_link("Intake vastleggen", reverse("referrals:intake", args=[referral.pk]))
    page.get_by_label("Verslag intakegesprek").fill(
        "Verzonnen: slotevaluatie; de ouders willen door, met een eigen bijdrage."
    )
    page.get_by_role("group", name="Inclusiecriteria waaraan is voldaan").get_by_role(
        "checkbox"
    ).first.check()
    page.get_by_label("Publieke taak gemeente").check()
    pin.check("m24-continuation-intake")
    pin.submit("Intake opslaan", detail)
    pin.success("De intake is vastgelegd.")
    pin.click_link("Toestemming vastleggen", reverse("referrals:consent", args=[referral.pk]))
    boxes = page.locator("input[type=checkbox][name^='given_by_']")
    for n in range(boxes.count()):
        boxes.nth(n).check()
    pin.check("m24-continuation-consent")
    pin.submit("Toestemming opslaan", detail)
    pin.success("Alle vereiste toestemming is gegeven.")

    # The policy officer decides, from their work queue.
    page = policy.page
    policy.sign_in_as(Role.POLICY_OFFICER)
    policy.work_item("referrals.besluit").get_by_role("link").click()
    page.wait_for_url("**wacht=besluit")
    page.get_by_role("row").filter(has_text=REFERENCE).get_by_role(
        "link", name=REFERENCE, exact=True
    ).click()
    page.wait_for_url(f"**{detail}")
    policy.click_link("Besluiten", reverse("referrals:decide", args=[referral.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Besluit over {REFERENCE}")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    expect(page.get_by_label("Startdatum")).to_have_value(tomorrow.isoformat())
    page.get_by_label("Toegekend").check()
    policy.check("m24-continuation-decide")
    policy.submit("Besluit vastleggen", detail)
    policy.success("De aanmelding is toegekend")

    follow_up.refresh_from_db()
    closed = enrolment_of(family)
    assert follow_up.status == Enrolment.Status.ACTIVE
    assert follow_up.previous_id == closed.pk
    assert follow_up.start_date == tomorrow
    assert Decision.objects.get(referral=referral).outcome == Decision.Outcome.ACCEPTED
    # The accepted continuation made Valentijn's continued place a regular one.
    kept = Placement.objects.get(child__first_name="Valentijn")
    assert kept.enrolment == follow_up and not kept.provisional

    # The hub: the running follow-up, the earlier enrolment in context.
    page = pin.page
    pin.hub(family)
    expect(page.locator("section#enrolment")).to_contain_text("Lopend")
    pin.section(family, "Aanmelding", "context")
    context = page.locator("section#context")
    expect(context).to_contain_text("Afgesloten")
    expect(context).to_contain_text(closed.start_date.strftime("%Y"))
    pin.check("m24-hub-continued")


def test_two_years_with_a_family(windows):
    world = windows["world"]
    family = world["family"]
    pin, phone, staff, policy = (windows[k] for k in ("pin", "phone", "staff", "policy"))
    assert family.members.filter(kind=Person.Kind.CHILD).count() == 2

    month_zero(pin, phone, family)

    # Just before month 6: the review is due within two weeks.
    fast_forward(family, months=6, days=-7)
    month_six(pin, family)
    signal_picked_up(pin, staff, family)

    # Ten days into the last month: Vince's registration lapses within four weeks.
    start = enrolment_of(family).start_date
    target = add_months(timezone.localdate(), -23) - datetime.timedelta(days=10)
    fast_forward(family, days=(start - target).days)
    assert enrolment_of(family).start_date == target
    follow_up = last_month(pin, family)
    continuation(pin, policy, family, follow_up)

    assert not windows["violations"], "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(
        f"{name}:\n{describe(found)}" for name, found in windows["violations"].items()
    )
