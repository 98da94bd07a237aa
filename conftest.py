"""Shared pytest fixtures. Tests run with production-like settings (second
factor required) unless a test overrides them."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    """A small synthetic world: one programme with members of every role,
    two linking pins with one family each, a second programme with its own
    family. See buitenshuis/tests/factories.py."""
    from buitenshuis.tests.factories import build_world

    return build_world()
