# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Reviews: the programme's schedule, the plan of an enrolment (computed
from its start, stopping at the closure), recording a review, the hub
panel, the list of reviews due and the linking pin's work queue."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.casework import workqueue_goals
from buitenshuis.casework.models import (
    DEFAULT_REVIEW_MONTHS,
    Closure,
    Enrolment,
    Goal,
    GoalDomain,
    Review,
    ReviewProgress,
    ReviewSchedule,
)
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.rules import reviews
from buitenshuis.casework.rules.reviews import State
from buitenshuis.casework.tests.factories import EnrolmentFactory, FamilyFactory, PersonFactory
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError

TODAY = timezone.localdate()
DAY = datetime.date(2026, 12, 1)


def enrolment(start, status=Enrolment.Status.ACTIVE, months=24):
    return Enrolment(status=status, start_date=start, end_date=add_months(start, months))


def held(*months):
    return [Review(month=month, held_on=DAY) for month in months]


# The plan, by example ------------------------------------------------------------


def test_the_plan_follows_the_schedule_from_the_start():
    start = datetime.date(2026, 1, 15)
    plan = reviews.review_plan(enrolment(start), DEFAULT_REVIEW_MONTHS, [], today=start)
    assert [m.month for m in plan] == [0, 6, 12, 18, 22]
    assert [m.due for m in plan] == [
        datetime.date(2026, 1, 15),
        datetime.date(2026, 7, 15),
        datetime.date(2027, 1, 15),
        datetime.date(2027, 7, 15),
        datetime.date(2027, 11, 15),
    ]
    assert plan[0].state == State.DUE  # today is its day
    assert {m.state for m in plan[1:]} == {State.PLANNED}


def test_states_two_weeks_ahead_overdue_and_held():
    start = datetime.date(2026, 1, 1)
    six = datetime.date(2026, 7, 1)
    cases = {
        six - datetime.timedelta(days=15): State.PLANNED,
        six - datetime.timedelta(days=14): State.DUE,
        six: State.DUE,
        six + datetime.timedelta(days=1): State.OVERDUE,
    }
    for today, state in cases.items():
        plan = reviews.review_plan(enrolment(start), (0, 6), held(0), today=today)
        assert [m.state for m in plan] == [State.HELD, state], today


def test_nothing_falls_due_after_the_closure():
    start = datetime.date(2026, 1, 1)
    closed = enrolment(start, status=Enrolment.Status.CLOSED)
    Closure(enrolment=closed, closed_on=datetime.date(2026, 8, 1))
    plan = reviews.review_plan(closed, DEFAULT_REVIEW_MONTHS, held(0), today=DAY)
    assert [(m.month, m.state) for m in plan] == [(0, State.HELD), (6, State.MISSED)]
    assert reviews.next_review_due(closed, DEFAULT_REVIEW_MONTHS, [0]) is None


def test_no_plan_without_a_start_and_no_moment_after_the_end():
    assert reviews.review_plan(Enrolment(status=Enrolment.Status.INTAKE), (0, 6), []) == []
    short = enrolment(datetime.date(2026, 1, 1), months=12)
    assert [m.month for m in reviews.review_plan(short, (0, 6, 12, 18), [], today=DAY)] == [
        0,
        6,
        12,
    ]


def test_a_review_held_for_a_month_no_longer_scheduled_keeps_its_place():
    plan = reviews.review_plan(enrolment(DAY), (0, 12), held(0, 6), today=DAY)
    assert [(m.month, m.state) for m in plan] == [
        (0, State.HELD),
        (6, State.HELD),
        (12, State.PLANNED),
    ]


def test_next_review_due():
    start = datetime.date(2026, 1, 1)
    assert reviews.next_review_due(enrolment(start), DEFAULT_REVIEW_MONTHS, []) == start
    assert reviews.next_review_due(enrolment(start), DEFAULT_REVIEW_MONTHS, [0, 6]) == (
        datetime.date(2027, 1, 1)
    )
    every = list(DEFAULT_REVIEW_MONTHS)
    assert reviews.next_review_due(enrolment(start), DEFAULT_REVIEW_MONTHS, every) is None


# The plan, as properties ------------------------------------------------------------

starts = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2030, 12, 31))
schedules = st.lists(st.integers(0, 24), min_size=1, max_size=8, unique=True).map(sorted)
todays = st.dates(min_value=datetime.date(2023, 1, 1), max_value=datetime.date(2033, 12, 31))


@given(start=starts.filter(lambda d: d.day <= 28), shift=st.integers(-12, 12), months=schedules)
def test_moving_the_start_moves_every_due_date_by_the_same_months(start, shift, months):
    before = reviews.review_plan(enrolment(start), months, [], today=DAY)
    moved = reviews.review_plan(enrolment(add_months(start, shift)), months, [], today=DAY)
    assert [m.month for m in before] == [m.month for m in moved]
    for old, new in zip(before, moved, strict=True):
        assert new.due == add_months(old.due, shift)


@given(start=starts, months=schedules, today=todays, closed_after=st.integers(0, 800))
def test_nothing_is_due_after_closure(start, months, today, closed_after):
    closed = enrolment(start, status=Enrolment.Status.CLOSED)
    closed_on = start + datetime.timedelta(days=closed_after)
    Closure(enrolment=closed, closed_on=closed_on)
    plan = reviews.review_plan(closed, months, [], today=today)
    assert all(m.due <= closed_on for m in plan)
    assert not any(m.waiting for m in plan)


@given(start=starts, months=schedules, today=todays, data=st.data())
def test_held_moments_are_never_due(start, months, today, data):
    done = data.draw(st.lists(st.sampled_from(months), unique=True))
    plan = reviews.review_plan(enrolment(start), months, held(*done), today=today)
    for moment in plan:
        assert (moment.state == State.HELD) == (moment.month in done)
        if moment.month in done:
            assert not moment.waiting
        elif moment.waiting:
            assert moment.due <= today + datetime.timedelta(days=reviews.DUE_DAYS)
    assert [m.month for m in plan] == sorted(m.month for m in plan)


# The schedule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "months,message",
    [
        ([], "ten minste één"),
        ([0, 6, 30], "tussen maand 0"),
        ([-1, 6], "tussen maand 0"),
        ([0, 6, 6], "één keer"),
        ([6, 0], "volgorde"),
    ],
)
def test_a_schedule_is_whole_ascending_unique_months_within_the_enrolment(months, message):
    assert message in reviews.months_problem(months, 24)


def test_parse_months():
    assert reviews.parse_months("0, 6;12\n 18 ,") == [0, 6, 12, 18]
    with pytest.raises(RuleError) as error:
        reviews.parse_months("0, zes")
    assert error.value.field == "review_months"


@given(months=schedules)
def test_every_sorted_unique_schedule_within_24_months_is_accepted(months):
    assert reviews.months_problem(months, 24) is None


def test_the_programme_settings_page_edits_the_schedule(world, client, sign_in):
    from buitenshuis.programmes.tests.test_settings_page import valid_data

    sign_in(world.users["coordinator"])
    url = reverse("programmes:settings") + f"?programme={world.programme.pk}"
    page = client.get(url)
    assert page.context["form"]["review_months"].initial == "0, 6, 12, 18, 22"
    data = valid_data()
    response = client.post(url, {**data, "review_months": "0, 4, 12"})
    assert response.status_code == 302
    assert ReviewSchedule.objects.get(programme=world.programme).months == [0, 4, 12]
    bad = client.post(url, {**data, "review_months": "0, 12, 4"})
    assert bad.status_code == 200
    assert "Zet de maanden op volgorde" in bad.content.decode()
    longer = client.post(url, {**data, "review_months": "0, 30"})
    assert "tussen maand 0 (de start) en maand 24" in longer.content.decode()
    assert ReviewSchedule.objects.get(programme=world.programme).months == [0, 4, 12]


# Recording a review ------------------------------------------------------------------


@pytest.fixture
def running(world):
    """The world's own enrolment, started five months ago, with a goal."""
    enrolment = world.own_enrolment
    enrolment.start_date = add_months(TODAY, -5)
    enrolment.end_date = add_months(enrolment.start_date, 24)
    enrolment.save()
    Goal.objects.create(
        enrolment=enrolment,
        domain=GoalDomain.CALM_AND_STRUCTURE,
        description="Vaste bedtijden voor de kinderen.",
        created_by=world.users["linking_pin"],
    )
    return enrolment


def record(world, enrolment, month=0, **kwargs):
    goals = Goal.objects.filter(enrolment=enrolment, status=Goal.Status.OPEN)
    values = {
        "held_on": TODAY,
        "outcome": Review.Outcome.CONTINUE,
        "criteria": "Voortgang op de doelen; wens van de ouders.",
        "progress": {goal: (ReviewProgress.Progress.BETTER, "") for goal in goals},
        **kwargs,
    }
    return reviews.record_review(world.users["linking_pin"], enrolment, month, **values)


def test_a_review_records_the_decision_and_the_progress_per_goal(world, running):
    review = record(world, running, notes="Ouders tevreden.")
    assert review.month == 0 and review.outcome == "continue"
    assert review.progress.get().progress == ReviewProgress.Progress.BETTER


@pytest.mark.parametrize(
    "month,kwargs,field,message",
    [
        (3, {}, None, "staat niet in het evaluatieschema"),
        (0, {"criteria": "  "}, "criteria", "criteria"),
        (0, {"progress": {}}, "goal_", "voortgang van elk lopend doel"),
        (0, {"held_on": TODAY + datetime.timedelta(days=1)}, "held_on", "toekomst"),
        (0, {"held_on": datetime.date(2020, 1, 1)}, "held_on", "vóór de start"),
        (0, {"outcome": "maybe"}, "outcome", "besluit"),
    ],
)
def test_a_review_is_refused_with_nothing_stored(world, running, month, kwargs, field, message):
    with pytest.raises(RuleError) as error:
        record(world, running, month, **kwargs)
    assert message in str(error.value)
    assert (error.value.field or "").startswith(field or "")
    assert not Review.objects.exists() and not ReviewProgress.objects.exists()


def test_a_review_is_recorded_once_and_never_after_closure_or_before_the_start(world, running):
    record(world, running)
    with pytest.raises(RuleError, match="al vastgelegd"):
        record(world, running)
    running.status = Enrolment.Status.CLOSED
    running.save()
    with pytest.raises(RuleError, match="afgesloten"):
        record(world, running, 6)
    later = EnrolmentFactory(
        family=world.own_family, status=Enrolment.Status.INTAKE, start_date=None
    )
    with pytest.raises(RuleError, match="nog niet gestart"):
        record(world, later, 0)


# Pages, panel, list, work queue -----------------------------------------------------


def test_the_linking_pin_records_a_review_on_its_page(world, running, client, sign_in):
    goal = Goal.objects.get(enrolment=running)
    sign_in(world.users["linking_pin"])
    url = reverse("casework:review", args=[world.own_family.pk, 0])
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"] is not None
    empty = client.post(url, {"held_on": TODAY.isoformat(), "outcome": "adjust"})
    assert empty.status_code == 200
    body = empty.content.decode()
    assert "Geef de voortgang van dit doel." in body
    assert "Schrijf op welke criteria u heeft gebruikt." in body
    done = client.post(
        url,
        {
            "held_on": TODAY.isoformat(),
            "outcome": "adjust",
            "criteria": "Rust thuis, volgens moeder en school.",
            f"goal_{goal.pk}": "same",
        },
    )
    assert done.status_code == 302
    review = Review.objects.get()
    assert review.outcome == "adjust" and review.progress.get().progress == "same"
    shown = client.get(url)
    assert "Rust thuis, volgens moeder en school." in shown.content.decode()
    assert client.post(url, {}).status_code == 403  # twice: refused
    assert client.get(reverse("casework:review", args=[world.own_family.pk, 5])).status_code == 404


def test_the_coordinator_reads_a_review_but_records_none(world, running, client, sign_in):
    record(world, running)
    sign_in(world.users["coordinator"])
    url = reverse("casework:review", args=[world.own_family.pk, 0])
    page = client.get(url)
    assert page.status_code == 200 and "Voortgang op de doelen" in page.content.decode()
    six = reverse("casework:review", args=[world.own_family.pk, 6])
    assert client.get(six).context["form"] is None
    assert client.post(six, {"outcome": "stop"}).status_code == 403
    assert Review.objects.count() == 1


def test_the_hub_shows_the_plan_with_its_states(world, running, client, sign_in):
    sign_in(world.users["linking_pin"])
    response = client.get(hub_url(world.own_family.pk, "reviews"))
    panel = next(p for p in response.context["panels"] if p.key == "reviews")
    assert [(m.month, m.state) for m in panel.context["moments"]] == [
        (0, State.OVERDUE),
        (
            6,
            State.DUE
            if add_months(running.start_date, 6) <= TODAY + datetime.timedelta(14)
            else State.PLANNED,
        ),
        (12, State.PLANNED),
        (18, State.PLANNED),
        (22, State.PLANNED),
    ]


def _running_family(world, pin, started_months_ago):
    family = FamilyFactory(programme=world.programme)
    PersonFactory(family=family)
    start = add_months(TODAY, -started_months_ago)
    return EnrolmentFactory(
        family=family, linking_pin=pin, start_date=start, end_date=add_months(start, 24)
    )


def test_reviews_due_wait_in_the_work_queue_and_the_list_counts_the_same(
    world, running, client, sign_in
):
    pin = world.users["linking_pin"]
    _running_family(world, pin, 7)  # month 0 and 6 overdue
    _running_family(world, world.other_pin, 7)  # a colleague's
    sign_in(pin)
    start = client.get(reverse("portal:start"))
    item = next(i for i in start.context["work_items"] if i.key == "casework.reviews_due")
    listed = client.get(item.url)
    moments = listed.context["object_list"]
    assert item.count == listed.context["paginator"].count == len(moments)
    # The world's own family (month 0 overdue, and 6 when older) and the new one (0, 6).
    assert {(m.enrolment.linking_pin_id, m.state) for m in moments} == {(pin.pk, "overdue")}
    record(world, running)
    assert len(workqueue_goals.waiting_reviews(pin)) == item.count - 1
    # The coordinator reads the programme's list; nothing waits for them.
    sign_in(world.users["coordinator"])
    coordinator = client.get(reverse("casework:reviews_due"))
    both = len(workqueue_goals.waiting_reviews(pin)) + len(
        workqueue_goals.waiting_reviews(world.other_pin)
    )
    assert coordinator.context["paginator"].count == both > item.count
    assert not any(
        i.key == "casework.reviews_due"
        for i in client.get(reverse("portal:start")).context["work_items"]
    )


def test_the_list_of_reviews_due_costs_the_same_for_many_families(world, client, sign_in):
    pin = world.users["linking_pin"]
    _running_family(world, pin, 7)
    sign_in(pin)
    url = reverse("casework:reviews_due")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for months in range(1, 12):
        _running_family(world, pin, months)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["paginator"].count > 3
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
