# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Which referrals passed their programme's norms (``programmes.norms``):
time to assign a linking pin, to the intake, to the decision and to the
first day are settings of the programme, and "te laat" follows them. Lead
times are reported separately. Times are set with queryset.update() and
compared with ``now`` arithmetic, never by sleeping."""

import datetime

from django.urls import reverse
from django.utils import timezone

from buitenshuis.casework.models import Enrolment
from buitenshuis.organisations.models import Programme
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Intake, LegalBasis, Referral
from buitenshuis.referrals.tests.factories import give_all_consents, make_referral


def set_norms(programme, **values):
    settings = ProgrammeSettings.for_programme(Programme.objects.get(pk=programme.pk))
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()


def at(referral, **times):
    Referral.objects.filter(pk=referral.pk).update(**times)
    referral.refresh_from_db()
    return referral


def overdue(world, now=None):
    found = rules.overdue_by_norm(
        Referral.objects.filter(programme=world.programme), now or timezone.now()
    )
    return {norm: set(qs.values_list("pk", flat=True)) for norm, qs in found.items()}


def intake(referral, user, held_on=None):
    Intake.objects.create(
        referral=referral,
        conversation="Verzonnen intake.",
        legal_basis=LegalBasis.CONSENT,
        held_on=held_on or timezone.localdate(),
        recorded_by=user,
    )


def test_assign_norm_follows_the_programme(world):
    referral = make_referral(world.programme, world.users["referrer"])
    now = timezone.now()
    at(referral, received_at=now - datetime.timedelta(hours=30))
    assert referral.pk not in overdue(world, now)["assign"]  # default 48 hours
    set_norms(world.programme, norm_assign_hours=24)
    assert referral.pk in overdue(world, now)["assign"]
    # Exactly on the norm is not yet late; a minute later it is.
    assert referral.pk not in overdue(world, now - datetime.timedelta(hours=6))["assign"]
    assert referral.pk in overdue(world, now - datetime.timedelta(hours=6, minutes=-1))["assign"]


def test_intake_norm_runs_from_the_assignment(world, client, sign_in):
    referral = make_referral(world.programme, world.users["referrer"])
    now = timezone.now()
    at(referral, received_at=now - datetime.timedelta(days=20))
    sign_in(world.users["coordinator"])
    response = client.post(
        reverse("referrals:assign", args=[referral.pk]),
        {"linking_pin": world.users["linking_pin"].pk},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.assigned_at is not None and referral.assigned_at >= now
    # Received 20 days ago but assigned just now: not late for the intake.
    assert referral.pk not in overdue(world)["intake"]
    assert referral.pk in overdue(world, now + datetime.timedelta(days=8))["intake"]
    set_norms(world.programme, norm_intake_days=10)
    assert referral.pk not in overdue(world, now + datetime.timedelta(days=8))["intake"]
    # A second assignment does not restart the clock.
    first = referral.assigned_at
    client.post(
        reverse("referrals:assign", args=[referral.pk]), {"linking_pin": world.other_pin.pk}
    )
    referral.refresh_from_db()
    assert referral.assigned_at == first


def test_decision_norm_follows_the_programme(world):
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=world.users["linking_pin"]
    )
    at(referral, received_at=timezone.now() - datetime.timedelta(days=10))
    assert referral.pk not in overdue(world)["decision"]  # default 14 days
    set_norms(world.programme, norm_decision_days=7)
    assert referral.pk in overdue(world)["decision"]


def test_start_norm_runs_from_intake_and_consent_completed(world, client, sign_in):
    pin = world.users["linking_pin"]
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=pin, child_ages=(6, 14), parents=2
    )
    sign_in(pin)
    client.post(
        reverse("referrals:intake", args=[referral.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "conversation": "Verzonnen intakegesprek.",
            "legal_basis": LegalBasis.CONSENT,
        },
    )
    referral.refresh_from_db()
    assert hasattr(referral, "intake") and referral.ready_at is None  # consent missing
    give_all_consents(referral, pin)
    # The consent page's save completes it and sets the moment.
    children = referral.family.members.filter(kind="child")
    data = {}
    for child in children:
        data[f"given_by_{child.pk}"] = [
            str(c.given_by_id) for c in referral.consents.filter(child=child)
        ]
        data[f"given_on_{child.pk}"] = timezone.localdate().isoformat()
    response = client.post(reverse("referrals:consent", args=[referral.pk]), data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.ready_at is not None
    ready = referral.ready_at
    assert referral.pk not in overdue(world, ready + datetime.timedelta(hours=47))["start"]
    assert referral.pk in overdue(world, ready + datetime.timedelta(hours=49))["start"]
    set_norms(world.programme, norm_start_hours=72)
    assert referral.pk not in overdue(world, ready + datetime.timedelta(hours=49))["start"]
    # With a first day it is no longer late.
    Enrolment.objects.filter(pk=referral.enrolment_id).update(
        first_activity_date=timezone.localdate()
    )
    assert referral.pk not in overdue(world, ready + datetime.timedelta(hours=100))["start"]


def test_without_start_before_the_decision_the_start_clock_is_the_decision(world):
    pin = world.users["linking_pin"]
    referral = make_referral(world.programme, world.users["referrer"], linking_pin=pin)
    intake(referral, pin)
    give_all_consents(referral, pin)
    rules.mark_ready(referral)
    now = timezone.now()
    set_norms(world.programme, start_before_decision=False)
    assert referral.pk not in overdue(world, now + datetime.timedelta(days=5))["start"]
    at(referral, status=Referral.Status.ACCEPTED, decided_at=now)
    assert referral.pk not in overdue(world, now + datetime.timedelta(hours=47))["start"]
    assert referral.pk in overdue(world, now + datetime.timedelta(hours=49))["start"]


def test_lead_times_are_reported_separately(world):
    pin = world.users["linking_pin"]
    referral = make_referral(world.programme, world.users["referrer"], linking_pin=pin)
    today = timezone.localdate()
    now = timezone.now()
    at(referral, received_at=now - datetime.timedelta(days=6))
    intake(referral, pin, held_on=today - datetime.timedelta(days=4))
    Enrolment.objects.filter(pk=referral.enrolment_id).update(
        first_activity_date=today - datetime.timedelta(days=3)
    )
    referral.enrolment.refresh_from_db()
    lead = rules.durations(referral)
    assert lead["to_intake"] == datetime.timedelta(days=2)
    assert lead["intake_to_start"] == datetime.timedelta(days=1)
    assert lead["to_decision"] is None  # started before the decision
    at(referral, decided_at=now - datetime.timedelta(hours=12))
    assert rules.durations(referral)["to_decision"] == datetime.timedelta(days=5, hours=12)
