# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Amounts, durations and dates written the Dutch way, in one place: in
running text (messages, e-mails, letters), in forms, and in templates,
whose filters (``portal.templatetags.dutch``) call these functions.

- ``euro(12465.42)``: "€ 12.465,42"
- ``months(24)``: "24 maanden" ("1 maand")
- ``long_date(day)``: "1 december 2026", month names in the active language
- ``short_date(day)``: "01-12-2026", for table cells
- ``month_year(day)``: "december 2026", a calendar month (totals per month)
- either with ``with_time=True``: "1 december 2026 14:05" (local time)
- ``amount_of_time(48, "hours")``: "48 uur" ("1 dag", "7 dagen" with "days")
- ``format_duration(delta)``: a timedelta in hours below two days, else days
- ``format_days(delta)``: a difference between two days, in days
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.translation import ngettext


def euro(value):
    """ "€ 12.465,42"; "" for None or ""; anything that is not a number is
    returned as it is."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    return "€ " + number_format(amount, 2, force_grouping=True)


def months(value):
    """ "1 maand", "24 maanden"; "" for None or ""."""
    if value is None or value == "":
        return ""
    count = int(value)
    return ngettext("%(n)s maand", "%(n)s maanden", count) % {"n": count}


def _format(value, day_format, with_time):
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, f"{day_format} H:i" if with_time else day_format)
    return date_format(value, day_format)


def long_date(value, with_time=False):
    """ "1 december 2026" (or "1 December 2026" in English); "" for None."""
    return _format(value, "j F Y", with_time)


def short_date(value, with_time=False):
    """ "01-12-2026"; "" for None."""
    return _format(value, "d-m-Y", with_time)


def month_year(value):
    """ "december 2026" (the month of ``value``); "" for None."""
    return _format(value, "F Y", False)


def amount_of_time(amount, unit):
    """A number of ``unit`` ("hours" or "days"): "48 uur", "1 dag", "7 dagen"."""
    if unit == "hours":
        return ngettext("%(count)d uur", "%(count)d uur", amount) % {"count": amount}
    if unit == "days":
        return ngettext("%(count)d dag", "%(count)d dagen", amount) % {"count": amount}
    raise ValueError(unit)


def format_duration(delta):
    """A timedelta: in hours below two days, else in whole days; "" for None."""
    if delta is None:
        return ""
    hours = int(delta.total_seconds() // 3600)
    if hours < 48:
        return amount_of_time(hours, "hours")
    return amount_of_time(delta.days, "days")


def format_days(delta):
    """A difference between two days, in days; "" for None."""
    if delta is None:
        return ""
    return amount_of_time(delta.days, "days")
