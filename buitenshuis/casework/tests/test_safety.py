# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The safety plan: versions (the earlier ones kept and readable), a new
version prefilled with the one in force, and the linking pin's alone: the
coordinator and the policy officer never see it, nor that it exists."""

import pytest
from django.urls import reverse

from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework.models import Enrolment, SafetyPlan
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.rules import safety
from buitenshuis.core.errors import RuleError

PLAN = {
    "whom_to_call": "Oma Verzonnen, 06-00000000.",
    "where_children_go": "Naar oma, twee straten verder.",
    "agreed_signals": "Moeder stuurt een rood hartje.",
}


def test_each_change_is_a_new_version(world):
    pin = world.users["linking_pin"]
    first = safety.write_safety_plan(pin, world.own_enrolment, **PLAN)
    second = safety.write_safety_plan(
        pin, world.own_enrolment, **{**PLAN, "whom_to_call": "Buurvrouw."}
    )
    assert (first.version, second.version) == (1, 2)
    assert safety.current_plan(world.own_enrolment) == second
    assert SafetyPlan.objects.count() == 2
    with pytest.raises(RuleError) as error:
        safety.write_safety_plan(pin, world.own_enrolment, **{**PLAN, "agreed_signals": " "})
    assert error.value.field == "agreed_signals"
    Enrolment.objects.filter(pk=world.own_enrolment.pk).update(status=Enrolment.Status.CLOSED)
    world.own_enrolment.refresh_from_db()
    with pytest.raises(RuleError, match="afgesloten"):
        safety.write_safety_plan(pin, world.own_enrolment, **PLAN)
    assert SafetyPlan.objects.count() == 2


def test_the_linking_pin_writes_versions_on_its_pages(world, client, sign_in):
    sign_in(world.users["linking_pin"])
    pk = world.own_family.pk
    create = reverse("casework:safety_plan_create", args=[pk])
    assert client.post(create, {**PLAN, "where_children_go": ""}).status_code == 200
    assert client.post(create, PLAN).status_code == 302
    prefilled = client.get(create).context["form"]
    assert prefilled["whom_to_call"].value() == PLAN["whom_to_call"]
    client.post(create, {**PLAN, "whom_to_call": "Buurvrouw Verzonnen."})
    current = client.get(reverse("casework:safety_plan", args=[pk]))
    assert "Buurvrouw Verzonnen." in current.content.decode()
    earlier = client.get(reverse("casework:safety_plan_version", args=[pk, 1]))
    assert PLAN["whom_to_call"] in earlier.content.decode()
    assert "een eerdere versie" in earlier.content.decode()
    assert client.get(reverse("casework:safety_plan_version", args=[pk, 3])).status_code == 404
    hub = client.get(hub_url(pk, "safety"))
    assert "safety" in [panel.key for panel in hub.context["panels"]]
    assert "Versie 2" in hub.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "policy_officer"])
def test_the_coordinator_and_policy_officer_never_see_it_nor_that_it_exists(
    world, client, sign_in, role
):
    safety.write_safety_plan(world.users["linking_pin"], world.own_enrolment, **PLAN)
    sign_in(world.users[role])
    pk = world.own_family.pk
    # The coordinator reads the goals beside it; the policy officer has no
    # section "Doelen en evaluaties" at all.
    hub = client.get(hub_url(pk, "safety"))
    body = hub.content.decode()
    assert hub.status_code == (200 if role == "coordinator" else 403)
    if role == "coordinator":
        assert "safety" not in [panel.key for panel in hub.context["panels"]]
    assert "eiligheidsplan" not in body and "Oma Verzonnen" not in body
    for url in (
        reverse("casework:safety_plan", args=[pk]),
        reverse("casework:safety_plan_version", args=[pk, 1]),
        reverse("casework:safety_plan_create", args=[pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "Oma Verzonnen" not in response.content.decode()
    logged = AccessLogEntry.objects.filter(user=world.users[role]).values_list("data", flat=True)
    assert not any("veiligheidsplan" in entry for entry in logged if entry.startswith("gezin"))


def test_another_linking_pin_gets_a_404(world, client, sign_in):
    safety.write_safety_plan(world.users["linking_pin"], world.own_enrolment, **PLAN)
    sign_in(world.other_pin)
    response = client.get(reverse("casework:safety_plan", args=[world.own_family.pk]))
    assert response.status_code == 404
