# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""htmx on top of pages that work without it (issue 10): the list search
asks the same page and takes its results; an htmx request whose session
ended loads the sign-in page as a whole page; htmx keeps no copy of a page
in the browser's storage and needs no inline script or style."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_a_list_search_without_javascript_is_a_plain_get_form(world, client, sign_in):
    sign_in(world.users["coordinator"])
    body = client.get(reverse("casework:family_list"), {"q": "zzz"}).content.decode()
    form = re.search(r'<form method="get" class="bh-search" role="search"[^>]*>', body).group(0)
    # htmx asks the list's own address (not the current one with its
    # page number) and takes the results and their count from the answer.
    assert f'hx-get="{reverse("casework:family_list")}"' in form
    assert 'hx-select="#bh-results"' in form and 'hx-target="#bh-results"' in form
    assert 'hx-select-oob="#bh-result-count:innerHTML"' in form
    assert 'hx-push-url="true"' in form
    assert 'id="bh-results"' in body
    assert '<p class="utrecht-paragraph" id="bh-result-count" role="status">0 gezinnen</p>' in body


def test_every_list_with_a_search_form_has_the_regions_it_fills():
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text()
        if "{% searchform" in source:
            assert 'id="bh-results"' in source, template
            assert 'id="bh-result-count"' in source, template


def test_an_htmx_request_after_the_session_ended_loads_the_sign_in_page(world, client):
    url = reverse("casework:family_list")
    # Without htmx: the usual redirect.
    plain = client.get(url, {"q": "Pietersen"})
    assert plain.status_code == 302 and plain.url.startswith(reverse("accounts:login"))
    # With htmx: an answer htmx turns into loading the sign-in page.
    response = client.get(url, {"q": "Pietersen"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == plain.url
    assert "Location" not in response


def test_other_redirects_to_htmx_are_left_alone(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = client.get("/gezinnen", headers={"HX-Request": "true"})  # no slash
    assert response.status_code == 301 and "HX-Redirect" not in response


def test_htmx_keeps_no_page_in_the_browser_and_needs_no_inline_code(world, client, sign_in):
    sign_in(world.users["coordinator"])
    body = client.get(reverse("portal:start")).content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", body)[1])
    # No copy of a page (names, BSNs) in localStorage for the back button.
    assert config["historyCacheSize"] == 0 and config["refreshOnHistoryMiss"] is True
    # Nothing a Content-Security-Policy without unsafe-inline/eval blocks.
    assert config["includeIndicatorStyles"] is False and config["allowEval"] is False
    assert "hx-on" not in body
