# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The start page's links per role: each only when the policy lets the
user open the page, and "Gezin aanmelden" for a linking pin only where the
programme lets linking pins refer."""

import pytest
from django.urls import reverse

from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import MembershipFactory
from buitenshuis.programmes.models import ProgrammeSettings

LINKS = {
    "Gezin aanmelden": "referrals:create",
    "Mijn aanmeldingen": "referrals:mine",
    "Aanmeldingen": "referrals:list",
    "Taken: besluiten onder mandaat": "referrals:tasks",
    "Instellingen aanmelding": "programmes:settings",
    "Wie neemt welk gezin": "programmes:assignment_rules",
    "Opzet van het programma": "programmes:setup",
    "Budget": "programmes:budget",
    "Monitoring": "monitoring:dashboard",
    "Datafeed voor eigen rapportages": "monitoring:feed_tokens",
    "Toegangslog per gezin": "access:family_log",
    "Toegangslog per gebruiker": "access:user_log",
    "Wijzigingen in lidmaatschappen": "access:membership_log",
}


@pytest.mark.parametrize(
    "role,expected",
    [
        ("referrer", {"Gezin aanmelden", "Mijn aanmeldingen"}),
        # The programme's set-up: who may read it (ACCESS.md "checklist").
        (
            "linking_pin",
            {
                "Gezin aanmelden",
                "Mijn aanmeldingen",
                "Aanmeldingen",
                "Opzet van het programma",
                "Monitoring",
            },
        ),
        (
            "coordinator",
            {
                "Aanmeldingen",
                "Instellingen aanmelding",
                "Wie neemt welk gezin",
                "Opzet van het programma",
                "Budget",
                "Monitoring",
                "Datafeed voor eigen rapportages",
            },
        ),
        (
            "policy_officer",
            {
                "Aanmeldingen",
                "Taken: besluiten onder mandaat",
                "Instellingen aanmelding",
                "Wie neemt welk gezin",
                "Opzet van het programma",
                "Budget",
                "Monitoring",
            },
        ),
        ("location_staff", set()),
        # The researcher: the dashboard above the programme (aggregates).
        ("researcher", {"Opzet van het programma", "Monitoring"}),
        (
            "administrator",
            {
                "Opzet van het programma",
                "Toegangslog per gezin",
                "Toegangslog per gebruiker",
                "Wijzigingen in lidmaatschappen",
            },
        ),
    ],
)
def test_start_page_links_per_role(world, client, sign_in, role, expected):
    sign_in(world.users[role])
    response = client.get(reverse("portal:start"))
    links = dict(response.context["links"])
    assert set(links) == expected
    body = response.content.decode()
    for label in expected:
        assert f'href="{reverse(LINKS[label])}"' in body


def test_administrator_without_privacy_permission_gets_no_access_log_link(world, client, sign_in):
    sign_in(world.plain_admin)
    links = dict(client.get(reverse("portal:start")).context["links"])
    assert set(links) == {"Opzet van het programma"}  # read, ACCESS.md; no access log


def test_linking_pin_may_not_refer_when_the_programme_says_so(world, client, sign_in):
    ProgrammeSettings.objects.update_or_create(
        programme=world.programme, defaults={"linking_pin_may_refer": False}
    )
    sign_in(world.users["linking_pin"])
    links = dict(client.get(reverse("portal:start")).context["links"])
    assert "Gezin aanmelden" not in links
    # In another programme that allows it, the link is back.
    MembershipFactory(
        user=world.users["linking_pin"], role=Role.LINKING_PIN, programme=world.other_programme
    )
    sign_in(world.users["linking_pin"])
    links = dict(client.get(reverse("portal:start")).context["links"])
    assert "Gezin aanmelden" in links
