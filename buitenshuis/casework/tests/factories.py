# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""factory_boy factories for casework: families, persons, enrolments,
contacts. All names are invented."""

import datetime

import factory

from buitenshuis.casework.models import Contact, Enrolment, Family, Person
from buitenshuis.organisations.tests.factories import ProgrammeFactory


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
