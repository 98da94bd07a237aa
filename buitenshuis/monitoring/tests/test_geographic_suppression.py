# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Geographic suppression (``monitoring.geography``): a region's figure is
the sum of its municipalities', the country's the sum of the regions', so
no "<5" of a municipality or a region may come back by subtracting the
published neighbours from the published level above.

The attacker (``possible``) is independent of the code under test: an
integer search (interval propagation and branching) over every number of
the tables, knowing every published number, that the cells of each row add
up to its total and the children of each column to their parent, that a
"<5" is 1-4, and, stronger than anyone reading the pages, which "x" is a
complement (so 5 or more) and which is withheld (anything). What is tested:

- one level (a region and its municipalities, or the country and its
  regions), breakdowns and counts: every hidden count of 1-4 can still be
  each of 1, 2, 3 and 4;
- three levels (the country, its regions, their municipalities) of a count:
  the same;
- three levels of a breakdown: no hidden count of 1-4 is ever pinned to one
  value (it can be narrowed, say to 1-3: the documented limit, two levels
  are protected by each hidden number keeping its room, not checked as one
  system).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.monitoring import geography, indicator_summary, indicators, suppression
from buitenshuis.monitoring.geography import PARENT, Table, Unit
from buitenshuis.monitoring.indicators import Breakdown, Level, People, Period
from buitenshuis.monitoring.suppression import HIDDEN, LESS_THAN, THRESHOLD, Mark
from buitenshuis.organisations.models import OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    RegionFactory,
)
from buitenshuis.referrals.models import Referral, Route
from buitenshuis.referrals.tests.factories import ReferralFactory

YEAR = Period.year(2026)

# The attacker -----------------------------------------------------------------------


def _box(number, cap):
    if number.mark == Mark.SHOWN:
        return number.value, number.value
    if number.mark == Mark.SMALL:
        return 1, THRESHOLD - 1
    if number.mark == Mark.HIDDEN and number.kind == suppression.COUNT:
        return THRESHOLD, cap
    return 0, cap


def _propagate(equations, domains):
    changed = True
    while changed:
        changed = False
        for terms in equations:
            lows = [sign * domains[v][0 if sign > 0 else 1] for v, sign in terms]
            highs = [sign * domains[v][1 if sign > 0 else 0] for v, sign in terms]
            low, high = sum(lows), sum(highs)
            for (v, sign), own_low, own_high in zip(terms, lows, highs, strict=True):
                a, b = own_high - high, own_low - low  # sign * v lies in [a, b]
                new_low, new_high = (a, b) if sign > 0 else (-b, -a)
                found = (max(domains[v][0], new_low), min(domains[v][1], new_high))
                if found[0] > found[1]:
                    return False
                if found != domains[v]:
                    domains[v] = found
                    changed = True
    return True


def _feasible(equations, domains):
    domains = dict(domains)
    if not _propagate(equations, domains):
        return False
    open_ = [v for v, (low, high) in domains.items() if low < high]
    if not open_:
        return True
    v = min(open_, key=lambda v: domains[v][1] - domains[v][0])
    for value in range(domains[v][0], domains[v][1] + 1):
        if _feasible(equations, {**domains, v: (value, value)}):
            return True
    return False


def possible(equations, numbers, target, values, cap):
    """The ``values`` the hidden ``target`` can take, given everything
    published."""
    domains = {id(n): _box(n, cap) for n in numbers}
    assert _feasible(equations, {**domains}), "the true table must fit what was published"
    return {
        value
        for value in values
        if domains[id(target)][0] <= value <= domains[id(target)][1]
        and _feasible(equations, {**domains, id(target): (value, value)})
    }


# Tables of plain numbers ------------------------------------------------------------

FIGURE = ("t", "f")


def breakdown(cells):
    return Breakdown(dict(cells), {key: key for key in cells})


def add(rows):
    total = {}
    for row in rows:
        for key, n in row.items():
            total[key] = total.get(key, 0) + n
    return total


def table(rows, parent_marks=None, figure=breakdown):
    """The table of one figure over children ``rows`` {key: value(s)}, the
    parent being their sum."""
    children = [Unit(key, {"t": {"f": figure(value)}}) for key, value in rows.items()]
    values = list(rows.values())
    whole = add(values) if isinstance(values[0], dict) else sum(values)
    parent = Unit(PARENT, {"t": {"f": figure(whole)}})
    return Table([FIGURE], children, parent, parent_marks).protect()


def people(value):
    return People(value)


def equations(found):
    """Every row and column of a table: [[(number id, sign)]], [Number]."""
    rows, numbers = [], []
    units = [unit.key for unit in found.children] + [PARENT]
    quantities = found.quantities
    cells = [q for q in quantities if q[2].startswith("c.")]
    for unit in units:
        own = found.numbers[unit]
        numbers += [own[q] for q in quantities]
        if cells:
            rows.append([(id(own[q]), 1) for q in cells] + [(id(own[(*FIGURE, "total")]), -1)])
    for q in quantities:
        rows.append(
            [(id(found.numbers[u][q]), 1) for u in units[:-1]]
            + [(id(found.numbers[PARENT][q]), -1)]
        )
    return rows, numbers


def shown(found, unit):
    """A unit's published numbers {quantity: value, "<5" or "x"}."""
    return {q[2]: suppression.published(n) for q, n in found.numbers[unit].items()}


def known(total):
    """What the attacker knows every number to be at most: the top's total,
    or 4 when that is "<5"."""
    return max(total, THRESHOLD - 1)


def small_hidden(numbers):
    return [
        n for n in numbers if not n.shown and n.kind == "count" and suppression.is_small(n.value)
    ]


# The attack -------------------------------------------------------------------------


def test_the_neighbours_no_longer_give_back_a_small_count():
    """Region 17 school referrals; municipality A 10, B 6, C 1. Published on
    their own, C is "<5" and 17 - 10 - 6 = 1. Now A (the first that can
    hide it, in the municipalities' order) is "x" too: A + C = 11, C any of
    1-4. B, which does not need to hide anything, stays 6."""
    found = table({"A": 10, "B": 6, "C": 1}, figure=people)
    assert shown(found, "A") == {"value": HIDDEN}
    assert shown(found, "B") == {"value": 6}
    assert shown(found, "C") == {"value": LESS_THAN}
    assert shown(found, PARENT) == {"value": 17}
    rows, numbers = equations(found)
    c = found.numbers["C"][(*FIGURE, "value")]
    assert possible(rows, numbers, c, range(0, 18), 17) == {1, 2, 3, 4}


def test_the_region_of_twelve_withholds_its_municipalities():
    """Region 12; A 5, B 6, C 1: no complement leaves C room (A and B at
    least 5 each would put C at 1 or 2), so the column is withheld: every
    municipality "x" (the region's 12 stays), C anything from 0 to 7."""
    found = table({"A": 5, "B": 6, "C": 1}, figure=people)
    assert [shown(found, key)["value"] for key in "ABC"] == [HIDDEN] * 3
    rows, numbers = equations(found)
    c = found.numbers["C"][(*FIGURE, "value")]
    assert {1, 2, 3, 4} <= possible(rows, numbers, c, range(0, 13), 12)


def test_a_municipality_without_small_numbers_keeps_them_where_not_needed():
    """School and social-team referrals of four municipalities; only C has
    a small number (school 2, with its social team hidden beside it in its
    own breakdown). A, the first whose school referrals leave C room, gives
    up its school and social team (its total stays); B and D keep
    everything: they are not needed."""
    rows = {
        "A": {"social": 8, "school": 7},
        "B": {"social": 6, "school": 5},
        "C": {"social": 7, "school": 2},
        "D": {"social": 5, "school": 6},
    }
    found = table(rows)
    assert shown(found, "A") == {"c.social": HIDDEN, "c.school": HIDDEN, "total": 15}
    assert shown(found, "B") == {"c.social": 6, "c.school": 5, "total": 11}
    assert shown(found, "C") == {"c.social": HIDDEN, "c.school": LESS_THAN, "total": 9}
    assert shown(found, "D") == {"c.social": 5, "c.school": 6, "total": 11}
    assert shown(found, PARENT) == {"c.social": 26, "c.school": 20, "total": 46}
    equations_, numbers = equations(found)
    school = found.numbers["C"][(*FIGURE, "c.school")]
    assert possible(equations_, numbers, school, range(0, 21), 46) == {1, 2, 3, 4}


def test_a_hidden_cell_stays_movable_in_the_other_partition():
    """``breakdown_with``: b is "x" in its column; here it must stay movable
    by as much as a "<5" may need (3), which 7 alone (at least 5) cannot
    give: a is hidden beside it."""
    table_ = suppression.breakdown_with({"a": 10, "b": 7, "c": 20}, hidden={"b": HIDDEN})
    assert table_.cells == {"a": HIDDEN, "b": HIDDEN, "c": 20}
    assert table_.total == 37


@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 40), min_size=1, max_size=6))
@settings(max_examples=300)
def test_without_hidden_cells_breakdown_with_is_breakdown(values):
    assert suppression.breakdown_with(values) == suppression.breakdown(values)


# One level, any table ---------------------------------------------------------------

VALUES = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12])


def rows_of(categories, units):
    row = st.fixed_dictionaries({c: VALUES for c in categories})
    return st.dictionaries(st.sampled_from(units), row, min_size=1, max_size=len(units))


@st.composite
def level(draw):
    categories = draw(st.sampled_from(["ab", "abc"]))
    return draw(rows_of(categories, ["m1", "m2", "m3", "m4"]))


@given(level())
@settings(max_examples=120, deadline=None)
def test_one_level_every_small_count_can_still_be_1_to_4(rows):
    """A parent and its children, each with a breakdown: given every
    published number of all of them, each hidden count of 1-4 can still be
    any of 1, 2, 3 and 4; no count of 1-4 is published."""
    found = table(rows)
    equations_, numbers = equations(found)
    cap = known(sum(add(rows.values()).values()))
    for number in numbers:
        if number.shown:
            assert not suppression.is_small(number.value)
    for number in small_hidden(numbers):
        assert {1, 2, 3, 4} <= possible(equations_, numbers, number, range(0, 6), cap)


@given(st.lists(st.integers(0, 14), min_size=1, max_size=6))
@settings(max_examples=200, deadline=None)
def test_one_level_of_counts_every_small_count_can_still_be_1_to_4(values):
    rows = {f"m{i}": value for i, value in enumerate(values)}
    found = table(rows, figure=people)
    equations_, numbers = equations(found)
    for number in small_hidden(numbers):
        assert {1, 2, 3, 4} <= possible(
            equations_, numbers, number, range(0, 6), known(sum(values))
        )


@given(level())
@settings(max_examples=150, deadline=None)
def test_a_table_without_small_numbers_is_published_unchanged(rows):
    """Where neither a child nor the parent has a count of 1-4, every
    figure is published as on its own."""
    rows = {
        key: {c: 0 if suppression.is_small(n) else n for c, n in row.items()}
        for key, row in rows.items()
    }
    found = table(rows)
    for key, row in rows.items():
        if key in found.numbers:
            own = breakdown(row).published()
            assert shown(found, key) == {
                **{f"c.{c}": v for c, v in own["cells"].items()},
                "total": own["total"],
            }


# Through indicators_for -------------------------------------------------------------------

# Referrals received in 2026 per municipality: (social team, school). Region
# R1: A, B, C, D (only C has a small number); region R2: E.
PLAN = {"A": (8, 7), "B": (6, 5), "C": (7, 2), "D": (5, 6), "E": (9, 3)}


class Places:
    pass


def build(plan):
    p = Places()
    p.plan = plan
    p.r1, p.r2 = RegionFactory(), RegionFactory()
    p.m = {key: MunicipalityFactory(region=p.r1 if key != "E" else p.r2) for key in plan}
    social = OrganisationFactory(type=OrganisationType.SOCIAL_TEAM)
    school = OrganisationFactory(type=OrganisationType.SCHOOL)
    referrer = UserFactory()
    for key, (n_social, n_school) in plan.items():
        programme = ProgrammeFactory(region=p.m[key].region, municipalities=[p.m[key]])
        for route, organisation, n in (
            (Route.SOCIAL_TEAM, social, n_social),
            (Route.SCHOOL, school, n_school),
        ):
            for _i in range(n):
                ReferralFactory(
                    programme=programme,
                    route=route,
                    referrer_organisation=organisation,
                    referred_by=referrer,
                )
    Referral.objects.update(received_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 9)))
    p.researcher = UserFactory()
    MembershipFactory(
        user=p.researcher, role=Role.RESEARCHER, programme=programme, organisation=social
    )
    indicator_summary.rebuild_all()
    return p


@pytest.fixture
def places(db):
    """R2's school referrals (3) are "<5": the country hides R1's."""
    return build(PLAN)


@pytest.fixture
def published_region(db):
    """R2 has no small number: R1's figures are published as its own, so
    its municipalities must hide C's school referrals among themselves."""
    return build({**PLAN, "E": (9, 8)})


def route_of(user, level, pk):
    rows = indicators.indicators_for(user, level, pk, YEAR, keys={"referrals_by_route"})
    return rows[0]["figures"]["referrals"]


class Published:
    """The attacker's equations over the published route breakdowns: each
    unit's cells add up to its total, the children's to their parent's.
    Told which "x" is 5 or more (stronger than a reader)."""

    def __init__(self, places):
        self.places = places
        self.numbers, self.rows, self.units = [], [], {}
        self.cap = sum(sum(values) for values in places.plan.values())

    def add(self, unit, level, pk, keys):
        figure = route_of(self.places.researcher, level, pk)
        social = sum(self.places.plan[key][0] for key in keys)
        school = sum(self.places.plan[key][1] for key in keys)
        for value in [*figure["cells"].values(), figure["total"]]:
            assert not (isinstance(value, int) and suppression.is_small(value))
        numbers = {
            "social_team": self._number(figure["cells"]["social_team"], social),
            "school": self._number(figure["cells"]["school"], school),
            "total": self._number(figure["total"], social + school),
        }
        self.rows.append(
            [
                (id(numbers["social_team"]), 1),
                (id(numbers["school"]), 1),
                (id(numbers["total"]), -1),
            ]
        )
        self.units[unit] = numbers

    def _number(self, published, value):
        if isinstance(published, int):
            number = suppression.Number(value, Mark.SHOWN)
        elif published == LESS_THAN:
            number = suppression.Number(value, Mark.SMALL)
        else:
            number = suppression.Number(value, Mark.HIDDEN if value >= 5 else Mark.WITHHELD)
        self.numbers.append(number)
        return number

    def nest(self, parent, children):
        for quantity in ("social_team", "school", "total"):
            self.rows.append(
                [(id(self.units[child][quantity]), 1) for child in children]
                + [(id(self.units[parent][quantity]), -1)]
            )

    def values_of(self, unit, quantity):
        target = self.units[unit][quantity]
        return possible(self.rows, self.numbers, target, range(0, 30), self.cap)

    def region(self, name, region, keys):
        self.add(name, Level.REGION, region, keys)
        for key in keys:
            self.add(key, Level.MUNICIPALITY, self.places.m[key], key)
        self.nest(name, list(keys))


@pytest.mark.parametrize("fixture", ["places", "published_region"])
def test_the_region_minus_its_municipalities_gives_nothing_back(fixture, request):
    """Published on their own, region R1's school referrals (20) minus A's
    7, B's 5 and D's 6 would give C's "<5": 2. Now no count of 1-4 is
    published, and given R1's and its four municipalities' breakdowns C's
    school referrals can still be any of 1-4: whether R1 hides its own
    (R2 has a small number) or its municipalities hide more."""
    places = request.getfixturevalue(fixture)
    attacker = Published(places)
    attacker.region("R1", places.r1, "ABCD")
    assert attacker.units["C"]["school"].mark == Mark.SMALL
    assert attacker.values_of("C", "school") >= {1, 2, 3, 4}


def test_the_country_minus_its_regions_gives_nothing_back(places):
    """R2's school referrals (3) are "<5"; the country's 23 minus R1's 20
    would give them. R1's are "x" on its page: given the country's and both
    regions' breakdowns R2's can be any of 1-4, and with every
    municipality's beside them they are still not down to one value."""
    attacker = Published(places)
    attacker.add("NL", Level.NATIONAL, None, "ABCDE")
    assert attacker.units["NL"]["school"].mark == Mark.SHOWN
    attacker.add("R1", Level.REGION, places.r1, "ABCD")
    attacker.add("R2", Level.REGION, places.r2, "E")
    attacker.nest("NL", ["R1", "R2"])
    assert attacker.units["R1"]["school"].mark != Mark.SHOWN
    assert attacker.values_of("R2", "school") >= {1, 2, 3, 4}
    for key in "ABCDE":
        attacker.add(key, Level.MUNICIPALITY, places.m[key], key)
    attacker.nest("R1", list("ABCD"))
    attacker.nest("R2", ["E"])
    assert len(attacker.values_of("R2", "school")) > 1
    assert len(attacker.values_of("C", "school")) > 1


def own(places, key):
    pk = places.m[key].pk
    return indicators.present(indicator_summary.read(Level.MUNICIPALITY, pk, YEAR), True)


def test_municipalities_without_small_numbers_are_unchanged_where_not_needed(published_region):
    """R1's figures are its own: A, the first municipality whose school
    referrals leave C room, gives up its school and social-team referrals
    (its total stays). B and D have no small number and are not needed:
    every figure of theirs is published as on its own."""
    places = published_region
    for key in "BD":
        found = indicators.indicators_for(
            places.researcher, Level.MUNICIPALITY, places.m[key], YEAR
        )
        assert found == own(places, key)
    a = route_of(places.researcher, Level.MUNICIPALITY, places.m["A"])
    assert a["cells"]["social_team"] == a["cells"]["school"] == HIDDEN
    assert a["total"] == 15
    # The same referrals by referrer type share the total: hidden alike.
    rows = indicators.indicators_for(
        places.researcher,
        Level.MUNICIPALITY,
        places.m["A"],
        YEAR,
        keys={"referrals_by_referrer_type"},
    )
    assert rows[0]["figures"]["referrals"]["cells"]["school"] == HIDDEN


def test_where_the_region_hides_the_municipalities_need_not(places):
    """R2's "<5" makes the country hide R1's school and social-team
    referrals; then subtracting R1's municipalities gives nothing, and A,
    B and D are published as on their own."""
    for key in "ABD":
        found = indicators.indicators_for(
            places.researcher, Level.MUNICIPALITY, places.m[key], YEAR
        )
        assert found == own(places, key)


def test_a_municipalitys_figures_cost_a_fixed_number_of_queries(places):
    """The neighbours come from grouped reads (all regions; the region's
    municipalities), never one read per neighbour: the same number of
    queries with a region more, none of them on the raw rows."""

    def queries(warm=False):
        indicators.indicators_for(places.researcher, Level.MUNICIPALITY, places.m["C"], YEAR)
        if not warm:  # the places' figures are kept for a minute; here: not kept
            indicator_summary._COUNTRY.clear()
        with CaptureQueriesContext(connection) as captured:
            indicators.indicators_for(places.researcher, Level.MUNICIPALITY, places.m["C"], YEAR)
        return [q["sql"] for q in captured.captured_queries]

    before = queries()
    region = RegionFactory()
    for _i in range(3):
        municipality = MunicipalityFactory(region=region)
        ReferralFactory(programme=ProgrammeFactory(region=region, municipalities=[municipality]))
    MunicipalityFactory(region=places.r1)
    Referral.objects.update(received_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 9)))
    indicator_summary.rebuild_all()
    after = queries()
    # Not kept: the place's own figures, its region, and the grouped reads of
    # all regions and of the region's municipalities, each after a look at
    # the highest row id (whether what was kept is current): the same number
    # with a region more.
    assert len(after) == len(before) == 9
    # Kept (within a minute, no refresh since): the looks instead of the reads.
    assert len(queries(warm=True)) == 5
    for sql in after:
        for raw in ("casework_", "referrals_", "activities_"):
            assert f'"{raw}' not in sql, sql


def test_geography_covers_every_figure_but_the_programme_wide():
    """Every figure of the registry is covered, except training coverage
    (linking pins and locations of the programmes serving a place: a
    place's programmes are not a partition of its parent's; documented)."""
    shapes = indicator_summary.template()
    stored = set(indicator_summary.part_keys())
    covered = {figure for group in geography.groups(shapes) for figure in group}
    covered = {(key, name) for key, name in covered if key in stored}
    left = {(key, name) for key, figures in shapes.items() for name in figures} - covered
    # The early stops are not published (the reason breakdown's cells).
    assert left == {
        ("training_coverage", "linking_pins"),
        ("training_coverage", "locations"),
        ("closures", "early_stops"),
    }
