# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Small-number suppression: no count of 1-4 people leaves the case workers,
and none can be recovered by subtraction from the total, from another
breakdown of the same population, or from the previous period. The
attacker is ``suppression.feasible_ranges``: it solves each cell's possible
range from everything published."""

import datetime
import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from buitenshuis.monitoring import suppression as s
from buitenshuis.monitoring.suppression import HIDDEN, LESS_THAN

# Tables shaped like a municipality's figures: a few categories, many small.
counts = st.integers(min_value=0, max_value=40)
tables = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), counts, min_size=1, max_size=7
)


def assert_nothing_recoverable(values, table):
    ranges = s.feasible_ranges(table)
    for key, value in values.items():
        low, high = ranges[key]
        assert low <= value <= high, "the attacker's range must hold the true value"
        published = table.cells[key]
        if published == LESS_THAN:
            # The attacker learns nothing beyond "<5".
            assert (low, high) == (1, 4), (values, table, key)
        elif published == HIDDEN:
            assert high > low, (values, table, key)
        else:
            assert published == value
            assert not s.is_small(value)


def test_counts_zero_shown_small_hidden_large_exact():
    assert [s.count(n) for n in (0, 1, 4, 5, 17)] == [0, LESS_THAN, LESS_THAN, 5, 17]


@given(tables)
@settings(max_examples=500)
def test_no_suppressed_cell_is_recoverable_from_the_total(values):
    table = s.breakdown(values)
    assert table.total == s.count(sum(values.values()))
    assert_nothing_recoverable(values, table)


@given(tables)
def test_no_small_count_is_ever_published(values):
    table = s.breakdown(values)
    for value in table.cells.values():
        assert not (isinstance(value, int) and s.is_small(value))


def test_one_small_cell_takes_another_with_it():
    """A: 12, B: 3, C: 7, D: 40 (total 62). B is "<5"; alone it would be
    62 - 12 - 7 - 40 = 3. The first cell of 5 or more in the breakdown's
    order (A, 12) is hidden too: A + B = 15, B can be 1..4 with A 14..11."""
    table = s.breakdown({"A": 12, "B": 3, "C": 7, "D": 40})
    assert table.cells == {"A": HIDDEN, "B": LESS_THAN, "C": 7, "D": 40}
    assert table.total == 62
    assert s.feasible_ranges(table)["B"] == (1, 4)


def test_a_complement_too_small_to_hide_the_cell_takes_another():
    """B: 5, A: 2, C: 6, D: 30. With only B hidden, A + B = 7 and B >= 5
    puts A at 1..2: C is hidden too (A + B + C = 13 with B, C >= 5: A at
    most 3), and then D (A + B + C + D = 43: A 1..4)."""
    table = s.breakdown({"B": 5, "A": 2, "C": 6, "D": 30})
    assert table.cells == {"B": HIDDEN, "A": LESS_THAN, "C": HIDDEN, "D": HIDDEN}
    assert s.feasible_ranges(table)["A"] == (1, 4)


def test_a_breakdown_that_cannot_be_protected_is_withheld():
    """A: 1, B: 5 (total 6): hiding B gives A + B = 6 with B >= 5, so A = 1.
    The breakdown is withheld; the total 6 stays."""
    table = s.breakdown({"A": 1, "B": 5})
    assert table.withheld and table.total == 6
    assert table.cells == {"A": HIDDEN, "B": HIDDEN}


def test_a_small_total_withholds_the_breakdown():
    table = s.breakdown({"A": 1, "B": 1, "C": 1, "D": 1})
    assert table.total == LESS_THAN and table.withheld
    assert set(table.cells.values()) == {HIDDEN}


def test_cells_must_add_up_to_the_total():
    with pytest.raises(ValueError):
        s.breakdown({"A": 3, "B": 4}, total=8)


@given(st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=3), min_size=2, max_size=3))
@settings(max_examples=200)
def test_two_breakdowns_of_the_same_population(cross):
    """Route x referrer type of the same referrals, published as two
    one-way breakdowns: each alone hides its cells, both publish the same
    total, and the cross table is never published."""
    rows = {f"r{i}": sum(row) for i, row in enumerate(cross)}
    columns = {f"c{j}": sum(row[j] for row in cross if j < len(row)) for j in range(3)}
    first, second = s.breakdown(rows), s.breakdown(columns)
    assert first.total == second.total
    assert_nothing_recoverable(rows, first)
    assert_nothing_recoverable(columns, second)


def test_two_breakdowns_together_leave_every_small_cell_open():
    """Brute force over every cross table of 2 x 2 that fits both
    published breakdowns: the other breakdown adds nothing, each "<5"
    still ranges over 1..4."""
    rows = {"telefonisch": 3, "formulier": 9}  # the route
    columns = {"ggz": 6, "wijkteam": 6}  # the referrer type
    first, second = s.breakdown(rows), s.breakdown(columns)
    assert first.cells["telefonisch"] == LESS_THAN
    total = first.total
    possible = set()
    for a, b, c, d in itertools.product(range(total + 1), repeat=4):
        row_values = {"telefonisch": a + b, "formulier": c + d}
        column_values = {"ggz": a + c, "wijkteam": b + d}
        if a + b + c + d != total:
            continue
        if s.breakdown(row_values) == first and s.breakdown(column_values) == second:
            possible.add(a + b)
    assert possible == {1, 2, 3, 4}


def test_only_whole_calendar_years_are_published():
    """Year-to-date running totals (January-March, then January-April)
    would give April by subtraction: refused."""
    s.check_period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    for start, end in (
        ((2026, 1, 1), (2026, 3, 31)),
        ((2026, 1, 1), (2026, 4, 30)),
        ((2026, 7, 1), (2027, 6, 30)),
    ):
        with pytest.raises(s.NotPublishable):
            s.check_period(datetime.date(*start), datetime.date(*end))


def test_averages_shares_and_amounts_about_few_people_are_hidden():
    assert s.measure(42.0, 4) == HIDDEN
    assert s.measure(42.0, 5) == 42.0
    # 6 of 8 within the norm: the 2 outside would follow from the share.
    assert s.share(6, 8) == HIDDEN
    assert s.share(0, 8) == Fraction(0)
    assert s.share(8, 8) == Fraction(1)
    assert s.share(5, 10) == Fraction(1, 2)
    assert s.amount(Decimal("1000.00"), 3) == HIDDEN
    assert s.amount(Decimal("1000.00"), 5) == Decimal("1000.00")


@given(st.integers(0, 60), st.integers(0, 60))
def test_a_published_share_never_gives_back_a_small_count(part, rest):
    whole = part + rest
    published = s.share(part, whole)
    if isinstance(published, Fraction):
        assert not s.is_small(part) and not s.is_small(rest)


def full_knowledge_attack(table):
    """The strongest attacker: knows this code, and tries every table that
    fits the published cells and total, keeping those that ``breakdown``
    publishes exactly as ``table``. The values each hidden cell can have."""
    hidden = [key for key, value in table.cells.items() if isinstance(value, str)]
    known = sum(value for value in table.cells.values() if isinstance(value, int))
    totals = [table.total] if isinstance(table.total, int) else [1, 2, 3, 4]
    possible = {key: set() for key in hidden}
    if not hidden:
        return possible
    for total in totals:
        rest = total - known
        for combo in itertools.product(range(rest + 1), repeat=len(hidden) - 1):
            if sum(combo) > rest:
                continue
            values = {**table.cells, **dict(zip(hidden, [*combo, rest - sum(combo)], strict=True))}
            if s.breakdown(values) == table:
                for key in hidden:
                    possible[key].add(values[key])
    return possible


@given(
    st.dictionaries(
        st.sampled_from(["a", "b", "c", "d"]),
        st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 9, 14]),
        min_size=2,
        max_size=4,
    )
)
@settings(max_examples=150, deadline=None)
def test_not_even_an_attacker_who_knows_the_code_recovers_a_cell(values):
    """Against the attacker who also knows how the hidden cells were chosen,
    no suppressed cell is recovered exactly (more than one value stays
    possible). The "1 to 4" of ``feasible_ranges`` holds against the
    attacker who uses the published values and the rules' bounds; this one
    can narrow a "<5" (for example to 1-3), never to one value."""
    table = s.breakdown(values)
    for key, found in full_knowledge_attack(table).items():
        assert values[key] in found
        assert len(found) > 1, (values, table, key, found)
