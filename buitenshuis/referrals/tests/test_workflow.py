# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The referral's and the enrolment's statuses move only along their tables
(``referrals.workflow``, ``casework.workflow``), and only through the rules.

Properties (hypothesis): whatever a coordinator, linking pin, policy
officer and referrer do in whatever order, no status ever moves outside
its table and the referral and its enrolment always agree; every move in a
table is made by some rule; a move outside a table is refused with a Dutch
message and stores nothing. Families are invented: two parents with
authority, a child of 8 and one of 13 (who consents too)."""

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.casework import workflow as enrolment_workflow
from buitenshuis.casework.models import Enrolment
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals import rules
from buitenshuis.referrals import workflow as referral_workflow
from buitenshuis.referrals.models import Decision, LegalBasis, Referral
from buitenshuis.referrals.tests.factories import make_referral

R, E = Referral.Status, Enrolment.Status

# The enrolment's status that goes with each status of its referral.
TOGETHER = {
    R.RECEIVED: E.REFERRED,
    R.INTAKE: E.INTAKE,
    R.ACCEPTED: E.ACTIVE,
    R.REJECTED: E.REJECTED,
    R.WITHDRAWN: E.WITHDRAWN,
}


class World:
    """One programme (the policy officer decides) with its coordinator, a
    trained linking pin, a policy officer and a referrer at a social team."""

    @classmethod
    def build(cls):
        from buitenshuis.training.tests.helpers import train

        world = cls()
        world.programme = ProgrammeFactory(name="Eigenprogramma Statussen")
        ProgrammeSettings.objects.update_or_create(
            programme=world.programme, defaults={"max_families": 1000}
        )

        def member(role, **kwargs):
            return MembershipFactory(
                user=UserFactory(), role=role, programme=world.programme, **kwargs
            ).user

        world.coordinator = member(Role.COORDINATOR)
        world.pin = train(member(Role.LINKING_PIN), Role.LINKING_PIN)
        world.officer = member(Role.POLICY_OFFICER)
        world.referrer = member(
            Role.REFERRER, organisation=OrganisationFactory(type=OrganisationType.SOCIAL_TEAM)
        )
        return world

    def referral(self):
        return make_referral(self.programme, self.referrer, child_ages=(8, 13), parents=2)


# What each person does, through the rule that does it.


def assign(world, referral):
    rules.assign_linking_pin(world.coordinator, referral, world.pin)


def intake(world, referral):
    rules.record_intake(
        world.pin,
        referral,
        held_on=timezone.localdate(),
        conversation="Verzonnen intakegesprek.",
        criteria_met=[],
        legal_basis=LegalBasis.CONSENT,
    )


def consent(world, referral):
    members = list(referral.family.members.all())
    parents = [m for m in members if m.kind == m.Kind.PARENT]
    children = [m for m in members if m.kind == m.Kind.CHILD]
    today = timezone.localdate()
    rules.record_consents(
        world.pin,
        referral,
        given={
            child.pk: {p.pk for p in rules.required_consenters(child, parents, today)}
            for child in children
        },
        given_on={child.pk: today for child in children},
    )


def accept(world, referral):
    rules.decide(world.officer, referral, Decision.Outcome.ACCEPTED)


def reject(world, referral):
    rules.decide(world.officer, referral, Decision.Outcome.REJECTED, reason="Verzonnen reden.")


def withdraw(world, referral):
    rules.withdraw(world.referrer, referral)


ACTIONS = {
    "assign": assign,
    "intake": intake,
    "consent": consent,
    "accept": accept,
    "reject": reject,
    "withdraw": withdraw,
}


def statuses(referral):
    referral = Referral.objects.select_related("enrolment").get(pk=referral.pk)
    return referral.status, referral.enrolment.status


def run(world, referral, names):
    """Do ``names`` in order; returns the moves seen, as
    [(action, (referral from, to), (enrolment from, to), refused)]."""
    seen = []
    for name in names:
        before = statuses(referral)
        refused = False
        try:
            with transaction.atomic():
                ACTIONS[name](world, referral)
        except RuleError as error:
            refused = True
            assert str(error), name  # always a message for the user
        after = statuses(referral)
        seen.append((name, (before[0], after[0]), (before[1], after[1]), refused))
    return seen


class WorkflowProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = World.build()

    @given(names=st.lists(st.sampled_from(sorted(ACTIONS)), min_size=1, max_size=8))
    def test_no_sequence_of_rules_moves_a_status_outside_its_table(self, names):
        referral = self.world.referral()
        for name, referral_move, enrolment_move, refused in run(self.world, referral, names):
            old, new = referral_move
            if refused:
                # A refused rule stores nothing.
                assert old == new, name
                assert enrolment_move[0] == enrolment_move[1], name
            if old != new:
                assert referral_workflow.REFERRAL.allows(old, new), (name, old, new)
            old_e, new_e = enrolment_move
            if old_e != new_e:
                assert enrolment_workflow.ENROLMENT.allows(old_e, new_e), (name, old_e, new_e)
            # The referral and its enrolment always move together.
            assert TOGETHER[new] == new_e, (name, new, new_e)

    @given(
        move=st.sampled_from(
            sorted(
                (old, new)
                for old in R.values
                for new in R.values
                if not referral_workflow.REFERRAL.allows(old, new)
            )
        )
    )
    def test_a_referral_move_outside_the_table_is_refused_and_stores_nothing(self, move):
        old, new = move
        referral = self.world.referral()
        Referral.objects.filter(pk=referral.pk).update(status=old)
        referral.refresh_from_db()
        with self.assertRaises(RuleError) as raised:
            referral_workflow.move(referral, new)
        assert "kan niet de status" in str(raised.exception)
        assert Referral.objects.get(pk=referral.pk).status == old

    @given(
        move=st.sampled_from(
            sorted(
                (old, new)
                for old in E.values
                for new in E.values
                if not enrolment_workflow.ENROLMENT.allows(old, new)
            )
        )
    )
    def test_an_enrolment_move_outside_the_table_is_refused_and_stores_nothing(self, move):
        old, new = move
        enrolment = self.world.referral().enrolment
        Enrolment.objects.filter(pk=enrolment.pk).update(status=old)
        enrolment.refresh_from_db()
        with self.assertRaises(RuleError):
            enrolment_workflow.move(enrolment, new)
        assert Enrolment.objects.get(pk=enrolment.pk).status == old

    @given(
        done=st.sampled_from([["reject"], ["withdraw"], ["assign", "intake", "consent", "accept"]]),
        then=st.sampled_from(sorted(ACTIONS)),
    )
    def test_a_decided_or_withdrawn_referral_never_moves_again(self, done, then):
        referral = self.world.referral()
        run(self.world, referral, done)
        before = statuses(referral)
        run(self.world, referral, [then])
        assert statuses(referral) == before


# Every move in a table is made by a rule: the rules that make each move,
# from a referral just received.
RECIPES = {
    (R.RECEIVED, R.INTAKE): ["assign", "intake"],
    (R.RECEIVED, R.REJECTED): ["reject"],
    (R.RECEIVED, R.WITHDRAWN): ["withdraw"],
    (R.INTAKE, R.ACCEPTED): ["assign", "intake", "consent", "accept"],
    (R.INTAKE, R.REJECTED): ["assign", "intake", "reject"],
    (R.INTAKE, R.WITHDRAWN): ["assign", "intake", "withdraw"],
}


# Moves of the enrolment alone (its referral stays decided), with the rule
# that makes each, after the rules that get it there.
def close(world, referral):
    from buitenshuis.casework.models import Closure
    from buitenshuis.casework.rules import closure

    closure.close_enrolment(
        world.pin,
        referral.enrolment,
        closed_on=timezone.localdate(),
        reason=Closure.Reason.FAMILY_STOPPED,
        way_on=Closure.WayOn.NONE,
        out_of_home_prevented=Closure.Prevented.UNKNOWN,
    )


ENROLMENT_ONLY = {
    (E.ACTIVE, E.CLOSED): (["assign", "intake", "consent", "accept"], close),
}


def test_every_move_of_the_tables_has_a_rule_that_makes_it():
    assert set(RECIPES) == referral_workflow.REFERRAL.pairs()
    enrolment_moves = {(TOGETHER[old], TOGETHER[new]) for old, new in RECIPES}
    assert enrolment_moves | set(ENROLMENT_ONLY) == enrolment_workflow.ENROLMENT.pairs()


@pytest.mark.parametrize("move", sorted(ENROLMENT_ONLY), ids=lambda move: "-".join(move))
def test_the_rule_makes_the_enrolment_move(db, move):
    world = World.build()
    referral = world.referral()
    before, rule = ENROLMENT_ONLY[move]
    run(world, referral, before)
    referral_status, enrolment_status = statuses(referral)
    assert enrolment_status == move[0]
    rule(world, referral)
    assert statuses(referral) == (referral_status, move[1])


@pytest.mark.parametrize("move", sorted(RECIPES), ids=lambda move: "-".join(move))
def test_the_rule_makes_the_move(db, move):
    world = World.build()
    referral = world.referral()
    seen = run(world, referral, RECIPES[move])
    name, referral_move, enrolment_move, refused = seen[-1]
    assert not refused, name
    assert referral_move == move
    assert enrolment_move == (TOGETHER[move[0]], TOGETHER[move[1]])
