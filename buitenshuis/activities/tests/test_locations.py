# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Locations and contracts: who may list, see, create and change
them, the rules of the forms, and that bad input stores nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.activities.models import Contract
from buitenshuis.organisations.models import ActivityType, Location, Role
from buitenshuis.organisations.tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
)
from buitenshuis.training.models import Module, TrainingRecord

pytestmark = pytest.mark.django_db

READERS = ["coordinator", "policy_officer", "linking_pin", "administrator"]
WRITERS = ["coordinator", "administrator"]
OTHERS = ["location_staff", "referrer", "researcher"]


def contract_for(location, programme, **kwargs):
    values = {
        "places": 3,
        "tariff": Decimal("10.00"),
        "tariff_unit": Contract.TariffUnit.HOUR,
        "invoicing": Contract.Invoicing.YEARLY,
        "valid_from": datetime.date(2026, 1, 1),
        "valid_to": None,
    }
    values.update(kwargs)
    return Contract.objects.create(location=location, programme=programme, **values)


@pytest.fixture
def contracted(world):
    """The world's location with a current contract for programme A."""
    world.contract = contract_for(
        world.location, world.programme, valid_from=timezone.localdate() - datetime.timedelta(30)
    )
    return world


def location_data(world, **overrides):
    data = {
        "organisation": world.location.organisation_id,
        "name": "BSO De Zonnebloem",
        "activity_type": ActivityType.AFTER_SCHOOL,
        "street": "Verzonnenlaan",
        "house_number": "12a",
        "postcode": "3511ab",
        "city": "Testdorp",
        "municipality": "",
        "lrk_number": "123456789",
        "age_min": "4",
        "age_max": "12",
    }
    data.update(overrides)
    return data


def contract_data(world, prefix="", **overrides):
    data = {
        "programme": world.programme.pk,
        "places": "2",
        "tariff": "9,50",
        "tariff_unit": "hour",
        "invoicing": "yearly",
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
    }
    data.update(overrides)
    return {f"{prefix}{key}": value for key, value in data.items()}


# --- who may do what ------------------------------------------------------


@pytest.mark.parametrize("role", READERS + OTHERS)
def test_list_and_detail_only_for_readers(role, contracted, client, sign_in):
    sign_in(contracted.users[role])
    listing = client.get(reverse("activities:location_list"))
    detail = client.get(reverse("activities:location_detail", args=[contracted.location.pk]))
    if role in READERS:
        assert listing.status_code == detail.status_code == 200
        assert contracted.location.name in listing.content.decode()
    else:
        assert listing.status_code == 403
        assert detail.status_code in (403, 404)
        assert contracted.location.name not in detail.content.decode()


@pytest.mark.parametrize("role", READERS + OTHERS)
def test_create_and_edit_only_for_coordinator_and_administrator(role, contracted, client, sign_in):
    sign_in(contracted.users[role])
    pages = [
        reverse("activities:location_create"),
        reverse("activities:location_edit", args=[contracted.location.pk]),
        reverse("activities:contract_create", args=[contracted.location.pk]),
        reverse("activities:contract_edit", args=[contracted.contract.pk]),
    ]
    for url in pages:
        status = client.get(url).status_code
        if role in WRITERS:
            assert status == 200, url
        else:
            assert status in (403, 404), url
    before = Location.objects.count()
    client.post(reverse("activities:location_create"), location_data(contracted))
    if role not in WRITERS:
        assert Location.objects.count() == before


def test_location_without_a_contract_of_the_programme_is_not_shown(world, client, sign_in):
    other = LocationFactory(name="Locatie van B")
    contract_for(other, world.other_programme)
    unlinked = LocationFactory(name="Nergens gecontracteerd")
    sign_in(world.users["coordinator"])
    body = client.get(reverse("activities:location_list")).content.decode()
    assert "Locatie van B" not in body and "Nergens gecontracteerd" not in body
    assert client.get(reverse("activities:location_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("activities:location_edit", args=[unlinked.pk])).status_code == 404
    url = reverse("activities:contract_create", args=[other.pk])
    assert client.get(url).status_code == 404


def test_administrator_sees_every_location(world, client, sign_in):
    LocationFactory(name="Nergens gecontracteerd")
    sign_in(world.users["administrator"])
    body = client.get(reverse("activities:location_list")).content.decode()
    assert "Nergens gecontracteerd" in body


def test_coordinator_of_another_programme_cannot_edit_this_programmes_contract(
    contracted, client, sign_in
):
    # Programme B also has a contract here: its coordinator sees the location,
    # but not programme A's contract, and cannot change it.
    contract_for(contracted.location, contracted.other_programme, places=1)
    sign_in(contracted.other_coordinator)
    url = reverse("activities:contract_edit", args=[contracted.contract.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, contract_data(contracted, places="99"))
    assert response.status_code == 404
    contracted.contract.refresh_from_db()
    assert contracted.contract.places == 3
    detail = client.get(reverse("activities:location_detail", args=[contracted.location.pk]))
    assert detail.status_code == 200
    assert contracted.programme.name not in detail.content.decode()


def test_coordinator_cannot_contract_for_another_programme(contracted, client, sign_in):
    sign_in(contracted.users["coordinator"])
    url = reverse("activities:contract_create", args=[contracted.location.pk])
    response = client.post(url, contract_data(contracted, programme=contracted.other_programme.pk))
    assert response.status_code == 200
    assert "Kies een programma waarvoor u contracten mag afsluiten." in response.content.decode()
    assert not Contract.objects.filter(programme=contracted.other_programme).exists()


def test_policy_officer_reads_but_gets_no_change_links(contracted, client, sign_in):
    sign_in(contracted.users["policy_officer"])
    body = client.get(
        reverse("activities:location_detail", args=[contracted.location.pk])
    ).content.decode()
    assert reverse("activities:location_edit", args=[contracted.location.pk]) not in body
    assert reverse("activities:contract_edit", args=[contracted.contract.pk]) not in body


# --- creating and changing a location --------------------------------------


def test_coordinator_creates_location_with_its_first_contract(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = client.post(
        reverse("activities:location_create"),
        {**location_data(world), **contract_data(world, prefix="contract-")},
    )
    location = Location.objects.get(name="BSO De Zonnebloem")
    assert response.status_code == 302
    assert response.url == reverse("activities:location_detail", args=[location.pk])
    assert location.postcode == "3511 AB"
    contract = location.contracts.get()
    assert contract.programme == world.programme and contract.places == 2
    # The new location is inside the coordinator's own scope.
    assert client.get(response.url).status_code == 200


def test_administrator_creates_location_without_contract(world, client, sign_in):
    sign_in(world.users["administrator"])
    response = client.post(reverse("activities:location_create"), location_data(world))
    assert response.status_code == 302
    location = Location.objects.get(name="BSO De Zonnebloem")
    assert not location.contracts.exists()


def post_location(client, world, **overrides):
    return client.post(
        reverse("activities:location_create"),
        {**location_data(world, **overrides), **contract_data(world, prefix="contract-")},
    )


def test_lrk_number_required_for_childcare(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = post_location(client, world, lrk_number="")
    assert response.status_code == 200
    assert "Vul voor kinderopvang het LRK-nummer in (9 cijfers)." in response.content.decode()
    assert not Location.objects.filter(name="BSO De Zonnebloem").exists()
    assert not Contract.objects.filter(places=2).exists()


def test_lrk_number_not_required_for_a_sports_club(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = post_location(
        client,
        world,
        lrk_number="",
        activity_type=ActivityType.SPORTS_CLUB,
        age_min="12",
        age_max="17",
    )
    assert response.status_code == 302


@pytest.mark.parametrize("number", ["12345678", "1234567890", "12345678a"])
def test_lrk_number_has_nine_digits(number, world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = post_location(client, world, lrk_number=number)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Landelijk Register Kinderopvang heeft 9 cijfers" in body or "9 tekens" in body
    assert not Location.objects.filter(name="BSO De Zonnebloem").exists()


@pytest.mark.parametrize(
    "ages,message",
    [
        (("12", "4"), "De hoogste leeftijd is lager dan de laagste."),
        (("0", "18"), "Het Buitenshuisproject is voor kinderen tot en met 17 jaar."),
        (("-1", "4"), "Een leeftijd kan niet negatief zijn."),
    ],
)
def test_ages(ages, message, world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = post_location(client, world, age_min=ages[0], age_max=ages[1])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Location.objects.filter(name="BSO De Zonnebloem").exists()


@pytest.mark.parametrize("postcode", ["0123 AB", "1234 SA", "12345", "ABCD 12"])
def test_bad_postcode(postcode, world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = post_location(client, world, postcode=postcode)
    assert response.status_code == 200
    assert "Vul een geldige Nederlandse postcode in" in response.content.decode()
    assert not Location.objects.filter(name="BSO De Zonnebloem").exists()


def test_bad_contract_stores_no_location_either(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = client.post(
        reverse("activities:location_create"),
        {**location_data(world), **contract_data(world, prefix="contract-", places="0")},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Een contract is voor ten minste 1 plaats." in body
    assert "Controleer het formulier" in body
    assert not Location.objects.filter(name="BSO De Zonnebloem").exists()
    assert not Contract.objects.exists()


def test_edit_location_keeps_old_values_on_bad_input(contracted, client, sign_in):
    sign_in(contracted.users["coordinator"])
    location = contracted.location
    url = reverse("activities:location_edit", args=[location.pk])
    response = client.post(url, location_data(contracted, name="Nieuwe naam", postcode="xx"))
    assert response.status_code == 200
    location.refresh_from_db()
    assert location.name != "Nieuwe naam"
    response = client.post(url, location_data(contracted, name="Nieuwe naam"))
    assert response.status_code == 302
    location.refresh_from_db()
    assert location.name == "Nieuwe naam"


# --- contracts -------------------------------------------------------------


def post_contract(client, world, **overrides):
    return client.post(
        reverse("activities:contract_create", args=[world.location.pk]),
        contract_data(world, **overrides),
    )


def test_contract_create(contracted, client, sign_in):
    sign_in(contracted.users["coordinator"])
    contracted.contract.valid_to = datetime.date(2025, 12, 31)
    contracted.contract.valid_from = datetime.date(2025, 1, 1)
    contracted.contract.save()
    response = post_contract(client, contracted, tariff_unit="month", tariff="850")
    assert response.status_code == 302
    new = Contract.objects.exclude(pk=contracted.contract.pk).get()
    assert new.tariff == Decimal("850") and new.tariff_unit == "month"
    assert new.location == contracted.location and new.programme == contracted.programme


@pytest.mark.parametrize(
    "valid_from,valid_to",
    [("2026-06-01", "2027-05-31"), ("2025-01-01", ""), ("2025-01-01", "2026-01-01")],
)
def test_overlapping_contract_refused(valid_from, valid_to, contracted, client, sign_in):
    contracted.contract.valid_from = datetime.date(2026, 1, 1)
    contracted.contract.valid_to = datetime.date(2026, 12, 31)
    contracted.contract.save()
    sign_in(contracted.users["coordinator"])
    response = post_contract(client, contracted, valid_from=valid_from, valid_to=valid_to)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Contracten voor dezelfde locatie en hetzelfde programma mogen elkaar niet" in body
    assert Contract.objects.count() == 1


def test_adjacent_contract_and_other_programme_allowed(contracted, client, sign_in):
    contracted.contract.valid_from = datetime.date(2026, 1, 1)
    contracted.contract.valid_to = datetime.date(2026, 12, 31)
    contracted.contract.save()
    sign_in(contracted.users["administrator"])
    assert (
        post_contract(client, contracted, valid_from="2027-01-01", valid_to="").status_code == 302
    )
    same_time = post_contract(client, contracted, programme=contracted.other_programme.pk)
    assert same_time.status_code == 302
    assert Contract.objects.count() == 3


def test_open_ended_existing_contract_blocks_later_one(contracted, client, sign_in):
    sign_in(contracted.users["coordinator"])
    response = post_contract(client, contracted, valid_from="2030-01-01", valid_to="")
    assert response.status_code == 200
    assert "onbepaalde tijd" in response.content.decode()


def test_end_before_start_and_places(contracted, client, sign_in):
    sign_in(contracted.users["coordinator"])
    response = post_contract(
        client, contracted, valid_from="2031-02-01", valid_to="2031-01-01", places="0"
    )
    body = response.content.decode()
    assert "De einddatum ligt vóór de begindatum van het contract." in body
    assert "Een contract is voor ten minste 1 plaats." in body
    assert Contract.objects.count() == 1


def test_contract_edit_refuses_overlap_with_sibling(contracted, client, sign_in):
    contracted.contract.valid_to = datetime.date(2026, 6, 30)
    contracted.contract.save()
    later = contract_for(
        contracted.location, contracted.programme, valid_from=datetime.date(2026, 7, 1)
    )
    sign_in(contracted.users["coordinator"])
    url = reverse("activities:contract_edit", args=[later.pk])
    response = client.post(url, contract_data(contracted, valid_from="2026-06-01", valid_to=""))
    assert response.status_code == 200
    later.refresh_from_db()
    assert later.valid_from == datetime.date(2026, 7, 1)
    ok = client.post(url, contract_data(contracted, valid_from="2026-07-01", places="5"))
    assert ok.status_code == 302
    later.refresh_from_db()
    assert later.places == 5 and later.programme == contracted.programme


def test_tariff_reference_and_warning(contracted, client, sign_in):
    contracted.location.activity_type = ActivityType.DAY_CARE
    contracted.location.lrk_number = "123456789"
    contracted.location.save()
    contracted.contract.valid_to = datetime.date(2025, 12, 31)
    contracted.contract.valid_from = datetime.date(2025, 1, 1)
    contracted.contract.save()
    sign_in(contracted.users["coordinator"])
    url = reverse("activities:contract_create", args=[contracted.location.pk])
    assert "€ 11,23" in client.get(url).content.decode()
    response = post_contract(client, contracted, tariff="12,00")
    assert response.status_code == 302  # a warning, not a refusal
    assert Contract.objects.filter(tariff=Decimal("12.00")).exists()
    page = client.get(response.url).content.decode()
    assert "boven het wettelijk maximum uurtarief van € 11,23" in page


def test_no_warning_below_maximum_or_per_month(contracted, client, sign_in):
    contracted.contract.valid_from = datetime.date(2025, 1, 1)
    contracted.contract.valid_to = datetime.date(2025, 12, 31)
    contracted.contract.save()
    sign_in(contracted.users["coordinator"])
    response = post_contract(client, contracted, tariff="9,00", valid_to="2026-06-30")
    page = client.get(response.url).content.decode()
    assert "boven het wettelijk maximum" not in page
    response = post_contract(
        client, contracted, tariff="900", tariff_unit="month", valid_from="2026-07-01"
    )
    page = client.get(response.url).content.decode()
    assert "boven het wettelijk maximum" not in page


def test_location_create_shows_all_reference_rates(world, client, sign_in):
    sign_in(world.users["coordinator"])
    body = client.get(reverse("activities:location_create")).content.decode()
    for rate in ("€ 11,23", "€ 9,98", "€ 8,49"):
        assert rate in body


# --- the list ---------------------------------------------------------------


def test_list_columns(contracted, client, sign_in):
    staff = contracted.users["location_staff"]
    for module in (Module.STAFF_ELEARNING, Module.STAFF_SESSION):
        TrainingRecord.objects.create(
            user=staff, module=module, completed_on=datetime.date(2026, 1, 1), recorded_by=staff
        )
    contracted.location.city = "Testdorp"
    contracted.location.age_min, contracted.location.age_max = 4, 12
    contracted.location.save()
    sign_in(contracted.users["policy_officer"])
    response = client.get(reverse("activities:location_list"))
    row = response.context["rows"][0]
    assert row["places"] == 3 and row["free"] == 3 and row["ready"] is True
    body = response.content.decode()
    assert "4-12 jaar" in body and "Testdorp" in body
    detail = client.get(reverse("activities:location_detail", args=[contracted.location.pk]))
    assert detail.context["trained_staff"] == 1 and detail.context["ready"] is True


def test_list_counts_only_the_users_programme_places(contracted, client, sign_in):
    contract_for(contracted.location, contracted.other_programme, places=7)
    sign_in(contracted.users["coordinator"])
    row = client.get(reverse("activities:location_list")).context["rows"][0]
    assert row["places"] == 3


def test_list_search_filter_and_pagination(world, client, sign_in):
    organisation = OrganisationFactory(name="Sportief Verzonnen")
    for number in range(30):
        location = LocationFactory(
            name=f"Club {number:02d}",
            organisation=organisation,
            activity_type=ActivityType.SPORTS_CLUB,
            city="Voetbaldorp" if number < 3 else "Elders",
            postcode="1234 AB" if number == 5 else "9999 ZZ",
        )
        contract_for(location, world.programme)
    daycare = LocationFactory(name="Kinderdagverblijf Zon", activity_type=ActivityType.DAY_CARE)
    contract_for(daycare, world.programme)
    sign_in(world.users["coordinator"])
    url = reverse("activities:location_list")

    first = client.get(url)
    assert first.context["paginator"].count == 31
    assert len(first.context["rows"]) == 25
    second = client.get(url, {"page": 2})
    assert len(second.context["rows"]) == 6

    by_city = client.get(url, {"q": "voetbaldorp"})
    assert by_city.context["paginator"].count == 3
    by_postcode = client.get(url, {"q": "1234ab"})
    assert [r["location"].name for r in by_postcode.context["rows"]] == ["Club 05"]
    by_name = client.get(url, {"q": "kinderdag"})
    assert [r["location"].name for r in by_name.context["rows"]] == ["Kinderdagverblijf Zon"]

    day_care = client.get(url, {"soort": ActivityType.DAY_CARE})
    assert [r["location"].name for r in day_care.context["rows"]] == ["Kinderdagverblijf Zon"]
    sports = client.get(url, {"soort": ActivityType.SPORTS_CLUB})
    assert sports.context["paginator"].count == 30
    assert "soort=sports_club&amp;page=2" in sports.content.decode()
    unknown = client.get(url, {"soort": "nonsense"})
    assert unknown.context["paginator"].count == 31


def test_researcher_with_aggregate_grant_gets_no_rows(world, client, sign_in):
    sign_in(world.users["researcher"])
    assert client.get(reverse("activities:location_list")).status_code == 403


def test_location_staff_elsewhere_cannot_reach_locations(world, client, sign_in):
    staff = MembershipFactory(role=Role.LOCATION_STAFF, programme=world.programme).user
    sign_in(staff)
    assert client.get(reverse("activities:location_list")).status_code == 403


def test_one_submit_shows_every_problem_of_a_new_location(world, client, sign_in):
    """Three problems, three messages in one round (it took three
    submits because the model's clean() kept one message per field)."""
    sign_in(world.users["coordinator"])
    response = post_location(client, world, lrk_number="", age_min="18", age_max="18")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vul voor kinderopvang het LRK-nummer in (9 cijfers)." in body
    assert body.count("Het Buitenshuisproject is voor kinderen tot en met 17 jaar.") >= 2
    response = post_location(client, world, lrk_number="", age_min="15", age_max="4", postcode="x")
    body = response.content.decode()
    for message in (
        "Vul voor kinderopvang het LRK-nummer in (9 cijfers).",
        "De hoogste leeftijd is lager dan de laagste.",
        "Vul een geldige Nederlandse postcode in",
    ):
        assert message in body, message
    assert not Location.objects.filter(name="BSO De Zonnebloem").exists()
