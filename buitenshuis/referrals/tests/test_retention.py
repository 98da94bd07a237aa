# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Retention: withdrawn and rejected referrals lose their personal data
after the programme's retention period, through
``manage.py purge_referrals`` (which calls ``rules.purge_expired``)."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from buitenshuis.audit.models import AccessLogEntry, Action
from buitenshuis.casework.models import Family, Person
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Decision, Intake, Referral
from buitenshuis.referrals.tests.programme_helpers import make_referral

# Every invented string that is personal data of the purged family.
SECRETS = {
    "family_name": "Wegwerpveld",
    "parent_name": "Ophelia",
    "child_name": "Kwintijn",
    "worries": "Zorgen over Kwintijn thuis bij Ophelia Wegwerpveld",
}
MARKERS = ["Wegwerpveld", "Ophelia", "Kwintijn", "Verzonnenlaan", "Verwijzer Verzonnenberg"]


def places_holding(text):
    """Every (model, field) in the database, history tables included, whose
    text contains ``text``."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                lookup = f"{field.attname}__icontains"
                if model._default_manager.filter(**{lookup: text}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


@pytest.fixture
def expired_withdrawn(world):
    settings = ProgrammeSettings.for_programme(world.programme)
    settings.retention_days = 30
    settings.save()
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=world.users["linking_pin"],
        status=Referral.Status.WITHDRAWN,
        received_days_ago=60,
        closed_days_ago=31,
        with_intake=True,
        **SECRETS,
    )
    # Edit once more so there is more than one history row to remove.
    family = referral.family
    family.city = "Wegwerpveld-Oost"
    family.save()
    return referral


def test_expired_withdrawn_referral_loses_its_personal_data(world, expired_withdrawn):
    referral = expired_withdrawn
    family_id = referral.family_id
    assert Person.history.filter(family_id=family_id).exists()
    assert Intake.history.filter(referral_id=referral.pk).exists()
    assert places_holding("Wegwerpveld")  # the check below is not vacuous

    out = io.StringIO()
    call_command("purge_referrals", stdout=out)
    assert "1 aanmelding opgeschoond" in out.getvalue()

    referral.refresh_from_db()
    family = Family.objects.get(pk=family_id)
    # Gone: names, address, persons, worries, intake, and their history.
    assert family.family_name == "" and family.street == "" and family.city == ""
    assert family.postcode == ""
    assert not Person.objects.filter(family_id=family_id).exists()
    assert not Person.history.filter(family_id=family_id).exists()
    assert not Intake.objects.filter(referral=referral).exists()
    assert not Intake.history.filter(referral_id=referral.pk).exists()
    assert referral.worries == "" and referral.help_involved == "" and referral.referrer_name == ""
    for row in Family.history.filter(id=family_id):
        assert row.family_name == "" and row.street == "" and row.city == ""
    for row in Referral.history.filter(id=referral.pk):
        assert row.worries == "" and row.referrer_name == "" and row.help_involved == ""
    for marker in MARKERS:
        assert places_holding(marker) == [], marker
    # Kept: a stub for the figures.
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.route
    assert referral.received_at and referral.closed_at and referral.purged_at
    assert family.reference
    # Removing personal data is itself in the access log.
    entry = AccessLogEntry.objects.filter(action=Action.DELETE).last()
    assert entry is not None
    assert "Bewaartermijn" in entry.reason


def test_expired_rejected_referral_is_purged(world):
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        status=Referral.Status.REJECTED,
        closed_days_ago=400,  # default retention: 365 days
        family_name="Afwijsma",
        parent_name="Rozemarijn",
        child_name="Quirijn",
    )
    assert rules.purge_expired() == 1
    referral.refresh_from_db()
    assert referral.purged_at is not None
    assert referral.status == Referral.Status.REJECTED
    for marker in ("Afwijsma", "Rozemarijn", "Quirijn"):
        assert places_holding(marker) == [], marker


def test_rejection_reason_is_purged_too(world):
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        status=Referral.Status.REJECTED,
        closed_days_ago=400,
        family_name="Redenaar",
    )
    Decision.objects.create(
        referral=referral,
        outcome=Decision.Outcome.REJECTED,
        reason="Gezin Redenaar woont buiten het werkgebied.",
        decided_by=world.users["policy_officer"],
    )
    rules.purge_expired()
    assert places_holding("Redenaar") == []


def test_referral_within_retention_is_untouched(world):
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        status=Referral.Status.WITHDRAWN,
        closed_days_ago=364,  # default retention: 365 days
        with_intake=True,
        **SECRETS,
    )
    history_before = Person.history.filter(family_id=referral.family_id).count()
    out = io.StringIO()
    call_command("purge_referrals", stdout=out)
    assert "0 aanmeldingen opgeschoond" in out.getvalue()
    referral.refresh_from_db()
    assert referral.purged_at is None
    assert referral.worries == SECRETS["worries"]
    assert referral.family.family_name == "Wegwerpveld"
    assert referral.family.members.count() == 2
    assert hasattr(referral, "intake")
    assert Person.history.filter(family_id=referral.family_id).count() == history_before


def test_retention_follows_each_programmes_setting(world):
    short = ProgrammeSettings.for_programme(world.other_programme)
    short.retention_days = 7
    short.save()
    make_referral(
        world.other_programme,
        world.other_coordinator,
        status=Referral.Status.WITHDRAWN,
        closed_days_ago=10,
        family_name="Kortbewaard",
    )
    make_referral(
        world.programme,
        world.users["referrer"],
        status=Referral.Status.WITHDRAWN,
        closed_days_ago=10,
        family_name="Langbewaard",
    )
    assert rules.purge_expired() == 1
    assert places_holding("Kortbewaard") == []
    assert places_holding("Langbewaard")


def test_accepted_referrals_are_never_purged(world):
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        status=Referral.Status.ACCEPTED,
        received_days_ago=2000,
        decided_hours_ago=24 * 1900,
        closed_days_ago=1900,  # even with a closing date far in the past
        family_name="Blijftbewaard",
    )
    ProgrammeSettings.objects.filter(programme=world.programme).update(retention_days=0)
    assert rules.purge_expired() == 0
    call_command("purge_referrals", stdout=io.StringIO())
    referral.refresh_from_db()
    assert referral.purged_at is None
    assert referral.family.family_name == "Blijftbewaard"
    assert referral.family.members.count() == 2


def test_dry_run_counts_and_changes_nothing(world, expired_withdrawn):
    make_referral(
        world.programme,
        world.users["referrer"],
        status=Referral.Status.WITHDRAWN,
        closed_days_ago=1,
        family_name="Nogbinnen",
    )
    out = io.StringIO()
    call_command("purge_referrals", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "1 aanmelding zou worden opgeschoond" in text
    assert expired_withdrawn.family.reference in text
    assert "Wegwerpveld" not in text  # references only, no names
    expired_withdrawn.refresh_from_db()
    assert expired_withdrawn.purged_at is None
    assert places_holding("Ophelia")
    assert not AccessLogEntry.objects.filter(action=Action.DELETE).exists()
    # A second real run purges once; a third finds nothing.
    call_command("purge_referrals", stdout=io.StringIO())
    out = io.StringIO()
    call_command("purge_referrals", stdout=out)
    assert "0 aanmeldingen opgeschoond" in out.getvalue()
