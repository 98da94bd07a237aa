"""factory_boy factories and a small synthetic world for tests.

All names are invented."""

import datetime
from types import SimpleNamespace

import factory
from django.contrib.auth import get_user_model

from buitenshuis.casework.models import Contact, Enrolment, Family, Person
from buitenshuis.organisations.models import (
    Location,
    Membership,
    Municipality,
    Organisation,
    OrganisationType,
    Programme,
    Region,
    Role,
)

PASSWORD = "test-wachtwoord"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@test.invalid")
    password = factory.django.Password(PASSWORD)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Testregio {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    # Always GM + 4 digits (the column holds 6 characters), however many
    # factories ran before.
    cbs_code = factory.Sequence(lambda n: f"GM{(9000 + n) % 10000:04d}")
    region = factory.SubFactory(RegionFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testprogramma {n}")
    region = factory.SubFactory(RegionFactory)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create:
            self.municipalities.add(*(extracted or [MunicipalityFactory(region=self.region)]))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testorganisatie {n}")
    type = OrganisationType.YOUTH_CARE


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.CHILDCARE)
    name = factory.Sequence(lambda n: f"Testlocatie {n}")
    postcode = "9999 ZZ"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.LINKING_PIN
    programme = factory.SubFactory(ProgrammeFactory)


def letters(n):
    """A distinct suffix of letters for ``n`` (names hold no digits: a name
    with digits is refused on every form)."""
    suffix = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        suffix = "abcdefghijklmnopqrstuvwxyz"[rest] + suffix
    return suffix


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    programme = factory.SubFactory(ProgrammeFactory)
    reference = factory.Sequence(lambda n: f"BH-TEST-{n:04d}")
    family_name = factory.Sequence(lambda n: f"Verzinsel{letters(n)}")
    street = "Teststraat"
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "9999 ZZ"
    city = "Testdorp"
    municipality = factory.LazyAttribute(lambda f: f.programme.municipalities.first())


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family = factory.SubFactory(FamilyFactory)
    kind = Person.Kind.CHILD
    first_name = factory.Sequence(lambda n: f"Kind{letters(n)}")
    last_name = factory.LazyAttribute(lambda p: p.family.family_name)
    date_of_birth = datetime.date(2018, 5, 1)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    family = factory.SubFactory(FamilyFactory)
    status = Enrolment.Status.ACTIVE
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2028, 1, 1)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    enrolment = factory.SubFactory(EnrolmentFactory)
    date = datetime.date(2026, 2, 1)
    minutes = 45
    kind = Contact.Kind.HOME_VISIT
    notes = "Verzonnen verslag van een huisbezoek."
    author = factory.LazyAttribute(lambda c: c.enrolment.linking_pin)


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
    # Training comes before guiding families (issue 4): both linking pins
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
