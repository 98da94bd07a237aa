# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A programme's capacity: the families that hold a place, against a
maximum number of families or a budget ceiling. The world's programme A has
two running enrolments (two linking pins, one family each); programme B
has none."""

import datetime
from decimal import Decimal

from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.casework.tests.factories import EnrolmentFactory, FamilyFactory, PersonFactory
from buitenshuis.programmes import capacity
from buitenshuis.programmes.models import CapacityKind, ProgrammeSettings


def family_with(programme, status, children=2):
    """A family of two parents and ``children`` children, enrolled with
    ``status``."""
    family = FamilyFactory(programme=programme)
    for first_name in ("Fatima", "Johan"):
        PersonFactory(family=family, kind=Person.Kind.PARENT, first_name=first_name)
    for n in range(children):
        PersonFactory(family=family, date_of_birth=datetime.date(2015 + 2 * n, 4, 9))
    return EnrolmentFactory(family=family, status=status)


def set_capacity(programme, **values):
    ProgrammeSettings.objects.update_or_create(programme=programme, defaults=values)


def test_running_enrolments_hold_places_and_others_do_not(world):
    for status in (
        Enrolment.Status.REFERRED,
        Enrolment.Status.INTAKE,
        Enrolment.Status.CLOSED,
        Enrolment.Status.REJECTED,
        Enrolment.Status.WITHDRAWN,
    ):
        enrolment = family_with(world.programme, status)
        assert not capacity.holds_place(enrolment), status
    assert capacity.holds_place(world.own_enrolment)
    assert capacity.capacity(world.programme) == (2, 10, "families")
    # Another programme's families never count.
    family_with(world.other_programme, Enrolment.Status.ACTIVE)
    assert capacity.capacity(world.programme) == (2, 10, "families")
    assert capacity.capacity(world.other_programme) == (1, 10, "families")


def test_a_maximum_number_of_families(world):
    set_capacity(world.programme, max_families=3)
    waiting = family_with(world.programme, Enrolment.Status.INTAKE)
    assert capacity.has_capacity(world.programme, waiting)
    family_with(world.programme, Enrolment.Status.ACTIVE)
    assert capacity.capacity(world.programme) == (3, 3, "families")
    assert not capacity.has_capacity(world.programme)
    assert not capacity.has_capacity(world.programme, waiting)
    # A family that already holds a place needs no new one.
    assert capacity.has_capacity(world.programme, world.own_enrolment)


def test_a_budget_ceiling_counts_the_estimated_cost_per_family(world):
    set_capacity(
        world.programme,
        capacity_kind=CapacityKind.BUDGET,
        budget_ceiling=Decimal("120000"),
        cost_per_family=Decimal("40000"),
    )
    used, limit, unit = capacity.capacity(world.programme)
    assert (used, limit, unit) == (Decimal("80000"), Decimal("120000"), "budget")
    assert capacity.has_capacity(world.programme)  # 80,000 + 40,000 fits exactly
    family_with(world.programme, Enrolment.Status.ACTIVE)
    assert capacity.capacity(world.programme)[0] == Decimal("120000")
    assert not capacity.has_capacity(world.programme)


def test_an_undecided_family_holds_a_place_through_a_registered_place_holder(world, monkeypatch):
    waiting = family_with(world.programme, Enrolment.Status.INTAKE)
    decided = family_with(world.programme, Enrolment.Status.REJECTED)
    monkeypatch.setattr(capacity, "_PLACE_HOLDERS", [])
    capacity.register_place_holder(
        lambda: Enrolment.objects.filter(pk__in=[waiting.pk, decided.pk]).values("pk")
    )
    assert capacity.holds_place(waiting)
    # Only an undecided enrolment is held this way, never a rejected one.
    assert not capacity.holds_place(decided)
    assert capacity.capacity(world.programme) == (3, 10, "families")
