# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The indicators against values computed by hand on a small fixed data set,
the small-number suppression on real figures, and who may see what.

The data set (all names invented), the year 2026, two programmes in one
region:

Programme A (municipality MA), eleven referrals received on 2 March 2026 at
09:00, one more in 2025:

- r0-r5: route social team, referred by a social team; accepted after 1, 2,
  3, 4, 5 and 10 days (at 12:00... see ``DECISION_DAYS``); first day of the
  activity the day after the decision (r0-r4) or five days after (r5).
- r6, r7: route school, referred by a school; rejected after 20 and 30 days.
- r8: route school, undecided; r9, r10: route phone (referred by a
  GP), undecided; r9 started on 10 March 2026 after intake and
  consent completed on 8 March 12:00 (a provisional start).

Programme B (municipality MB): four referrals, route GP, none decided.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.activities.tests.factories import ContractFactory, PlacementFactory
from buitenshuis.casework.models import (
    Agreement,
    Closure,
    Contact,
    Enrolment,
    Goal,
    GoalDomain,
    NetworkMeeting,
    PartnerKind,
    Review,
)
from buitenshuis.casework.tests.factories import ContactFactory, PersonFactory
from buitenshuis.monitoring import indicator_summary, indicators, suppression
from buitenshuis.monitoring.indicators import Level, Period
from buitenshuis.monitoring.models import ContactMonthSummary
from buitenshuis.monitoring.summaries import rebuild_contact_summary
from buitenshuis.monitoring.suppression import HIDDEN, LESS_THAN
from buitenshuis.organisations.models import ActivityType, OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    LocationFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeFactory,
    RegionFactory,
)
from buitenshuis.programmes import budget as budget_rules
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.programmes.tests.factories import BudgetFactory
from buitenshuis.referrals.models import Decision, Referral, Route
from buitenshuis.referrals.tests.factories import ReferralFactory
from buitenshuis.training.models import Module, TrainingRecord

YEAR = Period.year(2026)
RECEIVED = datetime.datetime(2026, 3, 2, 9, 0)
DECISION_DAYS = [1, 2, 3, 4, 5, 10, 20, 30]  # r0..r7; decided at 12:00


def at(day, hour=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class DataSet:
    pass


@pytest.fixture
def data(db):
    d = DataSet()
    region = RegionFactory()
    d.ma, d.mb = MunicipalityFactory(region=region), MunicipalityFactory(region=region)
    d.a = ProgrammeFactory(region=region, municipalities=[d.ma])
    d.b = ProgrammeFactory(region=region, municipalities=[d.mb])
    settings = ProgrammeSettings.for_programme(d.a)
    settings.start_before_decision = True
    settings.save()
    org = OrganisationFactory()

    def member(role, programme):
        user = UserFactory()
        MembershipFactory(user=user, role=role, programme=programme, organisation=org)
        return user

    d.coordinator = member(Role.COORDINATOR, d.a)
    d.policy_officer = member(Role.POLICY_OFFICER, d.a)
    d.lp1, d.lp2 = member(Role.LINKING_PIN, d.a), member(Role.LINKING_PIN, d.a)
    d.researcher = member(Role.RESEARCHER, d.a)
    d.referrer = member(Role.REFERRER, d.a)
    for module in (Module.LP_ELEARNING, Module.LP_DAY, Module.LP_RETURN):
        TrainingRecord.objects.create(
            user=d.lp1, module=module, completed_on=datetime.date(2026, 2, 1), recorded_by=d.lp1
        )
    TrainingRecord.objects.create(
        user=d.lp2,
        module=Module.LP_ELEARNING,
        completed_on=datetime.date(2026, 2, 1),
        recorded_by=d.lp2,
    )

    social_team = OrganisationFactory(type=OrganisationType.SOCIAL_TEAM)
    school = OrganisationFactory(type=OrganisationType.SCHOOL)
    gp = OrganisationFactory(type=OrganisationType.GP)
    plan = (
        [(Route.SOCIAL_TEAM, social_team)] * 6
        + [(Route.SCHOOL, school)] * 3
        + [(Route.PHONE, gp)] * 2
    )
    d.r = []
    for i, (route, organisation) in enumerate(plan):
        referral = ReferralFactory(programme=d.a, route=route, referrer_organisation=organisation)
        referral.enrolment.linking_pin = d.lp1 if i < 2 else d.lp2
        referral.enrolment.save()
        d.r.append(referral)
    Referral.objects.filter(programme=d.a).update(received_at=at(RECEIVED.date(), 9))
    old = ReferralFactory(programme=d.a, route=Route.PHONE, referrer_organisation=gp)
    Referral.objects.filter(pk=old.pk).update(received_at=at(datetime.date(2025, 11, 3), 9))
    for referral in d.r:
        referral.refresh_from_db()

    for i, days in enumerate(DECISION_DAYS):
        referral = d.r[i]
        accepted = i < 6
        decided_at = at(RECEIVED.date() + datetime.timedelta(days=days), 12)
        Decision.objects.create(
            referral=referral,
            outcome=Decision.Outcome.ACCEPTED if accepted else Decision.Outcome.REJECTED,
            decided_by=d.policy_officer,
            capacity_overridden=i == 0,
        )
        Decision.objects.filter(referral=referral).update(decided_at=decided_at)
        referral.decided_at = decided_at
        referral.status = Referral.Status.ACCEPTED if accepted else Referral.Status.REJECTED
        referral.save()
        if accepted:
            enrolment = referral.enrolment
            enrolment.status = Enrolment.Status.ACTIVE
            enrolment.first_activity_date = decided_at.date() + datetime.timedelta(
                days=1 if i < 5 else 5
            )
            enrolment.start_date = datetime.date(2026, 7, 1)
            enrolment.end_date = datetime.date(2028, 6, 30)
            enrolment.save()
    # r9: a provisional start, 36 hours after intake and consent completed.
    d.r[9].ready_at = at(datetime.date(2026, 3, 8), 12)
    d.r[9].save()
    d.r[9].enrolment.first_activity_date = datetime.date(2026, 3, 10)
    d.r[9].enrolment.save()

    # Children placed: r0 is 2 at the end of 2026, r1-r4 are 8, r5 is 14.
    births = ["2024-05-01"] + ["2018-05-01"] * 4 + ["2012-02-01"]
    types = [ActivityType.DAY_CARE] + [ActivityType.AFTER_SCHOOL] * 4 + [ActivityType.SPORTS_CLUB]
    location = LocationFactory()
    contract = ContractFactory(programme=d.a, location=location)
    for i in range(6):
        enrolment = d.r[i].enrolment
        child = PersonFactory(
            family=enrolment.family, date_of_birth=datetime.date.fromisoformat(births[i])
        )
        PlacementFactory(
            enrolment=enrolment,
            child=child,
            contract=contract,
            activity_type=types[i],
            start_date=datetime.date(2026, 3, 10),
            end_date=datetime.date(2027, 12, 31),
        )
    # A placement of the 2025 family that ended in 2025: not active in 2026.
    PlacementFactory(
        enrolment=old.enrolment,
        contract=contract,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )

    e0, e1, e5 = d.r[0].enrolment, d.r[1].enrolment, d.r[5].enrolment
    for day, minutes in (((2026, 7, 6), 60), ((2026, 7, 20), 60)):
        ContactFactory(enrolment=e0, date=datetime.date(*day), minutes=minutes, author=d.lp1)
    ContactFactory(enrolment=e1, date=datetime.date(2026, 12, 1), minutes=120, author=d.lp1)
    ContactFactory(enrolment=e1, date=datetime.date(2027, 1, 5), minutes=500, author=d.lp1)
    Closure.objects.create(
        enrolment=e5,
        closed_on=datetime.date(2026, 9, 30),
        reason=Closure.Reason.ESCALATION,
        way_on=Closure.WayOn.REFER,
        out_of_home_prevented=Closure.Prevented.NO,
        closed_by=d.lp2,
    )
    for day in ((2026, 7, 6), (2026, 10, 6)):
        NetworkMeeting.objects.create(enrolment=e0, date=datetime.date(*day), created_by=d.lp1)
    for i in range(3):
        Agreement.objects.create(
            enrolment=e0,
            what=f"Verzonnen afspraak {i}",
            holder_kind=PartnerKind.FAMILY,
            status=Agreement.Status.DONE if i == 0 else Agreement.Status.OPEN,
            done_on=datetime.date(2026, 8, 1) if i == 0 else None,
            created_by=d.lp1,
        )
    Agreement.objects.create(
        enrolment=e1,
        what="Verzonnen afspraak",
        holder_kind=PartnerKind.SCHOOL,
        status=Agreement.Status.DONE,
        done_on=datetime.date(2026, 9, 1),
        created_by=d.lp1,
    )
    Goal.objects.create(
        enrolment=e0,
        domain=GoalDomain.NETWORK,
        description="Verzonnen doel",
        status=Goal.Status.REACHED,
        reached_on=datetime.date(2026, 10, 1),
        created_by=d.lp1,
    )
    Goal.objects.create(
        enrolment=e1, domain=GoalDomain.MONEY, description="Verzonnen doel", created_by=d.lp1
    )
    for enrolment, held_on in ((e0, (2026, 9, 25)), (e1, (2026, 10, 15))):
        Review.objects.create(
            enrolment=enrolment,
            month=3,  # due 1 October 2026
            held_on=datetime.date(*held_on),
            outcome=Review.Outcome.CONTINUE,
            criteria="Verzonnen criteria",
            held_by=d.lp1,
        )
    BudgetFactory(programme=d.a, year=2026)

    # Programme B: four referrals by GPs, undecided.
    for _i in range(4):
        ReferralFactory(programme=d.b, route=Route.GP, referrer_organisation=gp)
    Referral.objects.filter(programme=d.b).update(received_at=at(RECEIVED.date(), 9))
    # The figures above programme level: what the scheduled refresh makes
    # (QuerySet.update above bypasses the signals that mark a year).
    indicator_summary.rebuild_all()
    return d


def by_key(rows):
    return {row["key"]: row["figures"] for row in rows}


def exact(d, user=None, level=Level.PROGRAMME, pk=None, keys=None):
    user = user or d.coordinator
    return by_key(indicators.indicators_for(user, level, pk or d.a.pk, YEAR, keys=keys))


def zeros(choices, **counts):
    return {value: counts.get(value, 0) for value in choices.values}


def test_every_indicator_has_one_definition_in_the_code_and_in_the_docs():
    from pathlib import Path

    docs = (Path(__file__).parents[3] / "docs" / "indicators.md").read_text()
    for key, item in indicators.REGISTRY.items():
        assert f"`{key}`" in docs, key
        assert item.label and item.definition and item.unit


def test_referrals_by_route_and_by_referrer_type(data):
    """Eleven referrals in 2026 (the twelfth came in 2025): social team 6,
    school 3, phone 2; referred by social teams 6, by a school 3, by a GP 2."""
    found = exact(data, keys={"referrals_by_route", "referrals_by_referrer_type"})
    route = found["referrals_by_route"]["referrals"]
    assert route["cells"] == zeros(Route, social_team=6, school=3, phone=2)
    assert route["total"] == 11
    types = found["referrals_by_referrer_type"]["referrals"]["cells"]
    assert types == zeros(OrganisationType, social_team=6, school=3, gp=2)


def test_decisions_and_their_times(data):
    """Eight decisions: 6 accepted, 2 rejected. Days from receipt (09:00)
    to decision (12:00): 1, 2, 3, 4, 5, 10, 20, 30 days and 3 hours: median
    (4 + 5) / 2 days + 3 h = 4.625 -> 4.6; within the 14-day norm: 6 of 8.

    First days: r0-r4 the day after their decision at 12:00 (12 hours),
    r5 five days after (4.5 days), r9 36 hours after intake and consent
    (the programme starts before the decision): median 0.5 days, within the
    48-hour norm 6 of 7. One provisional start (r9)."""
    found = exact(
        data, keys={"decisions", "time_to_decision", "time_to_first_day", "provisional_starts"}
    )
    assert found["decisions"]["decisions"]["cells"] == {"accepted": 6, "rejected": 2}
    assert found["time_to_decision"]["median_days"] == {"value": Decimal("4.6"), "people": 8}
    assert found["time_to_decision"]["within_norm"]["part"] == 6
    assert found["time_to_decision"]["within_norm"]["whole"] == 8
    assert found["time_to_first_day"]["median_days"] == {"value": Decimal("0.5"), "people": 7}
    assert found["time_to_first_day"]["within_norm"]["part"] == 6
    assert found["time_to_first_day"]["within_norm"]["whole"] == 7
    assert found["provisional_starts"]["families"] == {"value": 1}


def test_children_active_by_age_band_and_activity_type(data):
    """Six children placed from 10 March 2026 (the 2025 placement ended in
    2025): on 31 December 2026 one of 2, four of 8, one of 14; one at day
    care, four at after-school care, one at a sports club."""
    found = exact(data, keys={"children_by_age_band", "children_by_activity_type"})
    ages = found["children_by_age_band"]["children"]["cells"]
    assert ages == {"0-3": 1, "4-11": 4, "12-17": 1, "": 0}
    kinds = found["children_by_activity_type"]["children"]["cells"]
    assert kinds == zeros(ActivityType, day_care=1, after_school=4, sports_club=1)


def test_minutes_per_family_per_month(data):
    """Six enrolments from 1 July 2026, r5 closed on 30 September: 5 x 6 +
    3 = 33 family-months; 60 + 60 + 120 = 240 minutes in 2026 (the 500 of
    January 2027 fall outside): 240 / 33 = 7.27 -> 7, over 6 families."""
    found = exact(data, keys={"minutes_per_family_per_month"})
    assert found["minutes_per_family_per_month"]["minutes"] == {"value": 7, "people": 6}


def test_casework_figures(data):
    """Two network meetings (one family); three agreements made for r0 and
    one for r1, done: one of r0's and r1's (two families); one goal reached
    (r0); reviews: r0's held 25 September, before its date 1 October (on
    time), r1's on 15 October (late): 1 of 2. One closure (r5): escalation,
    referred on, out-of-home placement not prevented; an early stop. One
    capacity override (r0's decision)."""
    found = exact(
        data, keys={"network_meetings", "goals_reached", "reviews_on_time", "closures", "overrides"}
    )
    meetings = found["network_meetings"]
    assert meetings["meetings"] == {"value": 2, "families": 1}
    assert meetings["agreements_made"] == {"value": 4, "families": 2}
    assert meetings["agreements_done"] == {"value": 2, "families": 2}
    assert found["goals_reached"]["goals"] == {"value": 1, "families": 1}
    assert found["reviews_on_time"]["on_time"] == {"part": 1, "whole": 2, "value": 0.5}
    closures = found["closures"]
    assert closures["way_on"]["cells"] == zeros(Closure.WayOn, refer=1)
    assert closures["reason"]["cells"] == zeros(Closure.Reason, escalation=1)
    assert closures["out_of_home_prevented"]["cells"] == zeros(Closure.Prevented, no=1)
    assert closures["early_stops"] == {"value": 1}
    overrides = found["overrides"]
    assert overrides["capacity"] == {"value": 1, "families": 1}
    assert overrides["training_location"] == {"value": 0, "families": 0}
    assert overrides["assignment_rule"] == {"value": 0, "families": 0}


def test_training_coverage_and_money(data):
    """Linking pins: lp1 finished all three modules, lp2 only the
    e-learning: 1 of 2. One location under contract, without trained staff:
    0 of 1. The budget's figures are those of programmes.budget (tested
    there), for the whole programme; the cost per family beside the
    reference."""
    found = exact(data, keys={"training_coverage", "budget", "cost_per_family"})
    assert found["training_coverage"]["linking_pins"]["part"] == 1
    assert found["training_coverage"]["linking_pins"]["whole"] == 2
    assert found["training_coverage"]["locations"]["whole"] == 1
    assert found["training_coverage"]["locations"]["part"] == 0
    budget = budget_rules.budget_for(data.a.pk, 2026)
    statement = budget_rules.committed(budget, data.a.pk, YEAR.start, YEAR.end)
    assert found["budget"]["committed"]["value"] == statement.programme.total
    assert found["budget"]["committed"]["families"] == len(statement.programme.families)
    per_family = budget_rules.cost_per_family(data.a.pk, budget=budget)
    assert found["cost_per_family"]["per_family"]["value"] == per_family.per_family
    assert found["cost_per_family"]["two_children"]["note"] == per_family.against_reference


# Suppression on the figures ----------------------------------------------------


def test_the_national_figures_are_suppressed_and_cannot_be_subtracted(data):
    """Nationally: social team 6, school 3, phone 2, GP 4 (total 15). School,
    phone and GP are "<5"; together 9, each still anywhere from 1 to 4."""
    rows = indicators.indicators_for(data.researcher, Level.NATIONAL, None, YEAR)
    found = by_key(rows)
    route = found["referrals_by_route"]["referrals"]
    assert route["total"] == 15
    assert route["cells"]["social_team"] == 6
    for key in ("school", "phone", "gp"):
        assert route["cells"][key] == LESS_THAN
    table = suppression.Table(route["cells"], route["total"], route["withheld"])
    for key in ("school", "phone", "gp"):
        assert suppression.feasible_ranges(table)[key] == (1, 4)
    # Accepted 6 and rejected 2: hiding the 6 would leave the 2 at 8 - 5 = 3
    # at most, so the breakdown is withheld; the total 8 stays.
    decisions = found["decisions"]["decisions"]
    assert decisions["withheld"] and decisions["total"] == 8
    assert set(decisions["cells"].values()) == {HIDDEN}
    # The six children: every band "<5", each still 1-4.
    assert found["children_by_age_band"]["children"]["cells"]["4-11"] == LESS_THAN
    # Shares that would give back a small count, averages over few people.
    assert found["time_to_decision"]["within_norm"]["value"] == HIDDEN
    assert found["reviews_on_time"]["on_time"]["value"] == HIDDEN
    assert found["network_meetings"]["meetings"]["value"] == HIDDEN
    assert found["minutes_per_family_per_month"]["minutes"]["value"] == 7
    assert "early_stops" not in found["closures"]
    # No published count anywhere is 1-4.
    for row in rows:
        for figure in row["figures"].values():
            for value in [*figure.get("cells", {}).values(), figure.get("value")]:
                assert not (isinstance(value, int) and suppression.is_small(value))


def test_a_municipality_with_few_families_shows_nothing_recoverable(data):
    """MB has four referrals (GP): on its own the total is "<5" and the
    breakdown withheld. Beside its region it is "x": the region's six
    referred by a GP, minus MB's "<5" (at most 4), would put MA's two at
    2-4 (geographic suppression, ``test_geographic_suppression.py``)."""
    found = by_key(indicators.indicators_for(data.coordinator, Level.MUNICIPALITY, data.mb, YEAR))
    route = found["referrals_by_route"]["referrals"]
    assert route["total"] == HIDDEN and route["withheld"]
    region = by_key(indicators.indicators_for(data.coordinator, Level.REGION, data.mb.region, YEAR))
    assert region["referrals_by_referrer_type"]["referrals"]["cells"]["gp"] == 6


def test_consecutive_periods_are_refused_above_programme_level(data):
    """January-March and January-April would give April by subtraction."""
    for end in (datetime.date(2026, 3, 31), datetime.date(2026, 4, 30)):
        with pytest.raises(suppression.NotPublishable):
            indicators.indicators_for(
                data.coordinator, Level.NATIONAL, None, (datetime.date(2026, 1, 1), end)
            )


def test_inside_the_programme_any_period_is_exact(data):
    found = by_key(
        indicators.indicators_for(
            data.coordinator,
            Level.PROGRAMME,
            data.a,
            (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),
            keys={"referrals_by_route"},
        )
    )
    assert found["referrals_by_route"]["referrals"]["cells"]["phone"] == 2


def test_the_programmes_council_report_is_suppressed_when_asked(data):
    rows = indicators.indicators_for(
        data.policy_officer, Level.PROGRAMME, data.a, YEAR, published=True
    )
    assert by_key(rows)["referrals_by_route"]["referrals"]["cells"]["phone"] == LESS_THAN


# Access ---------------------------------------------------------------------------


def test_a_linking_pin_sees_only_their_own_caseload(data):
    """lp1 has r0 and r1: two social-team referrals; their minutes 240 over
    12 family-months: 20. No programme-wide figures (training, budget)."""
    found = exact(data, user=data.lp1)
    assert found["referrals_by_route"]["referrals"]["cells"]["social_team"] == 2
    assert found["referrals_by_route"]["referrals"]["total"] == 2
    assert found["minutes_per_family_per_month"]["minutes"] == {"value": 20, "people": 2}
    assert not {"training_coverage", "budget", "cost_per_family"} & found.keys()


def test_a_policy_officer_is_exact_in_their_programme_only(data):
    assert exact(data, user=data.policy_officer, keys={"decisions"})["decisions"]
    with pytest.raises(PermissionDenied):
        indicators.indicators_for(data.policy_officer, Level.PROGRAMME, data.b, YEAR)
    # Above the programme: figures, suppressed.
    found = by_key(
        indicators.indicators_for(
            data.policy_officer, Level.REGION, data.a.region, YEAR, keys={"referrals_by_route"}
        )
    )
    assert found["referrals_by_route"]["referrals"]["cells"]["gp"] == LESS_THAN


@pytest.mark.parametrize("who", ["lp1", "referrer"])
def test_nobody_else_sees_above_the_programme(data, who):
    with pytest.raises(PermissionDenied):
        indicators.indicators_for(getattr(data, who), Level.NATIONAL, None, YEAR)


def test_a_referrer_and_a_researcher_see_no_programme_monitoring(data):
    for user in (data.referrer, data.researcher):
        with pytest.raises(PermissionDenied):
            indicators.indicators_for(user, Level.PROGRAMME, data.a, YEAR)


# The contact summary --------------------------------------------------------------


def test_a_new_contact_is_in_the_summary_at_once(data):
    enrolment = data.r[2].enrolment
    cell = {"programme": data.a, "month": datetime.date(2026, 8, 1), "kind": "phone"}
    assert not ContactMonthSummary.objects.filter(**cell).exists()
    contact = ContactFactory(
        enrolment=enrolment,
        date=datetime.date(2026, 8, 12),
        minutes=30,
        kind=Contact.Kind.PHONE,
        author=data.lp2,
    )
    row = ContactMonthSummary.objects.get(**cell)
    assert (row.contacts, row.minutes, row.families, row.municipality) == (1, 30, 1, data.ma)
    # Moved to another month: the old cell goes, the new one comes.
    contact.date = datetime.date(2026, 9, 2)
    contact.save()
    assert not ContactMonthSummary.objects.filter(**cell).exists()
    assert ContactMonthSummary.objects.get(**{**cell, "month": datetime.date(2026, 9, 1)})
    contact.delete()
    assert not ContactMonthSummary.objects.filter(programme=data.a, kind="phone").exists()


def test_a_family_that_moves_takes_its_contacts_along(data):
    """r0's family (two contacts in July 2026) moves from MA to MB."""
    family = data.r[0].family
    july = {"programme": data.a, "month": datetime.date(2026, 7, 1), "kind": "home_visit"}
    assert ContactMonthSummary.objects.get(**july, municipality=data.ma).contacts == 2
    family.municipality = data.mb
    family.save()
    assert not ContactMonthSummary.objects.filter(**july, municipality=data.ma).exists()
    assert ContactMonthSummary.objects.get(**july, municipality=data.mb).minutes == 120


def test_the_rebuild_gives_the_same_summary_as_the_signals(data):
    def cells():
        return sorted(
            ContactMonthSummary.objects.values_list(
                "programme_id",
                "municipality_id",
                "month",
                "kind",
                "contacts",
                "minutes",
                "families",
            )
        )

    kept = cells()
    assert kept
    ContactMonthSummary.objects.all().delete()
    rebuild_contact_summary()
    assert cells() == kept


def test_the_national_minutes_come_from_the_summary_and_agree(data):
    """Above the programme the minutes are read from the summary, never from
    the raw contacts, and give the same figure as the rule inside."""
    inside = exact(data, keys={"minutes_per_family_per_month"})
    national = by_key(
        indicators.indicators_for(
            data.coordinator, Level.NATIONAL, None, YEAR, keys={"minutes_per_family_per_month"}
        )
    )
    assert (
        national["minutes_per_family_per_month"]["minutes"]["value"]
        == inside["minutes_per_family_per_month"]["minutes"]["value"]
    )
    # Double the minutes in the summary only: the national figure follows
    # (480 / 33 = 14.5 -> 15), the programme's (raw rows) does not.
    ContactMonthSummary.objects.update(minutes=F("minutes") * 2)
    national = by_key(
        indicators.indicators_for(
            data.coordinator, Level.NATIONAL, None, YEAR, keys={"minutes_per_family_per_month"}
        )
    )
    assert national["minutes_per_family_per_month"]["minutes"]["value"] == 15
    assert exact(data, keys={"minutes_per_family_per_month"}) == inside


def test_a_municipalitys_budget_is_its_part_of_each_programme(data):
    """MA is served by programme A only: its part of A's statement, with
    A's six placed families there, so shown."""
    budget = budget_rules.budget_for(data.a.pk, 2026)
    part = budget_rules.committed(budget, data.a.pk, YEAR.start, YEAR.end).municipalities[
        data.ma.pk
    ]
    found = by_key(
        indicators.indicators_for(
            data.policy_officer, Level.MUNICIPALITY, data.ma, YEAR, keys={"budget"}
        )
    )
    committed = found["budget"]["committed"]
    assert committed["families"] == len(part.families) == 6
    assert committed["value"] == part.total


def test_no_national_figure_reads_the_raw_contacts(data):
    """The national dashboard must not aggregate ten million contacts on
    request: no query of the national figures touches the contact table
    (the budget's, which the budget module computes per programme with the
    hours recorded beside the plan, is the exception; docs/indicators.md)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    keys = set(indicators.REGISTRY) - {"budget", "cost_per_family"}
    with CaptureQueriesContext(connection) as queries:
        indicators.indicators_for(data.researcher, Level.NATIONAL, None, YEAR, keys=keys)
    assert not [q["sql"] for q in queries if '"casework_contact"' in q["sql"]]
