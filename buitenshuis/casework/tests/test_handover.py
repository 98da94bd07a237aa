# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A handover: a colleague linking pin stands in for a period, arranged on
the family's case hub by the responsible linking pin or the coordinator."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import AccessLogEntry, Outcome
from buitenshuis.casework import rules
from buitenshuis.casework.models import Enrolment, Handover
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import MembershipFactory
from buitenshuis.training.tests.helpers import train

TODAY = timezone.localdate()


def accepted(world):
    """The world's own family: an enrolment that runs, with its linking pin."""
    return world.own_enrolment


def url(enrolment):
    return reverse("casework:handover", args=[enrolment.family_id])


def hub(enrolment):
    return reverse("casework:family_detail", args=[enrolment.family_id])


def payload(stand_in, first=TODAY, last=TODAY + datetime.timedelta(days=14), reason="Vakantie"):
    return {
        "to_user": stand_in.pk,
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "reason": reason,
    }


def test_linking_pin_arranges_a_stand_in_on_the_hub_who_then_sees_the_family(world, sign_in):
    enrolment = accepted(world)
    stand_in = world.other_pin
    assert not policy.can(stand_in, "view", Data.CONTACT_NOTES, enrolment.family)
    client = sign_in(world.users["linking_pin"])
    page = client.get(hub(enrolment)).content.decode()
    assert url(enrolment) in page
    assert "Er neemt nu niemand waar." in page
    response = client.post(url(enrolment), payload(stand_in))
    assert response.status_code == 302
    assert response.url == hub(enrolment)
    handover = Handover.objects.get(enrolment=enrolment)
    assert handover.to_user == stand_in
    assert timezone.localtime(handover.ends).date() == TODAY + datetime.timedelta(days=15)
    assert (handover.first_day, handover.last_day) == (TODAY, TODAY + datetime.timedelta(days=14))
    stand_in._bh_memberships = None
    assert policy.can(stand_in, "view", Data.CONTACT_NOTES, enrolment.family)
    assert AccessLogEntry.objects.filter(
        user=world.users["linking_pin"], data="handover", action="change"
    ).exists()
    # The hub names the stand-in, now and in the list of handovers.
    page = client.get(hub(enrolment)).content.decode()
    assert f"Nu neemt {stand_in.get_full_name()} waar." in page
    assert "tot en met" in page and "Vakantie" in page


def test_coordinator_may_arrange_it_too(world, sign_in):
    enrolment = accepted(world)
    client = sign_in(world.users["coordinator"])
    assert url(enrolment) in client.get(hub(enrolment)).content.decode()
    assert client.post(url(enrolment), payload(world.other_pin)).status_code == 302


def test_bad_periods_are_refused_in_dutch_and_nothing_is_stored(world, sign_in):
    enrolment = accepted(world)
    client = sign_in(world.users["linking_pin"])
    cases = [
        (payload(world.other_pin, last=TODAY - datetime.timedelta(days=3)), "vóór de eerste dag"),
        (payload(world.other_pin, last=TODAY + datetime.timedelta(days=200)), "hoogstens"),
        (
            payload(
                world.other_pin,
                first=TODAY - datetime.timedelta(days=10),
                last=TODAY - datetime.timedelta(days=2),
            ),
            "in het verleden",
        ),
        ({"to_user": "", "first_day": "gisteren", "last_day": ""}, "Kies wie waarneemt"),
    ]
    for data, message in cases:
        response = client.post(url(enrolment), data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Handover.objects.exists()


def test_a_period_of_92_days_is_the_longest(world):
    enrolment = accepted(world)
    pin = world.users["linking_pin"]
    last = TODAY + datetime.timedelta(days=rules.MAX_HANDOVER_DAYS)
    with pytest.raises(RuleError) as refused:
        rules.arrange_handover(
            pin, enrolment, world.other_pin, TODAY, last + datetime.timedelta(days=1)
        )
    assert refused.value.field == "last_day"
    handover = rules.arrange_handover(pin, enrolment, world.other_pin, TODAY, last)
    assert handover.last_day == last


def test_only_trained_linking_pins_of_the_programme_may_stand_in(world, sign_in):
    enrolment = accepted(world)
    outsider = MembershipFactory(role=Role.LINKING_PIN, programme=world.other_programme).user
    train(outsider, Role.LINKING_PIN)
    untrained = MembershipFactory(role=Role.LINKING_PIN, programme=world.programme).user
    client = sign_in(world.users["linking_pin"])
    response = client.post(url(enrolment), payload(outsider))
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = client.post(url(enrolment), payload(untrained))
    assert "training traumasensitief werken nog niet afgerond" in response.content.decode()
    assert not Handover.objects.exists()
    # The rule says so itself, whoever calls it.
    with pytest.raises(RuleError) as refused:
        rules.arrange_handover(world.users["linking_pin"], enrolment, outsider, TODAY, TODAY)
    assert refused.value.field == "to_user"


def test_others_may_not_arrange_a_handover(world, sign_in):
    enrolment = accepted(world)
    for user in (
        world.other_pin,
        world.users["policy_officer"],
        world.users["referrer"],
        world.other_coordinator,
    ):
        client = sign_in(user)
        assert client.post(url(enrolment), payload(world.other_pin)).status_code in (403, 404)
    assert not Handover.objects.exists()


def test_an_ended_enrolment_needs_no_handover(world, sign_in):
    enrolment = accepted(world)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.CLOSED)
    client = sign_in(world.users["linking_pin"])
    assert url(enrolment) not in client.get(hub(enrolment)).content.decode()
    response = client.post(url(enrolment), payload(world.other_pin))
    assert response.status_code == 403
    assert "geen waarneming nodig" in response.content.decode()
    assert not Handover.objects.exists()
    assert AccessLogEntry.objects.filter(
        user=world.users["linking_pin"], outcome=Outcome.DENIED, action="change"
    ).exists()


def test_the_stand_in_gets_one_content_free_email_and_a_work_item(
    world, sign_in, django_capture_on_commit_callbacks
):
    from django.core import mail

    from buitenshuis.core.workqueue import collect

    enrolment = accepted(world)
    stand_in = world.other_pin
    before = {item.key: item.count for item in collect(stand_in)}.get("casework.stand_in", 0)
    client = sign_in(world.users["linking_pin"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(enrolment), payload(stand_in))
    assert [message.to for message in mail.outbox] == [[stand_in.email]]
    body = mail.outbox[0].body
    assert enrolment.family.reference not in body and enrolment.family.family_name not in body
    stand_in._bh_memberships = None
    counts = {item.key: item.count for item in collect(stand_in)}
    assert counts["casework.stand_in"] == before + 1
    # The linking pin who handed over is not waiting for anything new.
    assert "casework.stand_in" not in {item.key for item in collect(world.users["linking_pin"])}


def test_current_stand_in_one_and_many_agree(world):
    enrolment = accepted(world)
    colleague = world.colleague_family.enrolments.get()
    assert rules.current_stand_in(enrolment) is None
    rules.arrange_handover(world.users["linking_pin"], enrolment, world.other_pin, TODAY, TODAY)
    assert rules.current_stand_in(enrolment) == world.other_pin
    assert rules.current_stand_ins([enrolment.pk, colleague.pk]) == {enrolment.pk: world.other_pin}
    tomorrow = timezone.now() + datetime.timedelta(days=1, hours=1)
    assert rules.current_stand_in(enrolment, now=tomorrow) is None
