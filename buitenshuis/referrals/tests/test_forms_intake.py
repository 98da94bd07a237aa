# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A parent's date of birth the referrer did not know: every page still
works, and the intake completes it ("People can be reached")."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from buitenshuis.casework.models import Person
from buitenshuis.referrals.models import LegalBasis
from buitenshuis.referrals.tests.factories import make_referral
from buitenshuis.referrals.tests.test_decision import url


def test_the_intake_completes_an_unknown_parent_birth_date(client, sign_in, world):
    pin = world.users["linking_pin"]
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=pin, parents=2, child_ages=(3, 13)
    )
    unknown = referral.family.members.filter(kind=Person.Kind.PARENT).first()
    unknown.date_of_birth = None
    unknown.phone = "06 12345678"
    unknown.interpreter_needed, unknown.interpreter_language = True, "Tigrinya"
    unknown.save()
    sign_in(pin)
    # The pages that show parents work without the date.
    for page in (
        url("detail", referral.pk),
        url("consent", referral.pk),
        reverse("casework:family_detail", args=[referral.family_id]),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
    family_page = client.get(reverse("casework:family_detail", args=[referral.family_id]))
    assert "onbekend" in family_page.content.decode()
    assert "Tigrinya" in family_page.content.decode()

    page = client.get(url("intake", referral.pk)).content.decode()
    assert f"Geboortedatum van {unknown}" in page
    data = {
        "held_on": timezone.localdate().isoformat(),
        "conversation": "Gesprek.",
        "legal_basis": LegalBasis.CONSENT,
        f"date_of_birth_{unknown.pk}": (timezone.localdate() + datetime.timedelta(1)).isoformat(),
    }
    response = client.post(url("intake", referral.pk), data)
    assert response.status_code == 200
    assert "De geboortedatum ligt in de toekomst." in response.content.decode()
    data[f"date_of_birth_{unknown.pk}"] = "1987-02-03"
    assert client.post(url("intake", referral.pk), data).status_code == 302
    unknown.refresh_from_db()
    assert unknown.date_of_birth == datetime.date(1987, 2, 3)
    # Known now: the intake no longer asks.
    assert "Geboortedatum van" not in client.get(url("intake", referral.pk)).content.decode()


def test_the_referral_page_shows_how_to_reach_referrer_linking_pin_and_parents(
    client, sign_in, world
):
    pin, referrer = world.users["linking_pin"], world.users["referrer"]
    pin.phone, referrer.phone = "06 11122233", "020 1234567"
    pin.save()
    referrer.save()
    referral = make_referral(world.programme, referrer, linking_pin=pin)
    parent = referral.family.members.filter(kind=Person.Kind.PARENT).first()
    parent.email = "ouder@example.org"
    parent.save()
    for user in (pin, world.users["coordinator"]):
        sign_in(user)
        page = client.get(url("detail", referral.pk)).content.decode()
        assert 'href="tel:0611122233"' in page and 'href="tel:0201234567"' in page
        assert "mailto:ouder@example.org" in page
    family_page = client.get(reverse("casework:family_detail", args=[referral.family_id]))
    assert 'href="tel:0611122233"' in family_page.content.decode()


def test_dutch_amounts_durations_and_dates():
    from django.utils import translation

    from buitenshuis.portal.templatetags import dutch

    with translation.override("nl"):
        assert dutch.euro(Decimal("12465.42")) == "€ 12.465,42"
        assert dutch.euro(0) == "€ 0,00"
        assert dutch.maanden(24) == "24 maanden" and dutch.maanden(1) == "1 maand"
        assert dutch.datum(datetime.date(2026, 12, 1)) == "1 december 2026"
        assert dutch.datum_kort(datetime.date(2026, 12, 1)) == "01-12-2026"
        assert dutch.datum(None) == "" and dutch.euro(None) == ""


def test_every_table_scrolls_on_a_phone_and_every_date_uses_the_filters():
    """No template formats a date by hand, and every table is drawn by the
    scrolltable component, so it sits in the scrollable region
    (docs/architecture.md)."""
    from pathlib import Path

    from django.conf import settings

    templates = Path(settings.BASE_DIR) / "templates"
    assert len(list(templates.rglob("*.html"))) > 40
    for path in templates.rglob("*.html"):
        text = path.read_text()
        # A PDF, not a screen: the decision letter, and the documents of the
        # project plan and the council report (``*_document.html``).
        if path.name in ("letter.html", "letter_body.html") or path.name.endswith("_document.html"):
            continue
        if path.parent.name != "components":
            assert "<table" not in text and "bh-table-scroll" not in text, path
        assert '|date:"j F Y' not in text, path
