# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""factory_boy factories for organisations: regions, municipalities,
programmes, organisations, locations, memberships. All names are invented."""

import factory

from buitenshuis.accounts.tests.factories import UserFactory
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
