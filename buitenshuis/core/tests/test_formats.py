# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Amounts, durations and dates in messages and on pages are written the
Dutch way: "€ 12.465,42", "24 maanden", "1 december 2026"."""

import datetime
from decimal import Decimal

from django.utils import translation

from buitenshuis.core.formats import (
    amount_of_time,
    euro,
    format_days,
    format_duration,
    long_date,
    months,
    short_date,
)


def test_a_date_in_running_text_is_written_out_in_the_active_language():
    day = datetime.date(2026, 12, 1)
    with translation.override("nl"):
        assert long_date(day) == "1 december 2026"
    with translation.override("en"):
        assert long_date(day) == "1 December 2026"
    assert long_date(None) == ""


def test_amounts_durations_and_dates_are_written_the_dutch_way():
    with translation.override("nl"):
        assert euro(Decimal("12465.42")) == "€ 12.465,42"
        assert euro(0) == "€ 0,00"
        assert euro(None) == "" and euro("") == ""
        assert months(1) == "1 maand" and months(24) == "24 maanden"
        assert short_date(datetime.date(2026, 12, 1)) == "01-12-2026"


def test_a_moment_is_written_in_local_time():
    moment = datetime.datetime(2026, 12, 1, 13, 5, tzinfo=datetime.UTC)  # 14:05 in Amsterdam
    with translation.override("nl"):
        assert long_date(moment, with_time=True) == "1 december 2026 14:05"
        assert short_date(moment, with_time=True) == "01-12-2026 14:05"
        assert long_date(moment) == "1 december 2026"


def test_a_length_of_time_is_in_hours_below_two_days_else_in_days():
    with translation.override("nl"):
        assert format_duration(datetime.timedelta(hours=47, minutes=59)) == "47 uur"
        assert format_duration(datetime.timedelta(days=3, hours=5)) == "3 dagen"
        assert format_duration(None) == ""
        assert format_days(datetime.timedelta(days=1)) == "1 dag"
        assert format_days(datetime.timedelta(days=0)) == "0 dagen"
        assert format_days(None) == ""
        assert amount_of_time(48, "hours") == "48 uur"
        assert amount_of_time(1, "days") == "1 dag"
        assert amount_of_time(14, "days") == "14 dagen"
    with translation.override("en"):
        assert format_duration(datetime.timedelta(hours=30)) == "30 hours"
        assert amount_of_time(1, "days") == "1 day"
