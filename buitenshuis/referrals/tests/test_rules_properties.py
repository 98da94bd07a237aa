# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Property-based tests of the referral route's rule functions (hypothesis).

The review found that no test and no demo family had a citizen service
number, so accepting a real referral crashed. These tests draw families the
way they arrive: with and without BSNs, one or two parents (with or without
parental authority), one to four children whose ages fall on every
consent-band boundary (birthday today, tomorrow, yesterday at 0, 12, 16 and
18), in two programmes with their own municipalities. Each property is a
rule a linking pin or an auditor relies on.

Run with a fixed seed in CI (``HYPOTHESIS_PROFILE=ci``, see conftest.py)."""

import datetime

from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.casework import protected
from buitenshuis.casework.models import Enrolment, Family, Person
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Membership, OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from buitenshuis.programmes.models import Decider, ProgrammeSettings
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import (
    Decision,
    Intake,
    LegalBasis,
    Referral,
    Route,
    VeiligThuisStatus,
)
from buitenshuis.referrals.tests.factories import give_all_consents, in_intake
from buitenshuis.tests.strategies import (
    BAND_AGES,
    REFERENCE_DAY,
    birthday,
    children_strategy,
    parents_strategy,
)

TODAY = REFERENCE_DAY


class World:
    """Two programmes, each with its own municipality, a referrer, a trained
    linking pin and a policy officer."""

    @classmethod
    def build(cls):
        from buitenshuis.training.tests.helpers import train

        world = cls()
        world.programmes = []
        for name in ("Eigenprogramma Noord", "Eigenprogramma Zuid"):
            programme = ProgrammeFactory(name=name)
            referrer = MembershipFactory(
                user=UserFactory(),
                role=Role.REFERRER,
                programme=programme,
                organisation=OrganisationFactory(type=OrganisationType.SOCIAL_TEAM),
            )
            pin = MembershipFactory(user=UserFactory(), role=Role.LINKING_PIN, programme=programme)
            train(pin.user, Role.LINKING_PIN)
            officer = MembershipFactory(
                user=UserFactory(), role=Role.POLICY_OFFICER, programme=programme
            )
            ProgrammeSettings.objects.update_or_create(
                programme=programme,
                defaults={"decider": Decider.POLICY_OFFICER, "max_families": 1000},
            )
            world.programmes.append((programme, referrer, pin.user, officer.user))
        return world


def family_for(programme, number):
    return {
        "family_name": "Verzinsel",
        "street": "Denkbeeldlaan",
        "house_number": str(number),
        "postcode": "1234 AB",
        "city": "Testdorp",
        "municipality": programme.municipalities.first(),
    }


REFERRAL = {
    "route": Route.SOCIAL_TEAM,
    "veilig_thuis": VeiligThuisStatus.CLOSE,
    "worries": "Verzonnen zorgen.",
    "help_involved": "",
}


class SubmissionProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = World.build()

    @given(
        which=st.sampled_from([0, 1]),
        parents=parents_strategy(),
        children=children_strategy(),
    )
    def test_a_valid_referral_is_stored_whole(self, which, parents, children):
        programme, membership, _pin, _officer = self.world.programmes[which]
        referral = rules.submit_referral(
            membership.user,
            membership,
            family_for(programme, 1),
            parents,
            children,
            REFERRAL,
            day=TODAY,
        )
        members = list(referral.family.members.all())
        assert referral.programme == programme
        assert referral.status == Referral.Status.RECEIVED
        assert referral.enrolment.status == Enrolment.Status.REFERRED
        assert sum(m.kind == Person.Kind.PARENT for m in members) == len(parents)
        stored = {m.first_name: m for m in members if m.kind == Person.Kind.CHILD}
        assert len(stored) == len(children)
        for child in children:
            person = stored[child["first_name"]]
            assert person.date_of_birth == child["date_of_birth"]
            if child["bsn"]:
                # Encrypted at rest, masked on screen, found by its hash.
                assert child["bsn"] not in person.bsn_encrypted
                assert person.masked_bsn.endswith(child["bsn"][-3:])
                assert person.masked_bsn.startswith("******")
                assert person.bsn_hash == protected.lookup_hash(child["bsn"])
            else:
                assert person.bsn_hash == "" and person.masked_bsn == ""

    @given(
        parents=parents_strategy(),
        children=children_strategy(max_size=3),
        too_old_offset=st.sampled_from([0, -1, -400]),
    )
    def test_an_adult_child_stores_nothing(self, parents, children, too_old_offset):
        programme, membership, _pin, _officer = self.world.programmes[0]
        children = children + [
            {
                "first_name": "Volwassen",
                "last_name": "Verzinsel",
                "date_of_birth": birthday(18, too_old_offset),
                "bsn": "",
            }
        ]
        before = (Family.objects.count(), Person.objects.count(), Referral.objects.count())
        with self.assertRaises(RuleError) as raised:
            rules.submit_referral(
                membership.user,
                membership,
                family_for(programme, 2),
                parents,
                children,
                REFERRAL,
                day=TODAY,
            )
        assert "18 jaar of ouder" in str(raised.exception)
        after = (Family.objects.count(), Person.objects.count(), Referral.objects.count())
        assert after == before

    @given(children=children_strategy(min_size=1, max_size=1))
    def test_a_municipality_of_another_programme_is_refused(self, children):
        programme, membership, _pin, _officer = self.world.programmes[0]
        other, *_ = self.world.programmes[1]
        family = family_for(programme, 3)
        family["municipality"] = other.municipalities.first()
        with self.assertRaises(RuleError):
            rules.submit_referral(
                membership.user,
                membership,
                family,
                [{**REFERRAL_PARENT}],
                children,
                REFERRAL,
                day=TODAY,
            )
        assert not Family.objects.filter(municipality=family["municipality"]).exists()


REFERRAL_PARENT = {
    "first_name": "Ouder",
    "last_name": "Verzinsel",
    "date_of_birth": datetime.date(1985, 1, 1),
    "problem_categories": ["kopp"],
    "has_parental_authority": True,
}


class ConsentProperties(TestCase):
    @given(
        age=st.sampled_from(BAND_AGES),
        offset=st.sampled_from([-1, 0, 1]),
        authorities=st.lists(st.booleans(), min_size=1, max_size=2),
    )
    def test_who_consents_follows_the_age_band_on_the_day(self, age, offset, authorities):
        born = birthday(age, offset)
        child = Person(kind=Person.Kind.CHILD, first_name="Kind", date_of_birth=born)
        parents = [
            Person(pk=index + 1, kind=Person.Kind.PARENT, has_parental_authority=authority)
            for index, authority in enumerate(authorities)
        ]
        real_age = child.age_on(TODAY)
        # The birthday counts from the day itself: tomorrow's birthday is
        # still the younger age.
        assert real_age == (age - 1 if offset > 0 else age)
        required = rules.required_consenters(child, parents, TODAY)
        with_authority = [p for p in parents if p.has_parental_authority]
        if real_age < 12:
            assert required == with_authority
        elif real_age < 16:
            assert required == [child, *with_authority]
        else:
            assert required == [child]

    @given(age=st.integers(min_value=0, max_value=25), offset=st.sampled_from([-1, 0, 1]))
    def test_only_children_from_0_to_17_are_accepted(self, age, offset):
        born = birthday(age, offset)
        message = rules.child_age_error("Kind", born, TODAY)
        if born > TODAY:
            assert "toekomst" in message
        elif rules.age_on(born, TODAY) >= 18:
            assert "18 jaar of ouder" in message
        else:
            assert message is None


class DecisionProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = World.build()

    def _ready(self, which, parents, children):
        programme, membership, pin, _officer = self.world.programmes[which]
        referral = rules.submit_referral(
            membership.user,
            membership,
            family_for(programme, 4),
            parents,
            children,
            REFERRAL,
            day=TODAY,
        )
        referral.enrolment.linking_pin = pin
        referral.enrolment.save()
        Intake.objects.create(
            referral=referral,
            conversation="Verzonnen gesprek.",
            criteria_met=[],
            legal_basis=LegalBasis.CONSENT,
            held_on=TODAY,
            recorded_by=pin,
        )
        in_intake(referral)
        return referral

    @given(
        which=st.sampled_from([0, 1]),
        parents=parents_strategy(),
        children=children_strategy(),
        data=st.data(),
    )
    def test_with_every_consent_the_decider_can_accept(self, which, parents, children, data):
        referral = self._ready(which, parents, children)
        _programme, _membership, pin, officer = self.world.programmes[which]
        missing_before = rules.missing_consents(referral)
        # Each child needs someone's consent: nothing is complete before.
        assert missing_before
        give_all_consents(referral, pin)
        assert rules.missing_consents(referral) == []
        start = data.draw(st.dates(min_value=TODAY, max_value=TODAY + datetime.timedelta(days=60)))
        decision = rules.decide(officer, referral, Decision.Outcome.ACCEPTED, start_date=start)
        referral.refresh_from_db()
        assert referral.status == Referral.Status.ACCEPTED
        assert referral.enrolment.status == Enrolment.Status.ACTIVE
        assert decision.start_date == start
        assert decision.end_date == add_months(start, 24)

    @given(parents=parents_strategy(), children=children_strategy(), drop=st.data())
    def test_a_missing_consent_stores_no_decision(self, parents, children, drop):
        referral = self._ready(0, parents, children)
        _programme, _membership, pin, officer = self.world.programmes[0]
        give_all_consents(referral, pin)
        consents = list(referral.consents.all())
        victim = drop.draw(st.sampled_from(consents))
        victim.delete()
        with self.assertRaises(RuleError) as raised:
            with transaction.atomic():
                rules.decide(officer, referral, Decision.Outcome.ACCEPTED)
        assert "ontbreekt" in str(raised.exception) or "gezag" in str(raised.exception)
        referral.refresh_from_db()
        assert referral.status == Referral.Status.INTAKE
        assert not Decision.objects.filter(referral=referral).exists()

    @given(children=children_strategy(min_size=1, max_size=2))
    def test_the_same_child_is_never_enrolled_twice(self, children):
        """Accepting a family whose child (by BSN, under another name) is
        already enrolled elsewhere in the programme is refused."""
        with_bsn = [dict(c, bsn=c["bsn"] or "111222333") for c in children]
        first = self._ready(0, [dict(REFERRAL_PARENT)], with_bsn)
        _programme, _membership, pin, officer = self.world.programmes[0]
        give_all_consents(first, pin)
        rules.decide(officer, first, Decision.Outcome.ACCEPTED)
        renamed = [dict(with_bsn[0], first_name="Anders")]
        second = self._ready(0, [dict(REFERRAL_PARENT)], renamed)
        give_all_consents(second, pin)
        with self.assertRaises(RuleError) as raised:
            with transaction.atomic():
                rules.decide(officer, second, Decision.Outcome.ACCEPTED)
        assert "al een lopend traject" in str(raised.exception)


def test_membership_count_sanity(db):
    """The world above gives every programme its own roles (guards the
    helper against silently sharing users between programmes)."""
    world = World.build()
    users = {m.user_id for m in Membership.objects.all()}
    assert len(users) == 3 * len(world.programmes)
