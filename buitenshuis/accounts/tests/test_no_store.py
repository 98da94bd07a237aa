# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Pages with special-category data must not stay in the browser's cache
after sign-out: every response to a signed-in user carries
``Cache-Control: no-store``; the sign-in steps too; static files are not
affected, and anonymous pages still work."""

import pytest
from django.test import Client
from django.urls import reverse

from buitenshuis.accounts.tests.helpers import device_for, password_step
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import DecisionFactory, make_referral


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def assert_not_stored(response):
    assert {"no-store", "no-cache", "private", "max-age=0"} <= cache_control(response)


@pytest.fixture
def accepted_referral(world):
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=world.users["linking_pin"],
        status=Referral.Status.ACCEPTED,
    )
    DecisionFactory(referral=referral)
    return referral


def test_pages_of_a_signed_in_user_are_not_stored(client, sign_in, world, accepted_referral):
    sign_in(world.users["linking_pin"])
    pages = {
        "start page": reverse("portal:start"),
        "family page": reverse("casework:family_detail", args=[world.own_family.pk]),
        "family list": reverse("casework:family_list"),
        "referral": reverse("referrals:detail", args=[accepted_referral.pk]),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert_not_stored(response)


def test_the_decision_letter_pdf_is_not_stored(client, sign_in, world, accepted_referral):
    sign_in(world.users["coordinator"])
    response = client.get(reverse("referrals:letter", args=[accepted_referral.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_not_stored(response)


def test_a_csv_export_is_not_stored(client, sign_in, world):
    sign_in(world.users["administrator"])  # the privacy officer
    response = client.get(
        reverse("access:family_export"), {"reference": world.own_family.reference}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert_not_stored(response)


def test_refusals_and_redirects_to_a_signed_in_user_are_not_stored(client, sign_in, world):
    sign_in(world.users["linking_pin"])
    refused = client.get(reverse("casework:family_detail", args=[world.other_family.pk]))
    assert refused.status_code in (403, 404)
    assert_not_stored(refused)


def test_the_sign_in_steps_are_not_stored(client, db):
    from buitenshuis.accounts.tests.factories import UserFactory

    user = UserFactory(username="jansen")
    device_for(user)
    login_page = client.get(reverse("accounts:login"))
    assert login_page.status_code == 200
    assert "Gebruikersnaam" in login_page.content.decode()
    assert_not_stored(login_page)
    step = password_step(client, user)
    assert step.status_code == 302
    second = client.get(step.url)
    assert second.status_code == 200
    assert_not_stored(second)


def test_anonymous_pages_still_work(client, db):
    response = client.get(reverse("portal:start"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "no-store" not in cache_control(response)


def test_static_files_are_served_and_cacheable(settings, world, sign_in):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    browser = Client()
    for who in ("anonymous", "signed in"):
        if who == "signed in":
            sign_in(world.users["linking_pin"], on=browser)
        response = browser.get("/static/css/buitenshuis.css")
        assert response.status_code == 200, who
        assert "no-store" not in cache_control(response), who
        b"".join(response.streaming_content)
