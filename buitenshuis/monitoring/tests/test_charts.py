# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Server-drawn charts: valid SVG that a screen reader can name, bars in
proportion, a suppressed count never drawn at its size, no inline style
(the Content-Security-Policy), and labels escaped."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.monitoring.charts import LABEL_WIDTH, VALUE_WIDTH, WIDTH, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(str(markup))


def test_bars_are_in_proportion_and_named():
    svg = parse(bar_chart("c1", "Aanmeldingen per route", [("Sociaal team", 10), ("School", 5)]))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c1-title"
    assert svg.find(f"{SVG}title").text == "Aanmeldingen per route"
    widths = [int(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    assert widths == [plot, plot // 2]


def test_a_suppressed_count_is_a_stub_with_its_text():
    svg = parse(bar_chart("c2", "Kinderen", [("0-3", 12), ("4-11", "<5")]))
    rects = list(svg.iter(f"{SVG}rect"))
    assert int(rects[1].get("width")) == 4
    assert "bh-chart__bar--suppressed" in rects[1].get("class")
    assert "<5" in [text.text for text in svg.iter(f"{SVG}text")]


def test_labels_are_escaped_and_no_style_is_inline():
    markup = str(bar_chart("c3", "T", [("<script>alert(1)</script>", 3)]))
    assert "<script>" not in markup and "style=" not in markup
    parse(markup)


@given(
    st.lists(
        st.tuples(
            st.text(max_size=30),
            st.one_of(
                st.integers(min_value=0, max_value=10**6),
                st.decimals(min_value=0, max_value=10**4, places=1),
                st.just("<5"),
            ),
        ),
        max_size=12,
    )
)
def test_any_series_gives_valid_svg_within_the_plot(series):
    svg = parse(bar_chart("c4", "Reeks", series))
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    for rect in svg.iter(f"{SVG}rect"):
        assert 0 <= int(rect.get("width")) <= plot
    assert len(list(svg.iter(f"{SVG}rect"))) == len(series)
    assert all(isinstance(v, (int, Decimal, str)) for _label, v in series)
