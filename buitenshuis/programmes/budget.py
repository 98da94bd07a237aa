# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The budget's arithmetic: what a programme has committed in a year,
against its budget, per municipality of a regional programme; the forecast
over the programme's years; the cost per family beside the guide's
reference; and whether one more family fits (the capacity check of the
referral route, ``programmes.capacity``).

Every amount is an exact ``Decimal`` in euros, rounded to the cent per
line (a placement's part in a period, an enrolment's planned hours) and
then added up; there is no float anywhere.

What counts as committed in a period (a calendar year):

- **the activity**: the projected cost of every placement over the part of
  its period in the year (the tariff per hour times the hours per week
  times 52/12 weeks a month, or the tariff per month, times the months:
  days / 30.4375), provisional placements included and reported apart;
  a provisional placement ended by a rejection counts up to its last day.
  The placements are the activities app's: it registers
  ``register_placement_costs`` (this app sits below it).
- **the linking pin's hours**: the budget's hourly rate times its planned
  hours per family per month, times the months of each enrolment in the
  year (from its start date to its end date, which closure moves forward;
  before the decision, the period of the family's provisional placements).
  Beside it, the hours actually recorded as contacts in the year.
- **the training**: the cost of the programme's training sessions held in
  the year (``training.TrainingSession.cost``).
- **income**: the parental contributions of the placements over the same
  months (never more than the placement's own cost), subtracted.

A regional programme's budget may be split over its municipalities
(``BudgetShare``): a family's costs count for the municipality it lives in;
the training, which serves the whole programme, is split in proportion to
the shares' amounts.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Contact, Enrolment
from buitenshuis.core.dates import months_between
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import euro
from buitenshuis.programmes.models import Budget, BudgetModel, BudgetShare, ProgrammeSettings
from buitenshuis.programmes.queries import programmes_for
from buitenshuis.training.models import TrainingSession

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# The guide's reference (seed 001, "Reserveer middelen"): a family with two
# children costs about EUR 34,000 to 45,000 over two years.
REFERENCE_LOW = Decimal("34000.00")
REFERENCE_HIGH = Decimal("45000.00")
REFERENCE_CHILDREN = 2
# The work queue warns at these shares of the budget committed.
WARN_AT = Decimal("0.80")
FULL_AT = Decimal("1.00")
# Every period "from the beginning": for the cost per family.
ALL_TIME = (datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))


def cents(amount):
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def overlap(start, end, first, last):
    """The part of ``start``..``end`` within ``first``..``last``, or None."""
    if start is None or end is None:
        return None
    begin, finish = max(start, first), min(end, last)
    return (begin, finish) if begin <= finish else None


# What the activities app supplies -------------------------------------------


@dataclass(frozen=True)
class PlacementCost:
    """One placement's part in a period: its enrolment, family, child and
    municipality, the days (``start``..``end``, inside the period), the
    activity's cost and the parental contribution over those days (never
    more than the cost), and whether the placement is provisional."""

    enrolment_id: int
    family_id: int
    child_id: int
    municipality_id: int
    start: datetime.date
    end: datetime.date
    gross: Decimal
    contribution: Decimal
    provisional: bool


_PLACEMENT_COSTS = []


def register_placement_costs(function):
    """Register ``function(programme_id, first, last)``, returning the
    ``PlacementCost`` of every placement of the programme in the period
    (the activities app, from its ``AppConfig.ready``)."""
    if function not in _PLACEMENT_COSTS:
        _PLACEMENT_COSTS.append(function)
    return function


def placement_costs(programme_id, first, last):
    lines = []
    for function in _PLACEMENT_COSTS:
        lines.extend(function(programme_id, first, last))
    return lines


# Committed cost --------------------------------------------------------------


@dataclass
class Committed:
    """What is committed in a period, for a programme or one municipality.
    ``total`` is what the budget is measured against."""

    activity: Decimal = ZERO
    activity_provisional: Decimal = ZERO
    linking_pin: Decimal = ZERO
    linking_pin_provisional: Decimal = ZERO
    linking_pin_planned_hours: Decimal = ZERO
    linking_pin_recorded_hours: Decimal = ZERO
    # The recorded hours at the hourly rate: beside the plan, not in the total.
    linking_pin_recorded: Decimal = ZERO
    training: Decimal = ZERO
    contributions: Decimal = ZERO
    families: set = field(default_factory=set)
    children: set = field(default_factory=set)

    @property
    def total(self):
        return self.activity + self.linking_pin + self.training - self.contributions

    @property
    def provisional(self):
        return self.activity_provisional + self.linking_pin_provisional

    def add(self, other):
        for name in (
            "activity",
            "activity_provisional",
            "linking_pin",
            "linking_pin_provisional",
            "linking_pin_planned_hours",
            "linking_pin_recorded_hours",
            "training",
            "contributions",
            "linking_pin_recorded",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.families |= other.families
        self.children |= other.children


@dataclass
class Statement:
    """A programme's committed cost in a period: the whole programme and,
    per municipality id, each municipality's part (every municipality with
    a family's cost or a share)."""

    programme: Committed
    municipalities: dict


def _enrolment_periods(programme_id, first, last, provisional_lines):
    """{enrolment id: (municipality id, family id, start, end, provisional)}
    for the linking pin's hours: accepted enrolments over their own dates;
    undecided ones with provisional placements over those placements."""
    periods = {}
    enrolments = Enrolment.objects.filter(
        family__programme_id=programme_id,
        status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.CLOSED],
        start_date__lte=last,
        end_date__gte=first,
    ).values_list("pk", "family__municipality_id", "family_id", "start_date", "end_date")
    for pk, municipality_id, family_id, start, end in enrolments:
        part = overlap(start, end, first, last)
        if part:
            periods[pk] = (municipality_id, family_id, *part, False)
    for line in provisional_lines:
        if line.enrolment_id in periods and not periods[line.enrolment_id][4]:
            continue
        known = periods.get(line.enrolment_id)
        start = min(known[2], line.start) if known else line.start
        end = max(known[3], line.end) if known else line.end
        periods[line.enrolment_id] = (line.municipality_id, line.family_id, start, end, True)
    return periods


def committed(budget_or_none, programme_id, first, last):
    """The ``Statement`` of the programme's committed cost from ``first``
    to ``last``, with the hourly rate and planned hours of
    ``budget_or_none`` (no budget: no linking pin's hours are costed,
    only counted)."""
    rate = budget_or_none.hourly_rate if budget_or_none else ZERO
    planned = budget_or_none.planned_hours_per_month if budget_or_none else ZERO
    per_place = defaultdict(Committed)

    lines = placement_costs(programme_id, first, last)
    for line in lines:
        part = per_place[line.municipality_id]
        part.activity += line.gross
        part.contributions += line.contribution
        if line.provisional:
            part.activity_provisional += line.gross
        part.families.add(line.family_id)
        part.children.add(line.child_id)

    provisional_lines = [line for line in lines if line.provisional]
    periods = _enrolment_periods(programme_id, first, last, provisional_lines)
    for municipality_id, family_id, start, end, provisional in periods.values():
        part = per_place[municipality_id]
        hours = (planned * months_between(start, end)).quantize(CENT)
        cost = cents(rate * hours)
        part.linking_pin += cost
        part.linking_pin_planned_hours += hours
        if provisional:
            part.linking_pin_provisional += cost
        part.families.add(family_id)

    recorded = (
        Contact.objects.filter(
            enrolment__family__programme_id=programme_id, date__gte=first, date__lte=last
        )
        .values_list("enrolment__family__municipality_id")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    for municipality_id, minutes in recorded:
        part = per_place[municipality_id]
        hours = (Decimal(minutes or 0) / Decimal(60)).quantize(CENT)
        part.linking_pin_recorded_hours += hours
        part.linking_pin_recorded += cents(rate * hours)

    training = (
        TrainingSession.objects.filter(
            programme_id=programme_id, date__gte=first, date__lte=last
        ).aggregate(total=Sum("cost"))["total"]
        or ZERO
    )

    whole = Committed()
    for part in per_place.values():
        whole.add(part)
    whole.training = cents(training)

    shares = _shares(budget_or_none)
    for municipality_id in shares:
        per_place[municipality_id]  # every share gets its row
    for municipality_id, amount in split_proportionally(whole.training, shares).items():
        per_place[municipality_id].training = amount
    return Statement(programme=whole, municipalities=dict(per_place))


def _shares(budget):
    """{municipality id: amount} of the budget's shares (empty: not split)."""
    if budget is None:
        return {}
    return {share.municipality_id: share.amount for share in budget.shares.all()}


def split_proportionally(amount, weights):
    """``amount`` split over the keys of ``weights`` in proportion to their
    values, to the cent, the parts adding up to ``amount`` exactly (the
    cents left over by rounding down go to the largest remainders, ties to
    the lower key). No weights, or weights of zero: {}."""
    total = sum(weights.values(), ZERO)
    if not weights or total <= 0:
        return {}
    exact = {key: amount * weight / total for key, weight in weights.items()}
    parts = {key: value.quantize(CENT, rounding=ROUND_FLOOR) for key, value in exact.items()}
    left = int((amount - sum(parts.values(), ZERO)) / CENT)
    order = sorted(exact, key=lambda key: (-(exact[key] - parts[key]), key))
    for key in order[:left]:
        parts[key] += CENT
    return parts


# The budget against what is committed ----------------------------------------


def budget_for(programme_id, year):
    """The programme's budget for ``year`` with its shares, or None."""
    return (
        Budget.objects.filter(programme_id=programme_id, year=year)
        .prefetch_related("shares__municipality")
        .first()
    )


def limit_of(budget, municipality_id=None):
    """(amount, families) the budget sets for the programme, or for one
    municipality when the budget is split (a municipality without a share
    gets nothing)."""
    if municipality_id is None or not budget.shares.all():
        return budget.total, budget.families
    for share in budget.shares.all():
        if share.municipality_id == municipality_id:
            return share.amount, share.families
    return ZERO, 0


def share_used(amount, limit):
    """The share of ``limit`` that ``amount`` takes, as a Decimal fraction
    (None when there is no limit)."""
    if limit is None or limit <= 0:
        return None
    return amount / limit


def level(amount, limit):
    """ "full" at 100% of the limit or more, "warning" at 80% or more,
    else None."""
    used = share_used(amount, limit)
    if used is None:
        return "full" if amount > 0 and limit is not None else None
    if used >= FULL_AT:
        return "full"
    if used >= WARN_AT:
        return "warning"
    return None


def percentage(amount, limit):
    used = share_used(amount, limit)
    return None if used is None else (used * 100).quantize(Decimal("1"), rounding=ROUND_FLOOR)


def expected_family_cost(settings, day):
    """What one more family starting on ``day`` is expected to cost in the
    rest of ``day``'s year: the programme's estimate per family
    (``cost_per_family`` over ``enrolment_months``) for the months from
    ``day`` to the end of the year or of the enrolment, whichever is
    first."""
    year_end = datetime.date(day.year, 12, 31)
    enrolment_last = settings.enrolment_end(day) - datetime.timedelta(days=1)
    months = months_between(day, min(year_end, enrolment_last))
    per_month = settings.cost_per_family / Decimal(settings.enrolment_months)
    return cents(per_month * months)


@dataclass(frozen=True)
class Room:
    """Whether one more family fits the budget of ``day``'s year, and why
    not: ``refusal`` is None or a Dutch sentence."""

    budget: Budget
    used: Decimal
    limit: Decimal
    unit: str  # "families" or "budget"
    refusal: str | None
    families_left: int | None


def room(programme, day, municipality_id, families_holding):
    """One more family against the budget of ``day``'s year (None when the
    programme has no budget that year: the settings' capacity decides).
    ``families_holding`` is a callable giving the number of families that
    hold a place (of the municipality, for a split budget)."""
    budget = budget_for(programme.pk, day.year)
    if budget is None:
        return None
    split = bool(budget.shares.all())
    where = municipality_id if split else None
    amount, families = limit_of(budget, where)
    if budget.model == BudgetModel.FIXED_FAMILIES:
        used = families_holding(where)
        limit = families or 0
        refusal = None
        if used + 1 > limit:
            refusal = _(
                "Het budget van %(year)s is vol: %(used)s van %(limit)s gezinnen zijn geplaatst."
            ) % {"year": day.year, "used": used, "limit": limit}
        return Room(budget, Decimal(used), Decimal(limit), "families", refusal, limit - used)

    first, last = year_bounds(day.year)
    statement = committed(budget, programme.pk, first, last)
    part = statement.municipalities.get(where, Committed()) if split else statement.programme
    used = part.total
    settings = ProgrammeSettings.for_programme(programme)
    expected = expected_family_cost(settings, day)
    refusal = None
    if used + expected > amount:
        refusal = _(
            "Het budget van %(year)s is niet toereikend: %(used)s is vastgelegd van "
            "%(limit)s, en een gezin kost de rest van het jaar naar schatting %(expected)s."
        ) % {
            "year": day.year,
            "used": euro(used),
            "limit": euro(amount),
            "expected": euro(expected),
        }
    left = None
    if expected > 0:
        left = max(int(((amount - used) / expected).to_integral_value(ROUND_FLOOR)), 0)
    return Room(budget, used, amount, "budget", refusal, left)


# Over the years and per family -----------------------------------------------


@dataclass(frozen=True)
class YearLine:
    year: int
    budget: Budget | None
    limit: Decimal | None
    committed: Committed

    @property
    def percentage(self):
        return percentage(self.committed.total, self.limit)

    @property
    def level(self):
        return level(self.committed.total, self.limit) if self.limit is not None else None


def programme_years(programme_id, today):
    """The programme's years: those with a budget, the current one, and
    every year its placements reach into."""
    years = set(Budget.objects.filter(programme_id=programme_id).values_list("year", flat=True))
    years.add(today.year)
    lines = placement_costs(programme_id, *ALL_TIME)
    for line in lines:
        years.update(range(line.start.year, line.end.year + 1))
    return sorted(years)


def forecast(programme_id, today, municipality_id=None):
    """Per year of the programme, the budget (or the municipality's share)
    beside what is committed in that year."""
    budgets = {
        budget.year: budget
        for budget in Budget.objects.filter(programme_id=programme_id).prefetch_related("shares")
    }
    result = []
    for year in programme_years(programme_id, today):
        budget = budgets.get(year)
        statement = committed(budget, programme_id, *year_bounds(year))
        if municipality_id is not None:
            part = statement.municipalities.get(municipality_id, Committed())
        else:
            part = statement.programme
        limit = None
        if budget is not None:
            split = bool(budget.shares.all())
            limit = limit_of(budget, municipality_id if split else None)[0]
        result.append(YearLine(year, budget, limit, part))
    return result


@dataclass(frozen=True)
class PerFamily:
    """The programme's committed cost per family over all years, beside
    the guide's reference for a family with two children."""

    families: int
    children: int
    per_family: Decimal | None
    per_child: Decimal | None
    two_children: Decimal | None  # two children's worth: 2 x per child

    @property
    def against_reference(self):
        """ "below", "within" or "above" the guide's EUR 34,000-45,000 (for a
        family with two children), or None without families."""
        if self.two_children is None:
            return None
        if self.two_children < REFERENCE_LOW:
            return "below"
        if self.two_children > REFERENCE_HIGH:
            return "above"
        return "within"


def cost_per_family(programme_id, municipality_id=None, budget=None):
    """``PerFamily`` from everything committed, over the whole period of
    the programme, with ``budget``'s hourly rate and planned hours."""
    statement = committed(budget, programme_id, *ALL_TIME)
    part = (
        statement.municipalities.get(municipality_id, Committed())
        if municipality_id is not None
        else statement.programme
    )
    families, children = len(part.families), len(part.children)
    per_family = cents(part.total / families) if families else None
    per_child = cents(part.total / children) if children else None
    two = cents(per_child * REFERENCE_CHILDREN) if per_child is not None else None
    return PerFamily(families, children, per_family, per_child, two)


# The one write path ------------------------------------------------------------

# The guide's three cost posts, as the budget's fields.
POSTS = ("activity_amount", "linking_pin_amount", "training_amount")


def budget_refusal(user, programme):
    """Why ``user`` may not set ``programme``'s budget, or None: the
    coordinator and the policy officer may (ACCESS.md: budget RW)."""
    if programme not in programmes_for(user, "change", Data.BUDGET):
        return _("U mag het budget van dit programma niet wijzigen.")
    return None


@transaction.atomic
def save_budget(user, programme, year, values, shares=None):
    """Set ``programme``'s budget for ``year`` (created or changed) from
    ``values`` (the ``Budget`` fields) and, for a regional programme,
    ``shares`` ({municipality id: (amount, families or None)}; empty or
    None: not split). Refuses, before storing anything, shares of another
    programme's municipalities, shares that do not add up to the budget,
    and a fixed-families budget without its number (or shares whose
    families do not add up to it). Returns the budget."""
    refusal = budget_refusal(user, programme)
    if refusal:
        raise RuleError(refusal)
    total = sum(
        (
            values.get(name) or ZERO
            for name in ("activity_amount", "linking_pin_amount", "training_amount")
        ),
        ZERO,
    )
    model = values.get("model") or BudgetModel.FIXED_AMOUNT
    if model == BudgetModel.FIXED_FAMILIES and not values.get("families"):
        raise RuleError(
            _("Vul het aantal gezinnen in: dit budget gaat uit van een vast aantal gezinnen."),
            field="families",
        )
    if model == BudgetModel.FIXED_AMOUNT and total <= 0:
        raise RuleError(
            _("Vul ten minste één bedrag in: dit budget gaat uit van een vast bedrag."),
            field="activity_amount",
        )
    shares = {key: value for key, value in (shares or {}).items() if value[0] or value[1]}
    if shares:
        allowed = set(programme.municipalities.values_list("pk", flat=True))
        if not set(shares) <= allowed:
            raise RuleError(_("Verdeel het budget alleen over de gemeenten van het programma."))
        split = sum((amount or ZERO for amount, _families in shares.values()), ZERO)
        if split != total:
            raise RuleError(
                _(
                    "De aandelen van de gemeenten tellen op tot %(split)s; het budget is "
                    "%(total)s. Maak ze gelijk, of laat de verdeling leeg."
                )
                % {"split": euro(split), "total": euro(total)},
                field="shares",
            )
        if model == BudgetModel.FIXED_FAMILIES:
            counted = sum(families or 0 for _amount, families in shares.values())
            if counted != values.get("families"):
                raise RuleError(
                    _(
                        "De gezinnen van de gemeenten tellen op tot %(counted)s; het budget "
                        "noemt er %(families)s."
                    )
                    % {"counted": counted, "families": values.get("families")},
                    field="shares",
                )
    plan, _created = Budget.objects.update_or_create(
        programme=programme, year=year, defaults=values
    )
    kept = []
    for municipality_id, (amount, families) in shares.items():
        share, _created = BudgetShare.objects.update_or_create(
            budget=plan,
            municipality_id=municipality_id,
            defaults={"amount": amount or ZERO, "families": families},
        )
        kept.append(share.pk)
    for share in plan.shares.exclude(pk__in=kept):
        share.delete()  # one by one: the history keeps each
    return plan
