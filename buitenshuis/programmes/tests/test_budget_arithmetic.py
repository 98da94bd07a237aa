# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The budget's arithmetic against figures worked out by hand.

The world (year 2027, every amount in euros):

- Family Een (municipality M1), accepted, enrolment 2026-11-01..2028-10-31,
  two children:
  - A: 10 hours a week at 10.00 an hour, 2027-01-01..2027-12-31, parental
    contribution 20.00 a month;
  - C: 900.00 a month, 2026-11-01..2028-10-31.
- Family Twee (municipality M2), undecided (intake), one child placed
  provisionally: B, 900.00 a month, 2027-07-01..2027-12-31.
- Training sessions: 2,500.00 on 2027-03-01 and 1,000.00 on 2026-06-01.
- Contacts of family Een in 2027: 90 and 60 minutes.
- Budget 2027: hourly rate 80.00, 4 planned hours per family per month.

Months are days / 30.4375 to two decimals: 2027 has 365 days = 11.99
months; 2027-07-01..12-31 is 184 days = 6.05; 2026-11-01..2028-10-31 is 731
days = 24.02. A week is 52/12 weeks a month.

In 2027:
- A: 10 x 10.00 x 52/12 x 11.99 = 5,195.666... -> 5,195.67; contribution
  20.00 x 11.99 = 239.80.
- C: 900.00 x 11.99 = 10,791.00.
- B: 900.00 x 6.05 = 5,445.00 (provisional).
- Linking pin, Een: 11.99 x 4 = 47.96 h x 80.00 = 3,836.80; Twee
  (provisional, over B's months): 6.05 x 4 = 24.20 h x 80.00 = 1,936.00.
- Training: 2,500.00. Recorded: 150 minutes = 2.50 h x 80.00 = 200.00.
- Activity 21,431.67 (5,445.00 provisional), linking pin 5,772.80
  (1,936.00 provisional), training 2,500.00, contributions 239.80:
  total 21,431.67 + 5,772.80 + 2,500.00 - 239.80 = 29,464.67.
"""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.activities.models import Contract
from buitenshuis.activities.tests.factories import ContractFactory, PlacementFactory
from buitenshuis.casework.models import Enrolment
from buitenshuis.casework.tests.factories import (
    ContactFactory,
    EnrolmentFactory,
    FamilyFactory,
    PersonFactory,
)
from buitenshuis.organisations.tests.factories import MunicipalityFactory, ProgrammeFactory
from buitenshuis.programmes import budget, capacity
from buitenshuis.programmes.models import BudgetModel, BudgetShare, ProgrammeSettings
from buitenshuis.programmes.tests.factories import BudgetFactory
from buitenshuis.training.models import Module, TrainingSession

D = Decimal


@pytest.fixture
def money_world(db):
    m1 = MunicipalityFactory(name="Verzinnedam")
    m2 = MunicipalityFactory(name="Fantasiewoude", region=m1.region)
    programme = ProgrammeFactory(municipalities=[m1, m2], region=m1.region)
    ProgrammeSettings.for_programme(programme)
    een = FamilyFactory(programme=programme, municipality=m1, family_name="Een")
    twee = FamilyFactory(programme=programme, municipality=m2, family_name="Twee")
    pin = UserFactory()
    e1 = EnrolmentFactory(
        linking_pin=pin,
        family=een,
        status=Enrolment.Status.ACTIVE,
        start_date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2028, 10, 31),
    )
    e2 = EnrolmentFactory(
        family=twee, status=Enrolment.Status.INTAKE, start_date=None, end_date=None
    )
    hourly = ContractFactory(programme=programme, tariff=D("10.00"))
    monthly = ContractFactory(
        programme=programme, tariff=D("900.00"), tariff_unit=Contract.TariffUnit.MONTH
    )
    PlacementFactory(
        enrolment=e1,
        child=PersonFactory(family=een),
        contract=hourly,
        hours_per_week=D("10"),
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 12, 31),
        parental_contribution=D("20.00"),
    )
    PlacementFactory(
        enrolment=e1,
        child=PersonFactory(family=een),
        contract=monthly,
        start_date=datetime.date(2026, 11, 1),
        end_date=datetime.date(2028, 10, 31),
    )
    PlacementFactory(
        enrolment=e2,
        child=PersonFactory(family=twee),
        contract=monthly,
        start_date=datetime.date(2027, 7, 1),
        end_date=datetime.date(2027, 12, 31),
        provisional=True,
    )
    TrainingSession.objects.create(
        programme=programme, module=Module.values[0], date=datetime.date(2027, 3, 1), cost=D("2500")
    )
    TrainingSession.objects.create(
        programme=programme, module=Module.values[0], date=datetime.date(2026, 6, 1), cost=D("1000")
    )
    ContactFactory(enrolment=e1, date=datetime.date(2027, 2, 1), minutes=90)
    ContactFactory(enrolment=e1, date=datetime.date(2027, 5, 1), minutes=60)
    ContactFactory(enrolment=e1, date=datetime.date(2026, 12, 1), minutes=600)  # not 2027
    plan = BudgetFactory(programme=programme, year=2027)
    return {
        "programme": programme,
        "m1": m1,
        "m2": m2,
        "budget": plan,
        "een": e1,
        "twee": e2,
    }


def statement_2027(world):
    return budget.committed(world["budget"], world["programme"].pk, *budget.year_bounds(2027))


def test_committed_cost_of_a_year_by_hand(money_world):
    whole = statement_2027(money_world).programme
    assert whole.activity == D("21431.67")
    assert whole.activity_provisional == D("5445.00")
    assert whole.linking_pin == D("5772.80")
    assert whole.linking_pin_provisional == D("1936.00")
    assert whole.linking_pin_planned_hours == D("72.16")
    assert whole.training == D("2500.00")
    assert whole.contributions == D("239.80")
    assert whole.total == D("29464.67")
    assert whole.provisional == D("7381.00")
    # Beside the plan: the hours recorded as contacts in 2027.
    assert whole.linking_pin_recorded_hours == D("2.50")
    assert whole.linking_pin_recorded == D("200.00")
    assert len(whole.families) == 2 and len(whole.children) == 3


def test_every_amount_is_an_exact_decimal(money_world):
    whole = statement_2027(money_world).programme
    for name in ("activity", "linking_pin", "training", "contributions", "total"):
        value = getattr(whole, name)
        assert isinstance(value, Decimal), name
        assert value == value.quantize(D("0.01")), name


def test_a_regional_budget_splits_per_municipality_by_hand(money_world):
    plan = money_world["budget"]
    m1, m2 = money_world["m1"], money_world["m2"]
    BudgetShare.objects.create(budget=plan, municipality=m1, amount=D("20000"))
    BudgetShare.objects.create(budget=plan, municipality=m2, amount=D("16000"))
    plan = budget.budget_for(money_world["programme"].pk, 2027)
    statement = budget.committed(plan, money_world["programme"].pk, *budget.year_bounds(2027))
    one, two = statement.municipalities[m1.pk], statement.municipalities[m2.pk]
    # Training 2,500.00 in proportion 20,000 : 16,000: 1,388.888... and
    # 1,111.111...; the cent left over goes to the larger remainder (M1).
    assert one.training == D("1388.89") and two.training == D("1111.11")
    # M1: 5,195.67 + 10,791.00 + 3,836.80 + 1,388.89 - 239.80.
    assert one.total == D("20972.56")
    # M2: 5,445.00 + 1,936.00 + 1,111.11, all but the training provisional.
    assert two.total == D("8492.11")
    assert two.provisional == D("7381.00")
    assert one.total + two.total == statement.programme.total
    assert budget.level(one.total, budget.limit_of(plan, m1.pk)[0]) == "full"
    assert budget.percentage(two.total, budget.limit_of(plan, m2.pk)[0]) == 53


@pytest.mark.parametrize(
    "total, expected_level, expected_percentage",
    [
        (D("135000"), None, 21),
        (D("36000"), "warning", 81),
        (D("29464.67"), "full", 100),
        (D("29000"), "full", 101),
    ],
)
def test_warnings_at_80_and_100_percent(money_world, total, expected_level, expected_percentage):
    used = statement_2027(money_world).programme.total
    assert budget.level(used, total) == expected_level
    assert budget.percentage(used, total) == expected_percentage


def test_the_cost_per_family_over_all_years_beside_the_reference(money_world):
    per = budget.cost_per_family(money_world["programme"].pk, budget=money_world["budget"])
    # All years: A 5,195.67; C 900.00 x 24.02 = 21,618.00; B 5,445.00;
    # linking pin Een 24.02 x 4 x 80.00 = 7,686.40, Twee 1,936.00; training
    # 3,500.00; contributions 239.80: 45,141.27 over 2 families, 3 children.
    assert per.families == 2 and per.children == 3
    assert per.per_family == D("22570.64")
    assert per.per_child == D("15047.09")
    assert per.two_children == D("30094.18")
    assert per.against_reference == "below"


def test_fixed_amount_a_family_fits_while_the_rest_of_the_year_is_covered(money_world):
    programme = money_world["programme"]
    settings = ProgrammeSettings.for_programme(programme)
    day = datetime.date(2027, 10, 1)
    # 40,000 over 24 months = 1,666.66... a month, 92 days left = 3.02
    # months: 5,033.33.
    assert budget.expected_family_cost(settings, day) == D("5033.33")
    plan = money_world["budget"]
    plan.activity_amount, plan.linking_pin_amount, plan.training_amount = (
        D("30000"),
        D("6000"),
        D("0"),
    )
    plan.save()
    newcomer = EnrolmentFactory(
        family=FamilyFactory(programme=programme, municipality=money_world["m1"]),
        status=Enrolment.Status.INTAKE,
        start_date=None,
        end_date=None,
    )
    # 29,464.67 + 5,033.33 = 34,498.00 <= 36,000: room, for one family more.
    room = budget.room(programme, day, None, lambda m: 0)
    assert room.refusal is None and room.families_left == 1
    assert capacity.capacity_refusal(programme, newcomer, day) is None
    plan.activity_amount = D("28000")  # 34,000 < 34,498.00
    plan.save()
    refusal = capacity.capacity_refusal(programme, newcomer, day)
    assert refusal.startswith("Het budget van 2027 is niet toereikend")
    assert "€ 29.464,67" in refusal and "€ 5.033,33" in refusal
    # A family that already holds a place (provisionally placed) needs none.
    assert capacity.capacity_refusal(programme, money_world["twee"], day) is None


def test_fixed_families_counts_the_families_holding_a_place(money_world):
    programme = money_world["programme"]
    plan = money_world["budget"]
    plan.model, plan.families = BudgetModel.FIXED_FAMILIES, 2
    plan.save()
    newcomer = EnrolmentFactory(
        family=FamilyFactory(programme=programme, municipality=money_world["m1"]),
        status=Enrolment.Status.INTAKE,
        start_date=None,
        end_date=None,
    )
    day = datetime.date(2027, 3, 1)
    # Een (accepted) and Twee (provisionally placed) hold the two places.
    assert capacity.capacity(programme, newcomer, day) == (D(2), D(2), "families")
    assert "2 van 2 gezinnen" in capacity.capacity_refusal(programme, newcomer, day)
    plan.families = 3
    plan.save()
    assert capacity.capacity_refusal(programme, newcomer, day) is None


def test_a_split_budget_checks_the_familys_own_municipality(money_world):
    programme = money_world["programme"]
    plan = money_world["budget"]
    BudgetShare.objects.create(budget=plan, municipality=money_world["m1"], amount=D("20000"))
    BudgetShare.objects.create(budget=plan, municipality=money_world["m2"], amount=D("16000"))
    day = datetime.date(2027, 10, 1)

    def newcomer(municipality):
        return EnrolmentFactory(
            family=FamilyFactory(programme=programme, municipality=municipality),
            status=Enrolment.Status.INTAKE,
            start_date=None,
            end_date=None,
        )

    # M1 has committed 20,972.56 of 20,000; M2 8,492.11 of 16,000.
    assert "niet toereikend" in capacity.capacity_refusal(
        programme, newcomer(money_world["m1"]), day
    )
    assert capacity.capacity_refusal(programme, newcomer(money_world["m2"]), day) is None


def test_without_a_budget_the_settings_decide(money_world):
    programme = money_world["programme"]
    money_world["budget"].delete()
    settings = ProgrammeSettings.for_programme(programme)
    settings.max_families = 2
    settings.save()
    assert capacity.capacity(programme, day=datetime.date(2027, 3, 1)) == (2, 2, "families")
    assert capacity.capacity_refusal(programme, day=datetime.date(2027, 3, 1)) == str(capacity.FULL)


def test_the_forecast_covers_every_year_the_placements_reach(money_world):
    lines = budget.forecast(money_world["programme"].pk, datetime.date(2027, 3, 1))
    assert [line.year for line in lines] == [2026, 2027, 2028]
    by_year = {line.year: line for line in lines}
    assert by_year[2027].limit == D("135000.00")
    assert by_year[2027].committed.total == D("29464.67")
    assert by_year[2027].percentage == 21
    # No budget for 2026 and 2028: committed, but no limit to measure it by.
    assert by_year[2028].limit is None and by_year[2028].level is None
    # C in 2028: 2028-01-01..10-31 = 305 days = 10.02 months x 900.00.
    assert by_year[2028].committed.activity == D("9018.00")


@given(
    amount=st.decimals(min_value=0, max_value=10**7, places=2),
    weights=st.lists(st.decimals(min_value=0, max_value=10**6, places=2), min_size=1, max_size=6),
)
def test_a_proportional_split_adds_up_to_the_cent(amount, weights):
    keyed = dict(enumerate(weights))
    parts = budget.split_proportionally(amount, keyed)
    if sum(weights) == 0:
        assert parts == {}
        return
    assert sum(parts.values()) == amount
    assert all(part >= 0 and part == part.quantize(D("0.01")) for part in parts.values())
    # No part is more than a cent away from its exact share.
    total = sum(weights)
    for key, weight in keyed.items():
        assert abs(parts[key] - amount * weight / total) < D("0.01")


@given(
    tariff=st.decimals(min_value=0, max_value=200, places=2),
    hours=st.decimals(min_value=D("0.5"), max_value=60, places=1),
    start=st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2029, 12, 31)),
    days=st.integers(min_value=0, max_value=900),
)
def test_a_placement_split_over_years_costs_what_it_costs_whole_within_cents(
    tariff, hours, start, days
):
    """The budget measures each year's part of a placement; the parts add up
    to the placement's own projection but for rounding (a cent per part
    and the months' two decimals)."""
    from buitenshuis.activities.rules import tariff_cost  # test module: no layer

    end = start + datetime.timedelta(days=days)
    whole = tariff_cost(tariff, Contract.TariffUnit.HOUR, hours, start, end)
    parts = D(0)
    for year in range(start.year, end.year + 1):
        part = budget.overlap(start, end, *budget.year_bounds(year))
        parts += tariff_cost(tariff, Contract.TariffUnit.HOUR, hours, *part)
    years = end.year - start.year + 1
    # Each part's months are rounded to 0.01 (at most 0.005 each way).
    allowance = tariff * hours * D(52) / D(12) * D("0.005") * years + D("0.01") * years
    assert abs(parts - whole) <= allowance
