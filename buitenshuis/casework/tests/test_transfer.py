# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Handing a family to another linking pin for good
(``casework.rules.transfer``, ``gezinnen/<pk>/overdragen/``): access moves,
the old linking pin keeps nothing, it is in the history and the access
log, and the new linking pin gets the content-free e-mail."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework import caseload
from buitenshuis.casework.models import Enrolment, Handover
from buitenshuis.casework.rules import transfer as rules
from buitenshuis.casework.rules.handover import arrange_handover
from buitenshuis.casework.tests.factories import EnrolmentFactory
from buitenshuis.core.errors import RuleError
from buitenshuis.core.workqueue import collect
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import MembershipFactory
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import ReferralFactory
from buitenshuis.training.tests.helpers import train

TODAY = timezone.localdate()


def url(family):
    return reverse("casework:transfer", args=[family.pk])


def hub(family):
    return reverse("casework:family_detail", args=[family.pk])


def fresh(user):
    user._bh_memberships = None
    policy.forget()
    return user


def test_the_linking_pin_hands_the_family_over_and_keeps_nothing(
    world, sign_in, django_capture_on_commit_callbacks
):
    family, old, new = world.own_family, world.users["linking_pin"], world.other_pin
    # An earlier, closed enrolment of the same family moves too.
    earlier = world.own_enrolment
    Enrolment.objects.filter(pk=earlier.pk).update(status=Enrolment.Status.CLOSED)
    current = EnrolmentFactory(family=family, linking_pin=old, previous=earlier)
    ReferralFactory(
        programme=world.programme,
        family=family,
        enrolment=current,
        referred_by=world.users["referrer"],
        status=Referral.Status.ACCEPTED,
    )
    client = sign_in(old)
    assert url(family) in client.get(hub(family)).content.decode()
    assert client.get(url(family)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(family), {"to_user": new.pk, "reason": "leaving"})
    # The old linking pin no longer sees the family: back to their list.
    assert response.status_code == 302 and response.url == reverse("casework:family_list")
    current.refresh_from_db()
    earlier.refresh_from_db()
    assert current.linking_pin == new and earlier.linking_pin == new
    # History: who and why; the access log: a change with a fixed reason.
    record = current.history.order_by("-history_date").first()
    assert record.history_user == old
    assert "Overdracht: De linking pin vertrekt" in record.history_change_reason
    entry = AccessLogEntry.objects.filter(user=old, data="handover", action="change").get()
    assert entry.reason == "overdracht"
    # The new linking pin got the one content-free e-mail.
    assert [m.to for m in mail.outbox] == [[new.email]]
    assert family.reference not in mail.outbox[0].body + mail.outbox[0].subject
    # The old linking pin keeps nothing: hub, lists, policy.
    fresh(old)
    assert client.get(hub(family)).status_code == 404
    assert family.reference not in client.get(reverse("casework:family_list")).content.decode()
    assert family.reference not in client.get(reverse("referrals:list")).content.decode()
    assert not policy.can(old, "view", Data.CONTACT_NOTES, family)
    assert family.pk not in policy.own_family_ids(old)
    # The new one has it all.
    fresh(new)
    assert policy.can(new, "change", Data.CONTACT_NOTES, family)
    new_client = sign_in(new)
    assert new_client.get(hub(family)).status_code == 200


def test_the_coordinator_hands_over_and_returns_to_the_hub(world, sign_in):
    client = sign_in(world.users["coordinator"])
    response = client.post(
        url(world.own_family),
        {"to_user": world.other_pin.pk, "reason": "other", "note": "Verzonnen herverdeling"},
    )
    assert response.status_code == 302 and response.url == hub(world.own_family)
    world.own_enrolment.refresh_from_db()
    assert world.own_enrolment.linking_pin == world.other_pin
    assert "Verzonnen herverdeling" in (
        world.own_enrolment.history.order_by("-history_date").first().history_change_reason
    )


def test_handovers_to_the_new_linking_pin_end_others_stay(world):
    enrolment, pin = world.own_enrolment, world.users["linking_pin"]
    third = MembershipFactory(role=Role.LINKING_PIN, programme=world.programme).user
    train(third, Role.LINKING_PIN)
    running = arrange_handover(pin, enrolment, world.other_pin, TODAY, TODAY)
    planned = arrange_handover(
        pin,
        enrolment,
        world.other_pin,
        TODAY + datetime.timedelta(days=10),
        TODAY + datetime.timedelta(days=12),
    )
    other = arrange_handover(
        pin,
        enrolment,
        third,
        TODAY + datetime.timedelta(days=20),
        TODAY + datetime.timedelta(days=22),
    )
    rules.transfer_enrolment(pin, enrolment, world.other_pin, rules.TransferReason.ILLNESS)
    now = timezone.now()
    running.refresh_from_db()
    planned.refresh_from_db()
    other.refresh_from_db()
    assert running.ends <= now and planned.ends == planned.starts
    assert not Handover.objects.current().filter(to_user=world.other_pin).exists()
    assert other.ends > now


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"reason": "other", "note": ""}, "note", "Beschrijf de reden"),
        ({"reason": "holiday"}, "reason", "Kies de reden"),
    ],
)
def test_a_reason_is_required(world, data, field, message):
    with pytest.raises(RuleError, match=message) as refused:
        rules.transfer_enrolment(
            world.users["linking_pin"], world.own_enrolment, world.other_pin, **data
        )
    assert refused.value.field == field
    world.own_enrolment.refresh_from_db()
    assert world.own_enrolment.linking_pin == world.users["linking_pin"]


def test_only_a_trained_linking_pin_of_the_programme_takes_over(world):
    pin = world.users["linking_pin"]
    untrained = MembershipFactory(role=Role.LINKING_PIN, programme=world.programme).user
    outsider = MembershipFactory(role=Role.LINKING_PIN, programme=world.other_programme).user
    train(outsider, Role.LINKING_PIN)
    for user, text in [(untrained, "training"), (outsider, "andere linking pin"), (pin, "andere")]:
        with pytest.raises(RuleError, match=text) as refused:
            rules.transfer_enrolment(pin, world.own_enrolment, user, "leaving")
        assert refused.value.field == "to_user"


def test_a_closed_enrolment_is_not_handed_over(world, sign_in):
    Enrolment.objects.filter(pk=world.own_enrolment.pk).update(status=Enrolment.Status.CLOSED)
    client = sign_in(world.users["linking_pin"])
    response = client.get(url(world.own_family))
    assert response.status_code == 403
    assert "afgesloten traject" in response.content.decode()


@pytest.mark.parametrize("who", ["policy_officer", "referrer", "location_staff"])
def test_other_roles_may_not_hand_over(world, sign_in, who):
    client = sign_in(world.users[who])
    assert client.get(url(world.own_family)).status_code in (403, 404)
    response = client.post(
        url(world.own_family), {"to_user": world.other_pin.pk, "reason": "leaving"}
    )
    assert response.status_code in (403, 404)
    world.own_enrolment.refresh_from_db()
    assert world.own_enrolment.linking_pin == world.users["linking_pin"]


def test_another_linking_pin_gets_a_404(world, sign_in):
    client = sign_in(world.other_pin)
    response = client.post(
        url(world.own_family), {"to_user": world.other_pin.pk, "reason": "leaving"}
    )
    assert response.status_code == 404


def test_the_new_linking_pin_finds_the_family_in_the_work_queue(world, sign_in):
    """A hand-off for good is in the receiver's work queue for two weeks,
    and the item's list (the caseload, filtered) holds exactly that
    family; the old linking pin has no such item."""
    family, old, new = world.own_family, world.users["linking_pin"], world.other_pin
    rules.transfer_enrolment(old, world.own_enrolment, new, "illness")

    def items(user):
        return {item.key: item for item in collect(fresh(user))}

    item = items(new)["casework.transferred"]
    assert item.count == 1 and "casework.transferred" not in items(old)
    page = sign_in(new).get(item.url)
    listed = [row.family_id for row in page.context["page_obj"].object_list]
    assert listed == [family.pk]
    # After two weeks it is no longer new.
    later = TODAY + datetime.timedelta(days=caseload.TRANSFER_NOTICE_DAYS + 1)
    assert caseload.transferred_count(fresh(new), later) == 0
