# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A second installation with a look of its own: another municipality's
token package (THEME_STATIC_DIR, THEME_CSS, THEME_CLASS) and a house style
with its own brand colour and logo, on screen and on the decision letter.

Screenshots (desktop and phone) go to /tmp/screens/theming/."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from buitenshuis.casework.models import Family
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import HouseStyleFactory
from buitenshuis.tests.browser.test_case_hub import REFERENCE, Hub, demo_hub  # noqa: F401
from buitenshuis.tests.browser.test_sign_in_journey import describe

pytestmark = pytest.mark.browser

THEME_DIR = Path(__file__).resolve().parent / "proeftheme"


@pytest.fixture
def second_installation(settings, demo_hub):  # noqa: F811
    """The demo data in an installation with the invented municipality's
    theme, and a house style (plum, with a logo) for the programme and the
    family's municipality, whose own letterhead logo is taken away so that
    the style's logo heads the letter."""
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, ("theme", THEME_DIR)]
    settings.THEME_CSS = "theme/theme.css"
    settings.THEME_CLASS = "proefgemeente-theme"
    style = HouseStyleFactory(name="Gemeente Proefstad", brand_colour="#5c1f4a", with_logo=True)
    family = Family.objects.select_related("municipality", "programme").get(reference=REFERENCE)
    family.programme.house_style = style
    family.programme.save()
    municipality = family.municipality
    municipality.logo = ""
    municipality.house_style = style
    municipality.save()
    return demo_hub, style


def test_a_second_installation_shows_its_theme_and_logo(page, second_installation):
    world, style = second_installation
    hub = Hub(page, world)
    hub.folder = "theming"
    hub.sign_in_as(Role.POLICY_OFFICER)

    # The installation's theme class and token stylesheet.
    assert page.evaluate("document.documentElement.className") == "proefgemeente-theme"
    assert page.locator('link[href="/static/theme/theme.css"]').count() == 1
    assert "voorbeeld" not in page.content()
    # The house style: the brand colour on the header, the logo shown.
    header = page.locator("header.bh-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(92, 31, 74)"
    logo = page.get_by_role("img", name="Gemeente Proefstad")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 160
    hub.shot("start")
    hub.axe("start (proefgemeente)")
    hub.open_from_the_family_list()
    hub.shot("hub")
    hub.axe("hub (proefgemeente)")
    hub.at_phone_width("hub")

    # The decision letter (on the hub's "Aanmelding" section): the style's
    # logo heads it.
    hub.open_section("Aanmelding")
    letter = page.get_by_role("link", name="Beschikking BH-")
    response = page.request.get(letter.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    images = subprocess.run(
        [shutil.which("pdfimages") or "pdfimages", "-list", "-"],
        input=response.body(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    sizes = {tuple(line.split()[3:5]) for line in images.splitlines()[2:]}
    assert ("160", "48") in sizes, images
    assert not hub.violations, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(
        f"{name}:\n{describe(found)}" for name, found in hub.violations.items()
    )
    assert reverse("portal:house_style_css", args=[style.pk, style.version]) in page.content()
