# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Calendar arithmetic shared by the apps."""

import datetime
from decimal import Decimal


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


def months_between(start, end):
    """The length of the period from ``start`` to ``end`` inclusive in
    months, as an exact decimal to two places (30.4375 days a month): what
    a placement's tariff per month and a parental contribution are
    multiplied by."""
    days = (end - start).days + 1
    return (Decimal(days) / DAYS_PER_MONTH).quantize(Decimal("0.01"))


DAYS_PER_MONTH = Decimal("30.4375")
