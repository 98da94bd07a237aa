# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Shared pytest fixtures. Tests run with production-like settings (second
factor required) unless a test overrides them."""

import os

import pytest
from hypothesis import HealthCheck, settings

# Property-based tests (hypothesis): a fixed seed in CI (.ci/run sets
# HYPOTHESIS_PROFILE=ci), fresh random examples on a developer's machine.
# Examples are whole referrals in a database, so the counts stay modest to
# keep `make test` within its time on both databases.
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
}
settings.register_profile("ci", max_examples=15, derandomize=True, database=None, **_COMMON)
settings.register_profile("dev", max_examples=15, **_COMMON)
settings.register_profile("thorough", max_examples=200, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_geocoder_network(settings):
    """No test reaches PDOK: only cached coordinates, unless a test turns
    the geocoder on and replaces ``geocoding.fetch`` with a recorded answer."""
    settings.GEOCODER_ENABLED = False


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path_factory):
    """Files a test uploads (logos) go to a folder of the test run, never
    into the project's media folder."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def world(db):
    """A small synthetic world: one programme with members of every role,
    two linking pins with one family each, a second programme with its own
    family. See buitenshuis/tests/factories.py."""
    from buitenshuis.tests.world import build_world

    return build_world()


@pytest.fixture
def sign_in(client):
    """Sign a user in on the test client as after both steps (password and
    a confirmed TOTP device), so production-like settings let them through."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def _sign_in(user, on=None):
        on = on or client
        on.force_login(user)
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = on.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return on

    return _sign_in


@pytest.fixture
def login(client, settings):
    """Sign a user in on the test client with the second factor switched
    off (the access-log screens, the family history); signing in itself is
    tested in buitenshuis.accounts."""
    settings.REQUIRE_SECOND_FACTOR = False

    def _login(user):
        client.force_login(user)
        return client

    return _login
