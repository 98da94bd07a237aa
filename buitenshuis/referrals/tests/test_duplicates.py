# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Possible duplicates: the coordinator of the programme compares
a new referral's child with a child already known to the programme, and
links (the same child; both records stay) or dismisses, after a
confirmation. Nobody else sees them; matching never crosses programmes."""

import datetime

import pytest
from django.urls import reverse

from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework.models import Enrolment, Family, Person
from buitenshuis.casework.tests.factories import EnrolmentFactory, PersonFactory
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Membership
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import PossibleDuplicate, Referral, Route
from buitenshuis.referrals.tests.factories import birth_date_for_age, make_referral
from buitenshuis.referrals.workqueue import possible_duplicate_items, work_items

BSN = "111222333"


def refer(world, first_name="Sam", bsn=BSN, family_name="Verzonnen", date_of_birth=None):
    """A referral by the world's referrer: two parents, two children."""
    referrer = world.users["referrer"]
    family = {
        "family_name": family_name,
        "street": "Denkbeeldlaan",
        "house_number": "3",
        "postcode": "1234 AB",
        "city": "Testdorp",
        "municipality": world.programme.municipalities.first(),
    }
    parents = [
        {
            "first_name": "Mira",
            "last_name": family_name,
            "date_of_birth": datetime.date(1988, 3, 4),
            "problem_categories": ["kopp"],
            "has_parental_authority": True,
        },
        {
            "first_name": "Joost",
            "last_name": family_name,
            "date_of_birth": datetime.date(1985, 1, 2),
            "problem_categories": [],
            "has_parental_authority": True,
        },
    ]
    children = [
        {
            "first_name": first_name,
            "last_name": family_name,
            "date_of_birth": date_of_birth or birth_date_for_age(7),
            "bsn": bsn,
        },
        {
            "first_name": "Noor",
            "last_name": family_name,
            "date_of_birth": birth_date_for_age(15),
            "bsn": "",
        },
    ]
    referral = {"route": Route.SOCIAL_TEAM, "veilig_thuis": "none", "worries": "Zorgen"}
    membership = Membership.objects.get(user=referrer)
    return rules.submit_referral(referrer, membership, family, parents, children, referral)


@pytest.fixture
def pair(world):
    """A referral, and a second one of the same child (same BSN, another
    first name): one possible duplicate. The second family's younger sister
    has another date of birth, so she is no match."""
    first = refer(world)
    second = refer(world, first_name="Samuel", family_name="Anders")
    return first, second, PossibleDuplicate.objects.get()


def test_the_duplicate_is_flagged_with_its_reason(world, pair):
    first, second, duplicate = pair
    assert duplicate.referral == second
    assert duplicate.child == second.family.members.get(first_name="Samuel")
    assert duplicate.existing_child == first.family.members.get(first_name="Sam")
    assert duplicate.existing_family == first.family
    assert duplicate.reason == PossibleDuplicate.Reason.BSN
    # Noor (15) matches Noor (15) by name only, not by family name: no flag.
    assert PossibleDuplicate.objects.count() == 1


def test_the_coordinator_lists_the_open_ones_of_their_programme(world, pair, client, sign_in):
    first, second, duplicate = pair
    sign_in(world.users["coordinator"])
    response = client.get(reverse("referrals:duplicates"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 mogelijke dubbele aanmelding" in page
    assert first.family.reference in page and second.family.reference in page
    assert "Zelfde burgerservicenummer" in page
    assert reverse("referrals:duplicate", args=[duplicate.pk]) in page
    entry = AccessLogEntry.objects.filter(action="list", data="possible_duplicate").latest("pk")
    assert {s.family_id for s in entry.subjects.all()} == {first.family_id, second.family_id}

    # The work queue counts it for this coordinator only.
    [item] = possible_duplicate_items(world.users["coordinator"])
    assert (item.count, item.label) == (1, "Mogelijke dubbele aanmeldingen")
    assert item.url == reverse("referrals:duplicates")
    assert any(
        i.key == "referrals.possible_duplicates" for i in work_items(world.users["coordinator"])
    )
    assert possible_duplicate_items(world.other_coordinator)[0].count == 0
    for role in ("referrer", "linking_pin", "policy_officer", "location_staff", "researcher"):
        assert possible_duplicate_items(world.users[role]) == []

    # Another programme's coordinator sees none of them.
    sign_in(world.other_coordinator)
    page = client.get(reverse("referrals:duplicates")).content.decode()
    assert first.family.reference not in page and second.family.reference not in page


def test_the_list_is_paginated(world, client, sign_in):
    # Eight referrals of the same child: each matches all earlier ones.
    for number in range(8):
        letter = "abcdefgh"[number]
        refer(world, first_name=f"Sam{letter}", family_name=f"Anders{letter}")
    assert PossibleDuplicate.objects.filter(status="open").count() == 28
    sign_in(world.users["coordinator"])
    page = client.get(reverse("referrals:duplicates")).content.decode()
    assert "28 mogelijke dubbele aanmeldingen" in page
    assert "Pagina 1 van 2" in page


def test_compare_then_link_after_confirmation(world, pair, client, sign_in):
    first, second, duplicate = pair
    coordinator = world.users["coordinator"]
    sign_in(coordinator)
    url = reverse("referrals:duplicate", args=[duplicate.pk])
    page = client.get(url).content.decode()
    for text in ("Samuel Anders", "Sam Verzonnen", "******333", first.family.reference):
        assert text in page
    entry = AccessLogEntry.objects.filter(action="view", data="possible_duplicate").latest("pk")
    assert {s.family_id for s in entry.subjects.all()} == {first.family_id, second.family_id}

    # First the confirmation; nothing is decided yet.
    note = "Zelfde moeder en adres; nagevraagd bij de verwijzer."
    response = client.post(url, {"choice": "linked", "note": note})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Weet u het zeker?" in page and "Koppelen: het is hetzelfde kind" in page
    duplicate.refresh_from_db()
    assert duplicate.status == PossibleDuplicate.Status.OPEN

    families = Family.objects.count()
    response = client.post(url, {"choice": "linked", "note": note, "confirmed": "True"})
    assert response.status_code == 302 and response.url == reverse("referrals:duplicates")
    duplicate.refresh_from_db()
    assert duplicate.status == PossibleDuplicate.Status.LINKED
    assert (duplicate.decided_by, duplicate.note) == (coordinator, note)
    assert duplicate.decided_at is not None
    assert Family.objects.count() == families  # never merged
    entry = AccessLogEntry.objects.filter(action="change", data="possible_duplicate").get()
    assert {s.family_id for s in entry.subjects.all()} == {first.family_id, second.family_id}
    assert possible_duplicate_items(coordinator)[0].count == 0

    # Visible on both referrals, for those who may see them.
    for here, there in ((first, second), (second, first)):
        page = client.get(reverse("referrals:detail", args=[here.pk])).content.decode()
        assert "is hetzelfde kind als in" in page
        assert reverse("referrals:detail", args=[there.pk]) in page
    # The linking pin of only one of them does not learn of the other.
    first.enrolment.linking_pin = world.users["linking_pin"]
    first.enrolment.save()
    sign_in(world.users["linking_pin"])
    page = client.get(reverse("referrals:detail", args=[first.pk])).content.decode()
    assert "is hetzelfde kind als in" not in page
    assert second.family.reference not in page

    # Decided once: a second answer changes nothing.
    sign_in(coordinator)
    response = client.post(url, {"choice": "dismissed", "confirmed": "True"}, follow=True)
    assert "Deze mogelijke dubbele aanmelding is al beoordeeld." in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == PossibleDuplicate.Status.LINKED


def test_dismiss(world, pair, client, sign_in):
    first, second, duplicate = pair
    sign_in(world.users["coordinator"])
    url = reverse("referrals:duplicate", args=[duplicate.pk])
    response = client.post(url, {"choice": "dismissed", "note": "", "confirmed": "True"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == PossibleDuplicate.Status.DISMISSED
    page = client.get(reverse("referrals:detail", args=[second.pk])).content.decode()
    assert "is hetzelfde kind als in" not in page


def test_a_choice_is_required(world, pair, client, sign_in):
    *_, duplicate = pair
    sign_in(world.users["coordinator"])
    url = reverse("referrals:duplicate", args=[duplicate.pk])
    response = client.post(url, {"note": "x", "confirmed": "True"})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.status == PossibleDuplicate.Status.OPEN


def test_nobody_else_reaches_the_duplicate_pages(world, pair, client, sign_in):
    first, second, duplicate = pair
    url = reverse("referrals:duplicate", args=[duplicate.pk])
    for user, status in (
        (world.users["referrer"], 403),
        (world.users["linking_pin"], 403),
        (world.users["policy_officer"], 403),
        (world.users["administrator"], 403),
        (world.other_coordinator, 404),
    ):
        sign_in(user)
        for response in (
            client.get(url),
            client.post(url, {"choice": "dismissed", "confirmed": "True"}),
        ):
            assert response.status_code == status, user
            page = response.content.decode()
            assert first.family.reference not in page and second.family.reference not in page
    duplicate.refresh_from_db()
    assert duplicate.status == PossibleDuplicate.Status.OPEN
    with pytest.raises(RuleError, match="Alleen de coördinator"):
        rules.resolve_possible_duplicate(world.other_coordinator, duplicate, "dismissed")


def _active_child(family, bsn="", **fields):
    child = PersonFactory(family=family, date_of_birth=birth_date_for_age(9), **fields)
    if bsn:
        child.set_bsn(bsn)
        child.save()
    EnrolmentFactory(family=family, status=Enrolment.Status.ACTIVE)
    return child


def test_overlapping_enrolment_stays_within_the_programme(world):
    referral = make_referral(world.programme, world.users["referrer"], child_ages=(9,))
    child = referral.family.members.get(kind=Person.Kind.CHILD)
    child.set_bsn(BSN)
    child.save()
    # The same BSN in programme B, with a running enrolment: not looked at.
    _active_child(world.other_family, bsn=BSN)
    assert rules.overlapping_enrolment(referral) is None
    # The same BSN in programme A: never enrolled twice.
    _active_child(world.colleague_family, bsn=BSN)
    assert "heeft al een lopend traject" in rules.overlapping_enrolment(referral)


def test_a_linked_child_with_a_running_enrolment_overlaps(world):
    referral = make_referral(world.programme, world.users["referrer"], child_ages=(9,))
    child = referral.family.members.get(kind=Person.Kind.CHILD)
    known = _active_child(world.colleague_family, first_name="Heel", last_name="Anders")
    assert rules.overlapping_enrolment(referral) is None
    PossibleDuplicate.objects.create(
        programme=world.programme,
        referral=referral,
        child=child,
        existing_child=known,
        existing_family=world.colleague_family,
        reason=PossibleDuplicate.Reason.NAME_BIRTH,
        status=PossibleDuplicate.Status.LINKED,
    )
    assert "heeft al een lopend traject" in rules.overlapping_enrolment(referral)


def test_the_referral_page_shows_the_open_duplicate_to_the_coordinator(
    world, pair, client, sign_in
):
    first, second, duplicate = pair
    sign_in(world.users["coordinator"])
    page = client.get(reverse("referrals:detail", args=[second.pk])).content.decode()
    assert "Mogelijk dubbel aangemeld." in page
    assert reverse("referrals:duplicate", args=[duplicate.pk]) in page
    sign_in(world.users["policy_officer"])
    page = client.get(reverse("referrals:detail", args=[second.pk])).content.decode()
    assert "Mogelijk dubbel aangemeld." not in page
    assert Referral.objects.count() == 2


def test_purging_a_referral_removes_its_possible_duplicates_and_their_history(world, pair):
    first, second, duplicate = pair
    rules.resolve_possible_duplicate(
        world.users["coordinator"], duplicate, "dismissed", note="Ander kind, Samuel."
    )
    rules.withdraw(world.users["referrer"], second)
    second.refresh_from_db()
    purged = rules.purge_expired(now=second.closed_at + datetime.timedelta(days=366))
    assert purged == 1
    assert not PossibleDuplicate.objects.exists()
    assert not PossibleDuplicate.history.exists()
    assert Family.objects.filter(pk=first.family_id).exists()
