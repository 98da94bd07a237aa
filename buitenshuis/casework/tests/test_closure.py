# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Closing an enrolment (``casework.rules.closure``) on its page
``gezinnen/<pk>/afsluiten/``: the dates and reasons it allows, the
confirmation step, one transaction, nothing recorded afterwards, and who
sees what of the closure on the case hub."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework.models import Closure, ContributionStep, Enrolment
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.rules import closure as rules
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError

TODAY = timezone.localdate()
Reason, WayOn = Closure.Reason, Closure.WayOn


def in_last_month(enrolment):
    """Let ``enrolment`` be in its last month today (month 24 of 24)."""
    enrolment.start_date = add_months(TODAY, -23) - datetime.timedelta(days=1)
    enrolment.end_date = add_months(enrolment.start_date, 24)
    enrolment.save()
    assert enrolment.month_on(TODAY) == (24, 24)
    return enrolment


def in_month_seven(enrolment):
    enrolment.start_date = add_months(TODAY, -6) - datetime.timedelta(days=2)
    enrolment.end_date = add_months(enrolment.start_date, 24)
    enrolment.save()
    assert enrolment.month_on(TODAY)[0] == 7
    return enrolment


def url(enrolment):
    return reverse("casework:closure", args=[enrolment.family_id])


def hub(enrolment):
    return reverse("casework:family_detail", args=[enrolment.family_id])


def closure_panel(enrolment):
    """The hub's section with the closure, at the panel."""
    return hub_url(enrolment.family_id, "closure")


def form(**changes):
    data = {
        "closed_on": TODAY.isoformat(),
        "reason": Reason.COMPLETED,
        "way_on": WayOn.REFER,
        "referred_to": "Verzonnen opvoedondersteuning",
        "out_of_home_prevented": Closure.Prevented.YES,
        "explanation": "Verzonnen: het gaat goed thuis.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def close(world, enrolment, **changes):
    values = {
        "closed_on": TODAY,
        "reason": Reason.COMPLETED,
        "way_on": WayOn.REFER,
        "referred_to": "Verzonnen hulp",
        "out_of_home_prevented": Closure.Prevented.UNKNOWN,
    }
    values.update(changes)
    return rules.close_enrolment(world.users["linking_pin"], enrolment, **values)


# The page ---------------------------------------------------------------------


def test_the_linking_pin_closes_after_a_confirmation_step(world, sign_in):
    enrolment = in_last_month(world.own_enrolment)
    client = sign_in(world.users["linking_pin"])
    page = client.get(hub(enrolment)).content.decode()
    assert url(enrolment) in page
    assert client.get(url(enrolment)).status_code == 200
    # First round: a summary to confirm, nothing stored.
    response = client.post(url(enrolment), form())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Weet u het zeker?" in body and "Ja, traject afsluiten" in body
    assert "Verzonnen opvoedondersteuning" in body
    assert not Closure.objects.exists()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    # "Terug" shows the form again with the answers, still nothing stored.
    back = client.post(url(enrolment), {**form(), "confirmed": "1", "back": "1"})
    assert back.status_code == 200 and "Verder" in back.content.decode()
    assert not Closure.objects.exists()
    # Confirmed: stored, closed, back on the hub.
    response = client.post(url(enrolment), {**form(), "confirmed": "1"})
    assert response.status_code == 302 and response.url == closure_panel(enrolment)
    closure = Closure.objects.get()
    assert closure.enrolment == enrolment
    assert (closure.reason, closure.way_on, closure.closed_by) == (
        Reason.COMPLETED,
        WayOn.REFER,
        world.users["linking_pin"],
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CLOSED
    assert enrolment.end_date == TODAY  # the end moved to the closure
    assert AccessLogEntry.objects.filter(
        user=world.users["linking_pin"], data="goals", action="change"
    ).exists()
    # The hub shows the closure, and no more link to close.
    page = client.get(closure_panel(enrolment)).content.decode()
    assert "Verzonnen: het gaat goed thuis." in page
    assert url(enrolment) not in client.get(hub(enrolment)).content.decode()
    # Closing again is refused with the reason.
    again = client.get(url(enrolment))
    assert again.status_code == 403 and "Dit traject is afgesloten." in again.content.decode()


def test_bad_input_is_refused_in_dutch_at_its_field_and_nothing_is_stored(world, sign_in):
    enrolment = in_month_seven(world.own_enrolment)
    client = sign_in(world.users["linking_pin"])
    cases = [
        (form(), "eerder stopt"),  # completed before the last month
        (form(closed_on=(TODAY + datetime.timedelta(days=1)).isoformat()), "toekomst"),
        (form(closed_on="2020-01-01"), "vóór de start"),
        (form(reason=Reason.MOVED, way_on=WayOn.CONTINUE), "eerdere afsluiting"),
        (form(reason=Reason.MOVED, referred_to=""), "welke hulp"),
        (form(reason="", way_on=""), "Kies de reden"),
        (form(closed_on="morgen"), "geldige datum"),
        (
            form(reason=Reason.MOVED, way_on=WayOn.NONE, step_1_month="", step_1_amount="12,50"),
            "Kies de maand",
        ),
        (
            form(
                reason=Reason.MOVED,
                way_on=WayOn.NONE,
                step_1_month=add_months(TODAY.replace(day=1), 1).isoformat(),
                step_1_amount="12,50",
            ),
            "alleen bij voortzetten met een ouderbijdrage",
        ),
    ]
    for data, message in cases:
        for confirmed in ({}, {"confirmed": "1"}):
            response = client.post(url(enrolment), {**data, **confirmed})
            assert response.status_code == 200, message
            assert message in response.content.decode(), message
    assert not Closure.objects.exists()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_an_early_stop_closes_with_its_reason_and_no_follow_up(world):
    enrolment = in_month_seven(world.own_enrolment)
    closed_on = TODAY - datetime.timedelta(days=3)
    closure = close(world, enrolment, closed_on=closed_on, reason=Reason.MOVED, way_on=WayOn.NONE)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CLOSED
    assert enrolment.end_date == closed_on
    assert closure.referred_to == ""  # kept only when referring
    assert not enrolment.continuations.exists()


def test_after_the_end_date_the_end_date_stays(world):
    enrolment = world.own_enrolment
    enrolment.start_date = add_months(TODAY, -25)
    enrolment.end_date = add_months(enrolment.start_date, 24)
    enrolment.save()
    end = enrolment.end_date
    close(world, enrolment)
    enrolment.refresh_from_db()
    assert enrolment.end_date == end


@pytest.mark.parametrize("who", ["coordinator", "policy_officer"])
def test_only_the_linking_pin_closes(world, sign_in, who):
    enrolment = in_last_month(world.own_enrolment)
    client = sign_in(world.users[who])
    assert client.get(url(enrolment)).status_code == 403
    assert client.post(url(enrolment), {**form(), "confirmed": "1"}).status_code == 403
    assert url(enrolment) not in client.get(hub(enrolment)).content.decode()
    with pytest.raises(RuleError):
        rules.close_enrolment(
            world.users[who],
            enrolment,
            closed_on=TODAY,
            reason=Reason.COMPLETED,
            way_on=WayOn.REFER,
            referred_to="x",
            out_of_home_prevented=Closure.Prevented.YES,
        )
    assert not Closure.objects.exists()


def test_another_linking_pin_gets_a_404(world, sign_in):
    enrolment = in_last_month(world.own_enrolment)
    client = sign_in(world.other_pin)
    assert client.get(url(enrolment)).status_code == 404
    assert client.post(url(enrolment), {**form(), "confirmed": "1"}).status_code == 404
    assert not Closure.objects.exists()


def test_an_enrolment_that_does_not_run_cannot_be_closed(world):
    enrolment = in_last_month(world.own_enrolment)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.INTAKE)
    enrolment.refresh_from_db()
    with pytest.raises(RuleError, match="lopend traject"):
        close(world, enrolment)


def test_the_policy_officer_sees_the_outcome_only_and_the_coordinator_reads_it(world, sign_in):
    enrolment = in_last_month(world.own_enrolment)
    close(
        world, enrolment, explanation="Unieke verzonnen toelichting.", referred_to="Verzonnen GGZ"
    )
    officer = sign_in(world.users["policy_officer"]).get(closure_panel(enrolment))
    officer = officer.content.decode()
    assert 'id="closure"' in officer and "Twee jaar voltooid" in officer
    assert "Unieke verzonnen toelichting." not in officer
    assert "Verzonnen GGZ" not in officer
    coordinator = sign_in(world.users["coordinator"])
    page = coordinator.get(closure_panel(enrolment)).content.decode()
    assert "Unieke verzonnen toelichting." in page
    assert url(enrolment) not in coordinator.get(hub(enrolment)).content.decode()


# Nothing is recorded after the closure ------------------------------------------


def test_ensure_open_refuses_a_closed_enrolment(world):
    enrolment = in_last_month(world.own_enrolment)
    rules.ensure_open(enrolment)  # running: fine
    close(world, enrolment)
    enrolment.refresh_from_db()
    with pytest.raises(RuleError, match="Dit traject is afgesloten."):
        rules.ensure_open(enrolment)


def test_a_failing_subscriber_stores_nothing(world, monkeypatch):
    from buitenshuis.casework import events

    def broken(**kwargs):
        raise RuntimeError("subscriber failed")

    events.enrolment_closed.connect(broken, dispatch_uid="test-broken")
    try:
        enrolment = in_last_month(world.own_enrolment)
        with pytest.raises(RuntimeError):
            close(world, enrolment, way_on=WayOn.CONTINUE)
    finally:
        events.enrolment_closed.disconnect(dispatch_uid="test-broken")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert not Closure.objects.exists() and not enrolment.continuations.exists()


# The rules as properties ----------------------------------------------------------

START = datetime.date(2025, 1, 10)
END = add_months(START, 24)
LAST_MONTH = add_months(START, 23)


def enrolment_on_paper():
    return Enrolment(status=Enrolment.Status.ACTIVE, start_date=START, end_date=END)


@given(
    closed_on=st.dates(START - datetime.timedelta(days=40), END + datetime.timedelta(days=60)),
    reason=st.sampled_from(Reason.values),
    way_on=st.sampled_from(WayOn.values),
    referred_to=st.sampled_from(["", "  ", "Verzonnen schuldhulp"]),
)
def test_which_closures_the_rules_allow(closed_on, reason, way_on, referred_to):
    today = END + datetime.timedelta(days=30)
    steps = [(add_months(closed_on, 1), Decimal("10.00"))] if way_on == WayOn.CONTRIBUTION else []
    try:
        rules.check_closure(
            enrolment_on_paper(),
            closed_on=closed_on,
            reason=reason,
            way_on=way_on,
            referred_to=referred_to,
            steps=steps,
            today=today,
        )
        allowed = True
    except RuleError as error:
        allowed = False
        assert error.field in {"closed_on", "reason", "way_on", "referred_to", "steps"}
    expected = (
        START <= closed_on <= today
        and (
            (reason == Reason.COMPLETED and closed_on >= LAST_MONTH and way_on != WayOn.NONE)
            or (reason != Reason.COMPLETED and way_on in (WayOn.REFER, WayOn.NONE))
        )
        and (way_on != WayOn.REFER or referred_to.strip() != "")
    )
    assert allowed == expected


amounts = st.decimals(min_value=Decimal("-5"), max_value=Decimal("2000"), allow_nan=False, places=3)


@given(
    steps=st.lists(
        st.tuples(st.integers(min_value=-2, max_value=30), amounts), min_size=0, max_size=6
    )
)
def test_a_contribution_schedule_is_built_up_after_the_closure(steps):
    closed_on = datetime.date(2027, 3, 15)
    schedule = [(add_months(closed_on, months), amount) for months, amount in steps]
    try:
        rules.check_steps(schedule, closed_on, required=True)
        allowed = True
    except RuleError:
        allowed = False
    expected = (
        1 <= len(schedule) <= 4
        and all(day > closed_on for day, _amount in schedule)
        and all(amount >= 0 and amount == round(amount, 2) for _day, amount in schedule)
        and all(a[0] < b[0] and a[1] <= b[1] for a, b in zip(schedule, schedule[1:], strict=False))
    )
    assert allowed == expected


def test_amounts_are_decimals_never_floats():
    with pytest.raises(TypeError):
        rules.check_steps(
            [(datetime.date(2030, 1, 1), 12.5)], datetime.date(2029, 1, 1), required=True
        )


def test_the_contribution_steps_are_stored_exactly(world):
    from buitenshuis.referrals.tests.factories import ReferralFactory

    enrolment = in_last_month(world.own_enrolment)
    ReferralFactory(
        programme=world.programme,
        family=enrolment.family,
        enrolment=enrolment,
        referred_by=world.users["referrer"],
    )
    first = add_months(TODAY.replace(day=1), 1)
    steps = [(first, Decimal("0.10")), (add_months(first, 6), Decimal("25.05"))]
    close(world, enrolment, way_on=WayOn.CONTRIBUTION, steps=steps)
    follow_up = enrolment.continuations.get()
    assert [
        (s.starts_on, s.monthly_amount)
        for s in ContributionStep.objects.filter(enrolment=follow_up)
    ] == steps
