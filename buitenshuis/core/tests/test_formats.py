"""Dates in messages are written as on the pages: "1 december 2026"."""

import datetime

from django.utils import translation

from buitenshuis.core.formats import long_date


def test_a_date_in_running_text_is_written_out_in_the_active_language():
    day = datetime.date(2026, 12, 1)
    with translation.override("nl"):
        assert long_date(day) == "1 december 2026"
    with translation.override("en"):
        assert long_date(day) == "1 December 2026"
    assert long_date(None) == ""
