# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Hand-offs are not silent: whoever a referral starts waiting
for gets one e-mail that says only that there is something to do, in their
own language, unless they turned it off; nobody is mailed about their own
action. Each hand-off goes through the pages (or the rule) as in use."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Membership, Role
from buitenshuis.organisations.tests.factories import MembershipFactory
from buitenshuis.programmes.models import Decider, ProgrammeSettings
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import LegalBasis, Referral
from buitenshuis.referrals.tests.factories import make_referral
from buitenshuis.referrals.tests.test_decision import (
    accept,
    children,
    parents,
    ready_referral,
    url,
)
from buitenshuis.referrals.tests.test_entry import _submission


@pytest.fixture
def mails(django_capture_on_commit_callbacks):
    """Run ``action`` as a request would (callbacks on commit) and return
    the work-queue e-mails sent: {address: message}."""

    def run(action):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        # The "something waits" e-mail, in Dutch or (for who chose it) English.
        subjects = ("werk voor u klaar", "work waiting for you")
        waiting = [m for m in mail.outbox if any(s in m.subject for s in subjects)]
        assert len({m.to[0] for m in waiting}) == len(waiting), "one e-mail per recipient"
        run.result = result
        return {m.to[0]: m for m in waiting}

    return run


def decider(world, who):
    settings = ProgrammeSettings.for_programme(world.programme)
    settings.decider = who
    settings.save()


def assert_content_free(message, referral):
    text = message.subject + message.body
    assert referral.family.reference not in text
    assert referral.family.family_name not in text
    for person in referral.family.members.all():
        assert person.first_name not in text
    assert "geen gegevens over gezinnen" in message.body


# A referral arrives ------------------------------------------------------------


def test_a_referral_waits_for_the_programmes_coordinators(world, mails):
    second = MembershipFactory(role=Role.COORDINATOR, programme=world.programme).user
    referrer = world.users["referrer"]
    membership = Membership.objects.get(user=referrer)
    sent = mails(lambda: rules.submit_referral(referrer, membership, *_submission(world)))
    # Both coordinators of programme A; not programme B's, not the referrer.
    assert set(sent) == {world.users["coordinator"].email, second.email}
    assert_content_free(sent[second.email], mails.result)


def test_a_linking_pins_own_referral_waits_for_nobody_else(world, mails):
    pin = world.users["linking_pin"]
    membership = Membership.objects.get(user=pin)
    family, parent_rows, child_rows, referral = _submission(world)
    referral["route"] = "caseload"
    sent = mails(
        lambda: rules.submit_referral(pin, membership, family, parent_rows, child_rows, referral)
    )
    assert mails.result.enrolment.linking_pin == pin
    assert sent == {}


def test_a_refused_referral_mails_nobody(world, mails):
    referrer = world.users["referrer"]
    membership = Membership.objects.get(user=referrer)
    family, parent_rows, child_rows, referral = _submission(world)
    child_rows.clear()

    def submit():
        with pytest.raises(RuleError):
            rules.submit_referral(referrer, membership, family, parent_rows, child_rows, referral)

    assert mails(submit) == {}


# Assigned, intake and consent --------------------------------------------------


def test_an_assigned_referral_waits_for_that_linking_pin(world, client, sign_in, mails):
    referral = make_referral(world.programme, world.users["referrer"], parents=2)
    pin = world.users["linking_pin"]
    sign_in(world.users["coordinator"])
    post = lambda: client.post(url("assign", referral.pk), {"linking_pin": pin.pk})  # noqa: E731
    sent = mails(post)
    assert mails.result.status_code == 302
    assert set(sent) == {pin.email}
    assert_content_free(sent[pin.email], referral)
    # Assigning the same linking pin again is no new hand-off.
    assert mails(post) == {}


def intake(client, referral):
    return client.post(
        url("intake", referral.pk),
        {
            "held_on": timezone.localdate().isoformat(),
            "conversation": "Verzonnen intakegesprek.",
            "legal_basis": LegalBasis.PUBLIC_TASK,
        },
    )


def consent(client, referral):
    data = {}
    for child in children(referral):
        people = parents(referral) + ([child] if child.age >= 12 else [])
        data[f"given_by_{child.pk}"] = [str(p.pk) for p in people]
        data[f"given_on_{child.pk}"] = timezone.localdate().isoformat()
    return client.post(url("consent", referral.pk), data)


def test_intake_and_consent_complete_waits_for_the_policy_officer(world, client, sign_in, mails):
    decider(world, Decider.POLICY_OFFICER)
    pin = world.users["linking_pin"]
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=pin, parents=2, child_ages=(4, 14)
    )
    other_officer = MembershipFactory(role=Role.POLICY_OFFICER, programme=world.other_programme)
    sign_in(pin)
    # The intake alone: consent is missing, so nothing waits for a decider.
    assert mails(lambda: intake(client, referral)) == {}
    sent = mails(lambda: consent(client, referral))
    assert mails.result.status_code == 302
    assert set(sent) == {world.users["policy_officer"].email}
    assert other_officer.user.email not in sent
    assert_content_free(sent[world.users["policy_officer"].email], referral)
    # Recording the same consent again is no new hand-off.
    assert mails(lambda: consent(client, referral)) == {}


def test_consent_before_intake_waits_until_the_intake(world, client, sign_in, mails):
    pin = world.users["linking_pin"]
    referral = make_referral(world.programme, world.users["referrer"], linking_pin=pin, parents=2)
    sign_in(pin)
    assert mails(lambda: consent(client, referral)) == {}
    assert set(mails(lambda: intake(client, referral))) == {world.users["policy_officer"].email}


def test_under_mandate_the_linking_pin_is_not_mailed_about_their_own_work(
    world, client, sign_in, mails
):
    decider(world, Decider.LINKING_PIN)
    pin = world.users["linking_pin"]
    referral = make_referral(world.programme, world.users["referrer"], linking_pin=pin, parents=2)
    sign_in(pin)
    mails(lambda: intake(client, referral))
    assert mails(lambda: consent(client, referral)) == {}
    assert rules.deciders(referral) == [pin]


# Decisions ---------------------------------------------------------------------


def test_a_mandate_decision_waits_for_the_programmes_policy_officers(world, client, sign_in, mails):
    decider(world, Decider.LINKING_PIN)
    pin = world.users["linking_pin"]
    referral = ready_referral(world, parents=2)
    sign_in(pin)
    sent = mails(lambda: accept(client, referral))
    assert mails.result.status_code == 302
    # The policy officer notes the decision; the linking pin decided it.
    assert set(sent) == {world.users["policy_officer"].email}
    assert_content_free(sent[world.users["policy_officer"].email], referral)


def test_an_accepted_referral_waits_for_the_linking_pin_to_place(world, client, sign_in, mails):
    referral = ready_referral(world, parents=2)
    sign_in(world.users["policy_officer"])
    sent = mails(lambda: accept(client, referral))
    assert set(sent) == {world.users["linking_pin"].email}
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED


def test_a_rejection_waits_for_nobody(world, client, sign_in, mails):
    referral = ready_referral(world, parents=2)
    sign_in(world.users["policy_officer"])
    post = lambda: client.post(  # noqa: E731
        url("decide", referral.pk), {"outcome": "rejected", "reason": "Verzonnen reden."}
    )
    assert mails(post) == {}


# The recipient's settings ------------------------------------------------------


def test_in_english_for_who_chose_english_and_none_for_who_turned_it_off(world, mails):
    coordinator = world.users["coordinator"]
    coordinator.language = "en"
    coordinator.save()
    quiet = UserFactory(username="stil", email_notifications=False)
    MembershipFactory(user=quiet, role=Role.COORDINATOR, programme=world.programme)
    referrer = world.users["referrer"]
    membership = Membership.objects.get(user=referrer)
    sent = mails(lambda: rules.submit_referral(referrer, membership, *_submission(world)))
    assert set(sent) == {coordinator.email}
    assert sent[coordinator.email].extra_headers["Content-Language"] == "en"


def test_an_ended_membership_gets_no_mail(world, mails):
    coordinator = world.users["coordinator"]
    Membership.objects.filter(user=coordinator).update(is_active=False)
    referrer = world.users["referrer"]
    membership = Membership.objects.get(user=referrer)
    assert mails(lambda: rules.submit_referral(referrer, membership, *_submission(world))) == {}


def test_the_work_shows_on_the_next_persons_start_page(world, client, sign_in, mails):
    referral = make_referral(world.programme, world.users["referrer"], parents=2)
    sign_in(world.users["coordinator"])
    page = client.get(reverse("portal:start")).content.decode()
    assert "Aanmeldingen zonder linking pin" in page
    pin = world.users["linking_pin"]
    mails(lambda: client.post(url("assign", referral.pk), {"linking_pin": pin.pk}))
    page = client.get(reverse("portal:start")).content.decode()
    assert "Aanmeldingen zonder linking pin" not in page
    sign_in(pin)
    page = client.get(reverse("portal:start")).content.decode()
    assert "Aanmeldingen die wachten op uw intake: <strong>1</strong>" in page
