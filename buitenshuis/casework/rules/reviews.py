# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Reviews (evaluatiemomenten): the programme's schedule, the plan of one
enrolment, and recording a review.

The schedule is the programme's ``ReviewSchedule``: months after the
enrolment's start (0 is the intake); a programme without one uses
``DEFAULT_REVIEW_MONTHS``. The plan of an enrolment is computed, never
stored: moment ``m`` is due on ``add_months(start_date, m)``, so the plan
moves when the start date moves, and it stops at the closure (no moment
falls due after ``Closure.closed_on``). A moment is

- ``held``: a review with its month was recorded;
- ``overdue``: not held and its date has passed;
- ``due``: not held and due within ``DUE_DAYS`` days (today included);
- ``planned``: later;
- ``missed``: not held in an enrolment that has been closed.

A due or overdue moment waits in the responsible linking pin's work queue
(``casework.workqueue_goals``) and on the list ``casework:reviews_due``,
both from ``due_moments``."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.casework.models import (
    DEFAULT_REVIEW_MONTHS,
    Closure,
    Enrolment,
    Goal,
    Review,
    ReviewProgress,
    ReviewSchedule,
)
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError

# A review waits in the work queue from this many days before its date.
DUE_DAYS = 14


class State:
    HELD = "held"
    DUE = "due"
    OVERDUE = "overdue"
    PLANNED = "planned"
    MISSED = "missed"


STATE_LABELS = {
    State.HELD: gettext_lazy("Gehouden"),
    State.DUE: gettext_lazy("Binnenkort"),
    State.OVERDUE: gettext_lazy("Te laat"),
    State.PLANNED: gettext_lazy("Gepland"),
    State.MISSED: gettext_lazy("Niet gehouden"),
}
WAITING_STATES = (State.DUE, State.OVERDUE)


@dataclass(frozen=True)
class Moment:
    """One moment of an enrolment's plan."""

    enrolment: Enrolment
    month: int
    due: datetime.date
    review: Review | None
    state: str

    @property
    def pk(self):
        """Identifies the moment among all (the lists' tests compare rows
        by ``pk``)."""
        return (self.enrolment.pk, self.month)

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def waiting(self):
        return self.state in WAITING_STATES


# The schedule ---------------------------------------------------------------


def schedule_months(programme):
    """The programme's review months (a tuple), the default without a
    schedule of its own. Uses ``programme.review_schedule`` when it was
    fetched with the programme (select_related)."""
    try:
        schedule = programme.review_schedule
    except ReviewSchedule.DoesNotExist:
        schedule = None
    return months_of(schedule)


def months_of(schedule):
    """The months of a ``ReviewSchedule`` (a tuple); the default for None
    or an empty schedule (for pages that fetch many programmes' schedules
    in one query)."""
    if schedule is None or not schedule.months:
        return tuple(DEFAULT_REVIEW_MONTHS)
    return tuple(schedule.months)


def parse_months(text):
    """The months in ``text`` ("0, 6, 12" or one per line), as a list of
    ints in the order written; RuleError on anything that is not a whole
    number."""
    months = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            months.append(int(part))
        except ValueError:
            raise RuleError(
                _("Schrijf de maanden als hele getallen, gescheiden door komma's, zoals 0, 6, 12."),
                field="review_months",
            ) from None
    return months


def months_problem(months, enrolment_months):
    """Why ``months`` cannot be a review schedule for enrolments of
    ``enrolment_months`` months (a Dutch message), or None: at least one
    moment, whole months from 0 up to the enrolment's length, ascending and
    each once."""
    if not months:
        return _("Geef ten minste één evaluatiemoment, bijvoorbeeld 0 (bij de intake).")
    if any(not isinstance(month, int) or isinstance(month, bool) for month in months):
        return _("Schrijf de maanden als hele getallen, gescheiden door komma's, zoals 0, 6, 12.")
    if any(month < 0 or month > enrolment_months for month in months):
        return _(
            "Een evaluatiemoment ligt tussen maand 0 (de start) en maand %(months)d (het einde "
            "van het traject)."
        ) % {"months": enrolment_months}
    if len(set(months)) != len(months):
        return _("Noem elke maand één keer.")
    if list(months) != sorted(months):
        return _("Zet de maanden op volgorde, van vroeg naar laat.")
    return None


def set_review_schedule(programme, months, enrolment_months):
    """Store ``months`` as the programme's review schedule (refused with
    RuleError on the field ``review_months``). Returns the schedule."""
    problem = months_problem(months, enrolment_months)
    if problem:
        raise RuleError(problem, field="review_months")
    schedule, _created = ReviewSchedule.objects.update_or_create(
        programme=programme, defaults={"months": list(months)}
    )
    return schedule


# The plan -------------------------------------------------------------------


def _closed_on(enrolment):
    """The closure's date of a closed enrolment (None: still running);
    a closed enrolment without a closure row counts as closed before its
    start (nothing more falls due)."""
    if enrolment.status != Enrolment.Status.CLOSED:
        return None
    try:
        return enrolment.closure.closed_on
    except Closure.DoesNotExist:
        return datetime.date.min


def review_plan(enrolment, months, reviews, today=None):
    """The moments of ``enrolment``'s plan for the schedule ``months``,
    with the ``reviews`` held (of this enrolment), in order of month.

    Empty without a start date. A moment falls due ``month`` months after
    the start; moments after the enrolment's end date, and moments not held
    that fall after its closure, are left out. A review held for a month
    that is no longer in the schedule keeps its place."""
    start = enrolment.start_date
    if start is None:
        return []
    today = today or timezone.localdate()
    held = {review.month: review for review in reviews}
    closed_on = _closed_on(enrolment)
    moments = []
    for month in sorted({*months, *held}):
        due = add_months(start, month)
        review = held.get(month)
        if review is not None:
            state = State.HELD
        elif enrolment.end_date is not None and due > enrolment.end_date:
            continue
        elif closed_on is not None:
            if due > closed_on:
                continue
            state = State.MISSED
        elif enrolment.status != Enrolment.Status.ACTIVE:
            state = State.PLANNED
        elif due < today:
            state = State.OVERDUE
        elif due <= today + datetime.timedelta(days=DUE_DAYS):
            state = State.DUE
        else:
            state = State.PLANNED
        moments.append(Moment(enrolment, month, due, review, state))
    return moments


def next_review_due(enrolment, months, held_months):
    """The date of the first moment of the plan without a held review, or
    None (no start date, nothing left, or closed)."""
    held = [_HeldMonth(month) for month in held_months]
    for moment in review_plan(enrolment, months, held):
        if moment.state in (State.OVERDUE, State.DUE, State.PLANNED):
            return moment.due
    return None


@dataclass(frozen=True)
class _HeldMonth:
    """A held month where only the month is known."""

    month: int


def due_moments(enrolments, today=None):
    """The waiting (due or overdue) moments of the running enrolments of
    the queryset ``enrolments`` (already scoped by the caller), by date.
    Two queries whatever their number: the enrolments with their
    programme's schedule, and their reviews."""
    rows = list(
        enrolments.filter(status=Enrolment.Status.ACTIVE, start_date__isnull=False)
        .select_related("family__programme__review_schedule")
        .order_by()
    )
    if not rows:
        return []
    reviews = {}
    for review in Review.objects.filter(enrolment__in=[row.pk for row in rows]).only(
        "pk", "enrolment_id", "month"
    ):
        reviews.setdefault(review.enrolment_id, []).append(review)
    moments = [
        moment
        for row in rows
        for moment in review_plan(
            row, schedule_months(row.family.programme), reviews.get(row.pk, ()), today
        )
        if moment.waiting
    ]
    return sorted(moments, key=lambda moment: (moment.due, moment.enrolment.pk, moment.month))


# Recording a review -----------------------------------------------------------


def review_refusal(enrolment, month, months, held_months, on=None):
    """Why no review can be recorded for ``month`` of ``enrolment`` (a
    Dutch message), or None. ``months``: the schedule; ``held_months``:
    the months already held."""
    on = on or timezone.localdate()
    if enrolment.status == Enrolment.Status.CLOSED:
        return _("Het traject is afgesloten; er worden geen evaluaties meer vastgelegd.")
    if enrolment.status != Enrolment.Status.ACTIVE or enrolment.start_date is None:
        return _("Het traject is nog niet gestart.")
    if month not in months:
        return _("Maand %(month)d staat niet in het evaluatieschema van het programma.") % {
            "month": month
        }
    if month in held_months:
        return _("De evaluatie van maand %(month)d is al vastgelegd.") % {"month": month}
    if on < enrolment.start_date:
        return _("Het traject is nog niet gestart.")
    return None


def open_goals(enrolment):
    """The goals a review judges: the enrolment's running goals."""
    return enrolment.goals.filter(status=Goal.Status.OPEN).order_by("pk")


def record_review(user, enrolment, month, *, held_on, outcome, criteria, notes="", progress):
    """Record the review of ``month`` held on ``held_on``: the decision
    (``outcome``: continue, adjust, stop), the criteria used, notes, and
    ``progress``: {goal: (progress, note)} for every running goal. One
    transaction; RuleError before anything is stored."""
    today = timezone.localdate()
    if held_on > today:
        raise RuleError(_("Een evaluatie ligt niet in de toekomst."), field="held_on")
    if enrolment.start_date is not None and held_on < enrolment.start_date:
        raise RuleError(
            _("De evaluatie ligt vóór de start van het traject."),
            field="held_on",
        )
    if outcome not in Review.Outcome.values:
        raise RuleError(_("Kies een besluit: doorgaan, bijstellen of stoppen."), field="outcome")
    criteria = (criteria or "").strip()
    if not criteria:
        raise RuleError(_("Schrijf op welke criteria u heeft gebruikt."), field="criteria")
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        months = schedule_months(enrolment.family.programme)
        held_months = set(enrolment.reviews.values_list("month", flat=True))
        refusal = review_refusal(enrolment, month, months, held_months, on=held_on)
        if refusal:
            raise RuleError(refusal)
        goals = list(open_goals(enrolment))
        given = {goal.pk: value for goal, value in progress.items()}
        for goal in goals:
            value = given.get(goal.pk)
            if not value or value[0] not in ReviewProgress.Progress.values:
                raise RuleError(
                    _("Geef de voortgang van elk lopend doel."), field=f"goal_{goal.pk}"
                )
        if set(given) - {goal.pk for goal in goals}:
            raise RuleError(_("Geef alleen de voortgang van lopende doelen van dit gezin."))
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    enrolment=enrolment,
                    month=month,
                    held_on=held_on,
                    outcome=outcome,
                    criteria=criteria,
                    notes=(notes or "").strip(),
                    held_by=user,
                )
        except IntegrityError:
            raise RuleError(
                _("De evaluatie van maand %(month)d is al vastgelegd.") % {"month": month}
            ) from None
        # One by one, so that each row's history is kept (a few goals).
        for goal in goals:
            ReviewProgress.objects.create(
                review=review,
                goal=goal,
                progress=given[goal.pk][0],
                note=(given[goal.pk][1] or "").strip()[:300],
            )
    return review
