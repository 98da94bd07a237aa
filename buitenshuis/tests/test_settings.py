# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Yes/no settings from the environment: the usual words in any case, and a
value that is none of them stops the start instead of meaning "no"."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from buitenshuis.settings import env_bool

PROJECT_DIR = Path(__file__).resolve().parents[2]
NAME = "BUITENSHUIS_TEST_SWITCH"


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on", " On "])
def test_yes(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    assert env_bool(NAME) is True


@pytest.mark.parametrize("value", ["0", "false", "FALSE", "no", "Off", " off "])
def test_no(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    assert env_bool(NAME, default=True) is False


@pytest.mark.parametrize("value", [None, "", "  "])
def test_unset_or_empty_means_the_default(monkeypatch, value):
    if value is None:
        monkeypatch.delenv(NAME, raising=False)
    else:
        monkeypatch.setenv(NAME, value)
    assert env_bool(NAME, default=True) is True
    assert env_bool(NAME, default=False) is False


@pytest.mark.parametrize("value", ["ture", "ja", "nee", "2", "enabled", "y"])
def test_anything_else_is_refused_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_bool(NAME, default=True)
    message = str(refused.value)
    assert NAME in message and repr(value) in message
    assert "1 or 0, true or false, yes or no, on or off" in message


def test_a_typo_in_a_protection_stops_the_application_from_starting():
    environment = {**os.environ, "REQUIRE_SECOND_FACTOR": "ture"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_DIR,
        env={**environment, "DJANGO_SETTINGS_MODULE": "buitenshuis.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: REQUIRE_SECOND_FACTOR='ture' is not understood" in result.stderr
