# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Network meetings and agreements (``casework.rules.meetings``): the rules
(examples and hypothesis properties), the pages, the hub's panels, the work
queue and its list. A meeting stores all or nothing; the minutes are the
responsible linking pin's alone (the coordinator reads the date and who took
part, never the minutes); an agreement moves open -> done / dropped only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework.models import (
    Agreement,
    Contact,
    MeetingParticipant,
    NetworkMeeting,
    PartnerKind,
)
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.rules import meetings
from buitenshuis.casework.workqueue_meetings import agreement_items
from buitenshuis.core.errors import RuleError
from buitenshuis.tests.world import build_world

TODAY = timezone.localdate()
MINUTES = "Verzonnen verslag: moeder wil hulp bij de schulden."
PEOPLE = [
    {"kind": PartnerKind.ADULT_MENTAL_HEALTH, "name": "Behandelaar", "organisation": "GGZ Oost"},
    {"kind": PartnerKind.SCHOOL, "name": "Mentor", "organisation": "Basisschool De Verzinsel"},
]


def stored():
    return (
        Contact.objects.count(),
        NetworkMeeting.objects.count(),
        MeetingParticipant.objects.count(),
        Agreement.objects.count(),
    )


def enrolment_of(world):
    return world.own_family.enrolments.get()


def record(world, user=None, **kwargs):
    values = {
        "date": TODAY - datetime.timedelta(days=1),
        "minutes": 90,
        "participants": PEOPLE,
        "minutes_text": MINUTES,
        "agreements": [
            {
                "what": "Aanmelding schuldhulp regelen",
                "holder_kind": PartnerKind.LINKING_PIN,
                "holder_name": "",
                "due_date": TODAY + datetime.timedelta(days=3),
            }
        ],
    }
    values.update(kwargs)
    return meetings.record_meeting(
        user or world.users["linking_pin"], enrolment_of(world), **values
    )


# The rules ---------------------------------------------------------------------


def test_a_meeting_is_a_network_contact_with_participants_and_agreements(world):
    meeting = record(world)
    assert meeting.contact.kind == Contact.Kind.NETWORK
    assert meeting.contact.minutes == 90
    assert meeting.contact.date == meeting.date
    # The contact names the partners, never the minutes.
    assert meeting.contact.with_whom == "Volwassenen-GGZ, School"
    assert meeting.contact.notes == ""
    assert meeting.minutes_text == MINUTES
    assert [p.organisation for p in meeting.participants.order_by("pk")] == [
        "GGZ Oost",
        "Basisschool De Verzinsel",
    ]
    [agreement] = meeting.agreements.all()
    assert agreement.status == Agreement.Status.OPEN
    assert agreement.enrolment == enrolment_of(world)


@pytest.mark.parametrize(
    "change,field",
    [
        ({"date": TODAY + datetime.timedelta(days=1)}, "date"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 8 * 60 + 1}, "minutes"),
        ({"participants": []}, "participants"),
        ({"participants": [{"kind": PartnerKind.LINKING_PIN}]}, "participants"),
        ({"participants": [{"kind": "nobody"}]}, "participants"),
        ({"agreements": [{"what": "", "holder_kind": PartnerKind.SCHOOL}]}, "agreements"),
        ({"agreements": [{"what": "Bellen", "holder_kind": ""}]}, "agreements"),
        (
            {
                "agreements": [
                    {
                        "what": "Bellen",
                        "holder_kind": PartnerKind.SCHOOL,
                        "due_date": TODAY - datetime.timedelta(days=30),
                    }
                ]
            },
            "agreements",
        ),
    ],
)
def test_a_broken_rule_stores_nothing_and_names_its_field(world, change, field):
    before = stored()
    with pytest.raises(RuleError) as error:
        record(world, **change)
    assert error.value.field == field
    assert stored() == before


@pytest.mark.parametrize("who", ["coordinator", "policy_officer", "location_staff", "referrer"])
def test_only_the_responsible_linking_pin_records_a_meeting(world, who):
    before = stored()
    with pytest.raises(RuleError):
        record(world, user=world.users[who])
    with pytest.raises(RuleError):
        record(world, user=world.other_pin)
    assert stored() == before


def test_no_meeting_or_new_agreement_after_the_closure_but_open_ones_can_be_finished(world):
    agreement = meetings.add_agreement(
        world.users["linking_pin"],
        enrolment_of(world),
        what="Huisarts bellen",
        holder_kind=PartnerKind.LINKING_PIN,
    )
    enrolment = enrolment_of(world)
    enrolment.status = enrolment.Status.CLOSED
    enrolment.save()
    with pytest.raises(RuleError):
        record(world)
    with pytest.raises(RuleError):
        meetings.add_agreement(
            world.users["linking_pin"], enrolment, what="Nog iets", holder_kind="school"
        )
    # It follows the family until done.
    meetings.finish_agreement(world.users["linking_pin"], agreement, Agreement.Status.DONE)
    assert agreement.done_on == TODAY


def test_an_agreement_moves_only_from_open_to_done_or_dropped(world):
    pin = world.users["linking_pin"]
    agreement = meetings.add_agreement(
        pin, enrolment_of(world), what="Huisarts bellen", holder_kind=PartnerKind.LINKING_PIN
    )
    with pytest.raises(RuleError):
        meetings.finish_agreement(world.users["coordinator"], agreement, Agreement.Status.DONE)
    with pytest.raises(RuleError):
        meetings.finish_agreement(pin, agreement, Agreement.Status.OPEN)
    meetings.finish_agreement(pin, agreement, Agreement.Status.DROPPED)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.done_on) == (Agreement.Status.DROPPED, TODAY)
    for status in Agreement.Status:
        with pytest.raises(RuleError):
            meetings.finish_agreement(pin, agreement, status)
    assert meetings.AGREEMENT.pairs() == {
        (Agreement.Status.OPEN, Agreement.Status.DONE),
        (Agreement.Status.OPEN, Agreement.Status.DROPPED),
    }


KINDS = st.sampled_from(PartnerKind.values)
PARTICIPANT = st.fixed_dictionaries(
    {"kind": KINDS, "name": st.sampled_from(["", "Mentor", "Buurtwerker"])},
    optional={"organisation": st.sampled_from(["", "Wijkteam Noord"])},
)
AGREEMENT = st.fixed_dictionaries(
    {
        "what": st.sampled_from(["", "Bellen met school", "  "]),
        "holder_kind": st.sampled_from(["", *PartnerKind.values]),
        "due_date": st.one_of(
            st.none(), st.integers(-10, 60).map(lambda d: TODAY + datetime.timedelta(days=d))
        ),
    }
)


class MeetingProperties(TestCase):
    @given(
        participants=st.lists(PARTICIPANT, max_size=5),
        agreements=st.lists(AGREEMENT, max_size=3),
        days_ago=st.integers(-2, 400),
        minutes=st.integers(-5, 600),
        who=st.sampled_from(["linking_pin", "coordinator", "other_pin"]),
    )
    def test_a_meeting_is_stored_whole_exactly_when_every_rule_holds(
        self, participants, agreements, days_ago, minutes, who
    ):
        world = build_world()
        user = world.other_pin if who == "other_pin" else world.users[who]
        day = TODAY - datetime.timedelta(days=days_ago)
        valid = (
            who == "linking_pin"
            and day <= TODAY
            and 1 <= minutes <= meetings.MAX_MEETING_MINUTES
            and any(p["kind"] != PartnerKind.LINKING_PIN for p in participants)
            and all(
                a["what"].strip()
                and a["holder_kind"]
                and (a["due_date"] is None or a["due_date"] >= day)
                for a in agreements
            )
        )
        before = stored()
        try:
            meeting = meetings.record_meeting(
                user,
                enrolment_of(world),
                date=day,
                minutes=minutes,
                participants=participants,
                agreements=agreements,
            )
        except RuleError as error:
            assert not valid, str(error)
            assert str(error)
            assert stored() == before
            return
        assert valid
        assert stored() == (
            before[0] + 1,
            before[1] + 1,
            before[2] + len(participants),
            before[3] + len(agreements),
        )
        assert meeting.contact.minutes == minutes
        assert set(meeting.agreements.values_list("status", flat=True)) <= {"open"}

    @given(
        rows=st.lists(
            st.tuples(
                st.sampled_from([PartnerKind.LINKING_PIN, PartnerKind.SCHOOL]),
                st.sampled_from(Agreement.Status.values),
                st.one_of(st.none(), st.integers(-20, 20)),
            ),
            max_size=6,
        )
    )
    def test_the_work_queue_counts_the_linking_pins_open_agreements_due_within_a_week(self, rows):
        world = build_world()
        pin = world.users["linking_pin"]
        enrolment = enrolment_of(world)
        expected = overdue = 0
        for kind, status, days in rows:
            due = None if days is None else TODAY + datetime.timedelta(days=days)
            Agreement.objects.create(
                enrolment=enrolment,
                what="Verzonnen afspraak",
                holder_kind=kind,
                due_date=due,
                status=status,
                created_by=pin,
            )
            if kind == PartnerKind.LINKING_PIN and status == "open" and due is not None:
                if days <= meetings.DUE_DAYS:
                    expected += 1
                    overdue += days < 0
        items = agreement_items(pin)
        assert [(i.count, i.overdue) for i in items] == [(expected, overdue)]
        # Not the colleague's, not the coordinator's (who reads, never does).
        assert [i.count for i in agreement_items(world.other_pin)] == [0]
        assert agreement_items(world.users["coordinator"]) == []


# The pages ---------------------------------------------------------------------


def meeting_post(**extra):
    data = {
        "date": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "minutes": "75",
        "minutes_text": MINUTES,
        "deelnemer-TOTAL_FORMS": "6",
        "deelnemer-INITIAL_FORMS": "0",
        "afspraak-TOTAL_FORMS": "4",
        "afspraak-INITIAL_FORMS": "0",
        "deelnemer-0-kind": "veilig_thuis",
        "deelnemer-0-name": "Aandachtsfunctionaris",
        "deelnemer-0-organisation": "Veilig Thuis Verzinsel",
        "deelnemer-1-kind": "linking_pin",
        "afspraak-0-what": "Gesprek met school plannen",
        "afspraak-0-holder_kind": "linking_pin",
        "afspraak-0-due_date": (TODAY + datetime.timedelta(days=5)).isoformat(),
    }
    data.update(extra)
    return data


def test_the_linking_pin_records_a_meeting_on_one_page(world, sign_in):
    family = world.own_family
    client = sign_in(world.users["linking_pin"])
    url = reverse("casework:meeting_create", args=[family.pk])
    page = client.get(url).content.decode()
    # Six empty rows for participants, four for agreements; no script.
    assert 'name="deelnemer-5-kind"' in page and 'name="afspraak-3-what"' in page
    response = client.post(url, meeting_post())
    meeting = NetworkMeeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casework:meeting_detail", args=[family.pk, meeting.pk])
    assert meeting.participants.count() == 2
    assert meeting.agreements.count() == 1
    assert AccessLogEntry.objects.filter(action="create").exists()


def test_a_meeting_without_another_participant_is_refused_with_a_message(world, sign_in):
    client = sign_in(world.users["linking_pin"])
    url = reverse("casework:meeting_create", args=[world.own_family.pk])
    before = stored()
    response = client.post(
        url,
        meeting_post(
            **{"deelnemer-0-kind": "", "deelnemer-0-name": "", "deelnemer-0-organisation": ""}
        ),
    )
    assert response.status_code == 200
    assert "naast de linking pin" in response.content.decode()
    assert stored() == before


def test_the_coordinator_reads_the_meeting_but_never_its_minutes(world, sign_in):
    meeting = record(world)
    family = world.own_family
    detail = reverse("casework:meeting_detail", args=[family.pk, meeting.pk])
    hub = hub_url(family.pk, "meetings")

    client = sign_in(world.users["coordinator"])
    before = AccessLogEntry.objects.count()
    for url in (detail, hub):
        body = client.get(url).content.decode()
        assert "GGZ Oost" in body and "Volwassenen-GGZ" in body
        assert MINUTES not in body
        assert "Aanmelding schuldhulp regelen" in body  # agreements: Data.GOALS, read
    logged = AccessLogEntry.objects.order_by("pk")[before:]
    assert all("verslag netwerkoverleg" not in entry.data for entry in logged)
    assert reverse("casework:meeting_create", args=[family.pk]) not in body
    assert "Gedaan</button>" not in body
    assert client.get(reverse("casework:meeting_create", args=[family.pk])).status_code == 403

    client = sign_in(world.users["linking_pin"])
    before = AccessLogEntry.objects.count()
    for url in (detail, hub):
        assert MINUTES in client.get(url).content.decode()
    logged = list(AccessLogEntry.objects.order_by("pk")[before:])
    assert all("verslag netwerkoverleg" in entry.data for entry in logged)


def test_the_agreements_panel_lists_open_ones_first_and_finishes_them(world, sign_in):
    pin = world.users["linking_pin"]
    enrolment = enrolment_of(world)
    late = meetings.add_agreement(pin, enrolment, what="Te laat", holder_kind="linking_pin")
    Agreement.objects.filter(pk=late.pk).update(due_date=TODAY - datetime.timedelta(days=2))
    done = meetings.add_agreement(pin, enrolment, what="Al gedaan", holder_kind="school")
    meetings.finish_agreement(pin, done, Agreement.Status.DONE)
    client = sign_in(pin)
    hub = hub_url(world.own_family.pk, "agreements")
    body = client.get(hub).content.decode()
    panel = body.split('id="agreements"')[1]
    assert panel.index("Te laat") < panel.index("<details>") < panel.index("Al gedaan")
    assert "te laat</strong>" in panel
    drop = reverse("casework:agreement_drop", args=[world.own_family.pk, late.pk])
    assert drop in panel
    # Dropping asks first (GET), then the POST drops it.
    assert "Ja, laat de afspraak vervallen" in client.get(drop).content.decode()
    late.refresh_from_db()
    assert late.status == Agreement.Status.OPEN
    assert client.post(drop).status_code == 302
    late.refresh_from_db()
    assert late.status == Agreement.Status.DROPPED
    # Done twice: the second is refused with a message, nothing changes.
    url = reverse("casework:agreement_done", args=[world.own_family.pk, done.pk])
    response = client.post(url, follow=True)
    assert "kan niet de status" in response.content.decode()


def test_the_agreement_form_adds_one(world, sign_in):
    client = sign_in(world.users["linking_pin"])
    url = reverse("casework:agreement_create", args=[world.own_family.pk])
    response = client.post(url, {"what": "", "holder_kind": ""})
    assert response.status_code == 200
    assert "Vul in wat er is afgesproken." in response.content.decode()
    response = client.post(
        url,
        {"what": "Buurtgezin vragen", "holder_kind": "social_team", "holder_name": "Wijkteam"},
    )
    assert response.status_code == 302
    assert Agreement.objects.get().holder_name == "Wijkteam"


def test_the_work_queue_links_to_a_list_of_exactly_its_rows(world, sign_in):
    pin = world.users["linking_pin"]
    enrolment = enrolment_of(world)
    for days, kind in [(-3, "linking_pin"), (7, "linking_pin"), (8, "linking_pin"), (1, "school")]:
        Agreement.objects.create(
            enrolment=enrolment,
            what=f"Verzonnen afspraak {days} {kind}",
            holder_kind=kind,
            due_date=TODAY + datetime.timedelta(days=days),
            created_by=pin,
        )
    client = sign_in(pin)
    start = client.get(reverse("portal:start"))
    [item] = [i for i in start.context["work_items"] if i.key == "casework.agreements_due"]
    assert (item.count, item.overdue) == (2, 1)
    listed = client.get(item.url)
    assert listed.context["paginator"].count == 2
    assert {a.due_date for a in listed.context["view"].page_rows} == {
        TODAY - datetime.timedelta(days=3),
        TODAY + datetime.timedelta(days=7),
    }
    assert listed.context["view"].page_rows[0].what.startswith("Verzonnen afspraak -3")
    everything = client.get(item.url + "?toon=alle")
    assert everything.context["paginator"].count == 4
    searched = client.get(item.url + "?toon=alle&q=school")
    assert searched.context["paginator"].count == 1


def test_the_agreement_list_costs_a_fixed_number_of_queries(
    world, sign_in, django_assert_max_num_queries
):
    pin = world.users["linking_pin"]
    enrolment = enrolment_of(world)
    Agreement.objects.bulk_create(
        Agreement(
            enrolment=enrolment,
            what=f"Verzonnen afspraak {n}",
            holder_kind="linking_pin",
            due_date=TODAY,
            created_by=pin,
        )
        for n in range(30)
    )
    client = sign_in(pin)
    client.get(reverse("casework:agreement_list"))  # warm the session and caches
    with django_assert_max_num_queries(25):
        response = client.get(reverse("casework:agreement_list"))
    assert len(response.context["view"].page_rows) == 25
