# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The programme's settings page: who may change it, what it keeps, its
messages, and the old address under /aanmeldingen/ that leads to it."""

import pytest
from django.urls import reverse

from buitenshuis.organisations.models import OrganisationType, Role
from buitenshuis.organisations.tests.factories import MembershipFactory, ProgrammeFactory
from buitenshuis.programmes.models import (
    DEFAULT_CRITERIA,
    CapacityKind,
    Decider,
    FundingRoute,
    ProgrammeSettings,
    TargetGroup,
)


def valid_data(**overrides):
    data = {
        "target_groups": [TargetGroup.KOPP, TargetGroup.VULNERABLE],
        "inclusion_criteria": "Casus van het sociaal (wijk)team\nVerzonnen criterium",
        "referrer_types": [OrganisationType.SCHOOL, OrganisationType.GP],
        "linking_pin_may_refer": "on",
        "decider": Decider.LINKING_PIN,
        "allow_self_decision": "",
        "capacity_kind": CapacityKind.FAMILIES,
        "max_families": "12",
        "budget_ceiling": "0",
        "cost_per_family": "38000",
        "enrolment_months": "24",
        "funding_route": FundingRoute.YOUTH_ACT,
        "municipality_reference": "GEM-VERZ-2026-01",
        "retention_days": "180",
        "start_before_decision": "on",
        "norm_assign_hours": "24",
        "norm_intake_days": "5",
        "norm_decision_days": "10",
        "norm_start_hours": "48",
        "review_months": "0, 6, 12, 18, 22",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


@pytest.mark.parametrize("role", ["coordinator", "policy_officer"])
def test_coordinator_and_policy_officer_see_the_defaults(world, client, sign_in, role):
    sign_in(world.users[role])
    response = client.get(reverse("programmes:settings"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Instellingen aanmelding" in body
    for criterion in DEFAULT_CRITERIA:
        assert criterion in body
    assert response.context["form"]["enrolment_months"].value() == 24


@pytest.mark.parametrize(
    "role", ["linking_pin", "location_staff", "referrer", "researcher", "administrator"]
)
def test_other_roles_may_not_edit_settings(world, client, sign_in, role):
    sign_in(world.users[role])
    assert client.get(reverse("programmes:settings")).status_code == 403
    assert client.post(reverse("programmes:settings"), valid_data()).status_code == 403
    assert not ProgrammeSettings.objects.filter(municipality_reference="GEM-VERZ-2026-01").exists()


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(reverse("programmes:settings"))
    assert response.status_code == 302
    assert "login" in response.url or "inloggen" in response.url


def test_saving_keeps_history(world, client, sign_in):
    coordinator = world.users["coordinator"]
    sign_in(coordinator)
    response = client.post(reverse("programmes:settings"), valid_data())
    assert response.status_code == 302, response.context["form"].errors
    assert response.url.endswith(f"?programme={world.programme.pk}")
    saved = ProgrammeSettings.objects.get(programme=world.programme)
    assert saved.target_groups == ["kopp", "vulnerable"]
    assert saved.inclusion_criteria == ["Casus van het sociaal (wijk)team", "Verzonnen criterium"]
    assert saved.referrer_types == ["school", "gp"]
    assert saved.decider == Decider.LINKING_PIN
    assert saved.allow_self_decision is False
    assert saved.max_families == 12
    assert saved.funding_route == FundingRoute.YOUTH_ACT
    assert saved.municipality_reference == "GEM-VERZ-2026-01"
    assert saved.retention_days == 180
    latest = saved.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == coordinator
    assert saved.history.count() == 2  # created with the defaults, then changed

    followed = client.get(response.url)
    assert "zijn opgeslagen" in followed.content.decode()
    assert "gewijzigd" in followed.content.decode()


def test_policy_officer_may_save_too(world, client, sign_in):
    sign_in(world.users["policy_officer"])
    response = client.post(reverse("programmes:settings"), valid_data(max_families="3"))
    assert response.status_code == 302
    assert ProgrammeSettings.objects.get(programme=world.programme).max_families == 3


def test_budget_capacity_with_ceiling(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = client.post(
        reverse("programmes:settings"),
        valid_data(capacity_kind=CapacityKind.BUDGET, budget_ceiling="400000"),
    )
    assert response.status_code == 302
    saved = ProgrammeSettings.objects.get(programme=world.programme)
    assert saved.capacity_kind == CapacityKind.BUDGET
    assert saved.budget_ceiling == 400000


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        (
            {"capacity_kind": CapacityKind.BUDGET, "budget_ceiling": "0"},
            "budget_ceiling",
            "Vul een budgetplafond in",
        ),
        (
            {"capacity_kind": CapacityKind.BUDGET, "budget_ceiling": "1000"},
            "budget_ceiling",
            "lager dan de kosten van één gezin",
        ),
        (
            {
                "capacity_kind": CapacityKind.BUDGET,
                "budget_ceiling": "1000",
                "cost_per_family": "0",
            },
            "cost_per_family",
            "kosten per gezin",
        ),
        ({"max_families": "0"}, "max_families", "ten minste 1"),
        (
            {"inclusion_criteria": "  \n \n"},
            "inclusion_criteria",
            "ten minste één inclusiecriterium",
        ),
        ({"enrolment_months": "0"}, "enrolment_months", "ten minste 1 maand"),
        ({"target_groups": ""}, "target_groups", "ten minste één doelgroep"),
        (
            {"referrer_types": "", "linking_pin_may_refer": ""},
            "referrer_types",
            "Anders kan niemand een gezin aanmelden",
        ),
        ({"retention_days": "-1"}, "retention_days", "niet negatief"),
        ({"norm_assign_hours": "0"}, "norm_assign_hours", "Een norm is ten minste 1"),
        ({"norm_intake_days": "-2"}, "norm_intake_days", "Een norm is ten minste 1"),
        ({"norm_decision_days": "0"}, "norm_decision_days", "Een norm is ten minste 1"),
        ({"norm_start_hours": ""}, "norm_start_hours", "Vul de norm in"),
    ],
)
def test_clear_dutch_messages_and_nothing_saved(world, client, sign_in, overrides, field, message):
    sign_in(world.users["coordinator"])
    response = client.post(reverse("programmes:settings"), valid_data(**overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    body = response.content.decode()
    assert "Controleer het formulier" in body  # the error summary
    assert message in body
    assert 'aria-invalid="true"' in body
    saved = ProgrammeSettings.objects.get(programme=world.programme)
    assert saved.municipality_reference == ""
    assert saved.history.count() == 1


def test_criteria_lines_are_trimmed_and_deduplicated(world, client, sign_in):
    sign_in(world.users["coordinator"])
    text = "- Eerste criterium \n\n* Tweede criterium\nEerste criterium\n"
    client.post(reverse("programmes:settings"), valid_data(inclusion_criteria=text))
    saved = ProgrammeSettings.objects.get(programme=world.programme)
    assert saved.inclusion_criteria == ["Eerste criterium", "Tweede criterium"]


def test_programme_chooser_offers_only_programmes_the_user_may_change(world, client, sign_in):
    coordinator = world.users["coordinator"]
    second = ProgrammeFactory(name="Programma C")
    MembershipFactory(user=coordinator, role=Role.COORDINATOR, programme=second)
    # A programme where the user is only a linking pin: not offered.
    pin_only = ProgrammeFactory(name="Programma D")
    MembershipFactory(user=coordinator, role=Role.LINKING_PIN, programme=pin_only)
    sign_in(coordinator)

    response = client.get(reverse("programmes:settings"))
    names = [s.programme.name for s in response.context["choices"]]
    assert names == ["Programma A", "Programma C"]
    assert "Kies een programma" in response.content.decode()

    url = f"{reverse('programmes:settings')}?programme={second.pk}"
    assert client.get(url).context["object"].programme == second
    response = client.post(url, valid_data(max_families="7"))
    assert response.status_code == 302
    assert ProgrammeSettings.objects.get(programme=second).max_families == 7
    assert ProgrammeSettings.objects.get(programme=world.programme).max_families == 10

    for forbidden in (pin_only.pk, world.other_programme.pk, 999999, "x"):
        url = f"{reverse('programmes:settings')}?programme={forbidden}"
        assert client.get(url).status_code == 404
        assert client.post(url, valid_data()).status_code == 404
    assert not ProgrammeSettings.objects.filter(programme=pin_only).exists()


def test_coordinator_of_another_programme_gets_404(world, client, sign_in):
    sign_in(world.other_coordinator)
    url = f"{reverse('programmes:settings')}?programme={world.programme.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, valid_data()).status_code == 404
    # Their own programme works, and only theirs is offered.
    response = client.get(reverse("programmes:settings"))
    assert response.context["object"].programme == world.other_programme
    assert len(response.context["choices"]) == 1


def test_start_before_the_decision_and_the_norms_are_the_programmes(world, client, sign_in):
    sign_in(world.users["coordinator"])
    page = client.get(reverse("programmes:settings")).content.decode()
    assert "Starten vóór het besluit" in page
    assert "Norm: eerste dag van de activiteit binnen (uur)" in page
    settings = ProgrammeSettings.objects.get(programme=world.programme)
    assert settings.start_before_decision is True  # the default: the guide's way
    assert (settings.norm_decision_days, settings.norm_start_hours) == (14, 48)
    response = client.post(
        reverse("programmes:settings"),
        valid_data(start_before_decision="", norm_start_hours="24", norm_decision_days="21"),
    )
    assert response.status_code == 302
    settings.refresh_from_db()
    assert settings.start_before_decision is False
    assert (settings.norm_decision_days, settings.norm_start_hours) == (21, 24)
    assert (settings.norm_assign_hours, settings.norm_intake_days) == (24, 5)


def test_the_old_address_leads_to_the_settings_page(world, client, sign_in):
    old = reverse("referrals:settings")
    assert old == "/aanmeldingen/instellingen/"
    response = client.get(f"{old}?programme={world.programme.pk}")
    assert response.status_code == 301
    assert response.url == f"/programmas/instellingen/?programme={world.programme.pk}"
    # The redirect itself reveals nothing; the page still asks who you are.
    sign_in(world.users["referrer"])
    assert client.get(old, follow=True).status_code == 403
    sign_in(world.users["coordinator"])
    page = client.get(old, follow=True)
    assert page.status_code == 200
    assert page.context["object"].programme == world.programme
