"""Amounts, durations and dates written the Dutch way, in one place (issue 7;
docs/architecture.md "Dates, amounts and durations"). Loaded in every
template as a built-in (settings.TEMPLATES).

- ``{{ amount|euro }}``: "€ 12.465,42"
- ``{{ months|maanden }}``: "1 maand", "24 maanden"
- ``{{ day|datum }}``: "1 december 2026" in text, definition lists, letters
- ``{{ day|datum_kort }}``: "01-12-2026" in table cells
- either with ``:"tijd"``: "1 december 2026 14:05", "01-12-2026 14:05"
"""

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def euro(value):
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    return "€ " + number_format(amount, 2, force_grouping=True)


@register.filter
def maanden(value):
    if value is None or value == "":
        return ""
    months = int(value)
    return ngettext("%(n)s maand", "%(n)s maanden", months) % {"n": months}


def _format(value, day_format, with_time):
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, f"{day_format} H:i" if with_time else day_format)
    return date_format(value, day_format)


@register.filter
def datum(value, arg=""):
    return _format(value, "j F Y", arg == "tijd")


@register.filter
def datum_kort(value, arg=""):
    return _format(value, "d-m-Y", arg == "tijd")
