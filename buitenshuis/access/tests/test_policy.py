# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

import pytest

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Family


def visible(user, data=Data.FAMILY_IDENTITY):
    return set(policy.scope(user, "view", data, Family.objects.all()))


def test_linking_pin_sees_only_own_families(world):
    assert visible(world.users["linking_pin"]) == {world.own_family}


def test_coordinator_sees_programme_families_only(world):
    assert visible(world.users["coordinator"]) == {world.own_family, world.colleague_family}
    assert visible(world.other_coordinator) == {world.other_family}


@pytest.mark.parametrize("role", ["researcher", "administrator", "location_staff"])
def test_roles_without_identity_rights_see_no_family(world, role):
    assert visible(world.users[role]) == set()


def test_contact_notes_are_for_the_linking_pin_only(world):
    family = world.own_family
    assert policy.can(world.users["linking_pin"], "view", Data.CONTACT_NOTES, family)
    assert not policy.can(world.users["coordinator"], "view", Data.CONTACT_NOTES, family)
    assert policy.can(world.users["coordinator"], "view", Data.CONTACTS, family)


def test_union_of_memberships_never_more(world):
    from buitenshuis.organisations.tests.factories import MembershipFactory

    pin = world.users["linking_pin"]
    MembershipFactory(user=pin, role="researcher", programme=world.other_programme)
    pin._bh_memberships = None
    assert visible(pin) == {world.own_family}


def test_refused_attempt_on_a_family_is_in_that_familys_log(world, client, sign_in):
    from django.urls import reverse

    from buitenshuis.audit.models import AccessLogSubject, Outcome

    sign_in(world.users["linking_pin"])
    response = client.get(reverse("casework:family_detail", args=[world.colleague_family.pk]))
    assert response.status_code == 404
    subject = AccessLogSubject.objects.filter(family_id=world.colleague_family.pk).last()
    assert subject is not None
    assert subject.entry.outcome == Outcome.DENIED


def test_a_temporary_handover_counts_as_own_only_during_its_period(world):
    import datetime

    from django.utils import timezone

    from buitenshuis.casework.models import Handover

    now = timezone.now()
    stand_in = world.other_pin
    assert world.own_family not in visible(stand_in)
    handover = Handover.objects.create(
        enrolment=world.own_enrolment,
        to_user=stand_in,
        starts=now - datetime.timedelta(days=1),
        ends=now + datetime.timedelta(days=7),
        reason="Vakantie (verzonnen)",
    )
    assert world.own_family in visible(stand_in)
    assert policy.can(stand_in, "view", Data.CONTACT_NOTES, world.own_family)
    # The assigned linking pin keeps access during the handover.
    assert world.own_family in visible(world.users["linking_pin"])
    handover.ends = now - datetime.timedelta(hours=1)
    handover.save()
    assert world.own_family not in visible(stand_in)
