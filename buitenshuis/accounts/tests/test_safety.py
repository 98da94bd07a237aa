# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Production refuses to start in an unsafe state; demo mode shows it."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from buitenshuis.accounts.safety import assert_safe_to_serve
from buitenshuis.accounts.tests.factories import UserFactory

PROJECT_DIR = Path(__file__).resolve().parents[3]
BANNER = "Dit is een demonstratieomgeving met verzonnen gegevens."


@pytest.fixture
def production(settings, db):
    """A clean production configuration."""
    settings.DEMO_MODE = False
    settings.DEBUG = False
    settings.INSECURE_SECRET_KEY = False
    settings.REQUIRE_SECOND_FACTOR = True
    settings.SECRET_KEY = "echt-geheim-" + "s" * 50
    settings.BSN_ENCRYPTION_KEY = "bsn-sleutel-" + "k" * 40
    settings.BSN_LOOKUP_KEY = "bsn-zoeksleutel-" + "z" * 40
    settings.BEHIND_TLS_PROXY = True
    settings.PROXY_COUNT = 1
    settings.ACCESS_LOG_KEY = "een-lange-willekeurige-sleutel-voor-het-toegangslog"
    settings.INSECURE_ACCESS_LOG_KEY = False
    settings.RESEARCH_PSEUDONYM_KEY = "onderzoek-pseudoniemsleutel-" + "p" * 40
    settings.INSECURE_RESEARCH_PSEUDONYM_KEY = False
    return settings


def test_clean_production_configuration_is_served(production):
    UserFactory(username="echte.medewerker")
    assert_safe_to_serve()


def test_debug_is_refused(production):
    production.DEBUG = True
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        assert_safe_to_serve()


def test_insecure_secret_key_is_refused(production):
    production.INSECURE_SECRET_KEY = True
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        assert_safe_to_serve()


def test_missing_access_log_key_is_refused(production):
    production.INSECURE_ACCESS_LOG_KEY = True
    with pytest.raises(ImproperlyConfigured, match="ACCESS_LOG_KEY is not set"):
        assert_safe_to_serve()


def test_short_access_log_key_is_refused(production):
    production.ACCESS_LOG_KEY = "kort"
    with pytest.raises(ImproperlyConfigured, match="ACCESS_LOG_KEY is too short"):
        assert_safe_to_serve()


def test_second_factor_off_is_refused(production):
    production.REQUIRE_SECOND_FACTOR = False
    with pytest.raises(ImproperlyConfigured, match="REQUIRE_SECOND_FACTOR"):
        assert_safe_to_serve()


def test_missing_bsn_encryption_key_is_refused(production):
    production.BSN_ENCRYPTION_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="BSN_ENCRYPTION_KEY is not set"):
        assert_safe_to_serve()


def test_missing_bsn_lookup_key_is_refused(production):
    production.BSN_LOOKUP_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="BSN_LOOKUP_KEY is not set"):
        assert_safe_to_serve()


def test_bsn_key_equal_to_the_secret_key_is_refused(production):
    production.BSN_ENCRYPTION_KEY = production.SECRET_KEY
    with pytest.raises(ImproperlyConfigured, match="BSN_ENCRYPTION_KEY must differ"):
        assert_safe_to_serve()


def test_demo_accounts_are_refused(production):
    UserFactory(username="iemand", is_demo=True)
    with pytest.raises(ImproperlyConfigured, match="demo accounts.*iemand"):
        assert_safe_to_serve()


def test_demo_usernames_are_refused(production):
    UserFactory(username="beheer")
    with pytest.raises(ImproperlyConfigured, match="beheer"):
        assert_safe_to_serve()


def test_demo_mode_is_served(production):
    production.DEMO_MODE = True
    production.DEBUG = True
    production.INSECURE_SECRET_KEY = True
    production.INSECURE_ACCESS_LOG_KEY = True
    production.REQUIRE_SECOND_FACTOR = False
    production.BSN_ENCRYPTION_KEY = production.BSN_LOOKUP_KEY = ""
    UserFactory(username="coordinator", is_demo=True)
    assert_safe_to_serve()


def deploy_check_errors():
    try:
        call_command("check", deploy=True, stdout=io.StringIO())
    except SystemCheckError as error:
        return str(error)
    return ""


def test_deploy_check_passes_in_clean_production(production):
    assert "buitenshuis.E" not in deploy_check_errors()


def test_deploy_check_reports_debug_and_secret(production):
    production.DEBUG = True
    production.INSECURE_SECRET_KEY = True
    errors = deploy_check_errors()
    assert "buitenshuis.E001" in errors
    assert "DEBUG is on" in errors
    assert "SECRET_KEY is not set" in errors


def test_deploy_check_reports_missing_bsn_keys(production):
    production.BSN_ENCRYPTION_KEY = production.BSN_LOOKUP_KEY = ""
    errors = deploy_check_errors()
    assert "BSN_ENCRYPTION_KEY is not set" in errors
    assert "BSN_LOOKUP_KEY is not set" in errors


def test_deploy_check_warns_behind_a_proxy_without_proxy_count(production):
    production.PROXY_COUNT = 0
    out = io.StringIO()
    call_command("check", deploy=True, stdout=out, stderr=out)
    assert "buitenshuis.W001" in out.getvalue()
    assert "PROXY_COUNT is 0" in out.getvalue()


def test_deploy_check_reports_demo_accounts(production):
    UserFactory(username="verwijzer", is_demo=True)
    errors = deploy_check_errors()
    assert "buitenshuis.E002" in errors
    assert "verwijzer" in errors


def run_wsgi(tmp_path, **env):
    """Import wsgi.py in a fresh process, as a WSGI server would."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "BUITENSHUIS_DEMO",
            "DJANGO_DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "BSN_ENCRYPTION_KEY",
            "BSN_LOOKUP_KEY",
            "ACCESS_LOG_KEY",
        }
    }
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'leeg.sqlite3'}"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import buitenshuis.wsgi"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_wsgi_refuses_to_start_with_debug(tmp_path):
    result = run_wsgi(tmp_path, DJANGO_DEBUG="1", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Refusing to start" in result.stderr
    assert "DEBUG is on" in result.stderr


def test_wsgi_refuses_to_start_without_an_access_log_key(tmp_path):
    result = run_wsgi(tmp_path, SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ACCESS_LOG_KEY is not set" in result.stderr


def test_wsgi_refuses_to_start_without_a_checked_database(tmp_path):
    result = run_wsgi(tmp_path, SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "Refusing to start" in result.stderr
    assert "cannot be checked for demo accounts" in result.stderr


def test_wsgi_refuses_to_start_without_the_bsn_keys(tmp_path):
    result = run_wsgi(tmp_path, SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "BSN_ENCRYPTION_KEY is not set" in result.stderr
    assert "BSN_LOOKUP_KEY is not set" in result.stderr


def test_wsgi_starts_in_demo_mode(tmp_path):
    result = run_wsgi(tmp_path, BUITENSHUIS_DEMO="1")
    assert result.returncode == 0, result.stderr


def test_demo_banner_in_demo_mode_only(client, settings, db):
    settings.DEMO_MODE = True
    assert BANNER in client.get(reverse("accounts:login")).content.decode()
    settings.DEMO_MODE = False
    assert BANNER not in client.get(reverse("accounts:login")).content.decode()
