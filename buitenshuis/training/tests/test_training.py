# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Training in trauma-sensitive work: status per role, sessions
and attendance, e-learning, readiness of locations, and the rule that a
family goes to a linking pin only after their training (or with the
coordinator's override)."""

import datetime

import pytest
from django.urls import reverse

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import LocationFactory, MembershipFactory
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals.tests.factories import make_referral
from buitenshuis.training import rules
from buitenshuis.training.models import Module, TrainingOverride, TrainingRecord, TrainingSession
from buitenshuis.training.tests.helpers import train

pytestmark = pytest.mark.django_db

PAST = datetime.date(2026, 1, 15)


def untrained_pin(world, username="nieuwe_pin", first="Nina", last="Nieuw"):
    user = UserFactory(username=username, first_name=first, last_name=last)
    MembershipFactory(user=user, role=Role.LINKING_PIN, programme=world.programme)
    return user


def staff_at(world, location, username, **kwargs):
    user = UserFactory(username=username, **kwargs)
    membership = MembershipFactory(user=user, role=Role.LOCATION_STAFF, programme=world.programme)
    membership.locations.add(location)
    return user


# Status per role ------------------------------------------------------------


def test_status_per_role(world):
    pin = untrained_pin(world)
    assert rules.missing_modules(pin, Role.LINKING_PIN) == [
        Module.LP_ELEARNING,
        Module.LP_DAY,
        Module.LP_RETURN,
    ]
    train(pin, Role.LINKING_PIN, modules=[Module.LP_ELEARNING, Module.LP_DAY])
    assert rules.missing_modules(pin, Role.LINKING_PIN) == [Module.LP_RETURN]
    assert not rules.is_trained(pin, Role.LINKING_PIN)
    train(pin, Role.LINKING_PIN)
    assert rules.is_trained(pin, Role.LINKING_PIN)
    staff = world.users["location_staff"]
    assert rules.missing_modules(staff, Role.LOCATION_STAFF) == [
        Module.STAFF_ELEARNING,
        Module.STAFF_SESSION,
    ]
    # The world's linking pins are trained.
    assert rules.is_trained(world.users["linking_pin"], Role.LINKING_PIN)


@pytest.mark.parametrize(
    "role,status,texts",
    [
        ("linking_pin", 200, ["Linking pin: training afgerond", "Afgerond op"]),
        (
            "location_staff",
            200,
            ["Opvangmedewerker / trainer: training nog niet afgerond", "Nog te doen"],
        ),
        ("coordinator", 200, ["Voor uw rol is geen training"]),
        ("policy_officer", 403, []),
        ("referrer", 403, []),
        ("researcher", 403, []),
        ("administrator", 403, []),
    ],
)
def test_own_training_page(world, sign_in, role, status, texts):
    client = sign_in(world.users[role])
    response = client.get(reverse("training:mine"))
    assert response.status_code == status
    page = response.content.decode()
    for text in texts:
        assert text in page


def test_own_page_shows_only_own_records(world, sign_in):
    colleague = staff_at(world, world.location, "collega", first_name="Cato")
    train(colleague, Role.LOCATION_STAFF)
    train(world.users["location_staff"], Role.LOCATION_STAFF, modules=[Module.STAFF_ELEARNING])
    page = sign_in(world.users["location_staff"]).get(reverse("training:mine")).content.decode()
    assert "Cato" not in page
    assert page.count("Afgerond op") == 1


# Sessions and attendance ----------------------------------------------------


def test_coordinator_plans_a_session_and_records_attendance(world, sign_in):
    client = sign_in(world.users["coordinator"])
    pin = untrained_pin(world)
    response = client.post(
        reverse("training:session_create"),
        {
            "module": Module.LP_DAY,
            "date": "2026-01-15",
            "place": "Buurthuis",
            "trainer": "T. Rainer",
        },
    )
    session = TrainingSession.objects.get()
    assert session.programme == world.programme
    assert response.url == reverse("training:session_detail", args=[session.pk])
    page = client.get(response.url).content.decode()
    # Linking-pin module: the programme's linking pins who still need it are
    # offered; the world's pins completed it already and are listed as such.
    assert "Nina Nieuw" in page
    assert "Al eerder afgerond" in page
    assert world.users["location_staff"].get_full_name() not in page

    url = reverse("training:session_detail", args=[session.pk])
    response = client.post(url, {"present": [str(pin.pk)]})
    assert response.status_code == 302
    record = TrainingRecord.objects.get(user=pin)
    assert (record.module, record.completed_on, record.session) == (Module.LP_DAY, PAST, session)
    assert record.recorded_by == world.users["coordinator"]
    assert AccessLogEntry.objects.filter(action="change", data="locations").exists()

    client.post(url, {})  # unticked: the record goes
    assert not TrainingRecord.objects.filter(user=pin).exists()
    # The world's pins keep the module they completed elsewhere.
    assert TrainingRecord.objects.filter(user=world.users["linking_pin"], module=Module.LP_DAY)


def test_staff_session_offers_location_staff_and_sports_trainers(world, sign_in):
    club = LocationFactory(name="Sportclub De Bal")
    trainer = staff_at(world, club, "sporttrainer", first_name="Sam", last_name="Sport")
    session = TrainingSession.objects.create(
        programme=world.programme, module=Module.STAFF_SESSION, date=PAST, place="Sporthal"
    )
    client = sign_in(world.users["coordinator"])
    url = reverse("training:session_detail", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Sam Sport" in page
    assert world.users["linking_pin"].get_full_name() not in page
    client.post(url, {"present": [str(trainer.pk)]})
    assert TrainingRecord.objects.filter(user=trainer, module=Module.STAFF_SESSION).exists()


def test_attendance_of_a_future_session_is_refused(world, sign_in):
    pin = untrained_pin(world)
    session = TrainingSession.objects.create(
        programme=world.programme, module=Module.LP_DAY, date=datetime.date(2099, 1, 1)
    )
    response = sign_in(world.users["coordinator"]).post(
        reverse("training:session_detail", args=[session.pk]), {"present": [str(pin.pk)]}
    )
    assert response.status_code == 200
    assert "op of na de dag van de bijeenkomst" in response.content.decode()
    assert not TrainingRecord.objects.filter(user=pin).exists()


@pytest.mark.parametrize("role", ["policy_officer", "linking_pin"])
def test_readers_see_attendance_but_cannot_change_it(world, sign_in, role):
    pin = untrained_pin(world)
    session = TrainingSession.objects.create(
        programme=world.programme, module=Module.LP_DAY, date=PAST
    )
    client = sign_in(world.users[role])
    url = reverse("training:session_detail", args=[session.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"present": [str(pin.pk)]}).status_code == 403
    assert not TrainingRecord.objects.filter(user=pin).exists()
    assert client.get(reverse("training:session_create")).status_code == 403


def test_another_programmes_session_is_not_found(world, sign_in):
    session = TrainingSession.objects.create(
        programme=world.other_programme, module=Module.LP_DAY, date=PAST
    )
    client = sign_in(world.users["coordinator"])
    url = reverse("training:session_detail", args=[session.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    other = f"?programme={world.other_programme.pk}"
    assert client.get(reverse("training:overview") + other).status_code == 404
    assert client.get(reverse("training:session_create") + other).status_code == 404


# E-learning -----------------------------------------------------------------


def test_coordinator_records_e_learning(world, sign_in):
    pin = untrained_pin(world)
    client = sign_in(world.users["coordinator"])
    url = reverse("training:record_create")
    response = client.post(
        url, {"person": pin.pk, "module": Module.LP_ELEARNING, "completed_on": "2026-01-10"}
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get(user=pin)
    assert record.session is None and record.completed_on == datetime.date(2026, 1, 10)
    # Twice, the wrong audience, or a future date: refused in Dutch.
    again = client.post(
        url, {"person": pin.pk, "module": Module.LP_ELEARNING, "completed_on": "2026-01-10"}
    )
    assert "al vastgelegd" in again.content.decode()
    wrong = client.post(
        url, {"person": pin.pk, "module": Module.STAFF_ELEARNING, "completed_on": "2026-01-10"}
    )
    assert "is geen opvangmedewerker / trainer in dit programma" in wrong.content.decode()
    future = client.post(
        url, {"person": pin.pk, "module": Module.LP_ELEARNING, "completed_on": "2099-01-10"}
    )
    assert "in de toekomst" in future.content.decode()
    assert TrainingRecord.objects.filter(user=pin).count() == 1


# Locations ------------------------------------------------------------------


def test_location_ready_only_with_a_trained_staff_member(world):
    location, staff = world.location, world.users["location_staff"]
    assert not rules.is_ready(location)
    train(staff, Role.LOCATION_STAFF, modules=[Module.STAFF_ELEARNING])
    assert not rules.is_ready(location)
    # A trained linking pin does not make a location ready.
    assert not rules.is_ready(location)
    train(staff, Role.LOCATION_STAFF)
    assert rules.is_ready(location)
    assert rules.ready_location_ids([location, LocationFactory()]) == {location.pk}


# Overview -------------------------------------------------------------------


def test_overview_shows_who_needs_what_and_filters(world, sign_in):
    pin = untrained_pin(world)
    train(pin, Role.LINKING_PIN, modules=[Module.LP_ELEARNING])
    client = sign_in(world.users["coordinator"])
    page = client.get(reverse("training:overview")).content.decode()
    assert "Nina Nieuw" in page
    assert "Linking pin: trainingsdag (8 uur), Linking pin: terugkombijeenkomst (4 uur)" in page
    assert world.users["linking_pin"].get_full_name() in page
    assert world.location.name in page
    assert "Nog niet klaar: geen getrainde medewerker" in page
    open_only = client.get(reverse("training:overview") + "?toon=niet-klaar").content.decode()
    assert "Nina Nieuw" in open_only
    assert world.users["linking_pin"].get_full_name() not in open_only
    train(world.users["location_staff"], Role.LOCATION_STAFF)
    open_only = client.get(reverse("training:overview") + "?toon=niet-klaar").content.decode()
    assert world.location.name not in open_only


def test_overview_offers_a_choice_of_programmes(world, sign_in):
    coordinator = world.users["coordinator"]
    MembershipFactory(user=coordinator, role=Role.COORDINATOR, programme=world.other_programme)
    client = sign_in(coordinator)
    page = client.get(reverse("training:overview")).content.decode()
    assert "Kies een programma" in page
    other = client.get(reverse("training:overview") + f"?programme={world.other_programme.pk}")
    assert other.status_code == 200
    assert world.users["linking_pin"].get_full_name() not in other.content.decode()


# Assigning a family to a linking pin ---------------------------------------


def assign_url(referral):
    return reverse("referrals:assign", args=[referral.pk])


def test_untrained_linking_pin_refused_then_coordinator_overrides(world, sign_in):
    pin = untrained_pin(world)
    referral = make_referral(world.programme, world.users["referrer"])
    client = sign_in(world.users["coordinator"])
    form_page = client.get(assign_url(referral)).content.decode()
    assert "Nina Nieuw (training nog niet afgerond)" in form_page

    refused = client.post(assign_url(referral), {"linking_pin": pin.pk})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Nina Nieuw heeft de training traumasensitief werken nog niet afgerond" in page
    assert "De coördinator kan dit met een reden toestaan." in page
    referral.enrolment.refresh_from_db()
    assert referral.enrolment.linking_pin is None

    no_reason = client.post(
        assign_url(referral), {"linking_pin": pin.pk, "override": "on", "override_reason": " "}
    )
    assert "Geef de reden voor de uitzondering." in no_reason.content.decode()
    assert not TrainingOverride.objects.exists()

    reason = "Vaste hulpverlener van het gezin; training staat volgende maand gepland."
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    done = client.post(
        assign_url(referral), {"linking_pin": pin.pk, "override": "on", "override_reason": reason}
    )
    assert done.status_code == 302
    referral.enrolment.refresh_from_db()
    assert referral.enrolment.linking_pin == pin
    override = TrainingOverride.objects.get()
    assert override.kind == TrainingOverride.Kind.LINKING_PIN_UNTRAINED
    assert (override.enrolment, override.linking_pin) == (referral.enrolment, pin)
    assert override.reason == reason and override.granted_by == world.users["coordinator"]
    # One entry for the one action; it refers to the exception, whose reason
    # stays in the case (ACCESS.md).
    [entry] = AccessLogEntry.objects.filter(pk__gt=before)
    assert entry.action == "change"
    assert entry.reason == (
        f"Uitzondering op de trainingsregel (uitzondering #{override.pk}); de reden staat bij "
        "de uitzondering."
    )
    assert not AccessLogEntry.objects.filter(reason__contains="Vaste hulpverlener").exists()
    assert entry.user == world.users["coordinator"] and entry.data == "assignment"
    assert entry.subjects.filter(family_id=referral.family_id).exists()

    overview = client.get(reverse("training:overview")).content.decode()
    assert "Uitzonderingen" in overview
    assert reason in overview
    assert referral.family.reference in overview
    assert "Gezin bij linking pin zonder afgeronde training" in overview


def test_a_trained_linking_pin_needs_no_override(world, sign_in):
    referral = make_referral(world.programme, world.users["referrer"])
    client = sign_in(world.users["coordinator"])
    response = client.post(assign_url(referral), {"linking_pin": world.users["linking_pin"].pk})
    assert response.status_code == 302
    assert not TrainingOverride.objects.exists()


def test_the_override_is_kept_for_that_family_only(world, sign_in):
    pin = untrained_pin(world)
    first = make_referral(world.programme, world.users["referrer"])
    second = make_referral(world.programme, world.users["referrer"])
    TrainingOverride.objects.create(
        kind=TrainingOverride.Kind.LINKING_PIN_UNTRAINED,
        enrolment=first.enrolment,
        linking_pin=pin,
        reason="Verzonnen reden",
        granted_by=world.users["coordinator"],
    )
    client = sign_in(world.users["coordinator"])
    assert client.post(assign_url(first), {"linking_pin": pin.pk}).status_code == 302
    assert client.post(assign_url(second), {"linking_pin": pin.pk}).status_code == 200


def test_overrides_in_the_overview_follow_the_monitoring_scope(world, sign_in):
    pin = untrained_pin(world)
    referral = make_referral(world.programme, world.users["referrer"], linking_pin=pin)
    TrainingOverride.objects.create(
        kind=TrainingOverride.Kind.LINKING_PIN_UNTRAINED,
        enrolment=referral.enrolment,
        linking_pin=pin,
        reason="Verzonnen reden",
        granted_by=world.users["coordinator"],
    )
    for role in ("coordinator", "policy_officer"):
        page = sign_in(world.users[role]).get(reverse("training:overview")).content.decode()
        assert "Verzonnen reden" in page
    # Another linking pin sees the training overview, not the family.
    page = sign_in(world.users["linking_pin"]).get(reverse("training:overview")).content.decode()
    assert "Verzonnen reden" not in page
    assert referral.family.reference not in page


def test_untrained_linking_pin_self_referral_waits_for_the_coordinator(world):
    """Stored (the family does not wait), but not assigned to the untrained
    linking pin: the coordinator assigns, with an override if needed."""
    from buitenshuis.referrals import rules as referral_rules
    from buitenshuis.referrals.models import Route
    from buitenshuis.referrals.tests.test_entry import _submission

    ProgrammeSettings.objects.update_or_create(
        programme=world.programme, defaults={"linking_pin_may_refer": True}
    )
    pin = untrained_pin(world)
    membership = pin.memberships.get()
    family, parents, children, referral = _submission(world)
    referral["route"] = Route.CASELOAD  # a family of their own caseload
    created = referral_rules.submit_referral(pin, membership, family, parents, children, referral)
    assert created.enrolment.linking_pin is None
    assert created.referred_by == pin
    train(pin, Role.LINKING_PIN)
    family["family_name"] = "Anderegezin"
    for child in children:
        child["first_name"] = child["first_name"] + "x"
        child["bsn"] = ""
    created = referral_rules.submit_referral(pin, membership, family, parents, children, referral)
    assert created.enrolment.linking_pin == pin


@pytest.mark.parametrize(
    "role,label,url_name",
    [
        ("linking_pin", "Mijn training", "training:mine"),
        ("location_staff", "Mijn training", "training:mine"),
        ("coordinator", "Training traumasensitief werken", "training:overview"),
        ("policy_officer", "Training traumasensitief werken", "training:overview"),
        ("administrator", "Training traumasensitief werken", "training:overview"),
        ("referrer", None, None),
        ("researcher", None, None),
    ],
)
def test_start_page_links_to_the_training(world, sign_in, role, label, url_name):
    response = sign_in(world.users[role]).get(reverse("portal:start"))
    link = response.context["training_link"]
    if label is None:
        assert link is None
        return
    assert link == (label, reverse(url_name))
    assert f'href="{reverse(url_name)}"' in response.content.decode()
