# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The location staff's view and the signals: staff see only the
children placed now at their own location, with only what they need; they
pass signals that reach the family's linking pin and nobody else's inbox."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.activities.models import Contract, Placement, Signal
from buitenshuis.audit.models import AccessLogEntry, Outcome
from buitenshuis.casework.models import Handover, Person
from buitenshuis.casework.tests.factories import PersonFactory
from buitenshuis.organisations.models import ActivityType, Role
from buitenshuis.organisations.tests.factories import LocationFactory, MembershipFactory
from buitenshuis.referrals.tests.factories import ReferralFactory

WORRIES = "Unieke verzonnen zorg: vader drinkt veel."
PICKUP = "Oma Ans haalt op; niet meegeven aan anderen."
OTHER_PICKUP = "Buurvrouw Fien haalt op."


def place(child, location, enrolment, *, start=None, end=None, pickup=PICKUP, days=None):
    today = timezone.localdate()
    contract = Contract.objects.filter(location=location).first() or Contract.objects.create(
        location=location,
        programme=enrolment.family.programme,
        places=5,
        tariff="9.98",
        valid_from=today - datetime.timedelta(days=365),
    )
    return Placement.objects.create(
        enrolment=enrolment,
        child=child,
        location=location,
        contract=contract,
        activity_type=ActivityType.AFTER_SCHOOL,
        days=days or ["tue", "thu"],
        hours_per_week=8,
        start_date=start or today - datetime.timedelta(days=7),
        end_date=end or today + datetime.timedelta(days=300),
        pickup_arrangements=pickup,
        created_by=enrolment.linking_pin,
    )


@pytest.fixture
def staff_world(world):
    """world.location (A) has the own family's child placed now; location
    B the colleague family's child. The own family has a referral with
    worries and a parent with a problem category (from the world)."""
    w = world
    pin = w.users["linking_pin"]
    pin.phone = "06 12345678"
    pin.save()
    w.child = w.own_family.members.get(kind=Person.Kind.CHILD)
    w.placement = place(w.child, w.location, w.own_enrolment)
    ReferralFactory(
        programme=w.programme,
        family=w.own_family,
        enrolment=w.own_enrolment,
        referred_by=w.users["referrer"],
        worries=WORRIES,
    )
    w.location_b = LocationFactory(name="Locatie B")
    w.staff_b = UserFactory(username="opvang_b")
    MembershipFactory(
        user=w.staff_b, role=Role.LOCATION_STAFF, programme=w.programme
    ).locations.add(w.location_b)
    w.colleague_enrolment = w.colleague_family.enrolments.get()
    w.child_b = w.colleague_family.members.get(kind=Person.Kind.CHILD)
    w.child_b.first_name = "Bobbieb"
    w.child_b.save()
    w.placement_b = place(w.child_b, w.location_b, w.colleague_enrolment, pickup=OTHER_PICKUP)
    return w


def signal(placement, by, text="Verzonnen: was vandaag erg stil.", kind=Signal.Kind.WORRY):
    return Signal.objects.create(placement=placement, kind=kind, text=text, created_by=by)


# The list -------------------------------------------------------------------


def test_staff_see_only_the_child_at_their_location_and_only_what_they_need(
    staff_world, client, sign_in
):
    w = staff_world
    sign_in(w.users["location_staff"])
    response = client.get(reverse("activities:my_children"))
    assert response.status_code == 200
    body = response.content.decode()
    assert w.child.first_name in body
    assert f"{w.child.age} jaar" in body
    assert "dinsdag, donderdag" in body
    assert PICKUP.split(";")[0] in body
    pin = w.users["linking_pin"]
    assert pin.get_full_name() in body and pin.email in body and "06 12345678" in body
    # Nothing of the child at location B.
    assert "Bobbieb" not in body and OTHER_PICKUP not in body
    # Nothing beyond what they need.
    parent = w.own_family.members.get(kind=Person.Kind.PARENT)
    for secret in (
        w.child.last_name,
        w.own_family.family_name,
        w.own_family.reference,
        w.own_family.street,
        w.own_family.postcode,
        parent.first_name,
        "KOPP",
        "Psychiatrische",
        WORRIES,
        "Verzonnen verslag",  # the contact notes
        w.child.date_of_birth.strftime("%Y"),
    ):
        assert secret not in body, secret


def test_the_list_is_access_logged_with_the_children_as_subjects(staff_world, client, sign_in):
    w = staff_world
    sign_in(w.users["location_staff"])
    client.get(reverse("activities:my_children"))
    entry = AccessLogEntry.objects.filter(data="placed_child").latest("pk")
    assert entry.action == "list" and entry.outcome == Outcome.ALLOWED
    subjects = {(s.kind, s.object_id) for s in entry.subjects.all()}
    assert subjects == {("person", w.child.pk)}


def test_ended_placements_are_not_shown_and_future_ones_only_as_arriving(
    staff_world, client, sign_in
):
    w = staff_world
    today = timezone.localdate()
    w.placement.end_date = today - datetime.timedelta(days=1)
    w.placement.save()
    later = PersonFactory(family=w.own_family, first_name="Latertje")
    place(later, w.location, w.own_enrolment, start=today + datetime.timedelta(days=3))
    sign_in(w.users["location_staff"])
    response = client.get(reverse("activities:my_children"))
    body = response.content.decode()
    assert w.child.first_name not in body
    assert response.context["rows"] == []
    assert [row["first_name"] for row in response.context["arriving_rows"]] == ["Latertje"]
    assert "geen kinderen" in body


def test_staff_at_location_b_see_only_their_child(staff_world, client, sign_in):
    w = staff_world
    sign_in(w.staff_b)
    body = client.get(reverse("activities:my_children")).content.decode()
    assert "Bobbieb" in body and OTHER_PICKUP in body
    assert w.child.first_name not in body and PICKUP not in body


def test_a_stand_in_linking_pin_is_shown(staff_world, client, sign_in):
    w = staff_world
    now = timezone.now()
    Handover.objects.create(
        enrolment=w.own_enrolment,
        to_user=w.other_pin,
        starts=now - datetime.timedelta(days=1),
        ends=now + datetime.timedelta(days=1),
    )
    sign_in(w.users["location_staff"])
    body = client.get(reverse("activities:my_children")).content.decode()
    assert f"Nu waargenomen door {w.other_pin.get_full_name()}" in body


@pytest.mark.parametrize(
    "role",
    ["linking_pin", "coordinator", "policy_officer", "referrer", "researcher", "administrator"],
)
def test_other_roles_may_not_open_the_staff_list(staff_world, client, sign_in, role):
    sign_in(staff_world.users[role])
    response = client.get(reverse("activities:my_children"))
    assert response.status_code == 403
    assert staff_world.child.first_name not in response.content.decode()


# Passing a signal -------------------------------------------------------------


def test_staff_pass_a_signal_about_a_child_at_their_location(staff_world, client, sign_in):
    w = staff_world
    staff = w.users["location_staff"]
    sign_in(staff)
    url = reverse("activities:signal_create", args=[w.placement.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert w.child.first_name in page.content.decode()
    assert w.child.last_name not in page.content.decode()
    response = client.post(url, {"kind": "positive", "text": "Verzonnen: heeft vandaag gelachen."})
    assert response.status_code == 302 and response.url == reverse("activities:my_children")
    made = Signal.objects.get()
    assert (made.placement, made.kind, made.created_by) == (w.placement, "positive", staff)
    assert made.acknowledged_at is None
    entry = AccessLogEntry.objects.filter(data="signals", action="create").get()
    assert {(s.kind, s.object_id) for s in entry.subjects.all()} == {("person", w.child.pk)}
    follow = client.get(response.url)
    assert "doorgegeven aan de linking pin" in follow.content.decode()


def test_an_empty_signal_is_refused_in_dutch(staff_world, client, sign_in):
    w = staff_world
    sign_in(w.users["location_staff"])
    response = client.post(
        reverse("activities:signal_create", args=[w.placement.pk]), {"kind": "", "text": "  "}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Controleer het formulier" in body
    assert "Kies de soort signaal." in body
    assert "Schrijf wat u de linking pin wilt laten weten." in body
    assert not Signal.objects.exists()


def test_a_placement_elsewhere_is_a_404(staff_world, client, sign_in):
    w = staff_world
    sign_in(w.users["location_staff"])
    url = reverse("activities:signal_create", args=[w.placement_b.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "worry", "text": "x"}).status_code == 404
    missing = reverse("activities:signal_create", args=[999999])
    assert client.get(missing).status_code == 404
    assert not Signal.objects.exists()
    denied = AccessLogEntry.objects.filter(outcome=Outcome.DENIED, data="signals").first()
    assert denied is not None


def test_an_ended_placement_takes_no_more_signals(staff_world, client, sign_in):
    w = staff_world
    w.placement.end_date = timezone.localdate() - datetime.timedelta(days=1)
    w.placement.save()
    sign_in(w.users["location_staff"])
    url = reverse("activities:signal_create", args=[w.placement.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "role",
    ["linking_pin", "coordinator", "policy_officer", "referrer", "researcher", "administrator"],
)
def test_only_location_staff_pass_signals(staff_world, client, sign_in, role):
    w = staff_world
    sign_in(w.users[role])
    url = reverse("activities:signal_create", args=[w.placement.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"kind": "worry", "text": "x"}).status_code in (403, 404)
    assert not Signal.objects.exists()


def test_staff_see_their_own_earlier_signals_not_a_colleagues(staff_world, client, sign_in):
    w = staff_world
    colleague = UserFactory(username="opvang_collega")
    MembershipFactory(
        user=colleague, role=Role.LOCATION_STAFF, programme=w.programme
    ).locations.add(w.location)
    signal(w.placement, w.users["location_staff"], text="Eigen signaal van mij.")
    signal(w.placement, colleague, text="Signaal van de collega.")
    sign_in(w.users["location_staff"])
    body = client.get(reverse("activities:signal_create", args=[w.placement.pk])).content.decode()
    assert "Eigen signaal van mij." in body
    assert "Signaal van de collega." not in body


# The linking pin's inbox ------------------------------------------------------


def test_the_linking_pin_reads_signals_about_own_families_unread_first(
    staff_world, client, sign_in
):
    w = staff_world
    staff = w.users["location_staff"]
    read = signal(w.placement, staff, text="Oud signaal, al gelezen.")
    read.acknowledged_by = w.users["linking_pin"]
    read.acknowledged_at = timezone.now()
    read.save()
    signal(w.placement, staff, text="Nieuw signaal, ongelezen.", kind=Signal.Kind.ABSENCE)
    signal(w.placement_b, w.staff_b, text="Signaal over een ander gezin.")
    sign_in(w.users["linking_pin"])
    response = client.get(reverse("activities:signal_inbox"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Nieuw signaal, ongelezen.") < body.index("Oud signaal, al gelezen.")
    assert "Signaal over een ander gezin." not in body and "Bobbieb" not in body
    assert w.child.first_name in body and "Afwezigheid" in body
    assert staff.get_full_name() in body
    assert "1 ongelezen signaal." in body
    assert "Markeer als gelezen" in body
    entry = AccessLogEntry.objects.filter(data="signals", action="list").latest("pk")
    assert {(s.kind, s.object_id) for s in entry.subjects.all()} == {("person", w.child.pk)}


def test_signals_never_reach_another_linking_pin(staff_world, client, sign_in):
    w = staff_world
    signal(w.placement, w.users["location_staff"], text="Alleen voor de eigen linking pin.")
    sign_in(w.other_pin)
    body = client.get(reverse("activities:signal_inbox")).content.decode()
    assert "Alleen voor de eigen linking pin." not in body
    assert w.child.first_name not in body


def test_the_coordinator_reads_the_programme_signals_without_acknowledging(
    staff_world, client, sign_in
):
    w = staff_world
    made = signal(w.placement, w.users["location_staff"], text="Voor het programma zichtbaar.")
    sign_in(w.users["coordinator"])
    body = client.get(reverse("activities:signal_inbox")).content.decode()
    assert "Voor het programma zichtbaar." in body
    assert "Markeer als gelezen" not in body
    ack = reverse("activities:signal_acknowledge", args=[made.pk])
    assert client.post(ack).status_code in (403, 404)
    made.refresh_from_db()
    assert made.acknowledged_at is None
    # Another programme's coordinator sees none of it.
    sign_in(w.other_coordinator)
    body = client.get(reverse("activities:signal_inbox")).content.decode()
    assert "Voor het programma zichtbaar." not in body


def test_location_staff_have_no_inbox(staff_world, client, sign_in):
    w = staff_world
    signal(w.placement, w.users["location_staff"])
    sign_in(w.users["location_staff"])
    assert client.get(reverse("activities:signal_inbox")).status_code == 403


@pytest.mark.parametrize("role", ["policy_officer", "referrer", "researcher", "administrator"])
def test_roles_without_signals_have_no_inbox(staff_world, client, sign_in, role):
    sign_in(staff_world.users[role])
    assert client.get(reverse("activities:signal_inbox")).status_code == 403


def test_the_linking_pin_acknowledges_a_signal(staff_world, client, sign_in):
    w = staff_world
    made = signal(w.placement, w.users["location_staff"])
    pin = w.users["linking_pin"]
    sign_in(pin)
    url = reverse("activities:signal_acknowledge", args=[made.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("activities:signal_inbox")
    made.refresh_from_db()
    assert made.acknowledged_by == pin and made.acknowledged_at is not None
    entry = AccessLogEntry.objects.filter(data="signals", action="change").get()
    assert {(s.kind, s.object_id) for s in entry.subjects.all()} == {("person", w.child.pk)}
    # The member of staff sees that it was read.
    sign_in(w.users["location_staff"])
    body = client.get(reverse("activities:signal_create", args=[w.placement.pk])).content.decode()
    assert "nog niet" not in body.split("Uw eerdere signalen")[1]


def test_acknowledged_in_place_with_htmx_the_inbox_gets_the_row_back(staff_world, client, sign_in):
    """htmx marks a signal read without leaving the inbox's page: the
    answer is the signal's row as the inbox shows it (read now), the unread
    count and the message, each with the id the page swaps it in by. The
    inbox sorts unread signals first, so the row is answered on its own
    rather than by a redirect to the inbox's first page."""
    w = staff_world
    made = signal(w.placement, w.users["location_staff"], text="Nu in één keer gelezen.")
    signal(w.placement, w.users["location_staff"], text="Blijft ongelezen.")
    pin = w.users["linking_pin"]
    sign_in(pin)
    url = reverse("activities:signal_acknowledge", args=[made.pk])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    row = body.split(f'<tr class="utrecht-table__row" id="signal-{made.pk}">')[1].split("</tr>")[0]
    assert "Nu in één keer gelezen." in row
    assert f"Gelezen door {pin.get_full_name()}" in row
    assert "Markeer als gelezen" not in row
    # The focus goes from the button to this text (the same id).
    assert f'id="signal-{made.pk}-status" tabindex="-1"' in row
    assert '<span id="signal-count">1 ongelezen signaal.</span>' in body
    assert 'id="bh-messages"' in body
    assert f"Het signaal over {w.child.first_name} is als gelezen gemarkeerd." in body
    # Only that row: not the other signal, not a page around it.
    assert "Blijft ongelezen." not in body and "<html" not in body
    made.refresh_from_db()
    assert made.acknowledged_by == pin
    assert AccessLogEntry.objects.filter(data="signals", action="change").count() == 1
    # The message was shown in the answer, not again on the next page.
    assert (
        "is als gelezen gemarkeerd"
        not in client.get(reverse("activities:signal_inbox")).content.decode()
    )


def test_acknowledged_with_htmx_on_the_case_hub_the_hub_comes_back(staff_world, client, sign_in):
    """From the case hub (next: the hub) htmx follows the redirect as a
    browser without JavaScript does, and takes the row from the hub."""
    w = staff_world
    made = signal(w.placement, w.users["location_staff"])
    sign_in(w.users["linking_pin"])
    hub = reverse("casework:family_detail", args=[w.placement.enrolment.family_id])
    response = client.post(
        reverse("activities:signal_acknowledge", args=[made.pk]),
        {"next": hub + "#signals"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 302 and response.url == hub + "#signals"


def test_the_acknowledge_button_works_with_and_without_javascript(staff_world, client, sign_in):
    w = staff_world
    made = signal(w.placement, w.users["location_staff"])
    sign_in(w.users["linking_pin"])
    body = client.get(reverse("activities:signal_inbox")).content.decode()
    form = body.split(f'<tr class="utrecht-table__row bh-unread" id="signal-{made.pk}">')[1]
    form = form.split("</form>")[0]
    url = reverse("activities:signal_acknowledge", args=[made.pk])
    # A plain form (the CSRF token in it) that htmx posts the same way.
    assert f'method="post" action="{url}" hx-post="{url}"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert f'hx-select="#signal-{made.pk}"' in form


@pytest.mark.parametrize("who", ["other_pin", "location_staff", "staff_b", "referrer"])
def test_nobody_else_acknowledges(staff_world, client, sign_in, who):
    w = staff_world
    made = signal(w.placement, w.users["location_staff"])
    user = getattr(w, who, None) or w.users[who]
    sign_in(user)
    response = client.post(reverse("activities:signal_acknowledge", args=[made.pk]))
    assert response.status_code in (403, 404)
    made.refresh_from_db()
    assert made.acknowledged_at is None


# The start page ---------------------------------------------------------------


def test_start_page_counts_come_from_the_same_scope(staff_world, client, sign_in):
    w = staff_world
    signal(w.placement, w.users["location_staff"])
    signal(w.placement_b, w.staff_b)
    sign_in(w.users["location_staff"])
    body = client.get(reverse("portal:start")).content.decode()
    assert reverse("activities:my_children") in body
    assert "1 kind op uw locatie" in body
    assert reverse("activities:signal_inbox") not in body

    sign_in(w.users["linking_pin"])
    body = client.get(reverse("portal:start")).content.decode()
    assert reverse("activities:signal_inbox") in body
    assert "1 ongelezen signaal" in body
    assert reverse("activities:my_children") not in body

    # The colleague linking pin counts only the signal about their family.
    sign_in(w.other_pin)
    body = client.get(reverse("portal:start")).content.decode()
    assert "1 ongelezen signaal" in body
    w.placement_b.signals.update(acknowledged_at=timezone.now(), acknowledged_by=w.other_pin)
    body = client.get(reverse("portal:start")).content.decode()
    assert "0 ongelezen signalen" in body
