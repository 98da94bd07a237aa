# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The project plan: the programme's choices as a page and as a PDF/A in
the municipality's look, read back with pdftotext (poppler-utils)."""

import datetime
import re
import shutil
import subprocess
import zlib
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.organisations.models import OrganisationType
from buitenshuis.organisations.tests.factories import MunicipalityFactory, OrganisationFactory
from buitenshuis.programmes import rules
from buitenshuis.programmes.models import (
    CapacityKind,
    Decider,
    MeetingKind,
    PartnerRole,
    ProgrammeSettings,
    SetupTask,
    TargetGroup,
)
from buitenshuis.programmes.tests.factories import (
    ProgrammeMeetingFactory,
    ProgrammePartnerFactory,
)


def pdf_text(pdf):
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed to read the plan"
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def xmp(pdf):
    """The PDF's XMP metadata (the stream may be compressed)."""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        data = match.group(1)
        try:
            data = zlib.decompress(data)
        except zlib.error:
            pass
        if b"<x:xmpmeta" in data:
            return data.decode()
    return ""


@pytest.fixture
def configured(world):
    """Programme A with its choices made: a budget ceiling, the linking pin
    deciding, a contribution policy, two partners (one signed), a kick-off,
    and two tasks done."""
    programme = world.programme
    municipality = programme.municipalities.order_by("name").first() or MunicipalityFactory()
    programme.municipalities.add(municipality)
    municipality.postal_address = "Postbus 77\n9999 ZZ Verzonnenstad"
    municipality.save()
    ProgrammeSettings.objects.update_or_create(
        programme=programme,
        defaults={
            "target_groups": [TargetGroup.KOPP, TargetGroup.KOV],
            "inclusion_criteria": ["Verzonnen criterium voor het plan"],
            "referrer_types": [OrganisationType.SCHOOL],
            "decider": Decider.LINKING_PIN,
            "capacity_kind": CapacityKind.BUDGET,
            "budget_ceiling": Decimal("400000.00"),
            "cost_per_family": Decimal("40000.00"),
            "contribution_policy": "Geen ouderbijdrage in de eerste twee jaar.",
        },
    )
    ProgrammePartnerFactory(
        programme=programme,
        organisation=OrganisationFactory(name="Wijkteam Verzonnen Noord"),
        role=PartnerRole.REFERRER,
        declaration_signed_on=datetime.date(2026, 3, 2),
    )
    ProgrammePartnerFactory(
        programme=programme,
        organisation=OrganisationFactory(name="BSO De Verzonnen Vlinder"),
        role=PartnerRole.EXECUTION,
    )
    ProgrammeMeetingFactory(
        programme=programme,
        kind=MeetingKind.KICK_OFF,
        starts_at=timezone.now() - datetime.timedelta(days=30),
    )
    tasks = rules.checklist(programme)
    SetupTask.objects.filter(pk__in=[tasks[0].pk, tasks[1].pk]).update(done=True)
    return world


@pytest.mark.django_db
def test_the_plan_pdf_states_the_programmes_choices(configured, client, sign_in):
    sign_in(configured.users["coordinator"])
    response = client.get(reverse("programmes:plan_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-1.7")
    assert 'pdfaid:part="3"' in xmp(pdf)  # PDF/A, as the decision letter
    text = pdf_text(pdf)
    for expected in (
        "Projectplan Buitenshuisproject",
        "Programma A",
        "Postbus 77 9999 ZZ Verzonnenstad",  # the municipality's letterhead
        "KOPP: ouders met psychiatrische problemen",
        "Verzonnen criterium voor het plan",
        "School",
        "De linking pin, onder mandaat",
        "Budgetplafond: € 400.000,00",
        "10 gezinnen binnen het plafond",
        "Geen ouderbijdrage in de eerste twee jaar.",
        "Wijkteam Verzonnen Noord (verwijzer)",
        "intentieverklaring getekend op 2 maart 2026",
        "BSO De Verzonnen Vlinder (uitvoering)",
        "intentieverklaring nog niet getekend",
        "1 van 2 partners hebben de intentieverklaring getekend",
        "Startbijeenkomst:",
        "Besluit binnen: 14 dagen",
        "2 van de 18 taken uit de checklist zijn gedaan",
        "Verkennen: 2 van 7 gedaan",
    ):
        assert expected in text, expected


@pytest.mark.django_db
def test_the_plan_page_shows_the_budget_only_to_who_may_see_it(configured, client, sign_in):
    sign_in(configured.users["policy_officer"])
    page = client.get(reverse("programmes:plan")).content.decode()
    assert "Budgetplafond" in page and "Wijkteam Verzonnen Noord" in page
    sign_in(configured.users["linking_pin"])
    page = client.get(reverse("programmes:plan")).content.decode()
    assert "Wijkteam Verzonnen Noord" in page
    assert "Budgetplafond" not in page and "400.000" not in page
    text = pdf_text(client.get(reverse("programmes:plan_pdf")).content)
    assert "400.000" not in text and "Wijkteam Verzonnen Noord" in text


@pytest.mark.django_db
def test_another_programmes_plan_is_a_404(configured, client, sign_in):
    sign_in(configured.other_coordinator)
    query = f"?programme={configured.programme.pk}"
    assert client.get(reverse("programmes:plan") + query).status_code == 404
    assert client.get(reverse("programmes:plan_pdf") + query).status_code == 404
