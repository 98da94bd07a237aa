# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Amounts, durations and dates written the Dutch way (docs/architecture.md
"Dates, amounts and durations"): template filters over ``core.formats``,
which forms and messages use as well. Loaded in every template as a
built-in (settings.TEMPLATES).

- ``{{ amount|euro }}``: "€ 12.465,42"
- ``{{ months|maanden }}``: "1 maand", "24 maanden"
- ``{{ day|datum }}``: "1 december 2026" in text, definition lists, letters
- ``{{ day|datum_kort }}``: "01-12-2026" in table cells
- either with ``:"tijd"``: "1 december 2026 14:05", "01-12-2026 14:05"
"""

from django import template

from buitenshuis.core import formats

register = template.Library()


@register.filter
def euro(value):
    return formats.euro(value)


@register.filter
def maanden(value):
    return formats.months(value)


@register.filter
def datum(value, arg=""):
    return formats.long_date(value, with_time=arg == "tijd")


@register.filter
def datum_kort(value, arg=""):
    return formats.short_date(value, with_time=arg == "tijd")


@register.filter
def maand_jaar(value):
    return formats.month_year(value)
