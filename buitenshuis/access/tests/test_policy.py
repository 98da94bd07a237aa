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
    from buitenshuis.tests.factories import MembershipFactory

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
