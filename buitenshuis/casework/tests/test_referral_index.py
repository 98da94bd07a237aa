# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The Verwijsindex: per child whether and when the linking pin registered
it (nothing else), the question on the hub while unanswered, and the
reminder from four weeks before the two-year registration lapses."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.casework import panels, workqueue_goals
from buitenshuis.casework.models import Enrolment, Person, ReferralIndexEntry
from buitenshuis.casework.rules import referral_index as rules
from buitenshuis.casework.tests.factories import EnrolmentFactory, FamilyFactory, PersonFactory
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError

TODAY = timezone.localdate()

days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2035, 12, 31))


@given(today=days, registered_on=days)
def test_the_reminder_starts_four_weeks_before_the_lapse(today, registered_on):
    lapses = add_months(registered_on, 24)
    assert rules.lapses_on(registered_on) == lapses
    reminded = registered_on <= rules.latest_registration_reminded(today)
    assert reminded == (today >= lapses - datetime.timedelta(days=28))


def test_the_end_of_february():
    assert rules.lapses_on(datetime.date(2024, 2, 29)) == datetime.date(2026, 2, 28)
    today = datetime.date(2026, 2, 28) - datetime.timedelta(days=28)
    assert rules.latest_registration_reminded(today) == datetime.date(2024, 2, 29)


def child_of(world):
    return world.own_family.members.filter(kind=Person.Kind.CHILD).first()


def test_recording_an_answer(world):
    pin, enrolment, child = world.users["linking_pin"], world.own_enrolment, child_of(world)
    with pytest.raises(RuleError) as error:
        rules.record_registration(pin, enrolment, child, registered=True)
    assert error.value.field == "registered_on"
    with pytest.raises(RuleError, match="toekomst"):
        rules.record_registration(
            pin, enrolment, child, registered=True, registered_on=TODAY + datetime.timedelta(1)
        )
    entry = rules.record_registration(pin, enrolment, child, registered=False, registered_on=TODAY)
    assert entry.registered is False and entry.registered_on is None
    entry = rules.record_registration(pin, enrolment, child, registered=True, registered_on=TODAY)
    assert ReferralIndexEntry.objects.get().registered_on == TODAY
    parent = world.own_family.members.filter(kind=Person.Kind.PARENT).first()
    with pytest.raises(RuleError) as error:
        rules.record_registration(pin, enrolment, parent, registered=False)
    assert error.value.field == "child"
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.CLOSED)
    enrolment.refresh_from_db()
    with pytest.raises(RuleError, match="vanaf de intake"):
        rules.record_registration(pin, enrolment, child, registered=False)


def test_the_hub_asks_while_unanswered(world, client, sign_in):
    sign_in(world.users["linking_pin"])
    hub_url = panels.hub_url(world.own_family.pk, "referral_index")
    question = "Heeft u de kinderen in de Verwijsindex geregistreerd?"
    assert question in client.get(hub_url).content.decode()
    url = reverse("casework:referral_index", args=[world.own_family.pk])
    child = child_of(world)
    missing = client.post(url, {"child": child.pk, "registered": "yes"})
    assert "Vul de datum van de registratie in." in missing.content.decode()
    response = client.post(
        url, {"child": child.pk, "registered": "yes", "registered_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    assert question not in client.get(hub_url).content.decode()


@pytest.mark.parametrize("role", ["coordinator", "policy_officer"])
def test_readers_of_the_intake_see_the_answer_but_do_not_write(world, client, sign_in, role):
    rules.record_registration(
        world.users["linking_pin"],
        world.own_enrolment,
        child_of(world),
        registered=True,
        registered_on=TODAY,
    )
    sign_in(world.users[role])
    url = reverse("casework:referral_index", args=[world.own_family.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is None
    post = client.post(url, {"child": child_of(world).pk, "registered": "no"})
    assert post.status_code == 403
    assert ReferralIndexEntry.objects.get().registered


def test_others_are_refused(world, client, sign_in):
    url = reverse("casework:referral_index", args=[world.own_family.pk])
    sign_in(world.other_pin)
    assert client.get(url).status_code == 404
    sign_in(world.users["location_staff"])
    assert client.get(url).status_code == 403


def test_the_reminder_waits_in_the_work_queue_and_the_list_counts_the_same(world, client, sign_in):
    pin = world.users["linking_pin"]
    lapsing = add_months(TODAY, -24) + datetime.timedelta(days=20)  # lapses in 20 days
    rules.record_registration(
        pin, world.own_enrolment, child_of(world), registered=True, registered_on=lapsing
    )
    later = FamilyFactory(programme=world.programme)
    young = PersonFactory(family=later)
    enrolment = EnrolmentFactory(family=later, linking_pin=pin)
    rules.record_registration(
        pin, enrolment, young, registered=True, registered_on=TODAY - datetime.timedelta(days=300)
    )
    lapsed = FamilyFactory(programme=world.programme)
    old = PersonFactory(family=lapsed)
    other = EnrolmentFactory(family=lapsed, linking_pin=world.other_pin)
    rules.record_registration(
        world.other_pin, other, old, registered=True, registered_on=datetime.date(2023, 1, 1)
    )
    sign_in(pin)
    start = client.get(reverse("portal:start"))
    item = next(i for i in start.context["work_items"] if i.key == "casework.referral_index_due")
    listed = client.get(item.url)
    assert item.count == listed.context["paginator"].count == 1
    assert [entry.child for entry in listed.context["object_list"]] == [child_of(world)]
    assert workqueue_goals.index_reminders(world.other_pin).count() == 1
    sign_in(world.users["coordinator"])
    assert client.get(reverse("casework:referral_index_due")).context["paginator"].count == 2
