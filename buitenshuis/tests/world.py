# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A small synthetic world for tests: every role once in a programme, a
second programme with its own coordinator and family. All names are invented."""

from types import SimpleNamespace

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.casework.models import Person
from buitenshuis.casework.tests.factories import (
    ContactFactory,
    EnrolmentFactory,
    FamilyFactory,
    PersonFactory,
)
from buitenshuis.organisations.models import (
    Role,
)
from buitenshuis.organisations.tests.factories import (
    LocationFactory,
    MembershipFactory,
    ProgrammeFactory,
)

ROLE_USERNAMES = {
    Role.COORDINATOR: "coordinator",
    Role.POLICY_OFFICER: "beleid",
    Role.LINKING_PIN: "linkingpin",
    Role.LOCATION_STAFF: "opvang",
    Role.REFERRER: "verwijzer",
    Role.RESEARCHER: "onderzoeker",
    Role.ADMINISTRATOR: "beheer",
}


def build_world():
    """Every role once in programme A; a second linking pin in A; programme
    B with its own coordinator and family. Returns a namespace."""
    programme = ProgrammeFactory(name="Programma A")
    other_programme = ProgrammeFactory(name="Programma B")
    location = LocationFactory()
    users = {}
    for role, username in ROLE_USERNAMES.items():
        user = UserFactory(username=username)
        membership = MembershipFactory(
            user=user,
            role=role,
            programme=None if role == Role.ADMINISTRATOR else programme,
            is_privacy_officer=role == Role.ADMINISTRATOR,
        )
        if role == Role.LOCATION_STAFF:
            membership.locations.add(location)
        users[role.value] = user
    other_pin = MembershipFactory(
        user=UserFactory(username="linkingpin2"), role=Role.LINKING_PIN, programme=programme
    ).user
    other_coordinator = MembershipFactory(
        user=UserFactory(username="coordinator_b"),
        role=Role.COORDINATOR,
        programme=other_programme,
    ).user
    # Training comes before guiding families: both linking pins
    # have completed theirs; the location staff member has not.
    from buitenshuis.training.tests.helpers import train

    train(users["linking_pin"], Role.LINKING_PIN)
    train(other_pin, Role.LINKING_PIN)
    plain_admin = MembershipFactory(
        user=UserFactory(username="beheer_zonder_privacy"),
        role=Role.ADMINISTRATOR,
        programme=None,
    ).user

    own_family = FamilyFactory(programme=programme, created_by=users["referrer"])
    PersonFactory(family=own_family, kind=Person.Kind.PARENT, problem_categories=["kopp"])
    PersonFactory(family=own_family)
    own_enrolment = EnrolmentFactory(family=own_family, linking_pin=users["linking_pin"])
    ContactFactory(enrolment=own_enrolment)

    colleague_family = FamilyFactory(programme=programme)
    PersonFactory(family=colleague_family)
    EnrolmentFactory(family=colleague_family, linking_pin=other_pin)

    other_family = FamilyFactory(programme=other_programme)
    PersonFactory(family=other_family)

    return SimpleNamespace(
        programme=programme,
        other_programme=other_programme,
        location=location,
        users=users,
        other_pin=other_pin,
        other_coordinator=other_coordinator,
        plain_admin=plain_admin,
        own_family=own_family,
        own_enrolment=own_enrolment,
        colleague_family=colleague_family,
        other_family=other_family,
    )
