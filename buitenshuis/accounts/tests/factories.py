# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""factory_boy factories for accounts (users). All names are invented."""

import factory
from django.contrib.auth import get_user_model

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
