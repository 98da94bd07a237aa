# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Property-based tests of the placement rules (hypothesis).

``activities.rules.place`` and the capacity rules of the start before the
decision (``programmes.capacity.holding_place``, ``has_capacity``,
``provisional_refusal``, ``end_provisional_placements``) over realistic
variety: two programmes with their own municipalities, locations and
contracts (and one location with a contract of each), children whose age
falls on a location's age boundary (birthday yesterday, today, tomorrow),
contracts that start or end around the first day, random periods placed in
random order, families with and without BSNs, one or two parents, one to
four children. Every expectation is computed here, independently of the
rule, from what docs/activities.md promises.

The decision and the location staff's view use today's date, so these
tests draw their dates around today. A fixed seed in CI
(``HYPOTHESIS_PROFILE=ci``, see conftest.py)."""

import datetime
from decimal import Decimal

from django.test import override_settings
from django.utils import timezone
from hypothesis import assume, example, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.activities import rules
from buitenshuis.activities.models import Contract, Placement
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.casework.tests.factories import EnrolmentFactory, FamilyFactory, PersonFactory
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import ActivityType, OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from buitenshuis.programmes import capacity
from buitenshuis.programmes.models import CapacityKind, Decider, ProgrammeSettings
from buitenshuis.referrals import rules as referral_rules
from buitenshuis.referrals.models import (
    Decision,
    Intake,
    LegalBasis,
    Referral,
    Route,
    VeiligThuisStatus,
)
from buitenshuis.referrals.tests.factories import give_all_consents, make_referral
from buitenshuis.tests.strategies import birthday, children_strategy, parents_strategy
from buitenshuis.training.tests.helpers import train

TODAY = timezone.localdate()
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REASON = "Verzonnen reden: het kind kent deze plek al."

# What suits which age (DOMAIN.md; docs/activities.md), written out again
# here so the test does not take the rule's own table for granted.
SUITS = {
    ActivityType.DAY_CARE: range(0, 4),
    ActivityType.TODDLER_GROUP: range(0, 4),
    ActivityType.CHILDMINDER: range(0, 12),
    ActivityType.AFTER_SCHOOL: range(4, 12),
    ActivityType.SPORTS_CLUB: range(12, 18),
    ActivityType.YOUTH_CLUB: range(12, 18),
    ActivityType.HOMEWORK: range(12, 18),
}


def days_from_today(n):
    return TODAY + datetime.timedelta(days=n)


def age_on(born, day):
    """Whole years on ``day``; the birthday counts from the day itself."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def most_at_once(periods):
    """The largest number of ``periods`` (first, last; inclusive) running on
    one day, counted day by day."""
    days = [d for first, last in periods for d in range((last - first).days + 1)]
    if not days:
        return 0
    counts = {}
    for first, last in periods:
        day = first
        while day <= last:
            counts[day] = counts.get(day, 0) + 1
            day += datetime.timedelta(days=1)
    return max(counts.values(), default=0)


def weekdays_between(days, first, last):
    """The activity days from ``first`` to ``last`` inclusive, day by day."""
    count, day = 0, first
    while day <= last:
        count += WEEKDAYS[day.weekday()] in days
        day += datetime.timedelta(days=1)
    return count


def staff_see(user):
    """The children the location staff member ``user`` may see."""
    return set(
        policy.scope(
            user, "view", Data.PLACED_CHILD, Person.objects.filter(kind=Person.Kind.CHILD)
        ).values_list("pk", flat=True)
    )


class World:
    """Two programmes (Noord, Zuid), each with its own municipality, a
    coordinator, a referrer, a trained linking pin, a policy officer, and
    locations with contracts:

    - bso (after-school, 4-12), contract of 2 places from 30 days ago;
    - sport (sports club, 12-17), contract of 2 places ending in 20 days;
    - kdv (day care, 0-3), contract from 10 days from now;
    - nieuw (after-school, 4-12), contract, but no trained staff (not ready);
    - buurthuis (youth club, 0-17), contract of 10 places;

    and two shared ones: jeugdhonk (youth club, 10-17) with a contract of
    each programme (1 place for Noord, 3 for Zuid), and huiswerk (homework,
    6-17) with only a contract of Zuid."""

    LOCAL = {
        # name: (type, age_min, age_max, places, valid_from, valid_to, trained)
        "bso": (ActivityType.AFTER_SCHOOL, 4, 12, 2, -30, None, True),
        "sport": (ActivityType.SPORTS_CLUB, 12, 17, 2, -30, 20, True),
        "kdv": (ActivityType.DAY_CARE, 0, 3, 2, 10, None, True),
        "nieuw": (ActivityType.AFTER_SCHOOL, 4, 12, 2, -30, None, False),
        "buurthuis": (ActivityType.YOUTH_CLUB, 0, 17, 10, -30, None, True),
    }

    @classmethod
    def build(cls):
        # setUpTestData runs before the fixture that makes password hashing
        # fast; the world's twenty-odd users would cost seconds with Argon2.
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            return cls._build()

    @classmethod
    def _build(cls):
        world = cls()
        world.programmes = []
        world.locations = {}  # (programme index or "shared", name) -> location
        world.contracts = {}  # (programme index, location pk) -> contract
        world.staff = {}  # location pk -> staff user
        for index, name in enumerate(("Eigenprogramma Noord", "Eigenprogramma Zuid")):
            programme = ProgrammeFactory(name=name)
            people = {"programme": programme}
            for role, key in (
                (Role.COORDINATOR, "coordinator"),
                (Role.LINKING_PIN, "pin"),
                (Role.POLICY_OFFICER, "officer"),
            ):
                people[key] = MembershipFactory(
                    user=UserFactory(), role=role, programme=programme
                ).user
            train(people["pin"], Role.LINKING_PIN)
            people["referrer"] = MembershipFactory(
                user=UserFactory(),
                role=Role.REFERRER,
                programme=programme,
                organisation=OrganisationFactory(type=OrganisationType.SOCIAL_TEAM),
            )
            ProgrammeSettings.objects.update_or_create(
                programme=programme,
                defaults={
                    "decider": Decider.POLICY_OFFICER,
                    "max_families": 1000,
                    "start_before_decision": True,
                },
            )
            world.programmes.append(people)
            for key, (kind, low, high, places, since, until, trained) in cls.LOCAL.items():
                location = world._location(f"{key} {name}", kind, low, high, programme, trained)
                world.locations[(index, key)] = location
                world._contract(index, location, places, since, until)
        for key, kind, low, high in (
            ("jeugdhonk", ActivityType.YOUTH_CLUB, 10, 17),
            ("huiswerk", ActivityType.HOMEWORK, 6, 17),
        ):
            location = world._location(
                f"{key} gedeeld", kind, low, high, world.programmes[1]["programme"], True
            )
            world.locations[("shared", key)] = location
        world._contract(0, world.locations[("shared", "jeugdhonk")], 1, -30, None)
        world._contract(1, world.locations[("shared", "jeugdhonk")], 3, -30, None)
        world._contract(1, world.locations[("shared", "huiswerk")], 2, -30, None)
        return world

    def _location(self, name, kind, low, high, programme, trained):
        location = LocationFactory(
            name=name.capitalize(), activity_type=kind, age_min=low, age_max=high
        )
        staff = MembershipFactory(user=UserFactory(), role=Role.LOCATION_STAFF, programme=programme)
        staff.locations.add(location)
        if trained:
            train(staff.user, Role.LOCATION_STAFF)
        self.staff[location.pk] = staff.user
        return location

    def _contract(self, index, location, places, since, until):
        self.contracts[(index, location.pk)] = Contract.objects.create(
            location=location,
            programme=self.programmes[index]["programme"],
            places=places,
            tariff=Decimal("9.98"),
            valid_from=days_from_today(since),
            valid_to=None if until is None else days_from_today(until),
        )


def accepted_family(world, index, child_birthdays):
    """An accepted family of programme ``index`` (enrolment from 60 days ago
    for two years) with one child per date of birth."""
    people = world.programmes[index]
    family = FamilyFactory(programme=people["programme"])
    enrolment = EnrolmentFactory(
        family=family,
        status=Enrolment.Status.ACTIVE,
        start_date=days_from_today(-60),
        end_date=days_from_today(700),
        linking_pin=people["pin"],
    )
    children = [
        PersonFactory(family=family, first_name=f"Kind{n}", date_of_birth=born)
        for n, born in enumerate(child_birthdays)
    ]
    return enrolment, children


def submitted(world, index, parents, children):
    """A referral entered by the programme's referrer (through the rule, so
    BSNs are encrypted as in reality), assigned to the linking pin."""
    people = world.programmes[index]
    referral = referral_rules.submit_referral(
        people["referrer"].user,
        people["referrer"],
        {
            "family_name": "Verzinsel",
            "street": "Denkbeeldlaan",
            "house_number": "7",
            "postcode": "1234 AB",
            "city": "Testdorp",
            "municipality": people["programme"].municipalities.first(),
        },
        parents,
        children,
        {
            "route": Route.SOCIAL_TEAM,
            "veilig_thuis": VeiligThuisStatus.CLOSE,
            "worries": "Verzonnen zorgen.",
            "help_involved": "",
        },
        day=TODAY,
    )
    referral.enrolment.linking_pin = people["pin"]
    referral.enrolment.save()
    return referral


def record_intake(referral, pin):
    Intake.objects.create(
        referral=referral,
        conversation="Verzonnen intakegesprek.",
        criteria_met=[],
        legal_basis=LegalBasis.CONSENT,
        held_on=TODAY,
        recorded_by=pin,
    )
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.INTAKE)
    Enrolment.objects.filter(pk=referral.enrolment_id).update(status=Enrolment.Status.INTAKE)
    referral.refresh_from_db()
    referral.enrolment.refresh_from_db()


def ready_referral(world, index, child_ages=(7,)):
    """An undecided referral after intake and every consent."""
    people = world.programmes[index]
    referral = make_referral(
        people["programme"],
        people["referrer"].user,
        linking_pin=people["pin"],
        child_ages=child_ages,
        parents=2,
    )
    record_intake(referral, people["pin"])
    give_all_consents(referral, people["pin"])
    return referral


def children_of(referral):
    return list(
        referral.family.members.filter(kind=Person.Kind.CHILD).order_by("date_of_birth", "pk")
    )


def place(world, index, enrolment, child, location, start, end, days=("tue", "thu"), **extra):
    kwargs = {
        "activity_type": location.activity_type,
        "days": list(days),
        "hours_per_week": Decimal(8),
        "start_date": start,
        "end_date": end,
        "pickup_arrangements": "Oma Verzonnen haalt op.",
        "age_override_reason": REASON,
    }
    kwargs.update(extra)
    return rules.place(world.programmes[index]["pin"], enrolment, child, location, **kwargs)


def set_settings(programme, **values):
    """Change the programme's settings, in the database and in the settings
    object cached on ``programme`` (which outlives each example's rollback,
    so every example sets what it relies on)."""
    settings = ProgrammeSettings.for_programme(programme)
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()


# Placing a child -------------------------------------------------------------

LOCATION_KEYS = [*World.LOCAL, "jeugdhonk", "huiswerk"]


class PlacementProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = World.build()

    def location(self, index, key):
        if key in ("jeugdhonk", "huiswerk"):
            return self.world.locations[("shared", key)]
        return self.world.locations[(index, key)]

    @given(
        index=st.sampled_from([0, 1]),
        key=st.sampled_from(LOCATION_KEYS),
        edge=st.sampled_from(["below", "min", "max", "above"]),
        birthday_offset=st.sampled_from([-1, 0, 1]),
        start_offset=st.sampled_from([-61, -60, -5, 0, 9, 10, 20, 21]),
        length=st.sampled_from([0, 1, 30, 400, 700]),
        days=st.lists(st.sampled_from(WEEKDAYS), max_size=5, unique=True),
        own_child=st.sampled_from([True, True, True, False]),
        activity=st.sampled_from([None, *SUITS]),
        reason=st.booleans(),
        readiness_override=st.booleans(),
    )
    def test_a_placement_is_stored_only_when_every_rule_holds(
        self,
        index,
        key,
        edge,
        birthday_offset,
        start_offset,
        length,
        days,
        own_child,
        activity,
        reason,
        readiness_override,
    ):
        world = self.world
        location = self.location(index, key)
        programme = world.programmes[index]["programme"]
        start = days_from_today(start_offset)
        end = start + datetime.timedelta(days=length)
        # An age on the location's boundary on the first day, the birthday
        # the day before, on or after it.
        age = {
            "below": location.age_min - 1,
            "min": location.age_min,
            "max": location.age_max,
            "above": location.age_max + 1,
        }[edge]
        assume(0 <= age <= 17)
        born = birthday(age, birthday_offset, start)
        assume(born <= TODAY)
        enrolment, (child,) = accepted_family(world, index, [born])
        if not own_child:
            _other, (child,) = accepted_family(world, 1 - index, [born])
        if readiness_override:
            rules.override_readiness(
                world.programmes[index]["coordinator"], enrolment, location, REASON
            )
        activity = activity or location.activity_type
        real_age = age_on(born, start)
        contract = world.contracts.get((index, location.pk))
        expected = {
            "foreign child": not own_child,
            "before the enrolment": start < enrolment.start_date,
            "after the enrolment": end > enrolment.end_date,
            "no days": not days,
            "activity does not suit the age": real_age not in SUITS[activity] and not reason,
            "outside the location's ages": not location.age_min <= real_age <= location.age_max,
            "no contract of the programme on the first day": contract is None
            or not contract.covers(start),
            "not ready": key == "nieuw" and not readiness_override,
        }
        before = Placement.objects.count()
        refusals = [why for why, broken in expected.items() if broken]
        attempt = {
            "activity_type": activity,
            "days": days,
            "age_override_reason": REASON if reason else "",
        }
        if refusals:
            with self.assertRaises(RuleError, msg=refusals):
                place(world, index, enrolment, child, location, start, end, **attempt)
            assert Placement.objects.count() == before
            enrolment.refresh_from_db()
            assert enrolment.first_activity_date is None
            return
        placement = place(world, index, enrolment, child, location, start, end, **attempt)
        assert placement.contract == contract
        assert placement.contract.programme == programme
        assert (placement.start_date, placement.end_date) == (start, end)
        assert placement.child == child and not placement.provisional
        assert Placement.objects.count() == before + 1

    @given(
        index=st.sampled_from([0, 1]),
        age=st.integers(min_value=0, max_value=17),
        start_offset=st.sampled_from([-5, 0, 10, 25]),
    )
    def test_suggestions_and_placements_use_only_the_programmes_contracts(
        self, index, age, start_offset
    ):
        world = self.world
        start = days_from_today(start_offset)
        enrolment, (child,) = accepted_family(world, index, [birthday(age, -40, start)])
        programme = world.programmes[index]["programme"]
        rows = rules.suggestions(enrolment, child, start)
        for row in rows:
            assert row["contract"].programme == programme
            assert row["contract"].covers(start)
            assert row["location"].age_min <= age <= row["location"].age_max
        offered = {row["location"].pk for row in rows}
        expected = {
            location.pk
            for (which, location_pk), contract in world.contracts.items()
            for location in [contract.location]
            if which == index
            and contract.covers(start)
            and location.age_min <= age <= location.age_max
        }
        assert offered == expected
        # Placing at a location with only the other programme's contract is
        # refused; at the shared one, the own programme's contract is used.
        only_zuid = world.locations[("shared", "huiswerk")]
        shared = world.locations[("shared", "jeugdhonk")]
        for location in (only_zuid, shared):
            if not location.age_min <= age <= location.age_max:
                continue
            end = start + datetime.timedelta(days=30)
            if index == 0 and location == only_zuid:
                with self.assertRaises(RuleError):
                    place(world, index, enrolment, child, location, start, end)
            else:
                placement = place(world, index, enrolment, child, location, start, end)
                assert placement.contract == world.contracts[(index, location.pk)]


# Free places: never over-booked ----------------------------------------------

operations = st.lists(
    st.tuples(
        st.sampled_from(["regular", "provisional", "rejected"]),
        st.sampled_from([-3, 0, 2, 5, 10]),  # first day, from today
        st.sampled_from([0, 3, 10, 30]),  # length in days
    ),
    min_size=1,
    max_size=6,
)


class CapacityProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = World.build()

    @given(places=st.integers(min_value=1, max_value=2), ops=operations)
    @example(
        # A provisional placement that would have started after the
        # rejection (ended on the decision day, so its last day lies before
        # its first) must not count as a free place for the days between.
        places=1,
        ops=[("rejected", 10, 30), ("regular", 2, 3), ("regular", 0, 30)],
    )
    def test_concurrent_placements_never_exceed_the_contracts_places(self, places, ops):
        """Whatever order of placements with random periods is attempted
        (regular ones, provisional ones, provisional ones ended by a
        rejection), a placement is stored exactly when it fits in the
        contract's places on every day of its period."""
        world = self.world
        people = world.programmes[0]
        location = LocationFactory(
            name="Bso Op De Grens", activity_type=ActivityType.AFTER_SCHOOL, age_min=4, age_max=12
        )
        staff = MembershipFactory(
            user=UserFactory(), role=Role.LOCATION_STAFF, programme=people["programme"]
        )
        staff.locations.add(location)
        train(staff.user, Role.LOCATION_STAFF)
        contract = Contract.objects.create(
            location=location,
            programme=people["programme"],
            places=places,
            tariff=Decimal("9.98"),
            valid_from=days_from_today(-30),
        )
        stored = []  # the periods holding a place, as this test models them
        for kind, offset, length in ops:
            start = days_from_today(offset)
            end = start + datetime.timedelta(days=length)
            if kind == "regular":
                enrolment, (child,) = accepted_family(world, 0, [birthday(7, -40, start)])
            else:
                referral = ready_referral(world, 0)
                enrolment, child = referral.enrolment, children_of(referral)[0]
            fits = most_at_once([*stored, (start, end)]) <= places
            try:
                placement = place(world, 0, enrolment, child, location, start, end)
            except RuleError as error:
                assert not fits, (kind, start, end, stored, str(error))
                assert "bezet" in str(error)
                continue
            assert fits, (kind, start, end, stored)
            assert placement.contract == contract
            assert placement.provisional == (kind != "regular")
            if kind == "rejected":
                referral_rules.decide(
                    people["officer"], referral, Decision.Outcome.REJECTED, reason=REASON
                )
                # The place is held up to and including the decision day.
                end = min(end, TODAY)
            if start <= end:
                stored.append((start, end))
        in_database = [
            (p.start_date, p.end_date)
            for p in Placement.objects.filter(contract=contract)
            if p.start_date <= p.end_date
        ]
        assert sorted(in_database) == sorted(stored)
        assert most_at_once(in_database) <= places


# Start before the decision ---------------------------------------------------


class ProvisionalProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = World.build()

    @given(
        index=st.sampled_from([0, 1]),
        parents=parents_strategy(),
        children=children_strategy(day=TODAY),
        setting=st.booleans(),
        intake=st.booleans(),
        consent=st.sampled_from(["all", "one missing", "none"]),
        data=st.data(),
    )
    def test_a_provisional_placement_needs_intake_every_consent_and_the_setting(
        self, index, parents, children, setting, intake, consent, data
    ):
        world = self.world
        people = world.programmes[index]
        set_settings(people["programme"], start_before_decision=setting)
        referral = submitted(world, index, parents, children)
        if intake:
            record_intake(referral, people["pin"])
        if consent != "none":
            give_all_consents(referral, people["pin"])
        if consent == "one missing":
            victim = data.draw(st.sampled_from(list(referral.consents.order_by("pk"))))
            victim.delete()
        child = data.draw(st.sampled_from(children_of(referral)))
        location = world.locations[(index, "buurthuis")]
        used_before = capacity.capacity(people["programme"])[0]
        allowed = setting and intake and consent == "all"
        assert (referral_rules.provisional_refusal(referral) is None) == allowed
        if not allowed:
            with self.assertRaises(RuleError):
                place(world, index, referral.enrolment, child, location, TODAY, None)
            assert not Placement.objects.filter(enrolment=referral.enrolment).exists()
            assert not capacity.holds_place(referral.enrolment)
            return
        placement = place(world, index, referral.enrolment, child, location, TODAY, None)
        assert placement.provisional
        # Without a last day: the programme's default enrolment length.
        assert placement.end_date == add_months(TODAY, 24)
        assert capacity.holds_place(referral.enrolment)
        assert capacity.capacity(people["programme"])[0] == used_before + 1
        assert child.pk in staff_see(world.staff[location.pk])

    @given(
        kind=st.sampled_from([CapacityKind.FAMILIES, CapacityKind.BUDGET]),
        limit=st.integers(min_value=1, max_value=3),
        accepted=st.integers(min_value=0, max_value=3),
        slack=st.sampled_from([Decimal(0), Decimal("0.01"), Decimal("39999.99")]),
        override=st.booleans(),
        outcome=st.sampled_from([Decision.Outcome.ACCEPTED, Decision.Outcome.REJECTED]),
    )
    def test_a_provisional_placement_holds_a_place_like_an_accepted_family(
        self, kind, limit, accepted, slack, override, outcome
    ):
        assume(accepted <= limit)
        world = self.world
        people = world.programmes[0]
        programme = people["programme"]
        per_family = Decimal(40000)
        set_settings(
            programme,
            capacity_kind=kind,
            max_families=limit,
            cost_per_family=per_family,
            budget_ceiling=per_family * limit + slack,
        )
        for _ in range(accepted):
            accepted_family(world, 0, [birthday(7, -40, TODAY)])
        step = per_family if kind == CapacityKind.BUDGET else 1
        used_before = capacity.capacity(programme)[0]
        assert used_before == accepted * step
        referral = ready_referral(world, 0)
        if override:
            referral_rules.override_capacity(people["coordinator"], referral, REASON)
        child = children_of(referral)[0]
        location = world.locations[(0, "bso")]
        room = accepted < limit
        if not (room or override):
            with self.assertRaises(RuleError) as raised:
                place(world, 0, referral.enrolment, child, location, TODAY, None)
            assert "capaciteit" in str(raised.exception)
            assert capacity.capacity(programme)[0] == used_before
            return
        place(world, 0, referral.enrolment, child, location, TODAY, None)
        # Exactly one more family's worth, as an acceptance would use.
        assert capacity.capacity(programme)[0] == used_before + step
        # Another family now finds the programme full when this one took
        # the last place; deciding on this family needs no new place.
        other = ready_referral(world, 0)
        assert capacity.has_capacity(programme, other.enrolment) == (accepted + 1 < limit)
        assert capacity.has_capacity(programme, referral.enrolment)
        decision = referral_rules.decide(people["officer"], referral, outcome, reason=REASON)
        assert not decision.capacity_overridden  # its place is already held
        expected = used_before + (step if outcome == Decision.Outcome.ACCEPTED else 0)
        assert capacity.capacity(programme)[0] == expected

    @given(
        index=st.sampled_from([0, 1]),
        parents=parents_strategy(),
        children=children_strategy(day=TODAY),
        data=st.data(),
        outcome=st.sampled_from([Decision.Outcome.ACCEPTED, Decision.Outcome.REJECTED]),
    )
    def test_the_decision_ends_or_keeps_every_provisional_placement(
        self, index, parents, children, data, outcome
    ):
        world = self.world
        people = world.programmes[index]
        referral = submitted(world, index, parents, children)
        record_intake(referral, people["pin"])
        give_all_consents(referral, people["pin"])
        location = world.locations[(index, "buurthuis")]
        staff = world.staff[location.pk]
        kids = children_of(referral)
        chosen = data.draw(
            st.lists(
                st.sampled_from(kids), min_size=1, max_size=len(kids), unique_by=lambda c: c.pk
            )
        )
        placements = []
        for child in chosen:
            start = days_from_today(data.draw(st.sampled_from([-20, -8, -1, 0, 1, 14, 15])))
            start = max(start, child.date_of_birth)  # a newborn starts after its birth
            length = data.draw(st.sampled_from([0, 5, 60]))
            days = data.draw(
                st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=5, unique=True)
            )
            placements.append(
                place(
                    world,
                    index,
                    referral.enrolment,
                    child,
                    location,
                    start,
                    start + datetime.timedelta(days=length),
                    days=days,
                )
            )

        def window(p):  # placed now, or arriving within two weeks
            return p.start_date <= days_from_today(14) and p.end_date >= TODAY

        assert staff_see(staff) >= {p.child_id for p in placements if window(p)}
        assert not staff_see(staff) & {p.child_id for p in placements if not window(p)}

        decision = referral_rules.decide(
            people["officer"], referral, outcome, reason=REASON, start_date=TODAY
        )
        enrolment = Enrolment.objects.get(pk=referral.enrolment_id)
        for before in placements:
            after = Placement.objects.get(pk=before.pk)
            assert after.start_date == before.start_date
            if outcome == Decision.Outcome.REJECTED:
                # Ended on the decision day, or on its own earlier last day.
                last = min(before.end_date, TODAY)
                assert after.end_date == last
                assert after.ended_at is not None
                assert after.days_used == weekdays_between(before.days, before.start_date, last)
            else:
                assert not after.provisional and after.ended_at is None
                assert after.end_date == min(before.end_date, enrolment.end_date)
                assert after.days_used is None
        if outcome == Decision.Outcome.REJECTED:
            assert not staff_see(staff) & {c.pk for c in kids}
            assert not capacity.holds_place(enrolment)
            assert not Placement.objects.filter(enrolment=enrolment).provisional().exists()
        else:
            assert decision.start_date == TODAY
            assert staff_see(staff) >= {p.child_id for p in placements if window(p)}
            assert capacity.holds_place(enrolment)


# The cost preview ------------------------------------------------------------

money = st.decimals(min_value=0, max_value=2000, places=2)


@given(
    unit=st.sampled_from(Contract.TariffUnit.values),
    tariff=money,
    hours=st.decimals(min_value=Decimal("0.5"), max_value=60, places=1),
    more_hours=st.decimals(min_value=0, max_value=20, places=1),
    start_offset=st.integers(min_value=-400, max_value=400),
    length=st.integers(min_value=0, max_value=800),
    more_days=st.integers(min_value=0, max_value=400),
    contribution=money,
)
def test_the_cost_preview_is_never_negative_and_grows_with_days_and_hours(
    unit, tariff, hours, more_hours, start_offset, length, more_days, contribution
):
    contract = Contract(tariff=tariff, tariff_unit=unit, places=1, valid_from=TODAY)
    start = days_from_today(start_offset)
    end = start + datetime.timedelta(days=length)
    gross, net = rules.cost(contract, hours, start, end, contribution)
    assert Decimal(0) <= net <= gross
    if contribution == 0:
        assert net == gross
    longer, _ = rules.cost(contract, hours, start, end + datetime.timedelta(days=more_days))
    assert longer >= gross
    busier, _ = rules.cost(contract, hours + more_hours, start, end)
    if unit == Contract.TariffUnit.HOUR:
        assert busier >= gross
    else:
        assert busier == gross
