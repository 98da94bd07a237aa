# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Calendar arithmetic shared by the apps."""

import datetime


def add_months(day, months):
    """``day`` moved ``months`` calendar months (negative: back), on the same
    day of the month or, when that month is shorter, its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)
