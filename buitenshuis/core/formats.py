"""Dates in running text (messages, e-mails, letters) written the Dutch
way: "1 december 2026", with month names in the active language. Templates
use the filters of ``portal.templatetags.dutch``, which format the same."""

from django.utils.dateformat import format as date_format


def long_date(day):
    """ "1 december 2026" (or "1 December 2026" in English); "" for None."""
    return date_format(day, "j F Y") if day else ""
