# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Geographic suppression: no published figure of a municipality or a region
can be recovered by subtracting its neighbours from the level above
(``docs/indicators.md``, "Small-number suppression", rule (d)).

Geography nests: a region's figure is the sum of its municipalities', the
country's the sum of the regions' (with the municipalities without a region
as one more place, and, for the budget, what no municipality is named for
as a remainder nobody publishes). So every count-like number of a figure
(each cell and the total of a breakdown, a count of people, the families of
events and of an amount, the part and the whole of a share, the people of a
measure) and every sum about families (the events themselves, the euros)
is also a cell of a column: the children's numbers are a partition of the
parent's. One table per level and group of figures:

- rows: the children (the country's regions, or a region's municipalities)
  and the parent, each with its own breakdowns (the cells add up to the
  total);
- columns: one per number; the children's add up to the parent's.

A child's row starts as it is published on its own (``suppression``). Each
column is then protected as a breakdown against the parent's number
(``suppression.settle``: complementary "x" among the children, in their
order, never by size, or the column withheld), each row again with the
cells the columns hid, and so on until nothing changes. A number hidden for
one partition must stay movable in its other partition by as much as the
first counted on (``suppression.Number.need``).

The parent is never hidden here, as a breakdown's total is not: it is
published as its own level decided. Where the level above hid one of its
numbers, the children must not give it back: it must stay movable in its
column too. A "<5" parent withholds its column, as a small total withholds
a breakdown.

Then each breakdown's table is checked exactly (``Table.audit``): its rows
and columns together are a network (every number is in one row and one
column), so how far an attacker who knows every published number of the
parent and the children can move a hidden one is a maximum flow. Where a
"<5" cannot reach both 1 and 4, or a number the level above hid cannot move
as far as that level counted on, the fewest published cells that open a
path are hidden as well (failing that, the column, then the table's cells,
are withheld). Limits (documented): the exact check covers one table of one
level; the two levels together, and two breakdowns that share their total,
are protected by every hidden number keeping its room, not checked as one
system.

Pages: a region's figures come from the country's table, a municipality's
from its region's table, whose parent row is the region as the country's
table published it. The children's figures come from one grouped read per
level (``indicator_summary.read_places``).
"""

import heapq
import logging
import threading
from collections import OrderedDict, defaultdict, deque
from dataclasses import dataclass, field

from django.db.models import Q

from buitenshuis.monitoring import indicator_summary
from buitenshuis.monitoring import suppression as s
from buitenshuis.monitoring.indicators import (
    Amount,
    Breakdown,
    Events,
    Level,
    Measure,
    People,
    Share,
    _cents,
)
from buitenshuis.monitoring.suppression import COUNT, SUM, Mark, Number
from buitenshuis.organisations.models import Municipality

# Numbers that are the same number in two figures (the same population): one
# ``Number``, hidden in both or in neither.
ALIASES = {
    ("referrals_by_referrer_type", "referrals", "total"): (
        "referrals_by_route",
        "referrals",
        "total",
    ),
    ("children_by_activity_type", "children", "total"): (
        "children_by_age_band",
        "children",
        "total",
    ),
    ("closures", "reason", "total"): ("closures", "way_on", "total"),
    ("closures", "out_of_home_prevented", "total"): ("closures", "way_on", "total"),
    ("time_to_decision", "within_norm", "whole"): ("time_to_decision", "median_days", "people"),
    ("time_to_first_day", "within_norm", "whole"): ("time_to_first_day", "median_days", "people"),
    ("minutes_per_family_per_month", "contact_minutes", "families"): (
        "minutes_per_family_per_month",
        "minutes",
        "people",
    ),
    ("budget", "provisional", "families"): ("budget", "committed", "families"),
    ("cost_per_family", "two_children", "families"): ("cost_per_family", "per_family", "families"),
}

# Figures not published on their own (``indicators.present``).
UNPUBLISHED_FIGURES = {("closures", "early_stops")}

logger = logging.getLogger(__name__)

PARENT = "parent"
REMAINDER = "remainder"  # what the parent holds beyond its children: nobody publishes it
AUDIT = "audit"  # the origin of what the exact check hid
BIG = 10**15  # an unbounded capacity


def canonical(key, name, quantity):
    return ALIASES.get((key, name, quantity), (key, name, quantity))


# The numbers of a figure ------------------------------------------------------------


def numbers_of(figure):
    """[(quantity, value, kind)]: the figure's count-like numbers and sums
    about families; None for a figure geography does not cover."""
    if isinstance(figure, Breakdown):
        return [(f"c.{cell}", n, COUNT) for cell, n in figure.cells.items()] + [
            ("total", figure.total, COUNT)
        ]
    if isinstance(figure, Share):
        part = min(figure.part, figure.whole)  # (never more, but never a negative rest)
        return [
            ("part", part, COUNT),
            ("rest", figure.whole - part, COUNT),
            ("whole", figure.whole, COUNT),
        ]
    if isinstance(figure, People):
        return [("value", figure.value, COUNT)]
    if isinstance(figure, Measure):
        return [("people", figure.people, COUNT)]
    if isinstance(figure, Events):
        return [("families", figure.families, COUNT), ("value", figure.value, SUM)]
    if isinstance(figure, Amount):
        total = getattr(figure, "total", figure.value)  # a cost per head: its total
        cents = _cents(total) if total is not None else 0
        return [("families", figure.families, COUNT), ("cents", cents, SUM)]
    return None


def row_of(figure):
    """(cells, total) of a figure whose numbers add up, or None."""
    if isinstance(figure, Breakdown):
        return [f"c.{cell}" for cell in figure.cells], "total"
    if isinstance(figure, Share):
        return ["part", "rest"], "whole"
    return None


def dependent_of(figure):
    """(families, sum): the sum is hidden whenever its families are."""
    if isinstance(figure, Events):
        return "families", "value"
    if isinstance(figure, Amount):
        return "families", "cents"
    return None


def groups(shapes):
    """The covered figures in groups that share a number (``ALIASES``), in
    the registry's order: [[(key, name)]]."""
    home = {}
    found = []
    for key, figures in shapes.items():
        for name, figure in figures.items():
            if numbers_of(figure) is None or (key, name) in UNPUBLISHED_FIGURES:
                continue
            linked = {(k, n) for (k, n, _q), target in ALIASES.items() if target[:2] == (key, name)}
            linked |= {
                target[:2] for (k, n, _q), target in ALIASES.items() if (k, n) == (key, name)
            }
            group = next((home[item] for item in linked if item in home), None)
            if group is None:
                group = []
                found.append(group)
            group.append((key, name))
            home[key, name] = group
    return found


# A table: one level's children and their parent ------------------------------------


@dataclass(eq=False)
class Partition:
    terms: list  # (Number, sign): the signed numbers add up to zero
    candidates: list = field(default_factory=list)
    withholdable: list = field(default_factory=list)


@dataclass
class Unit:
    """A row of a table: ``figures`` {key: {name: Figure}}, or for the
    remainder its ``values`` {quantity: value}."""

    key: object
    figures: dict = field(default_factory=dict)
    values: dict | None = None


def _stronger(number, mark, origin, need):
    """Hide ``number`` as ``mark`` unless it already is as hidden."""
    if number.fixed or number.mark in (Mark.WITHHELD, Mark.UNPUBLISHED):
        return False
    if mark != Mark.WITHHELD and not number.shown:
        return False
    number.hide(mark, origin, tuple(map(max, need, number.need)))
    return True


class Table:
    """The ``figures`` of one group over ``children`` (in their order) and
    ``parent`` (whose figures give the shapes: it has every cell any child
    has). ``parent_marks`` {quantity: (mark, need)}: the parent as the level
    above published it; None: as it is published on its own (the country)."""

    def __init__(self, figures, children, parent, parent_marks=None):
        self.figures = figures
        self.shapes = {(key, name): parent.figures[key][name] for key, name in figures}
        self.quantities = []
        self.kinds = {}
        for key, name in figures:
            for quantity, _value, kind in numbers_of(self.shapes[key, name]):
                found = canonical(key, name, quantity)
                if found not in self.kinds:
                    self.quantities.append(found)
                    self.kinds[found] = kind
        values = {child.key: self._values(child) for child in children}
        self.children = [child for child in children if any(values[child.key].values())]
        whole = self._values(parent)
        # Beyond the children (the budget no municipality is named for; a
        # refresh between two reads): published nowhere; never below zero.
        rest = {
            q: max(0, v - sum(values[child.key][q] for child in self.children))
            for q, v in whole.items()
        }
        if any(rest.values()):
            self.children.append(Unit(REMAINDER, values=rest))
        self.parent = parent
        self.numbers = {}
        self.rows = []
        for unit in [*self.children, parent]:
            self._build(unit, PARENT if unit is parent else unit.key)
        if parent_marks is not None:
            for quantity, number in self.numbers[PARENT].items():
                if quantity in parent_marks:
                    number.mark, number.need = parent_marks[quantity]
                    number.origin = None
        self.columns = {}
        for quantity in self.quantities:
            below = [self.numbers[child.key][quantity] for child in self.children]
            published = [
                n for n, child in zip(below, self.children, strict=True) if child.values is None
            ]
            self.columns[quantity] = Partition(
                [(number, 1) for number in below] + [(self.numbers[PARENT][quantity], -1)],
                published,
                published,
            )
        self.links = []
        for key, name in figures:
            dependent = dependent_of(self.shapes[key, name])
            if dependent:
                families, total = (canonical(key, name, q) for q in dependent)
                for numbers in self.numbers.values():
                    numbers[total].primary = s.is_small(numbers[families].value)
                    self.links.append((numbers[families], numbers[total]))

    def _values(self, unit):
        if unit.values is not None:
            return {q: unit.values.get(q, 0) for q in self.quantities}
        found = dict.fromkeys(self.quantities, 0)
        for key, name in self.figures:
            for quantity, value, _kind in numbers_of(unit.figures[key][name]):
                found[canonical(key, name, quantity)] = value
        return found

    def _build(self, unit, key_of):
        fixed = key_of == PARENT
        published = unit.values is None
        numbers = {}
        for quantity, value in self._values(unit).items():
            kind = self.kinds[quantity]
            if published:
                numbers[quantity] = s.counted(value, kind, fixed=fixed)
            else:
                numbers[quantity] = Number(
                    value, Mark.UNPUBLISHED, kind, primary=kind == COUNT and s.is_small(value)
                )
        self.numbers[key_of] = numbers
        for key, name in self.figures:
            shape = self.shapes[key, name]
            local = {q: numbers[canonical(key, name, q)] for q, _v, _k in numbers_of(shape)}
            row = row_of(shape)
            partition = None
            if row is not None and published and not fixed:
                cells = [local[q] for q in row[0]]
                partition = Partition(
                    [(number, 1) for number in cells] + [(local[row[1]], -1)], cells, cells
                )
                self.rows.append(partition)
            if published:
                _own_marks(shape, local, partition)

    # The fixpoint ---------------------------------------------------------------

    def partitions(self):
        return list(self.columns.values()) + self.rows

    def settle(self):
        """Protect every partition again until nothing changes."""
        where = defaultdict(list)
        partitions = self.partitions()
        for partition in partitions:
            for number, _sign in partition.terms:
                where[id(number)].append(partition)
        queue = deque(partitions)
        queued = {id(p) for p in queue}
        while queue:
            partition = queue.popleft()
            queued.discard(id(partition))
            changed = s.settle(
                partition, partition.terms, partition.candidates, partition.withholdable
            )
            changed += self._follow_links()
            for number in changed:
                for other in where[id(number)]:
                    if id(other) not in queued:
                        queue.append(other)
                        queued.add(id(other))

    def _follow_links(self):
        changed = []
        for families, total in self.links:
            if not families.shown and total.shown and not total.fixed:
                total.hide(Mark.HIDDEN, None, (0, 0))
                changed.append(total)
        return changed

    # The exact check ------------------------------------------------------------

    def protect(self):
        """The fixpoint, then the exact check of every breakdown's table,
        hiding or withholding more until it holds."""
        self.settle()
        while True:
            failure = self._failure()
            if failure is None:
                return self
            if not self._open(failure) and not self._withhold(failure):
                logger.warning(
                    "Geographic suppression: nothing left to hide for %s", failure[2][1][1]
                )
                return self  # not reached in the tests
            self.settle()

    def _network(self, key, name):
        """One breakdown's table as a network: {(("u", row), ("q", column)):
        (Number, sign)} over the children (rows 0..) and the parent (the
        last row), the sign that of the number in its row times in its
        column."""
        cells, total = row_of(self.shapes[key, name])
        columns = [(canonical(key, name, q), 1) for q in cells]
        columns.append((canonical(key, name, total), -1))
        edges = {}
        for index, unit in enumerate([*self.children, self.parent]):
            numbers = self.numbers[PARENT if unit is self.parent else unit.key]
            row_sign = -1 if unit is self.parent else 1
            for quantity, column_sign in columns:
                edges[("u", index), ("q", quantity)] = (
                    numbers[quantity],
                    row_sign * column_sign,
                )
        return edges, columns

    def _failure(self):
        """The first hidden number that cannot move as far as it must."""
        for key, name in self.figures:
            if row_of(self.shapes[key, name]) is None:
                continue
            edges, columns = self._network(key, name)
            base = None
            for edge, (number, sign) in edges.items():
                if number.shown or not (number.primary or number.fixed):
                    continue
                down, up = number.needs()
                for direction, amount in ((sign, up), (-sign, down)):
                    if not amount:
                        continue
                    if base is None:
                        base = _capacities(edges)
                    residual = base.copy()
                    residual[edge] = residual[edge[1], edge[0]] = 0  # without the number itself
                    # An increase of the number times its sign flows row ->
                    # column through it, and back through the others.
                    source, sink = (edge[1], edge[0]) if direction > 0 else edge
                    if _max_flow(residual, source, sink, amount) < amount:
                        return edges, columns, edge, source, sink, residual
        return None

    def _is_child(self, edge):
        index = edge[0][1]
        return index < len(self.children) and self.children[index].values is None

    def _open(self, failure):
        """Hide the fewest children's numbers that open a path for the flow
        that was missing (a count of 5 or more as "x"; dearer, a "<5" or a
        zero as a withheld "x", which no longer says 1-4 or 0); False when
        there is none."""
        edges, _columns, skip, source, sink, residual = failure
        candidates = {}
        for edge, (number, sign) in edges.items():
            if edge == skip or not self._is_child(edge) or number.fixed:
                continue
            if number.shown and number.value >= s.THRESHOLD:
                cost, mark, up, down = 1, Mark.HIDDEN, BIG, number.value - s.THRESHOLD
            elif number.mark == Mark.SMALL or (number.shown and number.value == 0):
                cost, mark, up, down = 2, Mark.WITHHELD, BIG, number.value
            else:
                continue
            forward, backward = (up, down) if sign > 0 else (down, up)
            candidates[edge] = (forward, cost, number, mark)
            candidates[edge[1], edge[0]] = (backward, cost, number, mark)
        path = _cheapest_path(residual, candidates, source, sink)
        if not path:
            return False
        for number, mark in path:
            number.hide(mark, AUDIT, (0, 0) if mark == Mark.WITHHELD else (s.MOVE, s.MOVE))
        return True

    def _withhold(self, failure):
        """Withhold among the children the failing number's column, then
        every cell of its table, then the totals too; False when all are."""
        edges, columns, edge, *_rest = failure
        children = [e for e in edges if e[0][1] < len(self.children)]
        cells = {("q", quantity) for quantity, sign in columns if sign > 0}
        steps = [
            [e for e in children if e[1] == edge[1]] if self._is_child(edge) else [],
            [e for e in children if e[1] in cells],
            children,
        ]
        for step in steps:
            changed = False
            for cell in step:
                number = edges[cell][0]
                changed |= _stronger(number, Mark.WITHHELD, AUDIT, (0, 0))
            if changed:
                return True
        return False

    # The result -------------------------------------------------------------------

    def marks(self, unit_key):
        """{quantity: (mark, need)} of a child, as the parent of the level
        below: a hidden count must stay movable there as far as this
        table's attacker can move it (up to what a "<5" needs), since this
        table's protection may count on that."""
        numbers = self.numbers.get(unit_key)
        if numbers is None:
            return {}
        found = {}
        for quantity, number in numbers.items():
            need = number.need
            if not number.shown and number.kind == COUNT:
                need = self.room(unit_key, quantity)
            found[quantity] = (number.mark, need)
        return found

    def room(self, unit_key, quantity, most=s.MOVE):
        """(down, up): how far (up to ``most``) an attacker who knows this
        table can move a child's hidden number."""
        number = self.numbers[unit_key][quantity]
        down = up = most
        index = [child.key for child in self.children].index(unit_key)
        for key, name in self.figures:
            if row_of(self.shapes[key, name]) is None:
                continue
            edges, _columns = self._network(key, name)
            edge = (("u", index), ("q", quantity))
            if edge not in edges:
                continue
            sign = edges[edge][1]
            for direction in (1, -1):
                residual = _capacities(edges, skip=edge)
                flow = (edge[1], edge[0]) if direction * sign > 0 else edge
                moved = _max_flow(residual, *flow, most)
                if direction > 0:
                    up = min(up, moved)
                else:
                    down = min(down, moved)
        column = self.columns[quantity]
        for (other, _sign), (column_down, column_up) in zip(
            column.terms, s.rooms(column.terms), strict=True
        ):
            if other is number:
                down, up = min(down, column_down), min(up, column_up)
        low, high = number.bounds()
        return min(down, number.value - low), min(up, high - number.value)

    def numbers_of_unit(self, unit_key):
        return self.numbers.get(unit_key)


def _own_marks(shape, local, row):
    """The marks a unit's figure has on its own (``figure.published``)."""
    found = row_of(shape)
    if found is not None:
        cells, total = found
        table = s.breakdown({q: local[q].value for q in cells})
        terms = [(local[q], 1) for q in cells] + [(local[total], -1)]
        hidden = [local[q] for q in cells if table.cells[q] == s.HIDDEN]
        # A complement as far as the breakdown's "<5" make it move; withheld
        # cells protect each other as a group (``suppression.settle``).
        needs = {
            id(n): (0, 0) if table.withheld else s.complement_need(terms, row, n) for n in hidden
        }
        for number in hidden:
            mark = Mark.WITHHELD if table.withheld else Mark.HIDDEN
            number.hide(mark, row, needs[id(number)])
    dependent = dependent_of(shape)
    if dependent:
        families, total = (local[q] for q in dependent)
        if not families.shown and total.shown:
            total.hide(Mark.HIDDEN, None, (0, 0))


def _capacities(edges, skip=None):
    """Residual capacities {(from, to): amount} of the hidden numbers: an
    edge row -> column carries an increase of the number times its sign."""
    residual = defaultdict(int)
    for (row, column), (number, sign) in edges.items():
        if (row, column) == skip or number.shown:
            continue
        low, high = number.bounds()
        up = BIG if high == s.INFINITY else high - number.value
        down = number.value - low
        forward, backward = (up, down) if sign > 0 else (down, up)
        residual[row, column] += forward
        residual[column, row] += backward
    return residual


def _neighbours(residual):
    found = defaultdict(list)
    for a, b in residual:
        found[a].append(b)
    return found


def _max_flow(residual, source, sink, limit):
    """Push up to ``limit`` from ``source`` to ``sink`` (shortest paths
    first); ``residual`` is left with the flow pushed."""
    pushed = 0
    while pushed < limit:
        around = _neighbours(residual)
        previous = {source: None}
        queue = deque([source])
        while queue and sink not in previous:
            node = queue.popleft()
            for other in around[node]:
                if other not in previous and residual[node, other] > 0:
                    previous[other] = node
                    queue.append(other)
        if sink not in previous:
            break
        path = []
        node = sink
        while previous[node] is not None:
            path.append((previous[node], node))
            node = previous[node]
        amount = min(limit - pushed, *(residual[step] for step in path))
        for a, b in path:
            residual[a, b] -= amount
            residual[b, a] += amount
        pushed += amount
    return pushed


def _cheapest_path(residual, candidates, source, sink):
    """The numbers to hide on the cheapest path from ``source`` to ``sink``
    (a step through a hidden number with room left costs nothing, through a
    candidate its cost; Dijkstra): [(Number, mark)], or None."""
    around = _neighbours(residual)
    for a, b in candidates:
        if b not in around[a]:
            around[a].append(b)
    best = {source: 0}
    previous = {source: None}
    queue = [(0, 0, source)]
    order = 0
    while queue:
        cost, _order, node = heapq.heappop(queue)
        if cost > best.get(node, cost):
            continue
        if node == sink:
            break
        for other in around[node]:
            if residual.get((node, other), 0) > 0:
                step, opened = 0, None
            elif candidates.get((node, other), (0,))[0] > 0:
                _capacity, step, number, mark = candidates[node, other]
                opened = (number, mark)
            else:
                continue
            if other not in best or cost + step < best[other]:
                best[other] = cost + step
                previous[other] = (node, opened)
                order += 1
                heapq.heappush(queue, (cost + step, order, other))
    if sink not in previous:
        return None
    opened = []
    node = sink
    while previous[node] is not None:
        node, found = previous[node]
        if found is not None and found not in opened:
            opened.append(found)
    return opened


# Publishing ---------------------------------------------------------------------------


def _count(number):
    return s.published(number)


def show(figure, numbers):
    """``figure.published()`` with the marks of its ``numbers`` {quantity:
    Number}: a count as its mark, a value computed over a hidden number
    hidden."""
    if isinstance(figure, Breakdown):
        cells = {cell: _count(numbers[f"c.{cell}"]) for cell in figure.cells}
        withheld = bool(cells) and all(
            numbers[f"c.{cell}"].mark == Mark.WITHHELD for cell in figure.cells
        )
        return {"cells": cells, "total": _count(numbers["total"]), "withheld": withheld}
    if isinstance(figure, Share):
        part, rest, whole = numbers["part"], numbers["rest"], numbers["whole"]
        hidden = not (part.shown and rest.shown and whole.shown)
        if not whole.value:
            value = None
        elif hidden:
            value = s.HIDDEN
        else:
            value = part.value / whole.value
        return {
            "part": s.HIDDEN if hidden else part.value,
            "whole": _count(whole),
            "value": value,
        }
    if isinstance(figure, People):
        return {"value": _count(numbers["value"])}
    if isinstance(figure, Measure):
        people = numbers["people"]
        value = figure.value
        if value is not None and not people.shown:
            value = s.HIDDEN
        return {"value": value, "people": _count(people)}
    if isinstance(figure, Events):
        value = numbers["value"]
        return {
            "value": value.value if value.shown else s.HIDDEN,
            "families": _count(numbers["families"]),
        }
    if isinstance(figure, Amount):
        hidden = figure.value is not None and not numbers["cents"].shown
        return {
            "value": s.HIDDEN if hidden else figure.value,
            "families": _count(numbers["families"]),
            "note": s.HIDDEN if hidden else figure.note,
        }
    raise TypeError(type(figure))


# The pages -----------------------------------------------------------------------------


def _keys_closure(keys):
    keys = set(keys)
    for (key, _n, _q), (target, _tn, _tq) in ALIASES.items():
        if key in keys or target in keys:
            keys |= {key, target}
    return keys


def _anything_to_hide(group, units):
    """Whether any unit has a count of 1-4 in the group's figures (without
    one, nothing is hidden on its own, so nothing has to be protected)."""
    for unit in units:
        for key, name in group:
            for _quantity, value, kind in numbers_of(unit.figures[key][name]):
                if kind == COUNT and s.is_small(value):
                    return True
    return False


_TABLES = OrderedDict()  # (ids of the rows read, group) -> (those rows, Table or None)
_LOCK = threading.Lock()


def _table(read, group, build):
    """``build()`` once for the same rows read: ``read`` are the objects
    ``indicator_summary.read_places`` gave, the same objects for the same
    rows (the entry holds them, so their ids are not reused meanwhile)."""
    memo = (*(id(found) for found in read), tuple(group))
    with _LOCK:
        if memo in _TABLES:
            _TABLES.move_to_end(memo)
            return _TABLES[memo][1]
    table = build()
    with _LOCK:
        _TABLES[memo] = (read, table)
        while len(_TABLES) > 500:
            _TABLES.popitem(last=False)
    return table


def _country_table(places, group, regions, country):
    """The country's table of ``group``, or None when nothing in it is a
    count of 1-4."""

    def build():
        if _anything_to_hide(group, [*regions, country]):
            return Table(group, regions, country).protect()
        return None

    return _table([places], group, build)


def tables(level, pk, period, keys):
    """{(key, name): (Table, unit key)}: the tables the figures of ``pk`` at
    ``level`` (a municipality or a region) are published from, for the
    groups of ``keys``."""
    level = Level(level)
    shapes = indicator_summary.template()
    wanted = _keys_closure(keys) & set(indicator_summary.part_keys())
    chosen = [group for group in groups(shapes) if {key for key, _n in group} & wanted]
    if not chosen:
        return {}
    read_keys = {key for group in chosen for key, _n in group}
    if level == Level.REGION:
        place = pk
    else:
        # The municipality's region and its municipalities, in one query.
        near = dict(
            Municipality.objects.filter(Q(pk=pk) | Q(region__municipalities=pk))
            .values_list("pk", "region_id")
            .distinct()
        )
        place = near.get(pk)
        if place is None:
            place, near = indicator_summary.NO_REGION, None
    places, national = indicator_summary.read_places(period, read_keys)
    regions = [Unit(key, figures) for key, figures in sorted(places.items())]
    country = Unit(PARENT, national)
    found = {}
    region_figures = places.get(place)
    if level == Level.MUNICIPALITY:
        municipalities = indicator_summary.read_places(period, read_keys, place, near)[0]
        children = [Unit(key, figures) for key, figures in sorted(municipalities.items())]
    for group in chosen:
        # Without a count of 1-4 anywhere in a table nothing is hidden on its
        # own, so nothing needs protecting: every figure as on its own.
        top = _country_table(places, group, regions, country)
        if level == Level.REGION:
            if top is not None:
                for figure in group:
                    found[figure] = (top, place)
            continue
        if region_figures is None:
            continue  # the region has nothing of this group: nor has the municipality
        region = Unit(PARENT, region_figures)

        def build(group=group, top=top, region=region):
            if top is None and not _anything_to_hide(group, [*children, region]):
                return None
            return Table(group, children, region, top.marks(place) if top else None).protect()

        below = _table([places, municipalities], group, build)
        if below is not None:
            for figure in group:
                found[figure] = (below, pk)
    return found


def published(level, pk, period, found):
    """{key: {name: published figure}} of ``found`` (the figures of ``pk``
    at ``level``, ``indicator_summary.read``) that geography covers."""
    covered = tables(level, pk, period, set(found))
    result = defaultdict(dict)
    for key, figures in found.items():
        for name, figure in figures.items():
            if (key, name) not in covered:
                continue
            table, unit = covered[key, name]
            numbers = table.numbers_of_unit(unit)
            if numbers is None:
                continue  # nothing but zeros: as published on its own
            local = {q: numbers[canonical(key, name, q)] for q, _v, _k in numbers_of(figure)}
            result[key][name] = show(figure, local)
    return dict(result)
