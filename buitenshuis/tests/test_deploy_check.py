# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""``manage.py check --deploy`` passes without a warning with the production
environment that docs/production.md documents ("Settings and secrets"), so
the documentation and the settings' production defaults stay in step.

The environment is read from that document, with the placeholder secrets
(``...``) filled with random values and the database and paths pointed
into a temporary folder; nothing else of this machine's environment is
passed on (no BUITENSHUIS_DEMO, no DATABASE_URL of a test run)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_DOC = PROJECT_DIR / "docs" / "production.md"
PASSED_ON = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def documented_environment(tmp_path):
    """The variables of the first ``sh`` block under "Settings and secrets"."""
    text = PRODUCTION_DOC.read_text(encoding="utf-8")
    section = text.split("## Settings and secrets", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    environment = {}
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, value = line.partition("=")
        if value == "...":
            value = secrets.token_urlsafe(48)
        environment[name] = value
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    environment["STATIC_ROOT"] = str(tmp_path / "static")
    environment["ACCESS_LOG_ANCHOR_FILE"] = str(tmp_path / "anchors.log")
    return environment


def check_deploy(environment):
    base = {name: os.environ[name] for name in PASSED_ON if name in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_environment_names_the_production_settings(tmp_path):
    environment = documented_environment(tmp_path)
    for name in (
        "SECRET_KEY",
        "BSN_ENCRYPTION_KEY",
        "BSN_LOOKUP_KEY",
        "ACCESS_LOG_KEY",
        "RESEARCH_PSEUDONYM_KEY",
        "ALLOWED_HOSTS",
        "BEHIND_TLS_PROXY",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    ):
        assert environment.get(name), name
    assert "BUITENSHUIS_DEMO" not in environment and "DJANGO_DEBUG" not in environment


def test_check_deploy_passes_without_warnings_in_production(tmp_path):
    result = check_deploy(documented_environment(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output
    assert "System check identified no issues" in output, output


def test_check_deploy_warns_when_hsts_leaves_out_the_subdomains(tmp_path):
    """The same check fails when a documented setting is left out: the
    test above would notice a production default that is not safe."""
    environment = documented_environment(tmp_path)
    del environment["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    result = check_deploy(environment)
    assert result.returncode != 0
    assert "security.W005" in result.stdout + result.stderr
