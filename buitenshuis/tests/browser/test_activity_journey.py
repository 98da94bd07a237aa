# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The linking pin places a child at a suggested
ready location; the location's staff see that child and nothing else; a
signal reaches the linking pin, who marks it read.

Production-like settings (password + TOTP, DEBUG off). axe-core checks the
staff's list of children, the signal form (empty and with errors) and the
linking pin's inbox for WCAG 2.1 A/AA violations; screenshots go to
/tmp/screens/activities/."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.activities.models import Contract, Placement, Signal
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.organisations.models import ActivityType, OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    LocationFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import DecisionFactory, make_referral
from buitenshuis.tests.browser.journey import Journey as BaseJourney
from buitenshuis.tests.browser.test_sign_in_journey import describe
from buitenshuis.training.models import Module, TrainingRecord

pytestmark = pytest.mark.browser

PICKUP = "Oma Ans haalt op dinsdag en donderdag."
SIGNAL_TEXT = "Verzonnen: Mees was vandaag stil en wilde niet naar huis."
OTHER_CHILD = "Bobbieb"


@pytest.fixture
def journey_world(transactional_db):
    """A programme with a linking pin (trained) and an accepted referral
    with one child of 8; location A (after-school care, a trained staff
    member: ready) and location B (its own staff member, not trained), both
    under contract; at B a child of another family is placed already."""
    today = timezone.localdate()
    home = MunicipalityFactory(name="Verzonnendam")
    programme = ProgrammeFactory(name="Buitenshuis Verzonnen regio")
    programme.municipalities.add(home)

    def person(username, first, last, role, org_type, **membership):
        user = UserFactory(username=username, first_name=first, last_name=last)
        created = MembershipFactory(
            user=user,
            role=role,
            programme=programme,
            organisation=OrganisationFactory(type=org_type),
            **membership,
        )
        device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
        return user, device, created

    pin, pin_device, _ = person(
        "linkingpin_a", "Lieke", "Verbinder", Role.LINKING_PIN, OrganisationType.YOUTH_CARE
    )
    pin.phone = "06 11122233"
    pin.save()
    for module in (Module.LP_ELEARNING, Module.LP_DAY, Module.LP_RETURN):
        TrainingRecord.objects.create(user=pin, module=module, completed_on=today, recorded_by=pin)
    referrer = UserFactory(username="verwijzer_a")
    MembershipFactory(
        user=referrer,
        role=Role.REFERRER,
        programme=programme,
        organisation=OrganisationFactory(type=OrganisationType.SOCIAL_TEAM),
    )

    def location(name):
        place = LocationFactory(
            name=name,
            activity_type=ActivityType.AFTER_SCHOOL,
            lrk_number="123456789",
            age_min=4,
            age_max=12,
            municipality=home,
        )
        Contract.objects.create(
            location=place,
            programme=programme,
            places=3,
            tariff="9.98",
            valid_from=today - datetime.timedelta(days=30),
        )
        return place

    ready = location("BSO De Verzonnen Boom")
    other = location("BSO Het Andere Eind")
    staff, staff_device, staff_membership = person(
        "opvang_a", "Olga", "Opvang", Role.LOCATION_STAFF, OrganisationType.CHILDCARE
    )
    staff_membership.locations.add(ready)
    for module in (Module.STAFF_ELEARNING, Module.STAFF_SESSION):
        TrainingRecord.objects.create(
            user=staff, module=module, completed_on=today, recorded_by=pin
        )
    _, _, other_staff = person(
        "opvang_b", "Otto", "Elders", Role.LOCATION_STAFF, OrganisationType.CHILDCARE
    )
    other_staff.locations.add(other)

    def accepted(child_first_name):
        referral = make_referral(
            programme, referrer, linking_pin=pin, child_ages=(8,), status=Referral.Status.ACCEPTED
        )
        DecisionFactory(referral=referral, decided_by=pin, under_mandate=True)
        enrolment = referral.enrolment
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.start_date = today
        enrolment.end_date = today + datetime.timedelta(days=730)
        enrolment.save()
        child = referral.family.members.get(kind=Person.Kind.CHILD)
        child.first_name = child_first_name
        child.save()
        return referral, child

    referral, child = accepted("Mees")
    other_referral, other_child = accepted(OTHER_CHILD)
    Placement.objects.create(
        enrolment=other_referral.enrolment,
        child=other_child,
        location=other,
        contract=other.contracts.get(),
        activity_type=ActivityType.AFTER_SCHOOL,
        days=["mon"],
        hours_per_week=4,
        start_date=today,
        end_date=other_referral.enrolment.end_date,
        pickup_arrangements="Buurvrouw Fien haalt op.",
        created_by=pin,
    )
    return {
        "programme": programme,
        "referral": referral,
        "child": child,
        "ready": ready,
        "other": other,
        Role.LINKING_PIN: (pin, pin_device),
        Role.LOCATION_STAFF: (staff, staff_device),
    }


class Journey(BaseJourney):
    folder = "activities"

    # steps -------------------------------------------------------------------

    def linking_pin_places(self):
        page, world = self.page, self.world
        referral, child, ready = world["referral"], world["child"], world["ready"]
        self.sign_in_as(Role.LINKING_PIN)
        self.click_link("Aanmeldingen", reverse("referrals:list"))
        self.click_link(referral.family.reference, reverse("referrals:detail", args=[referral.pk]))
        # Placing is the family's case: the family page (the case hub).
        family = reverse("casework:family_detail", args=[referral.family_id])
        self.click_link("Naar het gezinsdossier", family)
        section = reverse("casework:family_section", args=[referral.family_id, "plaatsingen"])
        self.click_link("Plaatsingen", section)
        suggest = reverse("activities:placement_suggest", args=[referral.enrolment_id, child.pk])
        self.click_link(f"Kind plaatsen: {child.first_name}", suggest)
        row = page.get_by_role("row").filter(has_text=ready.name)
        expect(row).to_contain_text("klaar: getrainde medewerker aanwezig")
        self.shot("suggest")
        create = reverse(
            "activities:placement_create", args=[referral.enrolment_id, child.pk, ready.pk]
        )
        row.get_by_role("link", name=f"Kies {ready.name}").click()
        page.wait_for_url(f"**{create}")
        page.get_by_label("dinsdag").check()
        page.get_by_label("donderdag").check()
        page.get_by_label("Uren per week").fill("8")
        page.get_by_label("Afspraken over halen en brengen").fill(PICKUP)
        page.get_by_role("button", name="Plaatsing opslaan", exact=True).click()
        placement = None
        page.wait_for_url("**/activiteiten/plaatsingen/*/")
        placement = Placement.objects.get(child=child)
        assert page.url.endswith(reverse("activities:placement_detail", args=[placement.pk]))
        self.success(f"{child.first_name} is geplaatst bij")
        assert placement.location == ready
        assert placement.days == ["tue", "thu"]
        assert placement.pickup_arrangements == PICKUP
        return placement

    def staff_see_the_child_and_pass_a_signal(self, placement):
        page, world = self.page, self.world
        child = world["child"]
        self.sign_in_as(Role.LOCATION_STAFF)
        card = page.locator("section", has=page.locator("#card-children"))
        expect(card).to_contain_text("1 kind op uw locatie")
        self.click_link("Naar de kinderen op mijn locatie", reverse("activities:my_children"))
        main = page.locator("main")
        expect(page.get_by_role("heading", level=1)).to_have_text("Kinderen op mijn locatie")
        rows = page.locator("tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text(child.first_name)
        expect(rows.first).to_contain_text("dinsdag, donderdag")
        expect(rows.first).to_contain_text(PICKUP)
        pin = world[Role.LINKING_PIN][0]
        for shown in (pin.get_full_name(), pin.email, "06 11122233"):
            expect(rows.first).to_contain_text(shown)
        family = world["referral"].family
        for hidden in (
            OTHER_CHILD,
            "Buurvrouw Fien",
            child.last_name,
            family.reference,
            family.street,
            family.postcode,
            "Verzonnen zorgen",
        ):
            expect(main).not_to_contain_text(hidden)
        self.axe("kinderen op mijn locatie")
        self.shot("staff-children")

        url = reverse("activities:signal_create", args=[placement.pk])
        self.click_link(f"Signaal over {child.first_name} doorgeven", url)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Signaal over {child.first_name}"
        )
        self.axe("signaal (leeg)")
        self.shot("signal-form")
        page.get_by_role("button", name="Signaal doorgeven").click()
        page.wait_for_url(f"**{url}")
        summary = page.locator("#error-summary")
        expect(summary).to_contain_text("Kies de soort signaal.")
        expect(summary).to_contain_text("Schrijf wat u de linking pin wilt laten weten.")
        assert not Signal.objects.exists()
        self.axe("signaal (met fouten)")
        self.shot("signal-form-errors")

        page.get_by_label("Zorg", exact=True).check()
        page.get_by_label("Toelichting", exact=True).fill(SIGNAL_TEXT)
        page.get_by_role("button", name="Signaal doorgeven").click()
        page.wait_for_url(f"**{reverse('activities:my_children')}")
        self.success(f"Uw signaal over {child.first_name} is doorgegeven aan de linking pin.")
        signal = Signal.objects.get()
        assert signal.placement == placement and signal.kind == Signal.Kind.WORRY
        assert signal.created_by == world[Role.LOCATION_STAFF][0]
        # A child at another location is not theirs: 404.
        other = Placement.objects.get(location=world["other"])
        response = page.goto(reverse("activities:signal_create", args=[other.pk]))
        assert response.status == 404
        expect(page.locator("main")).not_to_contain_text(OTHER_CHILD)
        return signal

    def linking_pin_reads_and_acknowledges(self, signal):
        page, world = self.page, self.world
        child = world["child"]
        pin = self.sign_in_as(Role.LINKING_PIN)
        card = page.locator("section", has=page.locator("#card-signals"))
        expect(card).to_contain_text("1 ongelezen signaal")
        self.click_link("Naar de signalen", reverse("activities:signal_inbox"))
        row = page.get_by_role("row").filter(has_text=SIGNAL_TEXT)
        expect(row).to_contain_text(child.first_name)
        expect(row).to_contain_text("Zorg")
        expect(row).to_contain_text(world[Role.LOCATION_STAFF][0].get_full_name())
        self.axe("signalen (ongelezen)")
        self.shot("inbox-unread")
        row.get_by_role(
            "button", name=f"Markeer als gelezen: signaal over {child.first_name}"
        ).click()
        page.wait_for_url(f"**{reverse('activities:signal_inbox')}")
        self.success(f"Het signaal over {child.first_name} is als gelezen gemarkeerd.")
        expect(page.get_by_role("row").filter(has_text=SIGNAL_TEXT)).to_contain_text(
            f"Gelezen door {pin.get_full_name()}"
        )
        self.axe("signalen (gelezen)")
        self.shot("inbox-read")
        signal.refresh_from_db()
        assert signal.acknowledged_by == pin and signal.acknowledged_at is not None

    def assert_accessible(self):
        report = "\n".join(f"{name}:\n{describe(v)}" for name, v in self.violations.items())
        assert not report, "axe-core found WCAG 2.1 A/AA violations:\n" + report


def test_place_a_child_staff_see_it_and_a_signal_reaches_the_linking_pin(page, journey_world):
    journey = Journey(page, journey_world)
    placement = journey.linking_pin_places()
    signal = journey.staff_see_the_child_and_pass_a_signal(placement)
    journey.linking_pin_reads_and_acknowledges(signal)
    journey.assert_accessible()
