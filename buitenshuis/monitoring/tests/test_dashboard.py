# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The dashboard and the rows behind its figures, on the indicators'
fixed data set (``test_indicators.data``): who sees which level, that a
figure's list shows exactly the rows it counts, and that the dashboard's
queries do not grow with other programmes' families."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buitenshuis.referrals.models import Route
from buitenshuis.referrals.tests.factories import ReferralFactory

DASHBOARD = reverse("monitoring:dashboard")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def link_for(html, text_before):
    """The href of the link in the table row headed ``text_before``."""
    at = html.index(f'scope="row">{text_before}<')
    return re.search(r'href="([^"]+)"', html[at:]).group(1).replace("&amp;", "&")


def row_count(html):
    return int(re.search(r'id="bh-result-count" role="status">(\d+) rij', html).group(1))


def test_the_coordinator_sees_the_programme_exactly(data, client, sign_in):
    sign_in(data.coordinator)
    html = page(client, f"{DASHBOARD}?programme={data.a.pk}&jaar=2026")
    assert "Aanmeldingen per route" in html
    assert 'role="img"' in html and "<title" in html
    assert "&lt;5" not in html  # exact inside the programme


def test_a_figure_links_to_exactly_its_rows(data, client, sign_in):
    sign_in(data.coordinator)
    html = page(client, f"{DASHBOARD}?programme={data.a.pk}&jaar=2026")
    chart = html[html.index('id="grafiek-referrals-by-route-referrals-heading"') :]
    # Social team: 6 referrals in 2026 (r0-r5).
    url = link_for(chart, "Sociaal (wijk)team")
    assert "cel=social_team" in url
    rows = page(client, url)
    assert row_count(rows) == 6
    for referral in data.r[:6]:
        assert referral.family.reference in rows
    # The total: the 11 referrals of 2026, not the one of 2025.
    total = link_for(chart, "Totaal")
    assert row_count(page(client, total)) == 11


def test_the_decisions_figure_and_its_list_agree(data, client, sign_in):
    sign_in(data.policy_officer)
    html = page(client, f"{DASHBOARD}?programme={data.a.pk}&jaar=2026")
    chart = html[html.index('id="grafiek-decisions-decisions-heading"') :]
    url = link_for(chart, "Afgewezen")
    assert row_count(page(client, url)) == 2  # r6 and r7
    assert row_count(page(client, link_for(chart, "Toegekend"))) == 6


def test_the_closures_list_agrees_with_its_figure(data, client, sign_in):
    sign_in(data.coordinator)
    html = page(client, f"{DASHBOARD}?programme={data.a.pk}&jaar=2026")
    chart = html[html.index('id="grafiek-closures-reason-heading"') :]
    url = link_for(chart, "Totaal")
    assert row_count(page(client, url)) == 1


def test_a_linking_pin_sees_only_their_own_caseload(data, client, sign_in):
    sign_in(data.lp1)  # r0 and r1
    html = page(client, f"{DASHBOARD}?programme={data.a.pk}&jaar=2026")
    assert "uw eigen gezinnen" in html
    assert "Getrainde linking pins" not in html  # programme-wide
    chart = html[html.index('id="grafiek-referrals-by-route-referrals-heading"') :]
    rows = page(client, link_for(chart, "Totaal"))
    assert row_count(rows) == 2
    assert data.r[2].family.reference not in rows
    # No figures above the programme for a linking pin.
    assert client.get(f"{DASHBOARD}?niveau=regio").status_code == 403
    assert client.get(reverse("monitoring:council_report")).status_code == 403


def test_another_programmes_figures_are_a_404(data, client, sign_in):
    sign_in(data.coordinator)
    assert client.get(f"{DASHBOARD}?programme={data.b.pk}").status_code == 404
    url = reverse("monitoring:indicator_rows", args=["referrals_by_route", "referrals"])
    assert client.get(f"{url}?programme={data.b.pk}&jaar=2026").status_code == 404


def test_above_the_programme_only_suppressed_aggregates(data, client, sign_in):
    sign_in(data.researcher)
    html = page(client, f"{DASHBOARD}?niveau=regio&jaar=2026")
    assert "&lt;5" in html
    assert reverse("monitoring:indicator_rows", args=["decisions", "decisions"]) not in html
    # Not the programme's exact figures, nor the rows.
    assert client.get(f"{DASHBOARD}?niveau=programma").status_code == 403
    url = reverse("monitoring:indicator_rows", args=["decisions", "decisions"])
    assert client.get(f"{url}?jaar=2026").status_code == 403
    # A custom period above the programme is ignored: always a calendar year.
    html = page(client, f"{DASHBOARD}?niveau=landelijk&van=2026-03-01&tot=2026-03-31")
    assert "1 januari 2026 tot en met 31 december 2026" in html


def test_the_dashboard_does_not_slow_down_with_other_programmes(data, client, sign_in):
    sign_in(data.coordinator)
    url = f"{DASHBOARD}?programme={data.a.pk}&jaar=2026"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(6):
        ReferralFactory(programme=data.b, route=Route.SCHOOL)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_the_policy_officer_sees_no_rows_beyond_the_programme(data, client, sign_in):
    sign_in(data.policy_officer)
    url = reverse("monitoring:indicator_rows", args=["referrals_by_route", "referrals"])
    rows = page(client, f"{url}?programme={data.a.pk}&jaar=2026")
    assert row_count(rows) == 11
    for referral in data.b.referrals.all():
        assert referral.family.reference not in rows
    # Only figures with rows behind them have a list.
    for key, name in (("children_by_age_band", "children"), ("decisions", "nothing")):
        url = reverse("monitoring:indicator_rows", args=[key, name])
        assert client.get(f"{url}?programme={data.a.pk}").status_code == 404


def test_a_municipalitys_figures_for_whoever_sees_above_the_programme(data, client, sign_in):
    """The coordinator and the researcher open a municipality of their
    region: its figures, suppressed, from the summary; the same as the
    indicators give for it, with a council report of that municipality."""
    for user in (data.coordinator, data.researcher):
        sign_in(user)
        html = page(client, f"{DASHBOARD}?niveau=gemeente&gemeente={data.mb.pk}&jaar=2026")
        assert str(data.mb.name) in html
        # Municipality B has four referrals: on its own "<5"; beside its
        # region (six referred by a GP, two of them in A) "x", since the six
        # minus B's "<5" would put A's two at 2-4 (geographic suppression).
        totals = re.findall(
            r'scope="row">Totaal</th>\s*<td class="utrecht-table__cell">([^<]*)<', html
        )
        assert totals[:2] == ["x", "x"]  # referrals by route and by referrer type
        assert f"niveau=gemeente&amp;gemeente={data.mb.pk}" in html  # the council report
        assert reverse("monitoring:indicator_rows", args=["decisions", "decisions"]) not in html


def test_a_municipality_outside_the_users_regions_is_a_404(data, client, sign_in):
    from buitenshuis.organisations.tests.factories import MunicipalityFactory

    elsewhere = MunicipalityFactory()
    sign_in(data.coordinator)
    url = f"{DASHBOARD}?niveau=gemeente&gemeente={elsewhere.pk}&jaar=2026"
    assert client.get(url).status_code == 404
    assert client.get(f"{DASHBOARD}?niveau=gemeente&gemeente=abc").status_code == 404


def test_a_linking_pin_sees_no_municipality(data, client, sign_in):
    sign_in(data.lp1)
    url = f"{DASHBOARD}?niveau=gemeente&gemeente={data.ma.pk}&jaar=2026"
    assert client.get(url).status_code == 403
