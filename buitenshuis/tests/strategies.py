# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Hypothesis strategies shared by the property-based tests: families the way
they arrive (with and without citizen service numbers, one or two parents,
one to four children with ages on every consent-band boundary). All names
and numbers are invented."""

import datetime

from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

# A fixed reference day for tests that do not depend on today.
REFERENCE_DAY = datetime.date(2026, 12, 1)

# Ages around every consent band: under 12 parents decide, 12-15 child and
# parents, from 16 the young person; 18 and older is refused.
BAND_AGES = [0, 1, 11, 12, 15, 16, 17]


def birthday(age, offset_days, day=REFERENCE_DAY):
    """A date of birth ``age`` years before ``day``, moved ``offset_days``
    (so -1, 0, +1 put the birthday yesterday, today, tomorrow)."""
    try:
        born = day.replace(year=day.year - age)
    except ValueError:  # 29 February
        born = day.replace(year=day.year - age, day=28)
    return born + datetime.timedelta(days=offset_days)


def valid_bsn():
    """Nine digits that pass the 11-test (invented, never a real person's)."""
    return (
        st.integers(min_value=10_000_000, max_value=99_999_999)
        .map(lambda n: f"{n:08d}")
        .flatmap(
            lambda eight: st.sampled_from(
                [eight + str(d) for d in range(10) if stdnum_bsn.is_valid(eight + str(d))]
                or ["111222333"]
            )
        )
    )


NAME_LETTERS = "abcdefghijklmnopqrstuvwxyzéëïöüçñø"
names = st.text(alphabet=NAME_LETTERS, min_size=2, max_size=12).map(str.capitalize)


@st.composite
def children_strategy(draw, min_size=1, max_size=4, day=REFERENCE_DAY):
    """One to four children (dicts as ``submit_referral`` takes them), each
    with an age on a consent-band boundary on ``day`` and a BSN or none."""
    count = draw(st.integers(min_value=min_size, max_value=max_size))
    bsns = draw(st.lists(valid_bsn(), min_size=count, max_size=count, unique=True))
    kids = []
    for index in range(count):
        age = draw(st.sampled_from(BAND_AGES))
        offset = draw(st.sampled_from([-1, 0, 1]))
        if age == 0:
            offset = draw(st.sampled_from([-30, -1, 0]))  # never born tomorrow
        kids.append(
            {
                # Unique per family (names never carry digits).
                "first_name": draw(names) + "-" + "abcd"[index],
                "last_name": "Verzinsel",
                "date_of_birth": birthday(age, offset, day),
                "bsn": bsns[index] if draw(st.booleans()) else "",
            }
        )
    return kids


@st.composite
def parents_strategy(draw):
    """One or two parents; the first has parental authority and a KOPP
    problem category, the second may have neither."""
    count = draw(st.integers(min_value=1, max_value=2))
    parents = []
    for index in range(count):
        parents.append(
            {
                "first_name": draw(names),
                "last_name": "Verzinsel",
                "date_of_birth": datetime.date(1980 + index * 3, 4, 9),
                "problem_categories": ["kopp"]
                if index == 0
                else draw(st.sampled_from([[], ["kov"], ["kovb"]])),
                "has_parental_authority": index == 0 or draw(st.booleans()),
            }
        )
    return parents
