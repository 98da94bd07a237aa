# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Handovers moved to the case hub (``casework:handover``, per family): the
old address per referral leads there, for who may arrange one only."""

from django.urls import reverse

from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import make_referral


def test_the_old_address_per_referral_leads_to_the_hub_form(world, sign_in):
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=world.users["linking_pin"],
        status=Referral.Status.ACCEPTED,
    )
    old = reverse("referrals:handover", args=[referral.pk])
    for user in (world.users["linking_pin"], world.users["coordinator"]):
        response = sign_in(user).get(old)
        assert response.status_code == 302
        assert response.url == reverse("casework:handover", args=[referral.family_id])
    # Someone who may not arrange it learns nothing, not even the family.
    for user in (world.users["policy_officer"], world.other_pin, world.other_coordinator):
        response = sign_in(user).get(old)
        assert response.status_code in (403, 404)
        assert referral.family.reference not in response.content.decode()


def test_the_referral_page_links_to_the_case_hub_not_to_a_handover(world, sign_in):
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=world.users["linking_pin"],
        status=Referral.Status.ACCEPTED,
    )
    page = sign_in(world.users["linking_pin"]).get(reverse("referrals:detail", args=[referral.pk]))
    body = page.content.decode()
    assert reverse("casework:family_detail", args=[referral.family_id]) in body
    assert "Waarneming regelen" not in body
