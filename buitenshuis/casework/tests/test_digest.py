# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The daily digest (``casework.digest``, ``manage.py send_digests``):
what the work queue lists, per recipient, without anything personal, in
their language, once a day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.casework import digest
from buitenshuis.core.workqueue import collect
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import MembershipFactory
from buitenshuis.referrals.tests.factories import make_referral
from buitenshuis.training.tests.helpers import train

TODAY = timezone.localdate()


@pytest.fixture
def two_programmes(world):
    """Linking pin A (programme A) with two referrals waiting for the
    intake, linking pin B (programme B) with one; one referral in A
    without a linking pin (the coordinator's)."""
    w = world
    w.pin_a = w.users["linking_pin"]
    w.pin_b = MembershipFactory(
        user=UserFactory(username="pin_b", language="en"),
        role=Role.LINKING_PIN,
        programme=w.other_programme,
    ).user
    train(w.pin_b, Role.LINKING_PIN)
    referrer = w.users["referrer"]
    w.referrals_a = [
        make_referral(
            w.programme, referrer, linking_pin=w.pin_a, family__family_name="Zorgvuldigh"
        ),
        make_referral(w.programme, referrer, linking_pin=w.pin_a),
    ]
    w.referral_b = make_referral(
        w.other_programme, referrer, linking_pin=w.pin_b, family__family_name="Onzichtbaarh"
    )
    w.unassigned = make_referral(w.programme, referrer, family__family_name="Toewijsbaarh")
    return w


def sent_to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def refresh(*users):
    for user in users:
        user.refresh_from_db()
        user._bh_memberships = None


def test_each_recipient_gets_what_their_work_queue_lists_and_nothing_more(two_programmes):
    w = two_programmes
    sent = digest.send_digests(TODAY)
    (a,) = sent_to(w.pin_a)
    (b,) = sent_to(w.pin_b)
    (coordinator,) = sent_to(w.users["coordinator"])
    assert sent == len(mail.outbox)
    refresh(w.pin_a, w.pin_b, w.users["coordinator"])
    for user, message in [(w.pin_a, a), (w.pin_b, b), (w.users["coordinator"], coordinator)]:
        with translation.override(user.language):
            items = collect(user)
        assert items
        for item in items:
            assert f"- {item.label}: {item.count}" in message.body
    assert "- Aanmeldingen die wachten op uw intake: 2" in a.body
    assert ": 1" in b.body and ": 2" not in b.body
    assert "Aanmeldingen zonder linking pin: 1" in coordinator.body
    # Other roles get no digest (a policy officer, a referrer, location staff).
    for role in ("policy_officer", "referrer", "location_staff", "researcher"):
        assert not sent_to(w.users[role])


def test_nothing_personal_in_subject_or_body(two_programmes):
    w = two_programmes
    digest.send_digests(TODAY)
    assert mail.outbox
    referrals = [*w.referrals_a, w.referral_b, w.unassigned]
    for message in mail.outbox:
        text = message.subject + message.body
        for referral in referrals:
            family = referral.family
            assert family.reference not in text and family.family_name not in text
            for member in family.members.all():
                assert member.first_name not in text
        # One fixed subject per language.
        with translation.override(message.extra_headers["Content-Language"]):
            assert message.subject == digest.message([])[0]


def test_in_the_recipients_language(two_programmes):
    w = two_programmes
    digest.send_digests(TODAY)
    (a,) = sent_to(w.pin_a)
    (b,) = sent_to(w.pin_b)
    assert a.extra_headers["Content-Language"] == "nl"
    assert b.extra_headers["Content-Language"] == "en"
    assert "- Referrals awaiting your intake: 1" in b.body
    assert "Aanmeldingen die wachten op uw intake" not in b.body


def test_once_a_day(two_programmes):
    w = two_programmes
    first = digest.send_digests(TODAY)
    assert first == len(mail.outbox) >= 3
    assert digest.send_digests(TODAY) == 0
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == first
    refresh(w.pin_a)
    assert w.pin_a.digest_sent_on == TODAY
    # The next day, again.
    assert digest.send_digests(TODAY + datetime.timedelta(days=1)) == first


def test_nobody_without_email_notifications_or_without_anything_due(two_programmes):
    w = two_programmes
    w.pin_a.email_notifications = False
    w.pin_a.save()
    w.pin_b.email = ""
    w.pin_b.save()
    idle_pin = MembershipFactory(
        user=UserFactory(username="idle_pin"), role=Role.LINKING_PIN, programme=w.programme
    ).user
    assert collect(idle_pin) == []
    digest.send_digests(TODAY)
    assert not sent_to(w.pin_a)
    assert all(message.to != [""] for message in mail.outbox)
    # A linking pin of programme A without families has nothing due: no
    # e-mail.
    assert not sent_to(idle_pin)


def test_a_failing_mail_server_leaves_the_day_open(two_programmes, monkeypatch):
    w = two_programmes

    def broken(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    assert digest.send_digests(TODAY) == 0
    refresh(w.pin_a)
    assert w.pin_a.digest_sent_on is None
    monkeypatch.undo()
    assert digest.send_digests(TODAY) >= 3
