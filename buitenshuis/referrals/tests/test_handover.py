import datetime

from django.urls import reverse
from django.utils import timezone

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework.models import Handover
from buitenshuis.organisations.models import Role
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import make_referral
from buitenshuis.tests.factories import MembershipFactory
from buitenshuis.training.tests.helpers import train

TODAY = timezone.localdate()


def accepted(world):
    return make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=world.users["linking_pin"],
        status=Referral.Status.ACCEPTED,
    )


def url(referral):
    return reverse("referrals:handover", args=[referral.pk])


def payload(stand_in, first=TODAY, last=TODAY + datetime.timedelta(days=14), reason="Vakantie"):
    return {
        "to_user": stand_in.pk,
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "reason": reason,
    }


def test_linking_pin_arranges_a_stand_in_who_then_sees_the_family(world, sign_in):
    referral = accepted(world)
    stand_in = world.other_pin
    assert not policy.can(stand_in, "view", Data.CONTACT_NOTES, referral.family)
    client = sign_in(world.users["linking_pin"])
    # The referral's page leads to the family's page, where handovers are.
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert reverse("casework:family_detail", args=[referral.family_id]) in page
    assert url(referral) not in page
    response = client.post(url(referral), payload(stand_in))
    assert response.status_code == 302
    handover = Handover.objects.get(enrolment=referral.enrolment)
    assert handover.to_user == stand_in
    assert timezone.localtime(handover.ends).date() == TODAY + datetime.timedelta(days=15)
    stand_in._bh_memberships = None
    assert policy.can(stand_in, "view", Data.CONTACT_NOTES, referral.family)
    assert AccessLogEntry.objects.filter(
        user=world.users["linking_pin"], data="handover", action="change"
    ).exists()


def test_coordinator_may_arrange_it_too(world, sign_in):
    referral = accepted(world)
    client = sign_in(world.users["coordinator"])
    assert client.post(url(referral), payload(world.other_pin)).status_code == 302


def test_bad_periods_are_refused_in_dutch_and_nothing_is_stored(world, sign_in):
    referral = accepted(world)
    client = sign_in(world.users["linking_pin"])
    cases = [
        (payload(world.other_pin, last=TODAY - datetime.timedelta(days=3)), "vóór de eerste dag"),
        (payload(world.other_pin, last=TODAY + datetime.timedelta(days=200)), "hoogstens"),
        ({"to_user": "", "first_day": "gisteren", "last_day": ""}, "Kies wie waarneemt"),
    ]
    for data, message in cases:
        response = client.post(url(referral), data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Handover.objects.exists()


def test_only_trained_linking_pins_of_the_programme_may_stand_in(world, sign_in):
    referral = accepted(world)
    outsider = MembershipFactory(role=Role.LINKING_PIN, programme=world.other_programme).user
    train(outsider, Role.LINKING_PIN)
    untrained = MembershipFactory(role=Role.LINKING_PIN, programme=world.programme).user
    client = sign_in(world.users["linking_pin"])
    response = client.post(url(referral), payload(outsider))
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = client.post(url(referral), payload(untrained))
    assert "training traumasensitief werken nog niet afgerond" in response.content.decode()
    assert not Handover.objects.exists()


def test_others_may_not_arrange_a_handover(world, sign_in):
    referral = accepted(world)
    for user in (
        world.other_pin,
        world.users["policy_officer"],
        world.users["referrer"],
        world.other_coordinator,
    ):
        client = sign_in(user)
        assert client.post(url(referral), payload(world.other_pin)).status_code in (403, 404)
    assert not Handover.objects.exists()


def test_the_stand_in_gets_one_content_free_email_and_a_work_item(
    world, sign_in, django_capture_on_commit_callbacks
):
    from django.core import mail

    from buitenshuis.core.workqueue import collect

    referral = accepted(world)
    stand_in = world.other_pin
    before = {item.key: item.count for item in collect(stand_in)}.get("casework.stand_in", 0)
    client = sign_in(world.users["linking_pin"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(referral), payload(stand_in))
    assert [message.to for message in mail.outbox] == [[stand_in.email]]
    body = mail.outbox[0].body
    assert referral.family.reference not in body and referral.family.family_name not in body
    stand_in._bh_memberships = None
    counts = {item.key: item.count for item in collect(stand_in)}
    assert counts["casework.stand_in"] == before + 1
    # The linking pin who handed over is not waiting for anything new.
    assert "casework.stand_in" not in {item.key for item in collect(world.users["linking_pin"])}
