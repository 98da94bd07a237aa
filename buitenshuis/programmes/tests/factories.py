# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""factory_boy factories of the programmes app, usable by every test."""

import factory

from buitenshuis.organisations.tests.factories import ProgrammeFactory
from buitenshuis.programmes.models import ProgrammeSettings


class ProgrammeSettingsFactory(factory.django.DjangoModelFactory):
    """A programme's settings (the defaults unless given); one per programme."""

    class Meta:
        model = ProgrammeSettings
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)
