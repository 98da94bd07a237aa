# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Charts drawn on the server as SVG: no JavaScript, no third-party
library, no inline style (the Content-Security-Policy allows none), so the
colours come from classes in ``buitenshuis.css`` (``bh-chart__*``) and
follow the installation's theme.

A chart is always shown with its table beside it (``templates/monitoring/
_chart.html``): the SVG is ``role="img"`` with a title naming what it
shows, and the table is what a screen reader reads. A value may be a
number or a suppressed count (a string such as "<5", from
``monitoring.suppression``): a suppressed bar is drawn as a short hatched
stub at the height of 0 with the text beside it, never at a height that
would reveal the number."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import mark_safe

WIDTH = 640
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
VALUE_WIDTH = 90
# The text's size as a presentation attribute (not a style): the screen's
# stylesheet overrides it; a renderer without it (WeasyPrint, for the
# council report's PDF) uses it, so a long label stays inside the chart.
FONT_SIZE = 11


@dataclass(frozen=True)
class Bar:
    label: str
    value: object  # int, Decimal or a suppressed text such as "<5"

    @property
    def suppressed(self):
        return isinstance(self.value, str)


# Characters XML does not allow: controls, lone surrogates, U+FFFE and U+FFFF.
NOT_IN_XML = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")


def _printable(text):
    """``text`` without control characters, which XML does not allow."""
    return NOT_IN_XML.sub("", str(text))


def _number(value):
    return Decimal(value) if not isinstance(value, str) else Decimal(0)


def _text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def bar_chart(chart_id, title, bars):
    """A horizontal bar chart of ``bars`` (``Bar`` or (label, value)
    pairs) as safe SVG markup, ``chart_id`` unique on the page."""
    bars = [bar if isinstance(bar, Bar) else Bar(*bar) for bar in bars]
    top = max((_number(bar.value) for bar in bars), default=Decimal(0))
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(len(bars), 1) * (BAR_HEIGHT + GAP) + GAP
    rows = []
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        if bar.suppressed or top <= 0:
            length = 4 if bar.suppressed else 0
        else:
            length = int(_number(bar.value) / top * plot)
        klass = "bh-chart__bar bh-chart__bar--suppressed" if bar.suppressed else "bh-chart__bar"
        rows.append(
            format_html(
                '<text class="bh-chart__label" x="{}" y="{}" text-anchor="end" '
                'font-size="{}">{}</text>'
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}"></rect>'
                '<text class="bh-chart__value" x="{}" y="{}" font-size="{}">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 6,
                FONT_SIZE,
                _printable(bar.label),
                klass,
                LABEL_WIDTH,
                y,
                length,
                BAR_HEIGHT,
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT - 6,
                FONT_SIZE,
                _text(bar.value),
            )
        )
    return format_html(
        '<svg class="bh-chart" id="{}" role="img" aria-labelledby="{}-title" '
        'viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id,
        chart_id,
        WIDTH,
        height,
        chart_id,
        _printable(title),
        mark_safe("".join(rows)),  # each row escaped by format_html
    )
