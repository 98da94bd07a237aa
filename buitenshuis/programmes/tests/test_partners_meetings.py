# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The programme's partners and meetings: adding, changing, removing,
who may, and the meeting in its organiser's work queue."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import OrganisationType
from buitenshuis.organisations.tests.factories import OrganisationFactory
from buitenshuis.programmes import rules
from buitenshuis.programmes.models import MeetingKind, PartnerRole, ProgrammePartner
from buitenshuis.programmes.tests.factories import (
    ProgrammeMeetingFactory,
    ProgrammePartnerFactory,
)


@pytest.mark.django_db
def test_the_coordinator_adds_a_partner_with_its_declaration(world, client, sign_in):
    organisation = OrganisationFactory(
        name="Sportclub De Verzonnen Bal", type=OrganisationType.SPORTS_CLUB
    )
    sign_in(world.users["coordinator"])
    url = reverse("programmes:partner_create") + f"?programme={world.programme.pk}"
    response = client.post(
        url,
        {
            "organisation": organisation.pk,
            "role": PartnerRole.EXECUTION,
            "contact_name": "Trainer Verzonnen",
            "contact_phone": "0612345678",
            "declaration_signed_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    partner = ProgrammePartner.objects.get(programme=world.programme)
    assert partner.contact_phone == "06 12345678"
    assert partner.declaration_signed_on == datetime.date(2026, 3, 1)
    # The same organisation in the same role again: refused at the field.
    again = client.post(url, {"organisation": organisation.pk, "role": PartnerRole.EXECUTION})
    assert again.status_code == 200
    assert "Deze organisatie staat al in deze rol" in again.content.decode()
    assert ProgrammePartner.objects.count() == 1


@pytest.mark.django_db
def test_a_declaration_is_not_signed_in_the_future(world):
    organisation = OrganisationFactory()
    with pytest.raises(RuleError) as refused:
        rules.add_partner(
            world.users["policy_officer"],
            world.programme,
            organisation=organisation,
            role=PartnerRole.CARE,
            declaration_signed_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert refused.value.field == "declaration_signed_on"


@pytest.mark.django_db
def test_removing_a_partner_asks_first(world, client, sign_in):
    partner = ProgrammePartnerFactory(programme=world.programme)
    sign_in(world.users["policy_officer"])
    url = reverse("programmes:partner_delete", args=[partner.pk])
    assert "Ja, verwijder de partner" in client.get(url).content.decode()
    assert ProgrammePartner.objects.filter(pk=partner.pk).exists()
    client.post(url)
    assert not ProgrammePartner.objects.filter(pk=partner.pk).exists()
    assert partner.organisation.__class__.objects.filter(pk=partner.organisation_id).exists()


@pytest.mark.django_db
def test_partners_of_another_programme_are_a_404(world, client, sign_in):
    partner = ProgrammePartnerFactory(programme=world.programme)
    sign_in(world.other_coordinator)
    for name in ("partner_detail", "partner_edit", "partner_delete"):
        assert client.get(reverse(f"programmes:{name}", args=[partner.pk])).status_code == 404
    listed = client.get(reverse("programmes:partner_list"))
    assert partner.organisation.name not in listed.content.decode()


@pytest.mark.django_db
def test_the_linking_pin_reads_partners_but_changes_nothing(world, client, sign_in):
    partner = ProgrammePartnerFactory(programme=world.programme)
    sign_in(world.users["linking_pin"])
    assert client.get(reverse("programmes:partner_detail", args=[partner.pk])).status_code == 200
    edit = client.post(reverse("programmes:partner_edit", args=[partner.pk]), {})
    assert edit.status_code == 403
    assert client.get(reverse("programmes:partner_create")).status_code == 403


@pytest.mark.django_db
def test_the_partner_list_searches_filters_and_pages_in_a_fixed_number_of_queries(
    world, client, sign_in
):
    for n in range(30):
        ProgrammePartnerFactory(
            programme=world.programme,
            organisation=OrganisationFactory(name=f"Organisatie Verzonnen {n:02d}"),
            role=PartnerRole.REFERRER if n % 3 else PartnerRole.CARE,
        )
    ProgrammePartnerFactory(programme=world.other_programme)
    sign_in(world.users["coordinator"])
    url = reverse("programmes:partner_list")
    response = client.get(url)
    assert response.context["paginator"].count == 30
    assert len(response.context["rows"]) == 25
    assert client.get(url + "?rol=care").context["paginator"].count == 10
    assert client.get(url + "?q=Verzonnen+07").context["paginator"].count == 1
    with CaptureQueriesContext(connection) as few:
        client.get(url + "?q=Verzonnen+0")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


# Meetings -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_coordinator_plans_a_meeting_and_records_it_afterwards(world, client, sign_in):
    coordinator = world.users["coordinator"]
    sign_in(coordinator)
    when = timezone.localtime() + datetime.timedelta(days=10)
    response = client.post(
        reverse("programmes:meeting_create") + f"?programme={world.programme.pk}",
        {
            "kind": MeetingKind.PARTNERS,
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "place": "Gemeentehuis Verzonnen",
            "organiser": coordinator.pk,
            "attendees": [world.users["linking_pin"].pk],
            "other_attendees": "Wijkteam Noord\nBSO De Verzonnen Vlinder",
            "notes": "Agenda: stand van zaken.",
            "decisions": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    meeting = world.programme.meetings.get()
    assert meeting.organiser == coordinator
    assert list(meeting.attendees.all()) == [world.users["linking_pin"]]
    page = client.get(reverse("programmes:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Wijkteam Noord" in page and "BSO De Verzonnen Vlinder" in page


@pytest.mark.django_db
def test_the_organiser_and_attendees_are_of_the_programme(world):
    with pytest.raises(RuleError) as refused:
        rules.save_meeting(
            world.users["coordinator"],
            world.programme,
            kind=MeetingKind.KICK_OFF,
            starts_at=timezone.now(),
            organiser=world.other_coordinator,
        )
    assert refused.value.field == "organiser"
    with pytest.raises(RuleError) as refused:
        rules.save_meeting(
            world.users["coordinator"],
            world.programme,
            attendees=[world.other_coordinator],
            kind=MeetingKind.KICK_OFF,
            starts_at=timezone.now(),
        )
    assert refused.value.field == "attendees"


@pytest.mark.django_db
# The world is only read: each example adds a meeting of its own.
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offset=st.integers(min_value=-60 * 24 * 30, max_value=60 * 24 * 30))
def test_decisions_are_recorded_once_the_meeting_has_begun(world, offset):
    now = timezone.now()
    starts = now + datetime.timedelta(minutes=offset)
    fields = {"kind": MeetingKind.PARTNERS, "starts_at": starts, "decisions": "Besloten."}
    if offset > 0:
        with pytest.raises(RuleError) as refused:
            rules.save_meeting(world.users["coordinator"], world.programme, now=now, **fields)
        assert refused.value.field == "decisions"
    else:
        meeting = rules.save_meeting(world.users["coordinator"], world.programme, now=now, **fields)
        assert meeting.decisions == "Besloten."


@pytest.mark.django_db
def test_the_next_meeting_waits_for_its_organiser_two_weeks_ahead(world, client, sign_in):
    coordinator = world.users["coordinator"]
    now = timezone.now()
    soon = ProgrammeMeetingFactory(
        programme=world.programme,
        organiser=coordinator,
        starts_at=now + datetime.timedelta(days=13),
    )
    ProgrammeMeetingFactory(  # too far ahead
        programme=world.programme,
        organiser=coordinator,
        starts_at=now + datetime.timedelta(days=15),
    )
    ProgrammeMeetingFactory(  # held
        programme=world.programme, organiser=coordinator, starts_at=now - datetime.timedelta(days=1)
    )
    sign_in(coordinator)
    items = {i.key: i for i in client.get(reverse("portal:start")).context["work_items"]}
    item = items["programmes.prepare_meeting"]
    assert item.count == 1 and str(item.label) == "Overleg voorbereiden"
    assert item.url == reverse("programmes:meeting_detail", args=[soon.pk])
    assert client.get(item.url).status_code == 200
    # A second one within two weeks: the list of exactly those two.
    ProgrammeMeetingFactory(
        programme=world.programme, organiser=coordinator, starts_at=now + datetime.timedelta(days=2)
    )
    items = {i.key: i for i in client.get(reverse("portal:start")).context["work_items"]}
    item = items["programmes.prepare_meeting"]
    assert item.count == 2
    assert client.get(item.url).context["paginator"].count == 2
    # Not for anyone else.
    sign_in(world.users["policy_officer"])
    keys = {i.key for i in client.get(reverse("portal:start")).context["work_items"]}
    assert "programmes.prepare_meeting" not in keys


@pytest.mark.django_db
def test_a_linking_pin_organising_the_exchange_opens_it_from_the_work_queue(world, client, sign_in):
    pin = world.users["linking_pin"]
    meeting = rules.save_meeting(
        world.users["coordinator"],
        world.programme,
        kind=MeetingKind.LINKING_PINS,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        organiser=pin,
    )
    sign_in(pin)
    items = {i.key: i for i in client.get(reverse("portal:start")).context["work_items"]}
    assert client.get(items["programmes.prepare_meeting"].url).status_code == 200
    assert client.get(reverse("programmes:meeting_edit", args=[meeting.pk])).status_code == 403


@pytest.mark.django_db
def test_meetings_of_another_programme_are_a_404(world, client, sign_in):
    meeting = ProgrammeMeetingFactory(programme=world.programme)
    sign_in(world.other_coordinator)
    for name in ("meeting_detail", "meeting_edit"):
        assert client.get(reverse(f"programmes:{name}", args=[meeting.pk])).status_code == 404
