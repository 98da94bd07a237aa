# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The list components render the same markup on every list."""

from django.core.paginator import Paginator
from django.template import RequestContext, Template
from django.test import RequestFactory


def render(source, **context):
    request = RequestFactory().get("/gezinnen/", {"q": "Pietersen"})
    return Template(source).render(RequestContext(request, context))


def test_a_listing_with_rows_is_a_scrolling_region_with_page_links():
    page = Paginator(list(range(30)), 25).page(1)
    html = render(
        "{% listing rows 'Geen gezinnen gevonden.' %}<tbody>{% for r in rows %}"
        "<tr><td>{{ r }}</td></tr>{% endfor %}</tbody>{% endlisting %}",
        rows=page.object_list,
        page_obj=page,
        paginator=page.paginator,
        is_paginated=True,
    )
    assert 'class="bh-table-scroll" role="region"' in html
    assert 'tabindex="0"' in html
    assert 'aria-label="Tabel, schuift opzij op een smal scherm"' in html
    assert '<table class="utrecht-table"><tbody><tr><td>0</td></tr>' in html
    assert "Pagina 1 van 2" in html
    # The next page keeps the search.
    assert "q=Pietersen&amp;page=2" in html
    assert "Geen gezinnen gevonden." not in html


def test_an_empty_listing_says_so_in_dutch_and_draws_no_table():
    html = render(
        "{% listing rows 'Geen gezinnen gevonden.' %}<tbody></tbody>{% endlisting %}", rows=[]
    )
    assert "Geen gezinnen gevonden." in html
    assert "<table" not in html


def test_a_scrolltable_can_be_named_after_its_heading():
    html = render('{% scrolltable labelledby="resultaten" %}<tbody></tbody>{% endscrolltable %}')
    # Both the scrolling region and the table are named by the heading.
    assert '<div class="bh-table-scroll" role="region" aria-labelledby="resultaten"' in html
    assert '<table class="utrecht-table" aria-labelledby="resultaten">' in html
    assert "aria-label=" not in html


def test_the_search_form_keeps_the_query_and_takes_extra_filters():
    html = render(
        "{% searchform 'Zoek op kenmerk' %}"
        '{% include "components/select_filter.html" with name="status" label="Status" '
        'all_label="Alle statussen" choices=choices selected="b" %}{% endsearchform %}',
        query="Pietersen",
        choices=[("a", "Ontvangen"), ("b", "Besloten")],
    )
    assert 'role="search"' in html
    assert 'value="Pietersen"' in html
    assert '<label class="utrecht-form-label" for="status">Status</label>' in html
    assert '<option value="b" selected>Besloten</option>' in html
    assert html.index('id="status"') < html.index("Zoeken")
