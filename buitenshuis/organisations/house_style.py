# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A house style (``models.HouseStyle``) as a stylesheet: the theme's tokens
that it sets, on the installation's theme class (``settings.THEME_CLASS``),
loaded after the theme so that it wins. Only validated values are written
(colours as #rrggbb, fonts from a fixed list), so nothing a user typed
reaches the stylesheet as is."""

from django.conf import settings

from buitenshuis.organisations.models import colour_validator


def _darker(hex_colour, factor=0.8):
    """The colour with each channel scaled by ``factor`` (hover states)."""
    channels = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(value * factor):02x}" for value in channels)


def tokens(style):
    """The design tokens the style sets, as (name, value) pairs."""
    pairs = []
    brand = style.brand_colour
    if brand and colour_validator.regex.match(brand):
        text = style.brand_text_colour
        hover = _darker(brand)
        pairs += [
            ("--bh-brand-background-color", brand),
            ("--bh-brand-color", text),
            ("--utrecht-button-primary-action-background-color", brand),
            ("--utrecht-button-primary-action-border-color", brand),
            ("--utrecht-button-primary-action-color", text),
            ("--utrecht-button-primary-action-hover-background-color", hover),
            ("--utrecht-button-primary-action-hover-border-color", hover),
            ("--utrecht-button-primary-action-hover-color", text),
            ("--utrecht-button-primary-action-active-background-color", hover),
            ("--utrecht-button-primary-action-active-color", text),
            ("--utrecht-button-primary-action-focus-background-color", hover),
            ("--utrecht-button-primary-action-focus-color", text),
        ]
    link = style.link_colour
    if link and colour_validator.regex.match(link):
        pairs += [
            ("--utrecht-link-color", link),
            ("--utrecht-link-hover-color", _darker(link)),
            ("--utrecht-link-visited-color", link),
        ]
    if style.font_stack:
        pairs += [
            ("--basis-text-font-family-default", style.font_stack),
            ("--basis-heading-font-family", style.font_stack),
            ("--utrecht-document-font-family", style.font_stack),
            ("--bh-font-family", style.font_stack),
        ]
    return pairs


def stylesheet(style, theme_class=None):
    """The stylesheet of ``style`` (text/css)."""
    theme_class = theme_class or settings.THEME_CLASS
    lines = [f"/* Huisstijl: {_comment_safe(style.name)} */", f".{theme_class} {{"]
    lines += [f"  {name}: {value};" for name, value in tokens(style)]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _comment_safe(text):
    return "".join(ch for ch in str(text) if ch.isalnum() or ch in " .,-'()")[:120]
