# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""How a scope is asked of the database: cheap at national scale and the
same answer everywhere.

* ``can(user, action, data, obj)`` read from a loaded row gives exactly the
  answer of ``scope()`` for that row, for every role, kind of data and
  object (a page and its list never disagree);
* no scope needs ``DISTINCT`` (no row comes twice, even through a to-many
  path such as a child's placements);
* memberships that grant the same thing give one condition, not one OR
  branch each;
* the user's own families are asked once per request, and a write that
  changes who is responsible is seen at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.activities.models import Placement, Signal
from buitenshuis.activities.tests.test_staff import place, staff_world  # noqa: F401
from buitenshuis.casework.models import Contact, Enrolment, Family, Handover, Person
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import MembershipFactory
from buitenshuis.referrals.models import Referral

MODELS = (Family, Person, Enrolment, Contact, Referral, Placement, Signal)
ACTIONS = ("view", "change", "decide")


def everyone(w):
    return [*w.users.values(), w.other_pin, w.other_coordinator, w.plain_admin]


def fresh(user):
    """The user as a new request sees it (memberships not cached yet)."""
    user._bh_memberships = None
    return user


@pytest.fixture
def rich_world(staff_world):  # noqa: F811
    """The staff world plus a second placement of the same child at the
    same location (a sports club beside the after-school care) and a
    signal on each placement."""
    w = staff_world
    place(w.child, w.location, w.own_enrolment, start=timezone.localdate())
    Signal.objects.create(
        placement=w.placement, kind=Signal.Kind.WORRY, text="Verzonnen.", created_by=w.staff_b
    )
    Signal.objects.create(
        placement=w.placement_b, kind=Signal.Kind.ABSENCE, text="Verzonnen.", created_by=w.staff_b
    )
    return w


def test_can_on_a_loaded_row_answers_exactly_what_the_scope_answers(rich_world):
    w = rich_world
    mismatches = []
    for user in everyone(w):
        for model in MODELS:
            plain = list(model.objects.all())
            loaded = list(model.objects.select_related(*_forward_paths(model)))
            for data in Data:
                for action in ACTIONS:
                    if not policy.can(fresh(user), action, data):
                        # Nothing granted: no row either.
                        assert not any(policy.can(user, action, data, obj) for obj in plain)
                        continue
                    rows = set(
                        policy.scope(fresh(user), action, data, model.objects.all()).values_list(
                            "pk", flat=True
                        )
                    )
                    for obj in plain + loaded:
                        if policy.can(user, action, data, obj) != (obj.pk in rows):
                            mismatches.append((user.username, model.__name__, data, action, obj))
    assert mismatches == []


def _forward_paths(model):
    """select_related paths for the scope's own paths (so ``can`` reads
    them from the row)."""
    subject = policy.subject_of(model)
    paths = set()
    for path in (subject.programme, subject.family):
        if path and "__" in path:
            paths.add(path.rsplit("__", 1)[0])
    return [path for path in paths if not policy._crosses_many(model, path)]


@pytest.mark.parametrize("model", MODELS)
def test_no_scope_needs_distinct_and_no_row_comes_twice(rich_world, model):
    w = rich_world
    for user in everyone(w):
        for data in Data:
            for action in ACTIONS:
                queryset = policy.scope(fresh(user), action, data, model.objects.all())
                assert not queryset.query.distinct
                pks = list(queryset.values_list("pk", flat=True))
                assert len(pks) == len(set(pks)), (user.username, data, action)


def test_the_location_sees_a_child_with_two_placements_there_once(rich_world):
    w = rich_world
    staff = fresh(w.users["location_staff"])
    children = policy.scope(staff, "view", Data.PLACED_CHILD, Person.objects.all())
    assert list(children) == [w.child]


def test_memberships_that_grant_the_same_give_one_condition(rich_world):
    """A coordinator of two programmes: ``programme IN (a, b)``, not one OR
    branch per membership (with many branches PostgreSQL's JIT compiler
    took longer than the page)."""
    w = rich_world
    coordinator = w.users["coordinator"]
    MembershipFactory(user=coordinator, role=Role.COORDINATOR, programme=w.other_programme)
    MembershipFactory(user=coordinator, role=Role.POLICY_OFFICER, programme=w.programme)
    families = policy.scope(fresh(coordinator), "view", Data.FAMILY_IDENTITY, Family.objects.all())
    where = str(families.query).upper().split(" WHERE ", 1)[1]
    assert " OR " not in where and where.count("PROGRAMME_ID") == 1
    assert set(families) == {w.own_family, w.colleague_family, w.other_family}


def test_own_families_are_a_list_of_ids_not_a_subquery(rich_world):
    w = rich_world
    pin = fresh(w.users["linking_pin"])
    placements = policy.scope(pin, "view", Data.PLACEMENT, Placement.objects.all())
    sql = str(placements.query).upper()
    assert "SELECT" not in sql.split("WHERE", 1)[1]
    assert " OR " not in sql
    assert set(placements) == set(Placement.objects.filter(enrolment=w.own_enrolment))


def test_own_families_are_asked_once_per_request(rich_world):
    w = rich_world
    pin = fresh(w.users["linking_pin"])
    policy.memberships(pin)
    with policy.request_cache():
        policy.own_family_ids(pin)
        with CaptureQueriesContext(connection) as captured:
            for data in (Data.FAMILY_IDENTITY, Data.PLACEMENT, Data.SIGNALS, Data.CONTACT_NOTES):
                assert policy.can(pin, "view", data, w.own_family)
                assert not policy.can(pin, "view", data, w.colleague_family)
        assert len(captured) == 0


def test_a_handover_within_the_request_is_seen_at_once(rich_world):
    w = rich_world
    pin = fresh(w.users["linking_pin"])
    now = timezone.now()
    with policy.request_cache():
        assert not policy.can(pin, "view", Data.FAMILY_IDENTITY, w.colleague_family)
        Handover.objects.create(
            enrolment=w.colleague_enrolment,
            to_user=pin,
            starts=now - datetime.timedelta(hours=1),
            ends=now + datetime.timedelta(days=3),
        )
        assert policy.can(pin, "view", Data.FAMILY_IDENTITY, w.colleague_family)
        w.colleague_enrolment.handovers.all().delete()
        assert not policy.can(pin, "view", Data.FAMILY_IDENTITY, w.colleague_family)


def test_an_empty_caseload_sees_nothing_and_breaks_nothing(rich_world):
    w = rich_world
    Enrolment.objects.filter(linking_pin=w.users["linking_pin"]).update(linking_pin=w.other_pin)
    pin = fresh(w.users["linking_pin"])
    assert list(policy.scope(pin, "view", Data.FAMILY_IDENTITY, Family.objects.all())) == []
    assert not policy.can(pin, "view", Data.FAMILY_IDENTITY, w.own_family)


def test_scoping_twice_adds_the_condition_once(rich_world):
    """A list scoped by its mixin and again by a work-queue filter: one
    condition, so PostgreSQL does not multiply two identical selectivities
    into "one row" and scan the table."""
    w = rich_world
    pin = fresh(w.users["linking_pin"])
    once = policy.scope(pin, "view", Data.INTAKE, Referral.objects.all())
    twice = policy.scope(pin, "change", Data.INTAKE, once.filter(status="received"))
    ids = ", ".join(str(pk) for pk in policy.own_family_ids(pin))
    assert str(twice.query).count(f"IN ({ids})") == 1 or str(twice.query).count(" = ") >= 1
    assert set(twice) == set(once.filter(status="received"))


def test_own_families_are_two_indexed_lookups(rich_world):
    w = rich_world
    pin = fresh(w.users["linking_pin"])
    with CaptureQueriesContext(connection) as captured:
        policy.own_family_ids(pin)
    assert len(captured) == 2
    assert all("UNION" not in query["sql"].upper() for query in captured)


# Models of the case hub's panels with rows of one family.
FAMILY_MODELS = (Person, Enrolment, Contact, Referral, Placement, Signal)


def test_scope_in_family_gives_exactly_the_scopes_rows_of_that_family(rich_world):
    """The case hub asks ``scope_in_family``: for every user, kind of data,
    action, family and model, the same rows as ``scope`` limited to the
    family (read once from the family row where that decides)."""
    w = rich_world
    families = list(Family.objects.all())
    mismatches = []
    for user in everyone(w):
        for model in FAMILY_MODELS:
            path = policy.subject_of(model).family
            if path is None:
                continue
            for data in Data:
                for action in ACTIONS:
                    for family in families:
                        expected = set(
                            policy.scope(fresh(user), action, data, model.objects.all())
                            .filter(**{path or "pk": family.pk})
                            .values_list("pk", flat=True)
                        )
                        got = set(
                            policy.scope_in_family(
                                fresh(user), action, data, model.objects, family
                            ).values_list("pk", flat=True)
                        )
                        if got != expected:
                            mismatches.append((user.username, model.__name__, data, action))
    assert mismatches == []


def test_scope_in_family_needs_no_join_to_the_families(rich_world):
    """Within a family that the coordinator's programme grants, a signal's
    scope is the family's own: no join to the families table, no
    programme condition."""
    w = rich_world
    coordinator = fresh(w.users["coordinator"])
    family = w.own_enrolment.family
    signals = policy.scope_in_family(coordinator, "view", Data.SIGNALS, Signal.objects, family)
    sql = str(signals.query)
    assert "casework_family" not in sql and "programme_id" not in sql
    assert set(signals) == set(Signal.objects.filter(placement__enrolment__family=family))
    # Another programme's family: nothing, without asking per row.
    other = fresh(w.other_coordinator)
    assert list(policy.scope_in_family(other, "view", Data.SIGNALS, Signal.objects, family)) == []
