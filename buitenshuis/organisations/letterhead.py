# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A municipality's letterhead for the documents the product prints: the
decision letter (``referrals.letter``) and the programme's project plan
(``programmes.plan``). One mechanism, so both look like the municipality:
its name, postal address, logo, and the house style's brand colour."""

import base64
import mimetypes
from dataclasses import dataclass, field

from buitenshuis.organisations.models import colour_validator


@dataclass
class Letterhead:
    name: str
    address_lines: list = field(default_factory=list)
    phone: str = ""
    website: str = ""
    logo: str = ""  # a data: URI, so neither the PDF nor the preview fetch a URL
    # The house style's brand colour (#rrggbb, validated) for the headings
    # and rules, or "" for black.
    colour: str = ""


def letterhead(municipality, programme=None):
    """The municipality's letterhead. Its house style, else the programme's
    (``organisations.HouseStyle``), gives the colour, and the logo when the
    municipality has no letterhead logo of its own."""
    style = municipality.house_style or (programme.house_style if programme else None)
    logo = logo_data_uri(municipality.logo)
    if not logo and style is not None:
        logo = logo_data_uri(style.logo)
    return Letterhead(
        name=municipality.name,
        address_lines=municipality.postal_address_lines,
        phone=municipality.phone,
        website=municipality.website,
        logo=logo,
        colour=style.brand_colour
        if style and colour_validator.regex.match(style.brand_colour)
        else "",
    )


def programme_letterhead(programme):
    """The letterhead of a programme's own documents: that of its first
    municipality (by name), or, for a programme without municipalities,
    the programme's name with its house style."""
    municipality = programme.municipalities.order_by("name").first()
    if municipality is not None:
        return letterhead(municipality, programme)
    style = programme.house_style
    return Letterhead(
        name=programme.name,
        logo=logo_data_uri(style.logo) if style else "",
        colour=style.brand_colour
        if style and colour_validator.regex.match(style.brand_colour)
        else "",
    )


def logo_data_uri(logo):
    """An uploaded logo (an image field's file) as a data: URI; empty when
    there is none or the file is missing from MEDIA_ROOT (the letter is
    then without logo)."""
    if not logo:
        return ""
    mime = mimetypes.guess_type(logo.name)[0]
    if mime not in ("image/png", "image/jpeg"):
        return ""
    try:
        with logo.open("rb") as file:
            data = file.read()
    except OSError:
        return ""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
