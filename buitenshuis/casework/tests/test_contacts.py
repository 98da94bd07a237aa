# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Contacts: the rule that records one (no contact after closure, none in
the future or before the start; only the responsible linking pin), the one
definition of "no contact in four weeks", the totals of time, and the next
review of the schedule."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.casework.models import DEFAULT_REVIEW_MONTHS, Closure, Contact, Enrolment
from buitenshuis.casework.rules import arrange_handover, contacts, reviews
from buitenshuis.casework.tests.factories import ContactFactory, EnrolmentFactory
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError
from buitenshuis.tests.world import build_world

TODAY = datetime.date(2026, 12, 2)
START = datetime.date(2026, 1, 15)


def _record(user, enrolment, **kwargs):
    values = {"date": TODAY, "minutes": 45, "kind": Contact.Kind.HOME_VISIT, "today": TODAY}
    values.update(kwargs)
    return contacts.record_contact(user, enrolment, **values)


def _close(enrolment, on, user):
    enrolment.status = Enrolment.Status.CLOSED
    enrolment.save()
    Closure.objects.create(
        enrolment=enrolment,
        closed_on=on,
        reason=Closure.Reason.COMPLETED,
        way_on=Closure.WayOn.NONE,
        out_of_home_prevented=Closure.Prevented.UNKNOWN,
        closed_by=user,
    )


@pytest.fixture
def enrolment(world):
    enrolment = world.own_enrolment
    enrolment.start_date, enrolment.end_date = START, datetime.date(2028, 1, 15)
    enrolment.save()
    return enrolment


# Recording ---------------------------------------------------------------------


def test_the_linking_pin_records_a_contact_with_whom_and_notes(world, enrolment):
    pin = world.users["linking_pin"]
    contact = _record(
        pin,
        enrolment,
        date=TODAY - datetime.timedelta(days=1),
        minutes=90,
        kind=Contact.Kind.VIDEO,
        with_whom="  moeder en oudste zoon ",
        notes="Verzonnen verslag.",
    )
    contact.refresh_from_db()
    assert (contact.minutes, contact.kind, contact.with_whom) == (
        90,
        "video",
        "moeder en oudste zoon",
    )
    assert contact.author == pin and contact.enrolment == enrolment


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "toekomst"),
        (START - datetime.timedelta(days=1), "vóór de start"),
    ],
)
def test_no_contact_in_the_future_or_before_the_start(world, enrolment, day, message):
    before = Contact.objects.count()
    with pytest.raises(RuleError, match=message) as raised:
        _record(world.users["linking_pin"], enrolment, date=day)
    assert raised.value.field == "date"
    assert Contact.objects.count() == before


def test_the_first_and_last_possible_days_are_accepted(world, enrolment):
    pin = world.users["linking_pin"]
    assert _record(pin, enrolment, date=START).date == START
    assert _record(pin, enrolment, date=TODAY).date == TODAY


def test_no_contact_after_closure(world, enrolment):
    pin = world.users["linking_pin"]
    closed_on = datetime.date(2026, 11, 1)
    _close(enrolment, closed_on, pin)
    with pytest.raises(RuleError, match="na de afsluiting") as raised:
        _record(pin, enrolment, date=closed_on + datetime.timedelta(days=1))
    assert raised.value.field == "date"
    # A contact on the day of closure (recorded late) still counts.
    assert _record(pin, enrolment, date=closed_on).date == closed_on


def test_a_closed_enrolment_without_closure_record_closes_at_its_end(world, enrolment):
    enrolment.status = Enrolment.Status.CLOSED
    enrolment.end_date = datetime.date(2026, 10, 31)
    enrolment.save()
    with pytest.raises(RuleError, match="na de afsluiting"):
        _record(world.users["linking_pin"], enrolment, date=datetime.date(2026, 11, 1))


@pytest.mark.parametrize("minutes", [0, -5, 601, 10_000])
def test_minutes_from_one_to_six_hundred(world, enrolment, minutes):
    with pytest.raises(RuleError) as raised:
        _record(world.users["linking_pin"], enrolment, minutes=minutes)
    assert raised.value.field == "minutes"


@pytest.mark.parametrize("role", ["coordinator", "policy_officer", "location_staff", "referrer"])
def test_only_the_responsible_linking_pin_records(world, enrolment, role):
    with pytest.raises(RuleError, match="Alleen de linking pin"):
        _record(world.users[role], enrolment)
    with pytest.raises(RuleError, match="Alleen de linking pin"):
        _record(world.other_pin, enrolment)


def test_a_stand_in_records_during_the_handover(world, enrolment):
    pin = world.users["linking_pin"]
    today = timezone.localdate()
    arrange_handover(pin, enrolment, world.other_pin, today - datetime.timedelta(days=1), today)
    contact = _record(world.other_pin, enrolment, date=today, today=today)
    assert contact.author == world.other_pin


@pytest.mark.parametrize("status", [Enrolment.Status.REJECTED, Enrolment.Status.WITHDRAWN])
def test_no_contact_for_a_rejected_or_withdrawn_enrolment(world, enrolment, status):
    enrolment.status = status
    enrolment.save()
    with pytest.raises(RuleError, match="afgewezen of ingetrokken"):
        _record(world.users["linking_pin"], enrolment)


@given(
    offset=st.integers(min_value=-40, max_value=400),
    minutes=st.integers(min_value=-2, max_value=700),
    closed_after=st.one_of(st.none(), st.integers(min_value=0, max_value=330)),
)
@pytest.mark.django_db
def test_a_contact_is_stored_exactly_when_every_rule_holds(offset, minutes, closed_after):
    """Whatever the date, minutes and closure: stored when the date is from
    the start to today (and not after the closure) and the minutes 1..600;
    otherwise refused with nothing stored."""
    with transaction.atomic():  # each example in a savepoint, rolled back
        _check_one_contact(offset, minutes, closed_after)
        transaction.set_rollback(True)


def _check_one_contact(offset, minutes, closed_after):
    world = build_world()
    pin = world.users["linking_pin"]
    enrolment = EnrolmentFactory(
        family=world.own_family,
        linking_pin=pin,
        start_date=START,
        end_date=datetime.date(2028, 1, 15),
    )
    closed_on = None
    if closed_after is not None:
        closed_on = START + datetime.timedelta(days=closed_after)
        _close(enrolment, closed_on, pin)
    day = START + datetime.timedelta(days=offset)
    last = min(TODAY, closed_on) if closed_on else TODAY
    allowed = START <= day <= last and 1 <= minutes <= 600
    before = Contact.objects.count()
    try:
        _record(pin, enrolment, date=day, minutes=minutes)
    except RuleError:
        assert not allowed
        assert Contact.objects.count() == before
    else:
        assert allowed
        assert Contact.objects.count() == before + 1


# The one definition of "no contact in four weeks" ----------------------------------


def _enrolment(status=Enrolment.Status.ACTIVE, start=START):
    return Enrolment(status=status, start_date=start, end_date=datetime.date(2028, 1, 15))


def test_four_weeks_without_contact():
    enrolment = _enrolment()
    assert not contacts.without_recent_contact(enrolment, TODAY - datetime.timedelta(27), TODAY)
    assert contacts.without_recent_contact(enrolment, TODAY - datetime.timedelta(28), TODAY)
    # Before the first contact the start counts.
    assert contacts.without_recent_contact(enrolment, None, TODAY)
    assert not contacts.without_recent_contact(
        _enrolment(start=TODAY - datetime.timedelta(10)), None, TODAY
    )
    # Only a running enrolment waits for contact.
    for status in (Enrolment.Status.INTAKE, Enrolment.Status.CLOSED):
        assert not contacts.without_recent_contact(_enrolment(status), None, TODAY)


def test_only_contact_with_the_family_counts_as_last_contact(world, enrolment):
    ContactFactory(enrolment=enrolment, date=TODAY - datetime.timedelta(40))
    ContactFactory(enrolment=enrolment, date=TODAY - datetime.timedelta(2), kind="activity")
    ContactFactory(enrolment=enrolment, date=TODAY - datetime.timedelta(3), kind="other")
    last = contacts.last_contacts([enrolment.pk])[enrolment.pk]
    assert last == TODAY - datetime.timedelta(40)
    assert contacts.without_recent_contact(enrolment, last, TODAY)


# Totals of time ------------------------------------------------------------------


def test_totals_per_family_per_month_by_hand(world, enrolment):
    pin = world.users["linking_pin"]
    Contact.objects.filter(enrolment=enrolment).delete()
    other = EnrolmentFactory(family=world.colleague_family, linking_pin=world.other_pin)
    for day, minutes, kind in [
        ((2026, 3, 2), 60, "home_visit"),
        ((2026, 3, 31), 15, "phone"),
        ((2026, 3, 15), 30, "activity"),  # time spent, not contact: counts here
        ((2026, 4, 1), 45, "video"),
    ]:
        ContactFactory(enrolment=enrolment, date=datetime.date(*day), minutes=minutes, kind=kind)
    ContactFactory(enrolment=other, date=datetime.date(2026, 3, 9), minutes=20, author=pin)

    found = contacts.minutes_by_month([enrolment, other.pk])
    march, april = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)
    assert found[enrolment.pk] == {
        march: contacts.MonthTotal(march, 3, 105),
        april: contacts.MonthTotal(april, 1, 45),
    }
    assert found[other.pk] == {march: contacts.MonthTotal(march, 1, 20)}
    assert contacts.month_totals(Contact.objects.filter(enrolment=enrolment)) == [
        contacts.MonthTotal(april, 1, 45),
        contacts.MonthTotal(march, 3, 105),
    ]
    # The hub counts the contacts it loaded already: the same totals.
    loaded = list(Contact.objects.filter(enrolment=enrolment))
    assert contacts.month_totals_of(loaded) == contacts.month_totals(
        Contact.objects.filter(enrolment=enrolment)
    )


def test_average_time_per_family_per_month_by_hand(world, enrolment):
    """Two families of one linking pin over the first quarter of 2026: one
    running from 15 January (three months of the quarter), one from 1
    March (one month): four family-months; 240 minutes in the quarter, 60
    per family per month. A contact outside the quarter does not count."""
    pin = world.users["linking_pin"]
    Contact.objects.filter(enrolment=enrolment).delete()
    second = EnrolmentFactory(
        family=world.colleague_family,
        linking_pin=pin,
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2028, 3, 1),
    )
    ContactFactory(enrolment=enrolment, date=datetime.date(2026, 1, 20), minutes=100)
    ContactFactory(enrolment=enrolment, date=datetime.date(2026, 2, 20), minutes=80)
    ContactFactory(enrolment=second, date=datetime.date(2026, 3, 31), minutes=60)
    ContactFactory(enrolment=second, date=datetime.date(2026, 4, 1), minutes=500)
    # Another linking pin's family does not count for this one.
    EnrolmentFactory(family=world.other_family, linking_pin=world.other_pin)

    quarter = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    spent = contacts.minutes_per_family_per_month(pin, quarter)
    assert (spent.minutes, spent.family_months, spent.families) == (240, 4, 2)
    assert spent.per_family_per_month == 60
    # The same for a queryset of enrolments (a programme's, for monitoring).
    assert (
        contacts.minutes_per_family_per_month(
            Enrolment.objects.filter(pk__in=[enrolment.pk, second.pk]), quarter
        )
        == spent
    )
    # Nothing ran: no average rather than a division by zero.
    nothing = contacts.minutes_per_family_per_month(world.users["coordinator"], quarter)
    assert nothing.per_family_per_month is None


def test_a_closed_enrolment_counts_its_months_up_to_the_closure(world, enrolment):
    _close(enrolment, datetime.date(2026, 2, 10), world.users["linking_pin"])
    enrolment.refresh_from_db()
    quarter = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert contacts.running_months(enrolment, quarter) == 2


# The next review of the schedule ------------------------------------------------------


def test_the_next_review_is_the_first_moment_not_held():
    enrolment = _enrolment()
    months = DEFAULT_REVIEW_MONTHS
    assert reviews.next_review_due(enrolment, months, []) == START
    assert reviews.next_review_due(enrolment, months, [0]) == datetime.date(2026, 7, 15)
    assert reviews.next_review_due(enrolment, months, [0, 6, 12, 18]) == datetime.date(2027, 11, 15)
    assert reviews.next_review_due(enrolment, months, [0, 6, 12, 18, 22]) is None
    # Moved start, moved schedule; none after closure or without a start.
    moved = _enrolment(start=datetime.date(2026, 3, 31))
    assert reviews.next_review_due(moved, months, [0]) == datetime.date(2026, 9, 30)
    assert reviews.next_review_due(_enrolment(Enrolment.Status.CLOSED), months, []) is None
    assert reviews.next_review_due(_enrolment(start=None), months, []) is None


@given(
    start=st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2030, 12, 31)),
    held=st.sets(st.sampled_from(DEFAULT_REVIEW_MONTHS)),
)
def test_the_next_review_is_never_a_held_one_and_never_before_the_start(start, held):
    enrolment = Enrolment(
        status=Enrolment.Status.ACTIVE,
        start_date=start,
        end_date=start.replace(year=start.year + 2, day=min(start.day, 28)),
    )
    due = reviews.next_review_due(enrolment, DEFAULT_REVIEW_MONTHS, held)
    open_months = [m for m in DEFAULT_REVIEW_MONTHS if m not in held]
    if not open_months:
        assert due is None
    else:
        assert due is not None and due >= start
        assert due == add_months(start, open_months[0])


def test_the_hub_folds_the_older_contacts_and_months(world, enrolment, client, sign_in):
    """Two years of contacts do not make the hub endless: the ten latest
    contacts and the last six months are on view, the rest folded (on the
    same page, without JavaScript), and the totals count every contact."""
    Contact.objects.filter(enrolment=enrolment).delete()
    for month in range(12):
        ContactFactory(enrolment=enrolment, date=add_months(START, month), minutes=30)
    sign_in(world.users["linking_pin"])
    response = client.get(f"/gezinnen/{enrolment.family_id}/contacten/")
    panel = next(p for p in response.context["panels"] if p.key == "contacts").context
    assert len(panel["contacts"]) == 10 and len(panel["older_contacts"]) == 2
    assert panel["contacts"][0].date == add_months(START, 11)
    assert len(panel["recent_months"]) == 6 and len(panel["older_months"]) == 6
    assert sum(total.contacts for total in panel["months"]) == 12
    page = response.content.decode()
    assert "2 oudere contactmomenten" in page and "6 eerdere maanden" in page
