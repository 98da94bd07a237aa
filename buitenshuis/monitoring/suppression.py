# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Small-number suppression: what may leave the case workers.

Every count of fewer than 5 people is shown as "<5" in anything that leaves
the case workers (the council report, the dashboard above programme level,
exports, the feed), and no such figure can be recovered by subtraction.
The rules (``docs/indicators.md``, "Small-number suppression"):

- **Counts**: 0 is shown as 0 (a structural zero is no one's secret; the
  practice of Dutch statistics), 1-4 as ``LESS_THAN`` ("<5"), 5 and more
  exactly.
- **A breakdown and its total** (``breakdown``): a breakdown is a
  partition of its population, its total is published by the count rule.
  A total of 1-4 withholds the whole breakdown (every cell ``HIDDEN``).
  Otherwise every cell of 1-4 is "<5" (primary suppression), and cells of
  5 or more are hidden as well ("x", complementary suppression; taken in
  the breakdown's order, never by size) until an attacker who knows the
  total, the published cells, that a "<5" is 1-4 and that an "x" is at
  least 5, can still put every "<5" cell anywhere from 1 to 4 (one who
  also knows this code can narrow a "<5", never recover it). When no choice of cells achieves
  that, the whole breakdown is withheld (every cell "x"; the total stays).
  ``feasible_ranges`` is that attacker, the property tests use it.
- **Two breakdowns of the same population** (route and referrer type of
  the same referrals): each is protected on its own against the same
  published total. Two one-way breakdowns share nothing but their total:
  any two sets of margins with the same sum fit some cross table, so one
  breakdown tells nothing about the other's cells beyond the total, which
  both already publish. Breakdowns whose categories nest, or a cross table,
  must be published as one table, never as margins and sub-margins.
- **Periods**: suppressed output is only published for whole calendar
  years (``check_period``): fixed, non-overlapping periods, so a figure
  "January to April" minus "January to March" cannot isolate April. Inside
  the programme (exact figures) any period may be asked.
- **Averages, medians, shares and amounts**: an average or median over
  fewer than 5 people is hidden; a share is hidden when the people inside
  or outside it are 1-4 (the share times the people would give them back);
  an amount about fewer than 5 families is hidden.

- **Partitions that share numbers** (``Number``, ``settle``,
  ``breakdown_with``): the same rule for a partition some of whose numbers
  are already hidden by another partition they belong to (a municipality's
  cell is in its own breakdown and in the column of its region's
  municipalities; ``monitoring.geography``). Such a number must stay
  movable in this partition by as much as the other one needed, or the
  other's "<5" could be narrowed through it.

Everything here is pure: numbers in, published values out.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

THRESHOLD = 5
LESS_THAN = "<5"  # a count of 1-4 people
HIDDEN = "x"  # hidden so that another cell cannot be recovered, or withheld

Cell = int | str
INFINITY = float("inf")


class NotPublishable(ValueError):
    """A period or figure that may not leave the case workers."""


def is_small(n: int) -> bool:
    """1-4 people: to be suppressed (0 is not)."""
    return 0 < n < THRESHOLD


def count(n: int) -> Cell:
    """A count of people as published: 0, "<5", or the number."""
    if n < 0:
        raise ValueError(n)
    return LESS_THAN if is_small(n) else n


@dataclass(frozen=True)
class Table:
    """A published breakdown: its cells (in the order given), its total,
    and whether the breakdown was withheld as a whole."""

    cells: dict
    total: Cell
    withheld: bool = False

    @property
    def suppressed(self) -> bool:
        return self.withheld or any(isinstance(v, str) for v in self.cells.values())


def _protected(primary: list[int], secondary: list[int]) -> bool:
    """Whether an attacker who knows the sum of the suppressed cells can
    still put every primary cell anywhere in 1..4 (see ``feasible_ranges``
    for the same bounds as a checker)."""
    k, m = len(primary), len(secondary)
    suppressed = sum(primary) + sum(secondary)
    # Largest value a primary cell can take: the others at their least.
    highest = suppressed - (k - 1) - THRESHOLD * m
    if highest < THRESHOLD - 1:
        return False
    if m == 0:
        # Without a hidden cell of open size the others are at most 4 each.
        lowest = suppressed - (THRESHOLD - 1) * (k - 1)
        return lowest <= 1
    return True


def breakdown(cells: Mapping, total: int | None = None) -> Table:
    """Publish a breakdown (a partition: the cells add up to ``total``)
    with primary and complementary suppression; see the module's rules."""
    values = dict(cells)
    if any(v < 0 for v in values.values()):
        raise ValueError("negative count")
    whole = sum(values.values())
    if total is not None and total != whole:
        raise ValueError(f"the cells add up to {whole}, not to the total {total}")
    if whole == 0:
        return Table(dict(values), 0)
    if is_small(whole):
        return Table({key: HIDDEN for key in values}, LESS_THAN, withheld=True)
    primary = [key for key, v in values.items() if is_small(v)]
    if not primary:
        return Table(dict(values), whole)
    # The hidden cells are taken in the breakdown's own order, never by
    # size: by size, a hidden cell would be at most the smallest published
    # one, which narrows it and the "<5" beside it. (Whether a second one
    # was needed still says a little about the first: an attacker who knows
    # this code can narrow a "<5", never recover it; see the tests.)
    candidates = [key for key, v in values.items() if v >= THRESHOLD]
    secondary = []
    while not _protected([values[k] for k in primary], [values[k] for k in secondary]):
        if not candidates:
            return Table({key: HIDDEN for key in values}, whole, withheld=True)
        secondary.append(candidates.pop(0))
    published = {}
    for key, v in values.items():
        if key in primary:
            published[key] = LESS_THAN
        elif key in secondary:
            published[key] = HIDDEN
        else:
            published[key] = v
    return Table(published, whole)


def feasible_ranges(table: Table) -> dict:
    """The attacker: for each cell, the (lowest, highest) value consistent
    with everything published, knowing the rules ("<5" is 1-4, an "x" in a
    partly suppressed breakdown is at least 5, the cells add up to the
    total). One equality with a box per cell: each cell's range is exact.
    The total itself may be "<5" (1-4)."""
    bounds = {}
    for key, value in table.cells.items():
        if isinstance(value, int):
            bounds[key] = (value, value)
        elif value == LESS_THAN:
            bounds[key] = (1, THRESHOLD - 1)
        elif table.withheld:
            bounds[key] = (0, INFINITY)
        else:
            bounds[key] = (THRESHOLD, INFINITY)
    if isinstance(table.total, int):
        total_low = total_high = table.total
    else:
        total_low, total_high = 1, THRESHOLD - 1
    low_sum = sum(lo for lo, _hi in bounds.values())
    high_sum = sum(hi for _lo, hi in bounds.values())
    ranges = {}
    for key, (lo, hi) in bounds.items():
        others_low, others_high = low_sum - lo, high_sum - hi
        ranges[key] = (max(lo, total_low - others_high), min(hi, total_high - others_low))
    return ranges


# Partitions that share numbers ------------------------------------------------


class Mark(StrEnum):
    """How a number is published, and so what an attacker knows of it."""

    SHOWN = "shown"  # as itself
    SMALL = "small"  # "<5": 1 to 4
    HIDDEN = "hidden"  # "x" beside a "<5": a count of 5 or more (or any sum)
    WITHHELD = "withheld"  # "x" of a withheld breakdown or column: anything
    UNPUBLISHED = "unpublished"  # never shown on its own (a share's rest, a remainder)


COUNT, SUM = "count", "sum"
MOVE = THRESHOLD - 2  # the most a "<5" has to move: from 1 to 4, or back


@dataclass(eq=False)
class Number:
    """One number in one or more partitions: its true value, how it is
    published (``mark``), and what it must be protected for.

    ``kind``: a ``COUNT`` of people (the "<5" rule) or a ``SUM`` (events,
    minutes, euro cents) that is hidden because it is about 1-4 families.
    ``primary``: protected for its own sake (a count of 1-4; a sum about
    1-4 families): an attacker must still put a count anywhere from 1 to 4,
    and a sum anywhere from 0 to twice its value. A hidden number must also
    stay movable by ``need`` (down, up) in every partition but the one that
    hid it (``origin``), because that one counted on it as a complement. ``fixed``: its mark was
    decided elsewhere (the level above), a partition here may not change
    it."""

    value: int
    mark: Mark = Mark.SHOWN
    kind: str = COUNT
    primary: bool = False
    need: tuple = (0, 0)
    origin: object = None
    fixed: bool = False

    @property
    def shown(self):
        return self.mark == Mark.SHOWN

    def bounds(self):
        """What an attacker who knows the rules knows of it by itself."""
        if self.mark == Mark.SHOWN:
            return self.value, self.value
        if self.mark == Mark.SMALL:
            return 1, THRESHOLD - 1
        if self.mark == Mark.HIDDEN and self.kind == COUNT:
            return THRESHOLD, INFINITY
        return 0, INFINITY

    def needs(self, partition=None):
        """(down, up): how far it must stay movable in ``partition``."""
        if self.mark == Mark.SHOWN:
            return 0, 0
        low, high = self.bounds()
        down = up = 0
        if self.primary:
            if self.kind == COUNT:
                down, up = self.value - 1, THRESHOLD - 1 - self.value
            else:
                down = up = self.value
        if partition is None or self.origin is not partition:
            # Another partition counted on it as a complement too.
            down, up = max(down, self.need[0]), max(up, self.need[1])
        return max(0, min(down, self.value - low)), max(0, min(up, high - self.value))

    def hide(self, mark, origin, need):
        self.mark, self.origin, self.need = mark, origin, need


def counted(value, kind=COUNT, **kwargs):
    """A count published by the count rule (or a sum, shown)."""
    small = kind == COUNT and is_small(value)
    return Number(value, Mark.SMALL if small else Mark.SHOWN, kind, primary=small, **kwargs)


def rooms(terms):
    """For each (number, sign) of a partition (the signed numbers add up to
    zero): how far down and up it can move, given what is published of
    every number. One equality with a box per number: exact."""
    spans = []
    for number, sign in terms:
        low, high = number.bounds()
        spans.append((number.value - low, high - number.value, sign))
    # Sums over the numbers of each sign, the unbounded ones counted apart
    # (so that leaving one out never takes infinity from infinity).
    sums = {(way, sign): [0, 0] for way in ("down", "up") for sign in (1, -1)}
    for down, up, sign in spans:
        for way, room in (("down", down), ("up", up)):
            found = sums[way, sign]
            if room == INFINITY:
                found[1] += 1
            else:
                found[0] += room

    def others(way, sign, own):
        finite, unbounded = sums[way, sign]
        if own == INFINITY:
            unbounded -= 1
        elif own is not None:
            finite -= own
        return INFINITY if unbounded else finite

    found = []
    for down, up, sign in spans:
        # An increase is offset by decreases of the others of the same sign
        # and increases of those of the other sign; a decrease the reverse.
        offset_up = others("down", sign, down) + others("up", -sign, None)
        offset_down = others("up", sign, up) + others("down", -sign, None)
        found.append((min(down, offset_down), min(up, offset_up)))
    return found


def protected(terms, partition=None):
    """Whether every hidden number of the partition can move as far as it
    needs to."""
    if all(number.mark == Mark.SHOWN for number, _sign in terms):
        return True
    for (number, _sign), (down, up) in zip(terms, rooms(terms), strict=True):
        need_down, need_up = number.needs(partition)
        if down < need_down or up < need_up:
            return False
    return True


def complement_need(terms, partition, number):
    """(down, up): how far ``number`` may have to move as a complement in
    ``partition``: as far as the others must move, the other way for those
    on its side of the equality, the same way for those on the other."""
    sign = next(sign for other, sign in terms if other is number)
    down = up = 0
    for other, other_sign in terms:
        if other is number:
            continue
        other_down, other_up = other.needs(partition)
        if other_sign == sign:
            down, up = max(down, other_up), max(up, other_down)
        else:
            down, up = max(down, other_down), max(up, other_up)
    return down, up


def settle(partition, terms, candidates, withholdable):
    """Protect one partition (``terms``: (number, sign), adding up to
    zero): hide ``candidates`` (in their order, never by size) as "x" until
    every hidden number can move as far as it needs to; when that is not
    enough, withhold ``withholdable`` (every one "x", zeros too). Returns
    the numbers whose mark changed."""
    if protected(terms, partition):
        return []
    changed = []
    for number in candidates:
        if number.fixed or not number.shown:
            continue
        if number.kind == COUNT and number.value < THRESHOLD or number.value == 0:
            continue
        number.hide(Mark.HIDDEN, partition, complement_need(terms, partition, number))
        changed.append(number)
        if protected(terms, partition):
            return changed
    # Withheld, the numbers protect each other as a group: none of them is
    # needed by itself (``monitoring.geography`` checks the whole exactly).
    for number in withholdable:
        if number.fixed or number.mark in (Mark.WITHHELD, Mark.UNPUBLISHED):
            continue
        number.hide(Mark.WITHHELD, partition, number.need)
        if number not in changed:
            changed.append(number)
    return changed


def published(number):
    """The published value of a count."""
    if number.mark == Mark.SHOWN:
        return number.value
    return LESS_THAN if number.mark == Mark.SMALL else HIDDEN


def breakdown_with(
    cells: Mapping, hidden: Mapping | None = None, total: int | None = None
) -> Table:
    """``breakdown`` of a partition some of whose cells are already hidden
    by another partition they belong to (``hidden``: key -> "<5" or "x"):
    such a cell counts as hidden, and must stay movable by ``MOVE`` here
    (it protects a "<5" there). Without ``hidden`` it is ``breakdown``."""
    hidden = dict(hidden or {})
    values = dict(cells)
    if any(v < 0 for v in values.values()):
        raise ValueError("negative count")
    whole = sum(values.values())
    if total is not None and total != whole:
        raise ValueError(f"the cells add up to {whole}, not to the total {total}")
    if is_small(whole):
        return Table({key: HIDDEN for key in values}, LESS_THAN, withheld=True)
    elsewhere = object()
    numbers = {}
    for key, value in values.items():
        number = counted(value)
        if key in hidden and number.shown:
            mark = Mark.HIDDEN if value >= THRESHOLD else Mark.WITHHELD
            number.hide(mark, elsewhere, (MOVE, MOVE))
        numbers[key] = number
    whole_number = counted(whole)
    terms = [(number, 1) for number in numbers.values()] + [(whole_number, -1)]
    settle(object(), terms, list(numbers.values()), list(numbers.values()))
    withheld = bool(numbers) and all(n.mark == Mark.WITHHELD for n in numbers.values())
    return Table(
        {key: published(number) for key, number in numbers.items()},
        published(whole_number),
        withheld=withheld,
    )


def measure(value, people: int):
    """An average or median over ``people``: hidden over fewer than 5."""
    if value is None:
        return None
    return HIDDEN if people < THRESHOLD else value


def share(part: int, whole: int) -> Fraction | str | None:
    """``part`` of ``whole`` people as a fraction, hidden when the people
    inside or outside the share are 1-4 (so neither can be recovered by
    multiplying with the published number of people)."""
    if not whole:
        return None
    if is_small(part) or is_small(whole - part) or is_small(whole):
        return HIDDEN
    return Fraction(part, whole)


def amount(value: Decimal | None, families: int) -> Decimal | str | None:
    """An amount about ``families`` families: hidden about fewer than 5."""
    if value is None:
        return None
    return HIDDEN if 0 < families < THRESHOLD else value


def check_period(start: datetime.date, end: datetime.date) -> None:
    """Raise ``NotPublishable`` unless the period is a whole calendar year,
    the only period suppressed output is published for."""
    if not (start.month == 1 and start.day == 1 and end == datetime.date(start.year, 12, 31)):
        raise NotPublishable(
            "Figures above programme level are published per whole calendar year only."
        )
