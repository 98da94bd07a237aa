# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A refused request is logged once, with the action that was tried (a
refused POST to the intake, consent or decision page is that change, not
"view") and with the family it was after when that family exists. The
refusal page itself reveals nothing: it is the same as for a referral that
does not exist."""

import re

import pytest
from django.urls import reverse

from buitenshuis.audit.models import Action, Outcome
from buitenshuis.audit.tests.conftest import last_id, new_entries
from buitenshuis.programmes.models import Decider
from buitenshuis.referrals.models import Decision
from buitenshuis.referrals.tests.factories import make_referral
from buitenshuis.referrals.tests.test_decision import programme_settings, ready_referral

INTAKE_POST = {"held_on": "2026-01-05", "conversation": "Verzonnen gesprek."}
DECIDE_POST = {"outcome": "accepted"}


def url(name, *args):
    return reverse(f"referrals:{name}", args=args)


def without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def families(entry):
    return {s.family_id for s in entry.subjects.all()}


@pytest.mark.parametrize(
    "page, data, action",
    [
        ("intake", INTAKE_POST, Action.CHANGE),
        ("consent", {}, Action.CHANGE),
    ],
)
def test_refused_post_out_of_scope_is_logged_as_the_change_about_the_family(
    client, sign_in, world, page, data, action
):
    """A linking pin of the programme, not of this family: 404 as for a
    referral that does not exist; the log names the change and the family."""
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=world.users["linking_pin"]
    )
    sign_in(world.other_pin)
    before = last_id()
    response = client.post(url(page, referral.pk), data)
    assert response.status_code == 404
    [entry] = new_entries(before)
    assert (entry.action, entry.outcome) == (action, Outcome.DENIED)
    assert families(entry) == {referral.family_id}
    # The page is the one for a referral that does not exist.
    missing = client.post(url(page, referral.pk + 1000), data)
    assert missing.status_code == 404
    # (apart from the address itself, which the language switch returns to)
    asked = url(page, referral.pk)
    assert without_csrf(missing).replace(url(page, referral.pk + 1000), asked) == without_csrf(
        response
    )
    assert referral.family.reference.encode() not in response.content
    [nothing] = new_entries(entry.pk)
    assert nothing.action == action and families(nothing) == set()


def test_refused_post_by_a_role_without_the_right_names_the_family(client, sign_in, world):
    """The coordinator may read but not record the intake: 403, logged as
    the change about that family."""
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=world.users["linking_pin"]
    )
    sign_in(world.users["coordinator"])
    before = last_id()
    response = client.post(url("intake", referral.pk), INTAKE_POST)
    assert response.status_code == 403
    assert referral.family.reference.encode() not in response.content
    [entry] = new_entries(before)
    assert (entry.action, entry.outcome, entry.data) == (Action.CHANGE, Outcome.DENIED, "intake")
    assert families(entry) == {referral.family_id}


def test_refused_assignment_by_a_linking_pin_names_the_family(client, sign_in, world):
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=world.users["linking_pin"]
    )
    sign_in(world.users["linking_pin"])
    before = last_id()
    assert client.post(url("assign", referral.pk), {}).status_code == 403
    [entry] = new_entries(before)
    assert (entry.action, entry.outcome, entry.data) == (
        Action.CHANGE,
        Outcome.DENIED,
        "assignment",
    )
    assert families(entry) == {referral.family_id}


def test_refused_get_stays_a_view(client, sign_in, world):
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=world.users["linking_pin"]
    )
    sign_in(world.users["coordinator"])
    before = last_id()
    assert client.get(url("intake", referral.pk)).status_code == 403
    [entry] = new_entries(before)
    assert (entry.action, entry.outcome) == (Action.VIEW, Outcome.DENIED)
    assert families(entry) == {referral.family_id}


def test_refused_decision_is_logged_as_decide(client, sign_in, world):
    programme_settings(world, decider=Decider.POLICY_OFFICER)
    referral = ready_referral(world)
    sign_in(world.users["coordinator"])
    before = last_id()
    response = client.post(url("decide", referral.pk), DECIDE_POST)
    assert response.status_code == 403
    assert not Decision.objects.exists()
    [entry] = new_entries(before)
    assert (entry.action, entry.outcome, entry.data) == (Action.DECIDE, Outcome.DENIED, "decision")
    assert families(entry) == {referral.family_id}
    # The rule's reason is a fixed text, not case content.
    assert "besluit de beleidsmedewerker" in entry.reason


def test_refused_decision_by_a_referrer_names_the_family(client, sign_in, world):
    referral = ready_referral(world)
    sign_in(world.users["referrer"])
    before = last_id()
    assert client.post(url("decide", referral.pk), DECIDE_POST).status_code == 403
    [entry] = new_entries(before)
    assert (entry.action, entry.outcome) == (Action.DECIDE, Outcome.DENIED)
    assert families(entry) == {referral.family_id}


def test_allowed_intake_writes_one_entry(client, sign_in, world):
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=world.users["linking_pin"]
    )
    sign_in(world.users["linking_pin"])
    before = last_id()
    assert client.get(url("intake", referral.pk)).status_code == 200
    [entry] = new_entries(before)
    assert (entry.action, entry.outcome) == (Action.VIEW, Outcome.ALLOWED)
