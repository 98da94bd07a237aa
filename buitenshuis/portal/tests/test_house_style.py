# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A municipality's own look: the installation's theme (settings) and a
programme's or municipality's house style (organisations.HouseStyle) on
screen and on the decision letter."""

import hypothesis.strategies as st
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given

from buitenshuis.organisations import house_style
from buitenshuis.organisations.models import (
    MIN_CONTRAST,
    WHITE,
    FontChoice,
    HouseStyle,
    contrast_ratio,
)
from buitenshuis.organisations.tests.factories import HouseStyleFactory
from buitenshuis.referrals import letter
from buitenshuis.referrals.tests.test_letter import decided

colours = st.integers(0, 0xFFFFFF).map(lambda value: f"#{value:06x}")


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    # WCAG's own example: #767676 on white is just AA.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@given(colours)
def test_the_text_on_any_brand_colour_is_readable(colour):
    """Whatever colour the administrator picks, the text on it (white or
    black, chosen by the product) reaches WCAG AA."""
    style = HouseStyle(name="x", brand_colour=colour)
    assert contrast_ratio(colour, style.brand_text_colour) >= MIN_CONTRAST


@given(colours)
def test_a_link_colour_is_refused_exactly_when_unreadable_on_white(colour):
    style = HouseStyle(name="x", link_colour=colour)
    readable = contrast_ratio(colour, WHITE) >= MIN_CONTRAST
    if readable:
        style.clean()
    else:
        with pytest.raises(ValidationError) as refused:
            style.clean()
        assert "niet goed leesbaar" in str(refused.value)


@pytest.mark.django_db
def test_the_administrator_gets_dutch_messages_for_bad_colours(client, sign_in, world):
    sign_in(world.users["administrator"])
    response = client.post(
        reverse("admin:organisations_housestyle_add"),
        {"name": "Gemeente Proef", "brand_colour": "rood", "link_colour": "#ffff00", "font": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geef een kleur als # gevolgd door zes tekens" in page
    assert "niet goed leesbaar" in page
    assert not HouseStyle.objects.exists()


@pytest.mark.django_db
def test_the_stylesheet_sets_the_theme_tokens_and_nothing_typed(client, settings):
    settings.THEME_CLASS = "proefgemeente-theme"
    style = HouseStyleFactory(name="Proef */ body { display: none } /*", font=FontChoice.SERIF)
    response = client.get(reverse("portal:house_style_css", args=[style.pk, style.version]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert css.count("{") == 1 and ".proefgemeente-theme {" in css
    assert "--bh-brand-background-color: #7a1f5c;" in css
    assert "--utrecht-button-primary-action-background-color: #7a1f5c;" in css
    assert "--utrecht-link-color: #1f4e7a;" in css
    assert "Georgia" in css
    assert "display: none" not in css  # the name is only a comment, cleaned


@pytest.mark.django_db
def test_stylesheet_and_logo_are_kept_by_the_browser_even_when_signed_in(client, sign_in, world):
    style = HouseStyleFactory(with_logo=True)
    sign_in(world.users["linking_pin"])
    for name in ("portal:house_style_css", "portal:house_style_logo"):
        response = client.get(reverse(name, args=[style.pk, style.version]))
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    # An edit changes the address; the old one is not kept.
    old = style.version
    style.brand_colour = "#123456"
    style.save()
    response = client.get(reverse("portal:house_style_css", args=[style.pk, old]))
    assert "#123456" in response.content.decode()
    assert response["Cache-Control"] == "no-cache"


@pytest.mark.django_db
def test_a_logo_that_is_missing_is_not_found_not_an_error(client):
    style = HouseStyleFactory()
    response = client.get(reverse("portal:house_style_logo", args=[style.pk, style.version]))
    assert response.status_code == 404
    response = client.get(reverse("portal:house_style_css", args=[style.pk + 1000, "1"]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_programmes_people_see_its_style_and_others_do_not(client, sign_in, world):
    style = HouseStyleFactory(name="Gemeente Proefstad", with_logo=True)
    world.programme.house_style = style
    world.programme.save()
    css_url = reverse("portal:house_style_css", args=[style.pk, style.version])
    logo_url = reverse("portal:house_style_logo", args=[style.pk, style.version])

    sign_in(world.users["linking_pin"])
    page = client.get(reverse("portal:start")).content.decode()
    assert f'href="{css_url}"' in page
    assert f'src="{logo_url}" alt="Gemeente Proefstad"' in page

    sign_in(world.other_coordinator)  # another programme
    page = client.get(reverse("portal:start")).content.decode()
    assert css_url not in page and logo_url not in page

    client.logout()
    page = client.get(reverse("accounts:login")).content.decode()
    assert css_url not in page


@pytest.mark.django_db
def test_a_style_costs_no_query(client, sign_in, world):
    """The style comes with the memberships every request loads."""
    sign_in(world.users["coordinator"])
    url = reverse("casework:family_list")
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    world.programme.house_style = HouseStyleFactory(with_logo=True)
    world.programme.save()
    client.get(url)
    with CaptureQueriesContext(connection) as with_style:
        page = client.get(url).content.decode()
    assert "stijl.css" in page
    assert len(with_style) == len(without)


@pytest.mark.django_db
def test_an_installation_names_its_own_theme(client, sign_in, world, settings):
    settings.THEME_CLASS = "proefgemeente-theme"
    settings.THEME_CSS = "css/buitenshuis.css"  # any static file will do here
    sign_in(world.users["coordinator"])
    page = client.get(reverse("portal:start")).content.decode()
    assert '<html lang="nl" class="proefgemeente-theme">' in page
    assert 'href="/static/css/buitenshuis.css"' in page
    assert "voorbeeld" not in page


@pytest.mark.django_db
def test_the_letter_has_the_municipalitys_colour_and_logo(world):
    referral, decision = decided(world)
    municipality = referral.family.municipality
    assert not municipality.logo
    html = letter.render_html(decision)
    assert "--bh-letter-accent:" not in html and "data:image/png" not in html

    # The programme's style when the municipality has none ...
    world.programme.house_style = HouseStyleFactory(brand_colour="#225588", with_logo=True)
    world.programme.save()
    html = letter.render_html(letter.letter_context(fresh(decision)))
    assert "--bh-letter-accent: #225588;" in html
    assert 'src="data:image/png;base64,' in html
    # ... and the municipality's own first.
    municipality.house_style = HouseStyleFactory(brand_colour="#883322")
    municipality.save()
    html = letter.render_html(letter.letter_context(fresh(decision)))
    assert "--bh-letter-accent: #883322;" in html
    pdf = letter.render_pdf(letter.letter_context(fresh(decision)))
    assert pdf.startswith(b"%PDF")


def fresh(decision):
    """The decision as a new request reads it."""
    return type(decision).objects.get(pk=decision.pk)


def test_only_valid_colours_reach_a_stylesheet():
    style = HouseStyle(name="x", brand_colour="red;}", link_colour="#12345g")
    assert house_style.tokens(style) == []
