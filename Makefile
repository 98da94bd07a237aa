# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

# Buitenshuis: the everyday commands. See README.md.
#
#   make run           install, migrate, load the demo data, serve http://127.0.0.1:8000
#   make test          the whole test suite (browser tests excepted) on SQLite;
#                      DATABASE_URL=postgres://user@host:5432/name make test runs it on PostgreSQL
#   make test-browser  the browser tests (Playwright + axe-core in /usr/bin/chromium)
#   make lint          ruff check, ruff format --check, the import layers (lint-imports),
#                      and the licence of every file (reuse lint)
#   make screenshots   the catalogue's screenshots (publiccode.yml) into docs/screenshots
#   make messages      compile the translations (needs GNU gettext)
#   make bench-check   BENCH_DATABASE_URL=postgres://... : the bench's regression check
#                      (bench/README.md); it empties that database

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-x -k access"
PYTEST_ARGS ?=
DEMO := BUITENSHUIS_DEMO=1
DEMO_ACCOUNTS := coordinator beleid linkingpin opvang verwijzer onderzoeker beheer

.PHONY: help install run test test-browser screenshots lint format messages bench-check clean

help:
	@sed -n '/^#   make run/,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

# --- installation (idempotent; quick when nothing changed) -----------------

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstalled only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# npm ci follows package-lock.json exactly; npm install only without a lock.
node_modules/.installed: package.json $(wildcard package-lock.json)
	if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; \
	else npm install --no-audit --no-fund; fi
	touch $@

install: $(VENV)/.installed node_modules/.installed

# --- running the demo -------------------------------------------------------

run: install
	$(DEMO) $(PY) manage.py migrate --noinput
	$(DEMO) $(PY) manage.py load_demo_data
	@echo
	@echo "Buitenshuis (demo) on http://$(HOST):$(PORT)/"
	@echo "Demo accounts: $(DEMO_ACCOUNTS) (password for all: demo)"
	@echo "Synthetic data only: never enter real personal data here."
	@echo
	@# The figures above programme level are refreshed every minute, as cron
	@# does in production (docs/production.md); stopped with the server.
	( while sleep 60; do $(DEMO) $(PY) manage.py refresh_monitoring_summaries; done ) & \
	trap "kill $$! 2>/dev/null" EXIT; \
	$(DEMO) $(PY) manage.py runserver $(HOST):$(PORT)

# --- tests and lint ---------------------------------------------------------

# SQLite unless DATABASE_URL is set (pytest-django then creates test_<name>).
# pytest exits 5 when no test ran, and make treats that as a failure.
test: install
	@echo "Database: $$(echo "$${DATABASE_URL:-SQLite (default)}" | sed -E 's#//[^@/]*@#//***@#')"
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

test-browser: install
	$(PY) -m pytest -m browser buitenshuis/tests/browser $(PYTEST_ARGS)

# The screenshots publiccode.yml names, from the demo data; commit them when
# the screens change (the browser tests otherwise write them to /tmp/screens).
screenshots: install
	BUITENSHUIS_CATALOGUE_SCREENSHOTS=docs/screenshots \
		$(PY) -m pytest -m browser buitenshuis/tests/browser/test_catalogue_screenshots.py

# lint-imports: the apps' layers (pyproject.toml [tool.importlinter];
# docs/architecture.md). --no-cache: no cache folder in the work tree.
# reuse lint: every file names its copyright and licence (SPDX header or
# REUSE.toml; CONTRIBUTING.md); quiet when all is well, else the full report.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/reuse lint --quiet || $(BIN)/reuse lint

# Builds 5,000 and 20,000 families on PostgreSQL and fails when a page's
# number of queries grows with the data or a linking pin's family or referral
# list reads the families, enrolments or referrals table sequentially. Its own
# variable, not DATABASE_URL: the bench empties the database it is given.
bench-check: install
	@if [ -z "$${BENCH_DATABASE_URL:-}" ]; then \
		echo "make bench-check needs BENCH_DATABASE_URL=postgres://user@host:5432/name," \
			"a PostgreSQL database the bench may empty."; exit 2; fi
	DATABASE_URL="$$BENCH_DATABASE_URL" $(PY) bench/lists.py --check

messages: install
	if [ -d buitenshuis/locale ]; then \
		$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules; \
	else echo "No buitenshuis/locale: nothing to compile."; fi

clean:
	rm -rf $(VENV) node_modules staticfiles
