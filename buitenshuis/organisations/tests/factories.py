# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""factory_boy factories for organisations: regions, municipalities,
programmes, organisations, locations, memberships. All names are invented."""

import io

import factory
from django.core.files.base import ContentFile

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.organisations.models import (
    HouseStyle,
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


def invented_logo_png(colour=(120, 30, 90), size=(160, 48)):
    """A small invented logo (a coloured band), as PNG bytes."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


class HouseStyleFactory(factory.django.DjangoModelFactory):
    """A house style; ``with_logo=True`` also gives it an invented logo."""

    class Meta:
        model = HouseStyle
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Testhuisstijl {n}")
    brand_colour = "#7a1f5c"
    link_colour = "#1f4e7a"

    @factory.post_generation
    def with_logo(obj, create, extracted, **kwargs):
        if extracted:
            obj.logo.save(f"test-logo-{obj.pk}.png", ContentFile(invented_logo_png()), save=True)
