# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Validators used by every form and rule that takes a name, a telephone
number or a free text ("Forms and screens that cost time today").

One place, so that a family name, a parent's name and a referrer's name are
checked the same way everywhere."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Free text (worries, a conversation report, a reason): long enough for a
# page of text, short enough to read. Short reasons and remarks get less.
FREE_TEXT_MAX = 2000
SHORT_TEXT_MAX = 500

# Characters a name may hold besides letters (and combining accents):
# space, hyphen, apostrophes (typewriter, typographic, the Hawaiian
# ʻokina is a letter itself) and a full stop for initials ("J.P.").
NAME_PUNCTUATION = frozenset(" -'’.")
NAME_MESSAGE = _(
    "Een naam bestaat uit letters, met eventueel spaties, koppeltekens (-), apostrofs (') "
    'of punten; geen cijfers of tekens als < > " { }.'
)


def name_error(value):
    """The Dutch message when ``value`` is not a name, else None. Accepts
    every letter of every script (José, Özdemir, Nguyễn, Ødegård), and
    hyphens, apostrophes, spaces and full stops between them."""
    value = unicodedata.normalize("NFC", value.strip())
    if not value:
        return None
    if not unicodedata.category(value[0]).startswith("L"):
        return NAME_MESSAGE
    for char in value:
        category = unicodedata.category(char)
        if category.startswith("L") or category.startswith("M"):
            continue
        if char in NAME_PUNCTUATION:
            continue
        return NAME_MESSAGE
    return None


def validate_name(value):
    """Django validator for every name field (persons, family, referrer)."""
    message = name_error(value)
    if message:
        raise ValidationError(message, code="name")


# Dutch telephone numbers: 06 mobile, landlines with a 2- to 4-digit area
# code (010, 0297), 0800/0900/085/088 service and business numbers, each
# with +31 or 0031 instead of the leading 0. Spaces, hyphens, dots and a
# "(0)" are allowed while typing; the number is stored as typed, tidied.
PHONE_RE = re.compile(r"(?:\+31|0031|0)([1-9]\d{8})")
PHONE_MESSAGE = _(
    "Vul een Nederlands telefoonnummer in van 10 cijfers, bijvoorbeeld 06 12345678, "
    "030 1234567 of +31 6 12345678."
)


def normalise_phone(value):
    """The number in one written form (``06 12345678``, ``030 1234567``), or
    None when it is not a Dutch telephone number."""
    digits = re.sub(r"[\s\-.()/]", "", value.replace("(0)", ""))
    found = PHONE_RE.fullmatch(digits)
    if not found:
        return None
    national = "0" + found.group(1)
    if national.startswith("06") or national[:4] in ("0800", "0900", "0909", "0906"):
        split = 2 if national.startswith("06") else 4
    elif national[:3] in ("010", "013", "015", "020", "023", "024", "026", "030", "033", "035"):
        split = 3
    elif national[:3] in ("036", "038", "040", "043", "045", "046", "050", "053", "055"):
        split = 3
    elif national[:3] in ("058", "070", "071", "072", "073", "074", "075", "076", "077"):
        split = 3
    elif national[:3] in ("078", "079", "085", "088", "091", "097"):
        split = 3
    else:
        split = 4
    return f"{national[:split]} {national[split:]}"


def validate_phone(value):
    if value and normalise_phone(value) is None:
        raise ValidationError(PHONE_MESSAGE, code="phone")


def length_error(label, value, limit):
    """The Dutch message when ``value`` is longer than ``limit``, else None."""
    if value and len(value) > limit:
        return _("%(label)s is %(length)s tekens; het maximum is %(limit)s.") % {
            "label": label,
            "length": len(value),
            "limit": limit,
        }
    return None
