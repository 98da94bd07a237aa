# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The indicators: one definition in code for each figure of the issue's
list, the same as in ``docs/indicators.md``. The dashboard, the council
report, the exports and the feed all call ``indicators_for``; nothing else
computes a figure of its own.

An indicator is computed for a ``Selection`` (a programme, a municipality,
a region, or the whole country) and a ``Period`` (first and last day, both
included) and gives named ``Figure``s (a count, a breakdown, a measure over
people, a share, events, an amount). A figure is exact inside the
programme, and published (``suppression``) for anything that leaves the
case workers.

Access (ACCESS.md): ``Data.MONITORING`` inside the programme (the
coordinator and the policy officer the programme's rows, exact; a linking
pin their own caseload, and only the indicators computed from family rows);
``Data.COUNCIL_REPORT`` above programme level (figures only, suppressed,
whole calendar years).
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data, Scope
from buitenshuis.activities.models import Placement
from buitenshuis.casework.models import (
    Agreement,
    Closure,
    Contact,
    Enrolment,
    Goal,
    NetworkMeeting,
    Review,
)
from buitenshuis.casework.rules import contacts as contact_rules
from buitenshuis.core.dates import add_months
from buitenshuis.monitoring import suppression
from buitenshuis.organisations.models import (
    ActivityType,
    Location,
    Membership,
    Municipality,
    OrganisationType,
    Programme,
    Role,
)
from buitenshuis.programmes import budget as budget_rules
from buitenshuis.programmes.models import Assignment, ProgrammeSettings
from buitenshuis.programmes.routes import Route
from buitenshuis.referrals.models import Decision, Referral
from buitenshuis.training import rules as training_rules
from buitenshuis.training.models import REQUIRED, TrainingOverride, TrainingRecord

# Selection ----------------------------------------------------------------------


class Level(StrEnum):
    PROGRAMME = "programme"
    MUNICIPALITY = "municipality"
    REGION = "region"
    NATIONAL = "national"


ABOVE_PROGRAMME = (Level.MUNICIPALITY, Level.REGION, Level.NATIONAL)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def months(self):
        return contact_rules.months_of(self.start, self.end)


# The path from each model to the family the row is about.
FAMILY = {
    Referral: "family",
    Decision: "referral__family",
    Enrolment: "family",
    Placement: "enrolment__family",
    Contact: "enrolment__family",
    NetworkMeeting: "enrolment__family",
    Agreement: "enrolment__family",
    Goal: "enrolment__family",
    Review: "enrolment__family",
    Closure: "enrolment__family",
    TrainingOverride: "enrolment__family",
    Assignment: "enrolment__family",
}


@dataclass
class Context:
    """What an indicator is computed over: the selection's rows, narrowed to
    what ``user`` may see inside the programme (``user`` None: every row of
    the selection, for figures above programme level)."""

    level: Level
    pk: int | None
    period: Period
    user: object = None
    # Whether the programme-wide indicators (training, budget) may be
    # computed: not for a linking pin's own caseload.
    programme_wide: bool = True
    # One programme's part of a municipality (``indicator_summary``).
    programme_id: int | None = None
    # Nothing at all: the figures' template (their shape and labels), no query.
    empty: bool = False
    # Shared by the contexts of one summary refresh (the budget statements).
    memo: dict = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)

    def rows(self, model):
        family = FAMILY[model]
        if self.empty:
            return model._default_manager.none()
        queryset = model._default_manager.all()
        if self.programme_id is not None:
            queryset = queryset.filter(**{f"{family}__programme_id": self.programme_id})
        if self.level == Level.PROGRAMME:
            queryset = queryset.filter(**{f"{family}__programme_id": self.pk})
        elif self.level == Level.MUNICIPALITY:
            queryset = queryset.filter(**{f"{family}__municipality_id": self.pk})
        elif self.level == Level.REGION:
            queryset = queryset.filter(**{f"{family}__municipality__region_id": self.pk})
        if self.user is not None:
            queryset = policy.scope(self.user, "view", Data.MONITORING, queryset)
        return queryset

    def programme_ids(self):
        """The programmes with families in the selection (programme-wide
        figures: training, budget)."""
        if "programmes" not in self._cache:
            if self.empty:
                ids = []
            elif self.programme_id is not None:
                ids = [self.programme_id]
            elif self.level == Level.PROGRAMME:
                ids = [self.pk]
            elif self.level == Level.NATIONAL:
                ids = list(Programme.objects.values_list("pk", flat=True))
            else:
                # Programmes serving the place, and any with families living there.
                serving = Programme.objects.filter(
                    municipalities__in=Municipality.objects.filter(self._municipalities())
                ).values_list("pk", flat=True)
                living = self.rows(Enrolment).values_list("family__programme_id", flat=True)
                ids = set(serving) | set(living)
            self._cache["programmes"] = sorted(ids)
        return self._cache["programmes"]

    def _municipalities(self):
        if self.level == Level.MUNICIPALITY:
            return Q(pk=self.pk)
        return Q(region_id=self.pk)

    def municipality_ids(self):
        """The municipalities of a municipality or region selection."""
        return set(Municipality.objects.filter(self._municipalities()).values_list("pk", flat=True))

    def municipality_filter(self, prefix=""):
        if self.level == Level.PROGRAMME:
            return Q(**{f"{prefix}programme_id": self.pk})
        if self.level == Level.MUNICIPALITY:
            return Q(**{f"{prefix}municipality_id": self.pk})
        if self.level == Level.REGION:
            return Q(**{f"{prefix}municipality__region_id": self.pk})
        return Q()


def _in_period(lookup, period):
    return {f"{lookup}__gte": period.start, f"{lookup}__lte": period.end}


def _day(moment):
    return timezone.localtime(moment).date()


def _families(queryset, path):
    return queryset.values(path).distinct().count()


# Figures -----------------------------------------------------------------------
#
# Every figure can be taken apart into additive ``parts`` (whole numbers that
# add up over programmes and municipalities: counts, sums, the bars of a
# histogram) and put together again from their sums (``from_parts``, with the
# figure of an empty selection as the template for its shape and labels).
# Above programme level the figures are the sums of the parts stored per
# programme x municipality x year (``monitoring.indicator_summary``).


def _sum_parts(parts, prefix):
    return {key[len(prefix) :]: value for key, value in parts.items() if key.startswith(prefix)}


@dataclass(frozen=True)
class People:
    """A number of people (families or children)."""

    value: int

    def exact(self):
        return {"value": self.value}

    def published(self):
        return {"value": suppression.count(self.value)}

    def parts(self):
        return {"n": self.value}

    @classmethod
    def from_parts(cls, parts, template):
        return cls(parts.get("n", 0))


@dataclass(frozen=True)
class Breakdown:
    """People per category: a partition, the cells add up to the total."""

    cells: dict
    labels: dict

    @property
    def total(self):
        return sum(self.cells.values())

    def exact(self):
        return {"cells": dict(self.cells), "total": self.total, "withheld": False}

    def published(self):
        table = suppression.breakdown(self.cells)
        return {"cells": table.cells, "total": table.total, "withheld": table.withheld}

    def parts(self):
        return {f"c.{cell}": n for cell, n in self.cells.items()}

    @classmethod
    def from_parts(cls, parts, template):
        keys = {str(cell): cell for cell in template.cells}
        cells = dict.fromkeys(template.cells, 0)
        for name, n in _sum_parts(parts, "c.").items():
            cell = keys.get(name, name)
            cells[cell] = cells.get(cell, 0) + n
        return cls(cells, template.labels)


@dataclass(frozen=True)
class Measure:
    """An average or median over ``people``."""

    value: object
    people: int

    def exact(self):
        return {"value": self.value, "people": self.people}

    def published(self):
        return {
            "value": suppression.measure(self.value, self.people),
            "people": suppression.count(self.people),
        }


def _median_hours(hours):
    """The median of a histogram {hours: people}, in days to one decimal."""
    people = sum(hours.values())
    if not people:
        return None
    middle = ((people - 1) // 2, people // 2)  # the middle one or two
    found, seen = [], 0
    for bar in sorted(hours):
        count = hours[bar]
        found += [bar for position in middle if seen <= position < seen + count]
        seen += count
    days = (Decimal(found[0]) + Decimal(found[1])) / 2 / 24
    return round(days, 1)


@dataclass(frozen=True)
class Median(Measure):
    """A median time in days over ``people``; its parts are a histogram of
    the times in whole hours, so above programme level the median is that
    of the times rounded to the hour."""

    hours: dict = field(default_factory=dict)

    @classmethod
    def of(cls, deltas):
        hours = defaultdict(int)
        for delta in deltas:
            hours[round(delta.total_seconds() / 3600)] += 1
        return cls(_median_days(deltas), len(deltas), dict(hours))

    def parts(self):
        return {"people": self.people, **{f"h.{bar}": n for bar, n in self.hours.items()}}

    @classmethod
    def from_parts(cls, parts, template):
        hours = {int(bar): n for bar, n in _sum_parts(parts, "h.").items() if n}
        return cls(_median_hours(hours), parts.get("people", 0), hours)


@dataclass(frozen=True)
class Average(Measure):
    """``total`` over ``over`` (rounded), about ``people``: e.g. minutes over
    family-months, about families."""

    total: int = 0
    over: int = 0

    @classmethod
    def of(cls, total, over, people):
        return cls(round(total / over) if over else None, people, total, over)

    def parts(self):
        return {"people": self.people, "total": self.total, "over": self.over}

    @classmethod
    def from_parts(cls, parts, template):
        return cls.of(parts.get("total", 0), parts.get("over", 0), parts.get("people", 0))


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole`` (people, or rows each about one family)."""

    part: int
    whole: int

    def exact(self):
        value = self.part / self.whole if self.whole else None
        return {"part": self.part, "whole": self.whole, "value": value}

    def published(self):
        value = suppression.share(self.part, self.whole)
        return {
            "part": suppression.HIDDEN if value == suppression.HIDDEN else self.part,
            "whole": suppression.count(self.whole),
            "value": float(value) if value not in (None, suppression.HIDDEN) else value,
        }

    def parts(self):
        return {"part": self.part, "whole": self.whole}

    @classmethod
    def from_parts(cls, parts, template):
        return cls(parts.get("part", 0), parts.get("whole", 0))


@dataclass(frozen=True)
class Events:
    """A number of things done (meetings, agreements) for ``families``
    families: hidden about fewer than 5 families."""

    value: int
    families: int

    def exact(self):
        return {"value": self.value, "families": self.families}

    def published(self):
        small = suppression.is_small(self.families)
        return {
            "value": suppression.HIDDEN if small else self.value,
            "families": suppression.count(self.families),
        }

    def parts(self):
        return {"n": self.value, "families": self.families}

    @classmethod
    def from_parts(cls, parts, template):
        return cls(parts.get("n", 0), parts.get("families", 0))


def _cents(amount):
    return int((amount * 100).to_integral_value())


@dataclass(frozen=True)
class Amount:
    """Euros about ``families`` families."""

    value: Decimal | None
    families: int
    note: str | None = None  # e.g. "below" / "within" / "above" the reference

    def exact(self):
        return {"value": self.value, "families": self.families, "note": self.note}

    def published(self):
        hidden = suppression.amount(self.value, self.families) == suppression.HIDDEN
        return {
            "value": suppression.amount(self.value, self.families),
            "families": suppression.count(self.families),
            "note": suppression.HIDDEN if hidden else self.note,
        }

    def parts(self):
        found = {"families": self.families}
        if self.value is not None:
            found.update(cents=_cents(self.value), set=1)
        return found

    @classmethod
    def from_parts(cls, parts, template):
        value = Decimal(parts.get("cents", 0)) / 100 if parts.get("set") else None
        return cls(value, parts.get("families", 0))


def reference_note(two_children):
    """Where two children's cost stands beside the guide's reference."""
    if two_children is None:
        return None
    if two_children < budget_rules.REFERENCE_LOW:
        return "below"
    return "above" if two_children > budget_rules.REFERENCE_HIGH else "within"


@dataclass(frozen=True)
class PerHead(Amount):
    """``total`` euros per head (``heads`` families or children) times
    ``factor``, to the cent, about ``families`` families; with the note
    beside the guide's reference when ``noted``."""

    total: Decimal = Decimal(0)
    heads: int = 0
    factor: int = 1
    noted: bool = False

    @classmethod
    def of(cls, total, heads, families, factor=1, noted=False):
        value = None
        if heads:
            value = budget_rules.cents(budget_rules.cents(total / heads) * factor)
        return cls(
            value, families, reference_note(value) if noted else None, total, heads, factor, noted
        )

    def parts(self):
        return {"families": self.families, "cents": _cents(self.total), "heads": self.heads}

    @classmethod
    def from_parts(cls, parts, template):
        total = Decimal(parts.get("cents", 0)) / 100
        return cls.of(
            total, parts.get("heads", 0), parts.get("families", 0), template.factor, template.noted
        )


# The registry ------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str  # Dutch, for the screens
    definition: str  # English, as in docs/indicators.md
    unit: str
    compute: Callable
    dimension: str | None = None
    # Computed from the programme as a whole (training, budget), not from
    # family rows: not for a linking pin's caseload.
    programme_wide: bool = False


REGISTRY: dict[str, Indicator] = {}


def indicator(key, label, unit, definition, dimension=None, programme_wide=False):
    def register(function):
        REGISTRY[key] = Indicator(
            key, label, " ".join(definition.split()), unit, function, dimension, programme_wide
        )
        return function

    return register


# The rows behind a figure: the querysets the indicators count, reusable by
# a list that shows exactly those rows (``figure_rows``), so that a
# click-through from a figure never shows a different number.


def received_referrals(ctx):
    """Referrals received in the period (the day of receipt)."""
    return ctx.rows(Referral).filter(**_in_period("received_at__date", ctx.period))


def decisions_taken(ctx):
    """Decisions taken in the period (the day of the decision)."""
    return ctx.rows(Decision).filter(**_in_period("decided_at__date", ctx.period))


def closures_made(ctx):
    """Enrolments closed in the period (``Closure.closed_on``)."""
    return ctx.rows(Closure).filter(**_in_period("closed_on", ctx.period))


@dataclass(frozen=True)
class RowSource:
    """The rows an indicator's breakdowns count: ``rows(ctx)`` and, per
    figure, the field whose value is the breakdown's cell; ``data`` the
    kind of data a list of those rows shows (``access.policy.Data``)."""

    rows: Callable
    fields: dict
    data: str


ROW_SOURCES = {
    "referrals_by_route": RowSource(
        received_referrals, {"referrals": "route"}, Data.REFERRAL_STATUS
    ),
    "decisions": RowSource(decisions_taken, {"decisions": "outcome"}, Data.DECISION),
    "closures": RowSource(
        closures_made,
        {
            "way_on": "way_on",
            "reason": "reason",
            "out_of_home_prevented": "out_of_home_prevented",
        },
        Data.CLOSURE_OUTCOME,
    ),
}


def figure_rows(ctx, key, name, cell=None):
    """The rows counted by figure ``name`` of indicator ``key`` over
    ``ctx``: the breakdown's ``cell`` (a choice value), or its total.
    ``KeyError`` for a figure without rows to show."""
    source = ROW_SOURCES[key]
    field_name = source.fields[name]
    rows = source.rows(ctx)
    if cell is not None:
        rows = rows.filter(**{field_name: cell})
    return rows


def _breakdown(queryset, field_name, choices):
    """People per value of a choice field: every choice a cell, zeros too,
    so the table's shape does not depend on the data."""
    cells = {value: 0 for value in choices.values}
    for value, n in queryset.values_list(field_name).annotate(n=Count("pk")).order_by():
        cells[value] = cells.get(value, 0) + n
    return Breakdown(cells, dict(choices.choices))


@indicator(
    "referrals_by_route",
    _("Aanmeldingen per route"),
    "referrals",
    """Referrals received in the period (the day of receipt in the period), per
    route. Each referral is one family.""",
    dimension="route",
)
def referrals_by_route(ctx):
    received = received_referrals(ctx)
    return {"referrals": _breakdown(received, "route", Route)}


@indicator(
    "referrals_by_referrer_type",
    _("Aanmeldingen per soort verwijzer"),
    "referrals",
    """Referrals received in the period, per type of the referring
    organisation (Referral.referrer_organisation.type).""",
    dimension="referrer_type",
)
def referrals_by_referrer_type(ctx):
    received = received_referrals(ctx)
    return {"referrals": _breakdown(received, "referrer_organisation__type", OrganisationType)}


@indicator(
    "decisions",
    _("Toegekend en afgewezen"),
    "decisions",
    """Decisions taken in the period (the day of the decision in the period):
    accepted and rejected.""",
    dimension="outcome",
)
def decisions(ctx):
    taken = decisions_taken(ctx)
    return {"decisions": _breakdown(taken, "outcome", Decision.Outcome)}


def _settings_of(programme_ids):
    return {
        programme.pk: ProgrammeSettings.for_programme(programme)
        for programme in Programme.objects.filter(pk__in=programme_ids).select_related("settings")
    }


def _median_days(deltas):
    if not deltas:
        return None
    days = statistics.median(delta.total_seconds() / 86400 for delta in deltas)
    return round(Decimal(str(days)), 1)


@indicator(
    "time_to_decision",
    _("Tijd tot het besluit"),
    "days",
    """Referrals decided in the period: the median time from receipt to
    decision in days, and the share decided within the programme's decision
    norm (ProgrammeSettings.norm_decision_days).""",
)
def time_to_decision(ctx):
    decided = list(
        ctx.rows(Referral)
        .filter(**_in_period("decided_at__date", ctx.period))
        .values_list("programme_id", "received_at", "decided_at")
    )
    settings = _settings_of({pid for pid, _r, _d in decided})
    deltas, within = [], 0
    for pid, received, decided_at in decided:
        delta = decided_at - received
        deltas.append(delta)
        within += delta <= datetime.timedelta(days=settings[pid].norm_decision_days)
    return {
        "median_days": Median.of(deltas),
        "within_norm": Share(within, len(deltas)),
    }


@indicator(
    "time_to_first_day",
    _("Tijd tot de eerste dag van de activiteit"),
    "days",
    """Referrals whose first day of the activity (Enrolment.first_activity_date)
    falls in the period: the median time in days from the moment the start
    norm's clock starts (intake and consent completed, Referral.ready_at, when
    the programme starts before the decision; else the decision) to the start
    of the first day, and the share within the programme's start norm
    (ProgrammeSettings.norm_start_hours, 48 hours by default).""",
)
def time_to_first_day(ctx):
    started = list(
        ctx.rows(Referral)
        .filter(**_in_period("enrolment__first_activity_date", ctx.period))
        .values_list("programme_id", "ready_at", "decided_at", "enrolment__first_activity_date")
    )
    settings = _settings_of({row[0] for row in started})
    deltas, within = [], 0
    for pid, ready_at, decided_at, first_day in started:
        since = ready_at if settings[pid].start_before_decision and ready_at else decided_at
        if since is None:
            continue
        first = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time()))
        delta = max(first - since, datetime.timedelta())
        deltas.append(delta)
        within += delta <= datetime.timedelta(hours=settings[pid].norm_start_hours)
    return {
        "median_days": Median.of(deltas),
        "within_norm": Share(within, len(deltas)),
    }


@indicator(
    "provisional_starts",
    _("Voorlopige starts"),
    "families",
    """Families whose first day of the activity falls in the period before
    the decision on their referral (no decision yet, or a decision on a later
    day): a start after intake and consent, before the decision.""",
)
def provisional_starts(ctx):
    started = ctx.rows(Referral).filter(**_in_period("enrolment__first_activity_date", ctx.period))
    early = 0
    for first_day, decided_at in started.values_list(
        "enrolment__first_activity_date", "decided_at"
    ):
        early += decided_at is None or first_day < _day(decided_at)
    return {"families": People(early)}


AGE_BANDS = (
    ("0-3", 0, 3, _("0 tot en met 3 jaar")),
    ("4-11", 4, 11, _("4 tot en met 11 jaar")),
    ("12-17", 12, 17, _("12 tot en met 17 jaar")),
)


def _active_placements(ctx):
    return (
        ctx.rows(Placement)
        .filter(start_date__lte=ctx.period.end, end_date__gte=ctx.period.start)
        .exclude(ended_at__date__lt=ctx.period.start)
    )


def _age(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@indicator(
    "children_by_age_band",
    _("Actieve kinderen per leeftijd"),
    "children",
    """Children with a placement running on at least one day of the period,
    per age on the period's last day: 0-3, 4-11, 12-17 (unknown without a
    date of birth). Each child counts once.""",
    dimension="age_band",
)
def children_by_age_band(ctx):
    cells = {key: 0 for key, *_rest in AGE_BANDS}
    cells[""] = 0
    labels = {key: label for key, _lo, _hi, label in AGE_BANDS}
    labels[""] = _("Onbekend")
    children = dict(_active_placements(ctx).values_list("child_id", "child__date_of_birth"))
    for born in children.values():
        band = ""
        if born is not None:
            age = _age(born, ctx.period.end)
            band = next((key for key, lo, hi, _l in AGE_BANDS if lo <= age <= hi), "")
        cells[band] += 1
    return {"children": Breakdown(cells, labels)}


@indicator(
    "children_by_activity_type",
    _("Actieve kinderen per soort activiteit"),
    "children",
    """Children with a placement running on at least one day of the period,
    per type of activity of their latest-starting placement in the period
    (so each child counts once and the cells add up).""",
    dimension="activity_type",
)
def children_by_activity_type(ctx):
    latest = {}
    for child_id, activity_type in (
        _active_placements(ctx)
        .order_by("start_date", "pk")
        .values_list("child_id", "activity_type")
    ):
        latest[child_id] = activity_type
    cells = {value: 0 for value in ActivityType.values}
    for activity_type in latest.values():
        cells[activity_type] = cells.get(activity_type, 0) + 1
    return {"children": Breakdown(cells, dict(ActivityType.choices))}


@indicator(
    "minutes_per_family_per_month",
    _("Tijd van de linking pin per gezin per maand"),
    "minutes",
    """The linking pins' average minutes per family per month: the minutes of
    every contact in the period (each kind counts) divided by the calendar
    months of the period each enrolment ran in, from its start to its closure
    (casework.rules.contacts.minutes_per_family_per_month); and the minutes in
    total (contact_minutes), about the same families. Above programme level
    the minutes are read from ContactMonthSummary, current with every
    contact.""",
)
def minutes_per_family_per_month(ctx):
    spent = contact_rules.minutes_per_family_per_month(
        ctx.rows(Enrolment), (ctx.period.start, ctx.period.end)
    )
    return {
        "minutes": Average.of(spent.minutes, spent.family_months, spent.families),
        "contact_minutes": Events(spent.minutes, spent.families),
    }


@indicator(
    "network_meetings",
    _("Netwerkoverleggen en afspraken"),
    "meetings",
    """Network meetings held in the period (NetworkMeeting.date), agreements
    made (Agreement.created) and agreements done (Agreement.done_on) in the
    period, each with the number of families they were about.""",
)
def network_meetings(ctx):
    meetings = ctx.rows(NetworkMeeting).filter(**_in_period("date", ctx.period))
    made = ctx.rows(Agreement).filter(**_in_period("created__date", ctx.period))
    done = ctx.rows(Agreement).filter(
        status=Agreement.Status.DONE, **_in_period("done_on", ctx.period)
    )
    return {
        "meetings": Events(meetings.count(), _families(meetings, "enrolment__family_id")),
        "agreements_made": Events(made.count(), _families(made, "enrolment__family_id")),
        "agreements_done": Events(done.count(), _families(done, "enrolment__family_id")),
    }


@indicator(
    "goals_reached",
    _("Bereikte doelen"),
    "goals",
    """Goals marked reached with a day reached (Goal.reached_on) in the period,
    with the number of families they belong to.""",
)
def goals_reached(ctx):
    reached = ctx.rows(Goal).filter(
        status=Goal.Status.REACHED, **_in_period("reached_on", ctx.period)
    )
    return {"goals": Events(reached.count(), _families(reached, "enrolment__family_id"))}


@indicator(
    "reviews_on_time",
    _("Evaluaties op tijd"),
    "reviews",
    """Reviews held in the period (Review.held_on) and the share held on or
    before their date in the programme's schedule (the enrolment's start date
    plus the review's month, casework.rules.reviews).""",
)
def reviews_on_time(ctx):
    held = ctx.rows(Review).filter(**_in_period("held_on", ctx.period))
    on_time = 0
    rows = list(held.values_list("held_on", "month", "enrolment__start_date"))
    for held_on, month, start in rows:
        on_time += start is not None and held_on <= add_months(start, month)
    return {"on_time": Share(on_time, len(rows))}


EARLY_STOP_REASONS = (
    Closure.Reason.MOVED,
    Closure.Reason.FAMILY_STOPPED,
    Closure.Reason.ESCALATION,
    Closure.Reason.OUT_OF_HOME,
)


@indicator(
    "closures",
    _("Afsluitingen: vervolg, reden en voorkomen uithuisplaatsing"),
    "families",
    """Enrolments closed in the period (Closure.closed_on), three breakdowns
    of the same families: by the way on (Closure.way_on), by reason
    (Closure.reason; moved, family stopped, escalation and out-of-home
    placement are the early stops) and by whether an out-of-home placement
    was judged prevented (Closure.out_of_home_prevented).""",
    dimension="way_on, reason, out_of_home_prevented",
)
def closures(ctx):
    closed = closures_made(ctx)
    early = closed.filter(reason__in=EARLY_STOP_REASONS)
    return {
        "way_on": _breakdown(closed, "way_on", Closure.WayOn),
        "reason": _breakdown(closed, "reason", Closure.Reason),
        "out_of_home_prevented": _breakdown(closed, "out_of_home_prevented", Closure.Prevented),
        # Not published on its own: the sum of the reason breakdown's early
        # cells, so its "<5" follows the breakdown's (see docs).
        "early_stops": People(early.count()),
    }


@indicator(
    "training_coverage",
    _("Getrainde linking pins en locaties"),
    "people and locations",
    """On the period's last day: the share of the linking pins with a current
    membership of the programme(s) who completed every module required of
    them (training.models.REQUIRED), and the share of the locations with a
    contract of the programme(s) running that day that have at least one
    trained staff member (training.rules.ready_location_ids).""",
    programme_wide=True,
)
def training_coverage(ctx):
    ids = ctx.programme_ids()
    pins = set(
        Membership.objects.current()
        .filter(programme_id__in=ids, role=Role.LINKING_PIN)
        .values_list("user_id", flat=True)
    )
    required = set(REQUIRED[Role.LINKING_PIN])
    done = defaultdict(set)
    for user_id, module in TrainingRecord.objects.filter(
        user_id__in=pins, module__in=required, completed_on__lte=ctx.period.end
    ).values_list("user_id", "module"):
        done[user_id].add(module)
    trained = sum(1 for user_id in pins if done[user_id] >= required)
    day = ctx.period.end
    locations = set(
        Location.objects.filter(
            Q(contracts__valid_to__isnull=True) | Q(contracts__valid_to__gte=day),
            contracts__programme_id__in=ids,
            contracts__valid_from__lte=day,
        ).values_list("pk", flat=True)
    )
    ready = training_rules.ready_location_ids(locations) if locations else set()
    return {
        "linking_pins": Share(trained, len(pins)),
        "locations": Share(len(ready), len(locations)),
    }


@indicator(
    "overrides",
    _("Gebruikte uitzonderingen"),
    "overrides",
    """Exceptions made in the period, each with the families they were about:
    capacity overrides (Decision.capacity_overridden, by the day of the
    decision), training overrides for a location without trained staff and
    for a linking pin without finished training (TrainingOverride, by the
    day granted), a linking pin chosen other than the programme's assignment
    rule (programmes.Assignment with a reason, by the day assigned), and
    placements outside a location's ages or before the child was ready
    (Placement.age_override_reason, readiness_override_reason, by the day
    recorded).""",
)
def overrides(ctx):
    capacity = ctx.rows(Decision).filter(
        capacity_overridden=True, **_in_period("decided_at__date", ctx.period)
    )
    granted = ctx.rows(TrainingOverride).filter(**_in_period("created__date", ctx.period))
    placed = ctx.rows(Placement).filter(**_in_period("created__date", ctx.period))
    reassigned = (
        ctx.rows(Assignment)
        .exclude(reason="")
        .filter(**_in_period("assigned_at__date", ctx.period))
    )
    parts = {
        "capacity": (capacity, "referral__family_id"),
        "training_location": (
            granted.filter(kind=TrainingOverride.Kind.LOCATION_NOT_READY),
            "enrolment__family_id",
        ),
        "training_linking_pin": (
            granted.filter(kind=TrainingOverride.Kind.LINKING_PIN_UNTRAINED),
            "enrolment__family_id",
        ),
        "assignment_rule": (reassigned, "enrolment__family_id"),
        "age": (placed.exclude(age_override_reason=""), "enrolment__family_id"),
        "readiness": (placed.exclude(readiness_override_reason=""), "enrolment__family_id"),
    }
    return {
        name: Events(queryset.count(), _families(queryset, path))
        for name, (queryset, path) in parts.items()
    }


def _statements(ctx, first, last, year):
    """The committed ``Committed`` parts of the selection: the programme's
    whole, or the municipalities' parts of every programme."""
    parts = []
    for programme_id in ctx.programme_ids():
        memo_key = ("committed", programme_id, first, last, year)
        if memo_key not in ctx.memo:
            budget = budget_rules.budget_for(programme_id, year)
            ctx.memo[memo_key] = budget_rules.committed(budget, programme_id, first, last)
        statement = ctx.memo[memo_key]
        if ctx.level in (Level.PROGRAMME, Level.NATIONAL):
            parts.append(statement.programme)
        else:
            wanted = ctx.municipality_ids()
            parts += [part for pk, part in statement.municipalities.items() if pk in wanted]
    whole = budget_rules.Committed()
    for part in parts:
        whole.add(part)
    return whole


@indicator(
    "budget",
    _("Budget: vastgelegd en besteed"),
    "euro",
    """The cost committed for the period (programmes.budget.committed: the
    activity, the linking pin's planned hours, the training, minus parental
    contributions) and of it what is spent, the same over the part of the
    period up to today; with the budget of the period's first year.""",
    programme_wide=True,
)
def budget(ctx):
    committed = _statements(ctx, ctx.period.start, ctx.period.end, ctx.period.start.year)
    today = timezone.localdate()
    spent_end = min(ctx.period.end, today)
    spent = (
        _statements(ctx, ctx.period.start, spent_end, ctx.period.start.year)
        if spent_end >= ctx.period.start
        else budget_rules.Committed()
    )
    return {
        "committed": Amount(committed.total, len(committed.families)),
        "provisional": Amount(committed.provisional, len(committed.families)),
        "spent": Amount(spent.total, len(spent.families)),
    }


@indicator(
    "cost_per_family",
    _("Kosten per gezin"),
    "euro",
    """Everything committed since the programme began (programmes.budget.
    cost_per_family) divided by the families, and two children's worth (twice
    the cost per child) beside the guide's reference of EUR 34,000-45,000 for
    a family with two children over two years.""",
    programme_wide=True,
)
def cost_per_family(ctx):
    whole = _statements(ctx, *budget_rules.ALL_TIME, ctx.period.start.year)
    families, children = len(whole.families), len(whole.children)
    return {
        "per_family": PerHead.of(whole.total, families, families),
        "two_children": PerHead.of(
            whole.total, children, families, budget_rules.REFERENCE_CHILDREN, noted=True
        ),
    }


# Computing and access ------------------------------------------------------------


def compute(context, keys=None):
    """{key: {name: Figure}} for the registry's indicators (or ``keys``) over
    ``context``, exact. Programme-wide ones are left out when the context
    is a caseload."""
    found = {}
    for key, item in REGISTRY.items():
        if keys is not None and key not in keys:
            continue
        if item.programme_wide and not context.programme_wide:
            continue
        found[key] = item.compute(context)
    return found


def present(found, published, shown=None):
    """The dashboard's, report's and export's shape: a list of
    {key, label, definition, unit, dimension, labels, figures: {name: {...}}}
    (``labels``: each breakdown's cells' Dutch names), with
    every figure exact or published; ``shown`` {key: {name: {...}}}: figures
    already published by the geographic suppression, in their place."""
    shown = shown or {}
    rows = []
    for key, figures in found.items():
        item = REGISTRY[key]
        rows.append(
            {
                "key": key,
                # The Dutch names of each breakdown's cells.
                "labels": {
                    name: dict(figure.labels)
                    for name, figure in figures.items()
                    if isinstance(figure, Breakdown)
                },
                "label": item.label,
                "definition": item.definition,
                "unit": item.unit,
                "dimension": item.dimension,
                "figures": {
                    name: (
                        shown.get(key, {}).get(name) or figure.published()
                        if published
                        else figure.exact()
                    )
                    for name, figure in figures.items()
                    if not (published and key == "closures" and name == "early_stops")
                },
            }
        )
    return rows


def _monitoring_scope(user, programme_id):
    """The scope ``Data.MONITORING`` grants ``user`` in the programme (the
    widest of their memberships there), or None."""
    found = None
    for membership in policy.memberships(user):
        if membership.programme_id != programme_id:
            continue
        granted = policy.POLICY.get(membership.role, {}).get(Data.MONITORING, {}).get("view")
        if granted is None:
            continue
        if granted == Scope.PROGRAMME or found is None:
            found = granted
    return found


def indicators_for(user, level, selection, period, *, published=None, keys=None):
    """The indicators ``user`` may see at ``level`` for ``selection`` (a
    programme, municipality or region, or its id; None for national) over
    ``period`` (a ``Period`` or (first, last)).

    - ``Level.PROGRAMME``: ``Data.MONITORING`` in that programme; the
      coordinator and the policy officer get the programme's rows, a
      linking pin their own caseload (without the programme-wide
      indicators). Exact, unless ``published=True`` (a council report or
      export of the programme, which leaves the case workers).
    - above: ``Data.COUNCIL_REPORT``; always published, whole calendar
      years only; a municipality's and a region's figures also protected
      against subtraction from the level above (``geography``).

    Raises ``PermissionDenied`` for a level the user may not see and
    ``suppression.NotPublishable`` for a period that may not be published."""
    level = Level(level)
    if not isinstance(period, Period):
        period = Period(*period)
    pk = getattr(selection, "pk", selection)
    if level == Level.PROGRAMME:
        granted = _monitoring_scope(user, pk)
        if granted is None:
            raise PermissionDenied("No monitoring of this programme for this user.")
        published = bool(published)
        context = Context(level, pk, period, user=user, programme_wide=granted == Scope.PROGRAMME)
    else:
        if not policy.can(user, "view", Data.COUNCIL_REPORT):
            raise PermissionDenied("No figures above programme level for this user.")
        if level != Level.NATIONAL and pk is None:
            raise ValueError(f"A {level} needs a selection.")
        suppression.check_period(period.start, period.end)
        # Above the programme: from the summary rows, never the raw rows.
        from buitenshuis.monitoring import geography, indicator_summary

        found = indicator_summary.read(level, None if level == Level.NATIONAL else pk, period, keys)
        shown = None
        if level in (Level.MUNICIPALITY, Level.REGION):
            shown = geography.published(level, pk, period, found)
        return present(found, published=True, shown=shown)
    if published:
        suppression.check_period(period.start, period.end)
    return present(compute(context, keys), published)
