# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The council report: always suppressed, a calendar year, for the
coordinator and the policy officer of the programme and at region level
for who may; its PDF/A read back with pdftotext (poppler-utils)."""

import shutil
import subprocess

from django.urls import reverse

from buitenshuis.programmes.tests.test_plan import xmp

REPORT = reverse("monitoring:council_report")
PDF = reverse("monitoring:council_report_pdf")


def pdf_text(pdf):
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed to read the report"
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_the_report_page_is_suppressed_even_for_the_programme(data, client, sign_in):
    sign_in(data.coordinator)
    response = client.get(f"{REPORT}?programme={data.a.pk}&jaar=2026")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Raadsrapportage 2026" in html
    assert "Aanmeldingen per route" in html
    # Phone: 2 referrals in 2026, published as "<5"; no rows linked.
    assert "&lt;5" in html
    assert reverse("monitoring:indicator_rows", args=["decisions", "decisions"]) not in html
    for referral in data.r:
        assert referral.family.reference not in html


def test_the_report_pdf_reads_back(data, client, sign_in):
    sign_in(data.policy_officer)
    response = client.get(f"{PDF}?programme={data.a.pk}&jaar=2026")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert 'pdfaid:part="3"' in xmp(pdf)  # PDF/A, as the plan
    text = pdf_text(pdf)
    assert "Raadsrapportage Buitenshuisproject 2026" in text
    assert data.a.name in text
    assert "Aanmeldingen per route" in text
    assert "Toegekend en afgewezen" in text
    assert "<5" in text
    # The municipality's letterhead.
    assert data.ma.name in text


def test_who_may_make_which_report(data, client, sign_in):
    # A linking pin: no report at all.
    sign_in(data.lp1)
    assert client.get(REPORT).status_code == 403
    assert client.get(PDF).status_code == 403
    # The researcher: the region's report, never the programme's.
    sign_in(data.researcher)
    assert client.get(f"{REPORT}?niveau=programma&programme={data.a.pk}").status_code == 403
    response = client.get(f"{REPORT}?jaar=2026")
    assert response.status_code == 200
    assert "Regio" in response.content.decode() or data.a.region.name in response.content.decode()
    # A coordinator asking for another programme: 404.
    sign_in(data.coordinator)
    assert client.get(f"{REPORT}?programme={data.b.pk}").status_code == 404
