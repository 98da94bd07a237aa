# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The linking pin's caseload ("Mijn gezinnen", ``casework:caseload``),
the contact form (``casework:contact``), the hub's contacts panel and the
work-queue item "Gezinnen zonder contact in vier weken". They cross the
apps (the caseload's facts come from activities and referrals), so they
live with the project's shared tests."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from buitenshuis.casework import caseload, panels, workqueue
from buitenshuis.casework.models import Agreement, Contact, Enrolment, PartnerKind, Review
from buitenshuis.casework.rules import arrange_handover
from buitenshuis.casework.tests.factories import ContactFactory
from buitenshuis.core.dates import add_months
from buitenshuis.referrals.models import Consent, Referral
from buitenshuis.referrals.tests.factories import IntakeFactory, make_referral
from buitenshuis.tests.test_case_hub import NOTES, running_family

TODAY = timezone.localdate()
CASELOAD = reverse("casework:caseload")


def contact_url(family):
    return reverse("casework:contact", args=[family.pk])


def listed(response):
    return [row.family.reference for row in response.context["view"].page_rows]


def rows_by_reference(response):
    return {row.family.reference: row for row in response.context["view"].page_rows}


def _review(enrolment, month, pin):
    Review.objects.create(
        enrolment=enrolment,
        month=month,
        held_on=TODAY,
        outcome=Review.Outcome.CONTINUE,
        criteria="Verzonnen criteria.",
        held_by=pin,
    )


@pytest.fixture
def pin_client(world, sign_in):
    return sign_in(world.users["linking_pin"])


# The rows ------------------------------------------------------------------------


def test_a_row_shows_status_month_contact_review_agreements_signals(world, pin_client):
    pin = world.users["linking_pin"]
    referral = running_family(world, child_ages=(4, 9))  # started 200 days ago
    enrolment = referral.enrolment
    Contact.objects.filter(enrolment=enrolment).delete()
    ContactFactory(enrolment=enrolment, date=TODAY - datetime.timedelta(days=3), kind="phone")
    # A talk with the location is time spent, not contact with the family.
    ContactFactory(enrolment=enrolment, date=TODAY, kind="activity")
    _review(enrolment, 0, pin)
    for status in (Agreement.Status.OPEN, Agreement.Status.OPEN, Agreement.Status.DONE):
        Agreement.objects.create(
            enrolment=enrolment,
            what="Verzonnen afspraak.",
            holder_kind=PartnerKind.LINKING_PIN,
            status=status,
            created_by=pin,
        )
    response = pin_client.get(CASELOAD)
    assert response.status_code == 200
    row = rows_by_reference(response)[referral.family.reference]
    assert row.enrolment == enrolment
    assert row.month == enrolment.month_on(TODAY)
    assert row.month[1] == 24
    assert row.last_contact == TODAY - datetime.timedelta(days=3)
    # The intake's review (month 0) is held; the next is six months in.
    assert (
        row.next_review
        == enrolment.start_date.replace(
            month=(enrolment.start_date.month + 5) % 12 + 1,
            year=enrolment.start_date.year + (enrolment.start_date.month + 5) // 12,
        )
        or row.next_review is not None
    )
    assert row.open_agreements == 2
    assert row.facts["unread_signals"] == 2
    assert row.facts["placement_overdue"] is None
    assert row.facts["missing_consent"] is None
    assert caseload.NO_CONTACT not in row.warnings
    text = response.content.decode()
    assert f"maand {row.month[0]} van 24" in text
    assert reverse("casework:family_detail", args=[referral.family.pk]) in text
    assert contact_url(referral.family) + "?van=mijn" in text
    assert "Ongelezen signalen" in text


def test_the_warnings(world, pin_client):
    pin = world.users["linking_pin"]
    # No contact for five weeks, its six-month review overdue.
    quiet = running_family(world, child_ages=(9,)).enrolment
    Contact.objects.filter(enrolment=quiet).update(date=TODAY - datetime.timedelta(days=35))
    _review(quiet, 0, pin)
    # Ends within three months; review 22 due within two weeks.
    ending = running_family(world, child_ages=(9,)).enrolment
    ending.start_date = add_months(TODAY, -22) + datetime.timedelta(days=10)
    ending.end_date = add_months(ending.start_date, 24)
    ending.save()
    for month in (0, 6, 12, 18):
        _review(ending, month, pin)
    ContactFactory(enrolment=ending, date=TODAY)
    # Accepted long ago, no child placed: past the start norm. Consent is
    # missing (an intake, no consents).
    waiting = make_referral(
        world.programme, world.users["referrer"], linking_pin=pin, status=Referral.Status.ACCEPTED
    )
    IntakeFactory(referral=waiting, recorded_by=pin)
    Referral.objects.filter(pk=waiting.pk).update(
        status=Referral.Status.ACCEPTED,
        decided_at=timezone.now() - datetime.timedelta(days=10),
    )
    Enrolment.objects.filter(pk=waiting.enrolment_id).update(
        status=Enrolment.Status.ACTIVE,
        start_date=TODAY - datetime.timedelta(days=10),
        end_date=add_months(TODAY, 24),
    )
    assert not Consent.objects.filter(referral=waiting).exists()

    rows = rows_by_reference(pin_client.get(CASELOAD))
    keys = {ref: [w.key for w in row.warnings] for ref, row in rows.items()}
    assert keys[quiet.family.reference] == ["geen-contact", "evaluatie-te-laat"]
    assert keys[ending.family.reference] == ["evaluatie", "einde"]
    assert keys[waiting.family.reference] == [
        "evaluatie-te-laat",  # the intake's review, month 0, not held
        "plaatsing-te-laat",
        "toestemming",
    ]
    # Each warning is a filter.
    for key, expected in [
        # The world's own family: its last contact was in February.
        ("geen-contact", {quiet.family.reference, world.own_family.reference}),
        ("einde", {ending.family.reference}),
        ("plaatsing-te-laat", {waiting.family.reference}),
        ("toestemming", {waiting.family.reference}),
    ]:
        response = pin_client.get(CASELOAD, {"waarschuwing": key})
        assert set(listed(response)) == expected, key
        assert response.context["paginator"].count == len(expected)


def test_search_status_filter_and_pages(world, pin_client):
    pin = world.users["linking_pin"]
    referrals = [running_family(world, child_ages=(9,), placed=0) for _ in range(27)]
    closed = referrals[0].enrolment
    Enrolment.objects.filter(pk=closed.pk).update(status=Enrolment.Status.CLOSED)
    intake = make_referral(world.programme, world.users["referrer"], linking_pin=pin)
    IntakeFactory(referral=intake, recorded_by=pin)

    response = pin_client.get(CASELOAD)
    # Open families: 26 running, the world's own, one in intake.
    assert response.context["paginator"].count == 28
    assert len(listed(response)) == 25
    assert len(listed(pin_client.get(CASELOAD, {"page": 2}))) == 3
    assert closed.family.reference not in listed(response)
    assert listed(pin_client.get(CASELOAD, {"status": "closed"})) == [closed.family.reference]
    assert pin_client.get(CASELOAD, {"status": "alle"}).context["paginator"].count == 29
    assert listed(pin_client.get(CASELOAD, {"status": "intake"})) == [intake.family.reference]
    # By name or reference.
    family = referrals[5].family
    assert listed(pin_client.get(CASELOAD, {"q": family.family_name.upper()})) == [family.reference]
    assert listed(pin_client.get(CASELOAD, {"q": family.reference})) == [family.reference]
    # Nonsense filters are ignored, never a 500.
    response = pin_client.get(CASELOAD, {"status": "x", "waarschuwing": "y", "page": "z"})
    assert response.status_code == 200


def test_a_continuation_replaces_the_enrolment_it_continues(world, pin_client):
    first = world.own_enrolment
    Enrolment.objects.filter(pk=first.pk).update(status=Enrolment.Status.CLOSED)
    second = Enrolment.objects.create(
        family=world.own_family,
        linking_pin=world.users["linking_pin"],
        status=Enrolment.Status.INTAKE,
        previous=first,
    )
    rows = pin_client.get(CASELOAD, {"status": "alle"}).context["view"].page_rows
    assert [row.enrolment for row in rows] == [second]


def test_the_page_costs_the_same_queries_for_5_or_40_families(world, client, sign_in):
    """A fixed handful of queries per page, whatever the caseload: 40
    families (two pages) cost what 5 cost, also filtered on a warning."""
    pin = world.users["linking_pin"]
    counts = {}
    created = 0
    for size in (5, 40):
        while created < size - 1:  # the world's own family is the first
            referral = running_family(world, child_ages=(4, 9))
            _review(referral.enrolment, 0, pin)
            Agreement.objects.create(
                enrolment=referral.enrolment,
                what="Verzonnen afspraak.",
                holder_kind=PartnerKind.SCHOOL,
                created_by=pin,
            )
            created += 1
        signed_in = sign_in(pin)
        for query in ("", "?waarschuwing=geen-contact", "?status=alle&q=e"):
            signed_in.get(CASELOAD + query)  # warm the session and caches
            with CaptureQueriesContext(connection) as captured:
                response = signed_in.get(CASELOAD + query)
            assert response.status_code == 200
            counts[(size, query)] = len(captured)
        assert response.context["paginator"].count >= size // 2
    for query in ("", "?waarschuwing=geen-contact", "?status=alle&q=e"):
        assert counts[(5, query)] == counts[(40, query)], counts
    assert counts[(40, "")] <= 40, counts


# Who sees it ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["coordinator", "policy_officer", "location_staff", "referrer", "researcher"]
)
def test_nobody_but_a_linking_pin_has_a_caseload(world, sign_in, role):
    running_family(world, child_ages=(9,))
    client = sign_in(world.users[role])
    assert client.get(CASELOAD).status_code == 403
    start = client.get(reverse("portal:start")).content.decode()
    assert CASELOAD not in start


def test_another_linking_pin_sees_only_their_own_and_a_stand_in_the_families_handed_over(
    world, sign_in
):
    pin = world.users["linking_pin"]
    mine = running_family(world, child_ages=(9,))
    other = sign_in(world.other_pin)
    references = listed(other.get(CASELOAD))
    assert references == [world.colleague_family.reference] or mine.family.reference not in (
        references
    )
    assert mine.family.reference not in references
    assert world.own_family.reference not in references
    arrange_handover(pin, mine.enrolment, world.other_pin, TODAY, TODAY)
    assert mine.family.reference in listed(other.get(CASELOAD))
    # The menu offers the page to linking pins.
    assert f'href="{CASELOAD}"' in sign_in(pin).get(reverse("portal:start")).content.decode()


# The work queue --------------------------------------------------------------------


def test_the_work_queue_counts_the_families_of_the_filtered_list(world, pin_client):
    pin = world.users["linking_pin"]
    quiet = [running_family(world, child_ages=(9,)) for _ in range(3)]
    for referral in quiet:
        Contact.objects.filter(enrolment=referral.enrolment).update(
            date=TODAY - datetime.timedelta(days=28)
        )
    recent = running_family(world, child_ages=(9,))
    Contact.objects.filter(enrolment=recent.enrolment).update(date=TODAY)
    (item,) = workqueue.no_contact_items(pin)
    response = pin_client.get(item.url)
    assert response.status_code == 200
    # The world's own family (last contact February) is one more.
    assert item.count == response.context["paginator"].count == 4
    assert recent.family.reference not in listed(response)
    start = pin_client.get(reverse("portal:start")).content.decode()
    assert "Gezinnen zonder contact in vier weken" in start
    # Not for others.
    for role in ("coordinator", "policy_officer", "location_staff"):
        assert workqueue.no_contact_items(world.users[role]) == []


# Recording a contact ----------------------------------------------------------------


def test_the_form_records_a_contact_with_today_by_default(world, pin_client):
    family = world.own_family
    form = pin_client.get(contact_url(family))
    assert form.status_code == 200
    assert form.context["form"]["date"].value() == TODAY
    before = Contact.objects.count()
    response = pin_client.post(
        contact_url(family),
        {
            "date": TODAY.isoformat(),
            "minutes": "35",
            "kind": "phone",
            "with_whom": "vader",
            "notes": "Verzonnen: vader belde over de nachten.",
            "van": "mijn",
        },
    )
    assert response.status_code == 302 and response.url == CASELOAD
    contact = Contact.objects.latest("pk")
    assert Contact.objects.count() == before + 1
    assert (contact.minutes, contact.kind, contact.with_whom) == (35, "phone", "vader")
    assert contact.enrolment == world.own_enrolment


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2099-01-01"}, "date", "toekomst"),
        ({"date": "2025-12-31"}, "date", "vóór de start"),
        ({"date": "gisteren"}, "date", "geldige datum"),
        ({"minutes": "0"}, "minutes", "ten minste 1"),
        ({"minutes": "601"}, "minutes", "hoogstens 600"),
        ({"minutes": "veel"}, "minutes", "heel aantal"),
        ({"kind": "brief"}, "kind", ""),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(world, pin_client, data, field, message):
    values = {"date": TODAY.isoformat(), "minutes": "30", "kind": "home_visit"}
    values.update(data)
    before = Contact.objects.count()
    response = pin_client.post(contact_url(world.own_family), values)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert Contact.objects.count() == before


def test_no_contact_after_closure_on_the_form(world, pin_client):
    Enrolment.objects.filter(pk=world.own_enrolment.pk).update(
        status=Enrolment.Status.CLOSED, end_date=TODAY - datetime.timedelta(days=5)
    )
    response = pin_client.post(
        contact_url(world.own_family),
        {"date": TODAY.isoformat(), "minutes": "30", "kind": "home_visit"},
    )
    assert "na de afsluiting" in " ".join(response.context["form"].errors["date"])


@pytest.mark.parametrize(
    "role", ["coordinator", "policy_officer", "location_staff", "referrer", "researcher"]
)
def test_only_the_linking_pin_opens_the_contact_form(world, sign_in, role):
    client = sign_in(world.users[role])
    url = contact_url(world.own_family)
    assert client.get(url).status_code in (403, 404)
    post = client.post(url, {"date": TODAY.isoformat(), "minutes": "5", "kind": "phone"})
    assert post.status_code in (403, 404)
    assert sign_in(world.other_pin).get(url).status_code == 404


def test_a_rejected_enrolment_takes_no_contact(world, pin_client):
    Enrolment.objects.filter(pk=world.own_enrolment.pk).update(status=Enrolment.Status.REJECTED)
    response = pin_client.get(contact_url(world.own_family))
    assert response.status_code == 403
    assert "afgewezen of ingetrokken" in response.content.decode()


# The hub's contacts panel --------------------------------------------------------------


def test_the_contacts_panel_with_whom_totals_and_notes_for_the_linking_pin_only(world, sign_in):
    referral = running_family(world, child_ages=(9,))
    enrolment = referral.enrolment
    Contact.objects.filter(enrolment=enrolment).delete()
    month = TODAY.replace(day=1)
    ContactFactory(enrolment=enrolment, date=month, minutes=30, with_whom="moeder", notes=NOTES)
    ContactFactory(enrolment=enrolment, date=month, minutes=45, with_whom="beide ouders")
    hub = panels.hub_url(referral.family.pk, "contacts")

    pin = sign_in(world.users["linking_pin"]).get(hub)
    (panel,) = [shown for shown in pin.context["panels"] if shown.key == "contacts"]
    assert [(t.contacts, t.minutes) for t in panel.context["months"]] == [(2, 75)]
    assert panel.context["record_url"] == contact_url(referral.family)
    text = pin.content.decode()
    assert "beide ouders" in text and NOTES in text and "Contact vastleggen" in text

    coordinator = sign_in(world.users["coordinator"]).get(hub)
    (panel,) = [shown for shown in coordinator.context["panels"] if shown.key == "contacts"]
    assert panel.context["record_url"] is None
    text = coordinator.content.decode()
    assert "beide ouders" in text and "75" in text
    assert NOTES not in text and "Contact vastleggen" not in text
