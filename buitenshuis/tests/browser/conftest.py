# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Browser tests: pytest-django's live server, driven by Playwright (sync
API) in the Debian Chromium at /usr/bin/chromium (``playwright install``
cannot download a browser on our machines).

Run them with ``make test-browser``; ``make test`` leaves them out
(``-m "not browser"``). Every test in this folder is marked ``browser``.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("BUITENSHUIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("BUITENSHUIS_SCREENSHOTS", "/tmp/screens"))
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _async_unsafe_allowed():
    """Playwright's sync API keeps an asyncio event loop running in the test
    thread, which makes Django refuse ORM calls there. Allow them, for the
    browser tests only (the fixture is set up only when a browser test runs)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_async_unsafe_allowed):
    from playwright.sync_api import sync_playwright

    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; install the Debian packages chromium and "
            "chromium-driver (.ci/run does), or set BUITENSHUIS_CHROMIUM."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def production_like(settings):
    """Production settings as far as a plain-HTTP test server allows: the
    second factor required, no demo mode, DEBUG off. Only the Secure flag of
    the cookies is dropped, because the live server speaks HTTP, not HTTPS."""
    settings.DEMO_MODE = False
    settings.DEBUG = False
    settings.REQUIRE_SECOND_FACTOR = True
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_CODE = "nl"
    return settings


@pytest.fixture
def page(browser, live_server, transactional_db, production_like):
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def load_demo_with_accounts(accounts):
    """The demo data (as ``manage.py load_demo_data``), with the test
    password and a confirmed authenticator app for each demo account in
    ``accounts`` ({key: username}). Returns {key: (user, device)}."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from buitenshuis.accounts.tests.factories import PASSWORD
    from buitenshuis.demo.data import load

    load()
    world = {}
    for key, username in accounts.items():
        user = get_user_model().objects.get(username=username)
        user.set_password(PASSWORD)
        user.save()
        device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
        world[key] = (user, device)
    return world
