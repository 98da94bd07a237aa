# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Placing a child: suggestions ordered by distance on recorded
PDOK answers, the offline path, each refusal, the coordinator's override
for a location without trained staff, projected costs, and who may place."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.activities import rules
from buitenshuis.activities.models import Contract, Placement
from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.tests.factories import PersonFactory
from buitenshuis.core import dates
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import euro
from buitenshuis.organisations.models import ActivityType, GeocodeCache, Role
from buitenshuis.organisations.tests.factories import LocationFactory, MembershipFactory
from buitenshuis.organisations.tests.test_geocoding import geocoder, offline  # noqa: F401
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import birth_date_for_age, make_referral
from buitenshuis.training.models import Module, TrainingOverride, TrainingRecord

TODAY = timezone.localdate()


def train_staff(user, recorded_by):
    for module in (Module.STAFF_ELEARNING, Module.STAFF_SESSION):
        TrainingRecord.objects.get_or_create(
            user=user,
            module=module,
            defaults={"completed_on": TODAY, "recorded_by": recorded_by},
        )


def make_contract(location, programme, places=2, tariff="9.98", unit=Contract.TariffUnit.HOUR):
    return Contract.objects.create(
        location=location,
        programme=programme,
        places=places,
        tariff=Decimal(tariff),
        tariff_unit=unit,
        valid_from=TODAY - datetime.timedelta(days=30),
    )


@pytest.fixture
def placing(world):
    """An accepted referral of the world's linking pin with a child of 7 and
    one of 2, at home in 3581 KP 10; the world's location is an
    after-school club at 3582 AB 5 (ready: its staff member is trained), a
    second one at 3521 CA 100 (ready) and a third with an unknown address
    (not ready)."""
    pin = world.users["linking_pin"]
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=pin,
        child_ages=(7, 2),
        status=Referral.Status.ACCEPTED,
    )
    family = referral.family
    family.postcode, family.house_number = "3581 KP", "10"
    family.save()
    enrolment = referral.enrolment
    enrolment.status = Enrolment.Status.ACTIVE
    enrolment.start_date = TODAY - datetime.timedelta(days=2)
    enrolment.end_date = TODAY + datetime.timedelta(days=730)
    enrolment.save()
    children = list(family.members.filter(kind=Person.Kind.CHILD).order_by("-date_of_birth"))
    toddler, child = children
    near = world.location
    near.name, near.activity_type, near.lrk_number = "BSO Dichtbij", ActivityType.AFTER_SCHOOL, ""
    near.postcode, near.house_number = "3582 AB", "5"
    near.save()
    far = LocationFactory(
        name="BSO Verderop",
        activity_type=ActivityType.AFTER_SCHOOL,
        postcode="3521 CA",
        house_number="100",
    )
    unknown = LocationFactory(
        name="BSO Onbekend",
        activity_type=ActivityType.AFTER_SCHOOL,
        postcode="9999 ZZ",
        house_number="1",
    )
    staff = world.users["location_staff"]
    train_staff(staff, world.users["coordinator"])
    far_staff = MembershipFactory(role=Role.LOCATION_STAFF, programme=world.programme).user
    far_staff_membership = far_staff.memberships.get()
    far_staff_membership.locations.add(far)
    train_staff(far_staff, world.users["coordinator"])
    contracts = {
        "near": make_contract(near, world.programme),
        "far": make_contract(far, world.programme),
        "unknown": make_contract(unknown, world.programme),
    }
    world.referral = referral
    world.enrolment = enrolment
    world.child = child
    world.toddler = toddler
    world.near, world.far, world.unknown = near, far, unknown
    world.contracts = contracts
    return world


def suggest_url(world, child=None):
    return reverse(
        "activities:placement_suggest", args=[world.enrolment.pk, (child or world.child).pk]
    )


def create_url(world, location, child=None):
    return reverse(
        "activities:placement_create",
        args=[world.enrolment.pk, (child or world.child).pk, location.pk],
    )


def override_url(world, location):
    return reverse("activities:readiness_override", args=[world.enrolment.pk, location.pk])


def form_data(world, **changes):
    data = {
        "activity_type": ActivityType.AFTER_SCHOOL,
        "days": ["mon", "wed"],
        "hours_per_week": "8",
        "start_date": TODAY.isoformat(),
        "end_date": world.enrolment.end_date.isoformat(),
        "parental_contribution": "0",
        "pickup_arrangements": "Oma haalt op woensdag (verzonnen).",
        "place": "1",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Suggestions ---------------------------------------------------------------


def test_suggestions_are_ordered_by_distance_on_recorded_answers(
    placing,
    geocoder,  # noqa: F811
):
    rows = rules.suggestions(placing.enrolment, placing.child)
    assert [row["location"] for row in rows] == [placing.near, placing.far, placing.unknown]
    assert round(rows[0]["distance_km"], 1) == 0.9
    assert round(rows[1]["distance_km"], 1) == 3.0
    assert rows[2]["distance_km"] is None
    assert [row["ready"] for row in rows] == [True, True, False]
    assert [row["free_places"] for row in rows] == [2, 2, 2]


def test_the_suggestion_page_shows_distance_places_and_readiness(
    placing,
    geocoder,  # noqa: F811
    client,
    sign_in,
):
    sign_in(placing.users["linking_pin"])
    response = client.get(suggest_url(placing))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("BSO Dichtbij") < body.index("BSO Verderop") < body.index("BSO Onbekend")
    assert "0,9 km" in body and "3,0 km" in body
    assert "afstand onbekend" in body
    assert "klaar: getrainde medewerker aanwezig" in body
    assert "nog niet klaar" in body
    assert "Buitenschoolse opvang (BSO)" in body
    assert create_url(placing, placing.near) in body
    # Not ready and no permission: no link to place there.
    assert create_url(placing, placing.unknown) not in body
    # The cache now holds the home and the two known addresses, and a miss.
    assert GeocodeCache.objects.filter(found=True).count() == 3
    assert GeocodeCache.objects.get(query="9999ZZ-1").found is False
    log = AccessLogEntry.objects.filter(user=placing.users["linking_pin"], action="view")
    assert log.filter(subjects__family_id=placing.referral.family_id).exists()


def test_offline_the_page_shows_unknown_distances_and_caches_nothing(
    placing,
    offline,  # noqa: F811
    client,
    sign_in,
):
    sign_in(placing.users["linking_pin"])
    response = client.get(suggest_url(placing))
    assert response.status_code == 200
    assert response.content.decode().count("afstand onbekend") == 3
    assert not GeocodeCache.objects.exists()


def test_suggestions_show_a_full_location_with_zero_free_places(placing, client, sign_in):
    contract = placing.contracts["near"]
    contract.places = 1
    contract.save()
    other = make_referral(
        placing.programme, placing.users["referrer"], linking_pin=placing.other_pin
    )
    Placement.objects.create(
        enrolment=other.enrolment,
        child=other.family.members.get(kind=Person.Kind.CHILD),
        location=placing.near,
        contract=contract,
        activity_type=ActivityType.AFTER_SCHOOL,
        days=["mon"],
        hours_per_week=4,
        start_date=TODAY,
        end_date=TODAY + datetime.timedelta(days=100),
        created_by=placing.other_pin,
    )
    row = next(
        r for r in rules.suggestions(placing.enrolment, placing.child) if r["contract"] == contract
    )
    assert row["free_places"] == 0
    sign_in(placing.users["linking_pin"])
    body = client.get(suggest_url(placing)).content.decode()
    assert create_url(placing, placing.near) not in body
    assert "vol" in body
    # And the form refuses: nothing stored.
    response = client.post(create_url(placing, placing.near), form_data(placing))
    assert response.status_code == 200
    assert "Alle 1 programmaplaatsen" in response.content.decode()
    assert not Placement.objects.filter(enrolment=placing.enrolment).exists()


def test_places_one_after_the_other_take_one_place(placing):
    contract = placing.contracts["near"]
    for start, end in [(0, 9), (10, 19)]:
        Placement.objects.create(
            enrolment=placing.enrolment,
            child=placing.child,
            location=placing.near,
            contract=contract,
            activity_type=ActivityType.AFTER_SCHOOL,
            days=["mon"],
            hours_per_week=4,
            start_date=TODAY + datetime.timedelta(days=start),
            end_date=TODAY + datetime.timedelta(days=end),
            created_by=placing.users["linking_pin"],
        )
    assert rules.places_taken(contract, TODAY, TODAY + datetime.timedelta(days=30)) == 1
    assert rules.free_places(contract, TODAY, TODAY + datetime.timedelta(days=30)) == 1


# Placing -------------------------------------------------------------------


def test_the_linking_pin_places_a_child_at_a_ready_location(placing, client, sign_in):
    pin = placing.users["linking_pin"]
    sign_in(pin)
    form = client.get(create_url(placing, placing.near))
    assert form.status_code == 200
    assert form.context["form"]["activity_type"].value() == ActivityType.AFTER_SCHOOL
    assert form.context["form"]["end_date"].value() == placing.enrolment.end_date
    response = client.post(create_url(placing, placing.near), form_data(placing))
    placement = Placement.objects.get(enrolment=placing.enrolment)
    assert response.status_code == 302
    assert response.url == reverse("activities:placement_detail", args=[placement.pk])
    assert placement.child == placing.child and placement.location == placing.near
    assert placement.days == ["mon", "wed"]
    assert placement.readiness_override_reason == ""
    placing.enrolment.refresh_from_db()
    assert placing.enrolment.first_activity_date == TODAY
    entry = AccessLogEntry.objects.filter(user=pin, action="create").get()
    assert entry.data == "placement"
    assert entry.subjects.filter(family_id=placing.referral.family_id).exists()
    detail = client.get(response.url).content.decode()
    gross, net = rules.placement_cost(placement)
    assert euro(gross) in detail and "." in euro(gross)  # "€ 8.310,28": Dutch style
    assert "Oma haalt op woensdag" in detail


def test_bereken_shows_the_cost_and_stores_nothing(placing, client, sign_in):
    sign_in(placing.users["linking_pin"])
    data = form_data(placing, parental_contribution="20", place=None, preview="1")
    response = client.post(create_url(placing, placing.near), data)
    assert response.status_code == 200
    preview = response.context["preview"]
    gross, net = rules.cost(
        placing.contracts["near"],
        Decimal(8),
        TODAY,
        placing.enrolment.end_date,
        Decimal(20),
    )
    assert (preview["gross"], preview["net"]) == (gross, net)
    assert net < gross
    assert "Verwachte kosten" in response.content.decode()
    assert not Placement.objects.exists()


def refused_with(response, text):
    assert response.status_code == 200
    body = response.content.decode()
    assert text in body, body
    return body


def test_refused_at_a_location_that_is_not_ready_then_allowed_after_override(
    placing, client, sign_in
):
    pin, coordinator = placing.users["linking_pin"], placing.users["coordinator"]
    sign_in(pin)
    response = client.post(create_url(placing, placing.unknown), form_data(placing))
    refused_with(response, "nog geen medewerker die de training traumasensitief")
    assert not Placement.objects.exists()
    # The linking pin cannot give the permission.
    assert client.get(override_url(placing, placing.unknown)).status_code == 403

    sign_in(coordinator)
    page = client.get(suggest_url(placing)).content.decode()
    assert override_url(placing, placing.unknown) in page
    empty = client.post(override_url(placing, placing.unknown), {"reason": "  "})
    refused_with(empty, "Geef een reden.")
    assert not TrainingOverride.objects.exists()
    reason = "Training staat gepland voor volgende maand; het kind kan niet wachten."
    response = client.post(override_url(placing, placing.unknown), {"reason": reason})
    assert response.status_code == 302
    override = TrainingOverride.objects.get()
    assert override.kind == TrainingOverride.Kind.LOCATION_NOT_READY
    assert override.granted_by == coordinator and override.location == placing.unknown
    # One entry; it refers to the reason, which stays in the case.
    entry = AccessLogEntry.objects.get(user=coordinator, action="change")
    assert entry.reason == (
        "Plaatsing op een locatie zonder getrainde medewerker toegestaan "
        f"(uitzondering #{override.pk}); de reden staat bij de uitzondering."
    )
    assert not AccessLogEntry.objects.filter(reason__contains="Training staat gepland").exists()
    assert entry.subjects.filter(family_id=placing.referral.family_id).exists()

    sign_in(pin)
    response = client.post(create_url(placing, placing.unknown), form_data(placing))
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.readiness_override_reason == reason
    assert placement.readiness_override_by == coordinator
    placement_page = client.get(reverse("activities:placement_detail", args=[placement.pk]))
    assert reason in placement_page.content.decode()


def test_refused_when_the_activity_does_not_suit_the_age_without_a_reason(placing, client, sign_in):
    sign_in(placing.users["linking_pin"])
    url = create_url(placing, placing.near)
    response = client.post(url, form_data(placing, activity_type=ActivityType.DAY_CARE))
    refused_with(response, "past niet bij de leeftijd")
    assert not Placement.objects.exists()
    response = client.post(
        url,
        form_data(
            placing,
            activity_type=ActivityType.DAY_CARE,
            age_override_reason="Broertje gaat er ook heen (verzonnen).",
        ),
    )
    assert response.status_code == 302
    assert Placement.objects.get().age_override_reason.startswith("Broertje")


def test_the_rule_refuses_an_age_mismatch_without_reason(placing):
    with pytest.raises(RuleError, match="past niet bij de leeftijd"):
        rules.place(
            placing.users["linking_pin"],
            placing.enrolment,
            placing.toddler,
            placing.near,
            activity_type=ActivityType.SPORTS_CLUB,
            days=["mon"],
            hours_per_week=4,
            start_date=TODAY,
        )
    assert not Placement.objects.exists()


def test_refused_when_the_end_is_after_the_enrolment(placing, client, sign_in):
    sign_in(placing.users["linking_pin"])
    late = placing.enrolment.end_date + datetime.timedelta(days=1)
    response = client.post(
        create_url(placing, placing.near), form_data(placing, end_date=late.isoformat())
    )
    refused_with(response, "niet langer duren dan het traject")
    assert not Placement.objects.exists()
    with pytest.raises(RuleError, match="niet langer duren"):
        rules.place(
            placing.users["linking_pin"],
            placing.enrolment,
            placing.child,
            placing.near,
            activity_type=ActivityType.AFTER_SCHOOL,
            days=["mon"],
            hours_per_week=4,
            start_date=TODAY,
            end_date=late,
        )


def test_refused_when_the_start_is_before_the_enrolment(placing, client, sign_in):
    sign_in(placing.users["linking_pin"])
    early = placing.enrolment.start_date - datetime.timedelta(days=1)
    response = client.post(
        create_url(placing, placing.near), form_data(placing, start_date=early.isoformat())
    )
    refused_with(response, "niet beginnen vóór de start van het traject")
    assert not Placement.objects.exists()


def test_refused_without_days(placing, client, sign_in):
    sign_in(placing.users["linking_pin"])
    response = client.post(create_url(placing, placing.near), form_data(placing, days=None))
    refused_with(response, "Kies op welke dagen het kind komt.")
    assert not Placement.objects.exists()


def test_refused_when_the_enrolment_is_not_running(placing, client, sign_in):
    placing.enrolment.status = Enrolment.Status.CLOSED
    placing.enrolment.save()
    sign_in(placing.users["linking_pin"])
    assert client.get(suggest_url(placing)).status_code == 403
    assert client.post(create_url(placing, placing.near), form_data(placing)).status_code == 403
    assert not Placement.objects.exists()


def test_a_child_of_another_family_is_not_found(placing, client, sign_in):
    stranger = PersonFactory(date_of_birth=birth_date_for_age(7))
    sign_in(placing.users["linking_pin"])
    assert client.get(suggest_url(placing, child=stranger)).status_code == 404
    assert client.get(create_url(placing, placing.near, child=stranger)).status_code == 404


def test_a_location_without_a_contract_of_the_programme_is_not_found(placing, client, sign_in):
    elsewhere = LocationFactory(activity_type=ActivityType.AFTER_SCHOOL)
    sign_in(placing.users["linking_pin"])
    assert client.get(create_url(placing, elsewhere)).status_code == 404


# Costs ---------------------------------------------------------------------


def test_projected_cost_of_an_hourly_contract(placing):
    contract = placing.contracts["near"]  # EUR 9.98 an hour
    start = datetime.date(2026, 1, 1)
    end = datetime.date(2026, 12, 31)  # 365 days: 11.99 months
    months = dates.months_between(start, end)
    assert months == Decimal("11.99")
    expected = (Decimal("9.98") * 8 * Decimal(52) / Decimal(12) * months).quantize(Decimal("0.01"))
    assert rules.projected_cost(contract, 8, start, end) == expected
    gross, net = rules.cost(contract, 8, start, end, Decimal("25"))
    assert gross == expected
    assert net == (expected - Decimal("25") * months).quantize(Decimal("0.01"))


def test_projected_cost_of_a_monthly_contract(placing):
    contract = make_contract(
        placing.far, placing.programme, tariff="650", unit=Contract.TariffUnit.MONTH
    )
    start = datetime.date(2026, 1, 1)
    end = datetime.date(2026, 6, 30)  # 181 days: 5.95 months
    assert rules.projected_cost(contract, 20, start, end) == Decimal("650") * Decimal("5.95")
    # Hours do not matter for a monthly tariff.
    assert rules.projected_cost(contract, 4, start, end) == rules.projected_cost(
        contract, 40, start, end
    )


def test_a_contribution_above_the_cost_leaves_nothing_to_pay_never_a_negative_amount(placing):
    """Found by the property-based tests: a monthly parental contribution
    above the monthly cost showed a negative net cost."""
    contract = make_contract(
        placing.far, placing.programme, tariff="100", unit=Contract.TariffUnit.MONTH
    )
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
    gross, net = rules.cost(contract, 8, start, end, Decimal("150"))
    assert gross == Decimal("595.00")
    assert net == Decimal("0.00")


# Who may place ---------------------------------------------------------------


@pytest.mark.parametrize(
    "who,suggest,create",
    [
        ("linking_pin", 200, 200),
        ("other_pin", 404, 404),
        ("coordinator", 200, 403),
        ("policy_officer", 403, 403),
        ("location_staff", 404, 403),
        ("referrer", 403, 403),
        ("researcher", 403, 403),
        ("administrator", 403, 403),
    ],
)
def test_only_the_responsible_linking_pin_may_place(placing, client, sign_in, who, suggest, create):
    user = placing.other_pin if who == "other_pin" else placing.users[who]
    sign_in(user)
    assert client.get(suggest_url(placing)).status_code == suggest
    assert client.get(create_url(placing, placing.near)).status_code == create
    response = client.post(create_url(placing, placing.near), form_data(placing))
    if who == "linking_pin":
        assert response.status_code == 302
    else:
        assert response.status_code in {403, 404}
        assert not Placement.objects.exists()


@pytest.mark.parametrize("who", ["policy_officer", "linking_pin", "other_coordinator"])
def test_only_the_programmes_coordinator_may_override(placing, client, sign_in, who):
    user = placing.other_coordinator if who == "other_coordinator" else placing.users[who]
    sign_in(user)
    response = client.post(override_url(placing, placing.unknown), {"reason": "Waarom niet."})
    assert response.status_code in {403, 404}
    assert not TrainingOverride.objects.exists()


def test_placement_page_for_case_readers_not_for_location_staff(placing, client, sign_in):
    placement = rules.place(
        placing.users["linking_pin"],
        placing.enrolment,
        placing.child,
        placing.near,
        activity_type=ActivityType.AFTER_SCHOOL,
        days=["tue"],
        hours_per_week=Decimal("6"),
        start_date=TODAY,
    )
    url = reverse("activities:placement_detail", args=[placement.pk])
    for who, status in [
        ("linking_pin", 200),
        ("coordinator", 200),
        ("policy_officer", 200),
        ("location_staff", 404),
        ("referrer", 403),
    ]:
        sign_in(placing.users[who])
        assert client.get(url).status_code == status, who
    sign_in(placing.other_pin)
    assert client.get(url).status_code == 404


def test_the_referral_page_leads_to_the_family_page_for_placing(placing, client, sign_in):
    """Placing is the family's case, not the referral's: the referral page
    offers no placing and links to the family page (which has the
    placements)."""
    sign_in(placing.users["linking_pin"])
    body = client.get(reverse("referrals:detail", args=[placing.referral.pk])).content.decode()
    assert reverse("casework:family_detail", args=[placing.referral.family_id]) in body
    assert suggest_url(placing) not in body
    assert suggest_url(placing, placing.toddler) not in body
    # Placing returns to the family's placements.
    response = client.post(create_url(placing, placing.near), form_data(placing))
    assert response.status_code == 302
    placement = Placement.objects.get()
    back = client.get(response.url).context["back_url"]
    assert back == hub_url(placement.enrolment.family_id, "placements")


# Demo ------------------------------------------------------------------------


def test_demo_places_a_child_offline_and_is_idempotent(db, client, sign_in):
    from django.contrib.auth import get_user_model

    from buitenshuis.demo import data

    data.load()
    data.load()
    assert Contract.objects.count() == 2
    pin = get_user_model().objects.get(username="linkingpin")
    referral = Referral.objects.get(family__reference="BH-DEMO-0002")
    child = referral.family.members.get(kind=Person.Kind.CHILD, first_name="Valentijn")
    sign_in(pin)
    response = client.get(suggest_url_for(referral, child))
    body = response.content.decode()
    assert response.status_code == 200
    rows = response.context["rows"]
    assert rows[0]["location"].name == "Locatie Fantasietuin"
    assert rows[0]["ready"] and rows[0]["distance_km"] is not None
    assert "afstand onbekend" not in body
    assert "klaar: getrainde medewerker aanwezig" in body


def suggest_url_for(referral, child):
    return reverse("activities:placement_suggest", args=[referral.enrolment.pk, child.pk])


def test_the_rule_refuses_a_child_outside_the_locations_age_range(placing):
    location = placing.near
    location.age_min, location.age_max = 12, 17
    location.save()
    with pytest.raises(RuleError, match="neemt kinderen van 12 tot en met 17 jaar"):
        rules.place(
            placing.users["linking_pin"],
            placing.enrolment,
            placing.toddler,
            location,
            activity_type=ActivityType.DAY_CARE,
            days=["mon"],
            hours_per_week=4,
            start_date=TODAY,
        )
    assert not Placement.objects.exists()
