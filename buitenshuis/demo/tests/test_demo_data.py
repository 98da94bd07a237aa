# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The demo data shows every feature that exists, through the demo
accounts, and a second load changes nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from stdnum.nl import bsn as stdnum_bsn

from buitenshuis.activities.models import Placement, Signal
from buitenshuis.casework import protected
from buitenshuis.casework.models import Contact, Enrolment, Family, Person
from buitenshuis.core import workqueue
from buitenshuis.demo import data
from buitenshuis.organisations.models import OrganisationType
from buitenshuis.referrals import rules as referral_rules
from buitenshuis.referrals.models import Consent, Decision, Intake, Referral, Route
from buitenshuis.training import rules as training
from buitenshuis.training.models import (
    Module,
    TrainingOverride,
    TrainingRecord,
    TrainingSession,
)


@pytest.fixture
def demo(db):
    data.load()
    return {user.username: user for user in get_user_model().objects.filter(is_demo=True)}


def referral(reference):
    return Referral.objects.select_related("family", "enrolment").get(family__reference=reference)


def snapshot():
    """Everything a load writes, with the values that could drift."""
    models = [
        Family,
        Person,
        Enrolment,
        Referral,
        Intake,
        Consent,
        Decision,
        Placement,
        Signal,
        Contact,
        TrainingRecord,
        TrainingSession,
        TrainingOverride,
        get_user_model(),
    ]
    return {
        "counts": {model.__name__: model.objects.count() for model in models},
        "bsns": sorted(Person.objects.exclude(bsn_hash="").values_list("pk", "bsn_hash")),
        "referrals": sorted(
            Referral.objects.values_list(
                "pk", "status", "received_at", "assigned_at", "ready_at", "decided_at"
            )
        ),
        "placements": sorted(
            Placement.objects.values_list("pk", "start_date", "end_date", "provisional")
        ),
        "signals": sorted(Signal.objects.values_list("pk", "acknowledged_at")),
        "training": sorted(TrainingRecord.objects.values_list("pk", "completed_on")),
    }


def test_a_second_load_changes_nothing(demo):
    first = snapshot()
    assert first["counts"]["Placement"] >= 5 and first["counts"]["Signal"] >= 2
    assert first["counts"]["Consent"] and first["counts"]["TrainingRecord"] >= 7
    data.load()
    assert snapshot() == first


def test_every_child_has_an_invented_bsn_that_passes_the_eleven_test(demo):
    children = Person.objects.filter(kind=Person.Kind.CHILD)
    numbers = [protected.decrypt(child.bsn_encrypted) for child in children]
    assert numbers and all(stdnum_bsn.is_valid(number) for number in numbers)
    # One child is referred twice (the demo's possible duplicate).
    assert len(set(numbers)) == len(numbers) - len(data.SAME_CHILD)
    assert not {"111222333", "123456782"} & set(numbers)
    assert all(stdnum_bsn.is_valid(number) for number in data.DEMO_BSNS)
    # Parents are entered without one, as referrers usually do.
    assert not Person.objects.filter(kind=Person.Kind.PARENT).exclude(bsn_hash="").exists()


def test_families_have_two_parents_several_children_and_every_age_band(demo):
    today = timezone.localdate()
    ages = [child.age_on(today) for child in Person.objects.filter(kind=Person.Kind.CHILD)]
    for low, high in [(0, 3), (4, 11), (12, 15), (16, 17)]:
        assert any(low <= age <= high for age in ages), (low, high)
    shapes = [
        (
            family.members.filter(kind=Person.Kind.PARENT).count(),
            family.members.filter(kind=Person.Kind.CHILD).count(),
        )
        for family in Family.objects.all()
    ]
    assert any(parents == 2 and children >= 3 for parents, children in shapes)
    # A parent without parental authority (consent is not asked of him).
    assert Person.objects.filter(kind=Person.Kind.PARENT, has_parental_authority=False).exists()


def test_referrals_at_every_step_from_a_matching_referrer(demo):
    waiting = referral("BH-DEMO-0101")
    assert waiting.status == Referral.Status.RECEIVED and waiting.enrolment.linking_pin is None
    assigned = referral("BH-DEMO-0102")
    assert assigned.enrolment.linking_pin.username == "linkingpin"
    assert assigned.assigned_at and not hasattr(assigned, "intake")
    no_consent = referral("BH-DEMO-0103")
    assert hasattr(no_consent, "intake") and referral_rules.missing_consents(no_consent)
    ready = referral("BH-DEMO-0104")
    assert ready.is_open and ready.ready_at and referral_rules.is_ready(ready)
    assert Placement.objects.provisional().filter(enrolment=ready.enrolment).exists()
    rejected = referral("BH-DEMO-0105")
    assert rejected.decision.outcome == Decision.Outcome.REJECTED
    ended = Placement.objects.get(enrolment=rejected.enrolment)
    assert ended.ended_at and ended.days_used > 0
    assert referral("BH-DEMO-0106").status == Referral.Status.WITHDRAWN
    accepted = Referral.objects.filter(status=Referral.Status.ACCEPTED)
    assert accepted.count() == 6
    # Every accepted family has its children placed (a continued one's
    # placements moved to the continuation, which waits for the decision).
    assert all(
        Placement.objects.filter(
            Q(enrolment=r.enrolment) | Q(enrolment__previous=r.enrolment)
        ).exists()
        for r in accepted
    )

    organisation_for_route = {
        Route.GGZ_KINDCHECK: OrganisationType.ADULT_MENTAL_HEALTH,
        Route.SOCIAL_TEAM: OrganisationType.SOCIAL_TEAM,
        Route.VEILIG_THUIS: OrganisationType.VEILIG_THUIS,
        Route.PHONE: OrganisationType.YOUTH_CARE,
        Route.CASELOAD: OrganisationType.YOUTH_CARE,
        # A continuation after two years: the linking pin's organisation.
        Route.CONTINUATION: OrganisationType.YOUTH_CARE,
    }
    for item in Referral.objects.select_related("referrer_organisation", "referred_by"):
        assert item.referrer_organisation.type == organisation_for_route[item.route], item
    phone = Referral.objects.get(route=Route.PHONE)
    assert phone.referred_by.username == "linkingpin" and phone.referrer_name
    assert Referral.objects.get(route=Route.CASELOAD).referred_by.username == "linkingpin"


def test_coordinator_sees_a_referral_waiting_for_a_linking_pin_past_the_norm(demo, client, sign_in):
    sign_in(demo["coordinator"])
    response = client.get(reverse("portal:start"))
    assert [item["reference"] for item in response.context["overdue_unassigned"]] == [
        "BH-DEMO-0101"
    ]
    assert "Te laat" in response.content.decode()


def test_linking_pin_sees_an_unread_signal_and_a_referral_past_the_decision_norm(
    demo, client, sign_in
):
    sign_in(demo["linkingpin"])
    context = client.get(reverse("portal:start")).context
    assert context["unread_signals_count"] == 1
    assert [item["reference"] for item in context["overdue_undecided"]] == ["BH-DEMO-0103"]
    inbox = client.get(reverse("activities:signal_inbox")).content.decode()
    assert "Timo speelde vandaag" in inbox and "wilde niet naar huis" in inbox
    read = Signal.objects.exclude(acknowledged_at=None).get()
    assert read.acknowledged_by == demo["linkingpin"]
    assert read.created_by == demo["opvang"]


def test_location_staff_see_children_now_and_one_arriving(demo, client, sign_in):
    sign_in(demo["opvang"])
    context = client.get(reverse("activities:my_children")).context
    now = sorted(row["first_name"] for row in context["rows"])
    # Not Sem (ended), not Tijn (other location), not Wies (the family moved
    # away); Fien keeps her place while her family's continuation waits for
    # the decision.
    assert now == ["Bo", "Fien", "Isa", "Pim", "Tess", "Timo"]
    [arriving] = context["arriving_rows"]
    assert arriving["first_name"] == "Valentijn"
    assert arriving["first_day"] > timezone.localdate()
    assert arriving["pickup"] and arriving["days"]
    assert arriving["linking_pin"].phone == "06-00000001"
    items = {item.key: item.count for item in workqueue.collect(demo["opvang"])}
    assert items["activities.arriving"] == 1
    # One placement at the second location, with the coordinator's permission.
    second = Placement.objects.get(location__name="Kinderdagverblijf Wolkenkoekoek")
    assert second.readiness_override_reason and second.parental_contribution > 0


def test_policy_officer_sees_the_provisional_placement_to_decide_on(demo, client, sign_in):
    sign_in(demo["beleid"])
    body = client.get(reverse("referrals:list")).content.decode()
    assert "Voorlopig geplaatst" in body
    page = client.get(reverse("referrals:decide", args=[referral("BH-DEMO-0104").pk]))
    assert page.status_code == 200 and "Isa bij Locatie Fantasietuin" in page.content.decode()


def test_bsn_is_masked_on_the_familys_pages(demo, client, sign_in):
    sign_in(demo["linkingpin"])
    item = referral("BH-DEMO-0001")
    child = item.family.members.get(first_name="Timo")
    number = protected.decrypt(child.bsn_encrypted)
    for url in (
        reverse("referrals:detail", args=[item.pk]),
        reverse("casework:family_detail", args=[item.family.pk]),
    ):
        body = client.get(url).content.decode()
        assert number not in body
    assert (
        protected.mask(number)
        in client.get(reverse("referrals:detail", args=[item.pk])).content.decode()
    )


def test_training_is_spread_over_months_as_the_guide_has_it(demo):
    def completed(username, module):
        return TrainingRecord.objects.get(user=demo[username], module=module).completed_on

    elearning = completed("linkingpin", Module.LP_ELEARNING)
    day = completed("linkingpin", Module.LP_DAY)
    back = completed("linkingpin", Module.LP_RETURN)
    assert elearning < day < back and back - day >= datetime.timedelta(days=60)
    first_family = Referral.objects.exclude(assigned_at=None).order_by("assigned_at").first()
    assert back < first_family.assigned_at.date()  # training before guiding families
    assert completed("opvang", Module.STAFF_ELEARNING) < completed("opvang", Module.STAFF_SESSION)
    assert training.missing_modules(demo["linkingpin2"], "linking_pin") == [Module.LP_RETURN]
    assert TrainingSession.objects.filter(records__isnull=False).exists()
    assert TrainingSession.objects.filter(date__gt=timezone.localdate()).exists()
    assert TrainingOverride.objects.filter(
        kind=TrainingOverride.Kind.LINKING_PIN_UNTRAINED, linking_pin=demo["linkingpin2"]
    ).exists()


def crawl_urls():
    """The start page, the main lists and every demo object's pages."""
    urls = [
        reverse(name)
        for name in (
            "portal:start",
            "referrals:list",
            "referrals:mine",
            "referrals:create",
            "referrals:tasks",
            "programmes:settings",
            "casework:family_list",
            "activities:location_list",
            "activities:my_children",
            "activities:signal_inbox",
            "training:overview",
            "training:mine",
            "training:session_list",
            "access:family_log",
            "access:user_log",
            "monitoring:export_families",
            "monitoring:export_referrals",
            "monitoring:export_caseload",
            "monitoring:feed_tokens",
        )
    ]
    urls += [reverse("monitoring:export_referrals") + "?formaat=xlsx"]
    for item in Referral.objects.all():
        urls += [
            reverse(f"referrals:{name}", args=[item.pk])
            for name in ("detail", "assign", "intake", "consent", "decide", "withdraw")
        ]
        urls.append(reverse("casework:family_detail", args=[item.family_id]))
    for placement in Placement.objects.all():
        urls.append(reverse("activities:placement_detail", args=[placement.pk]))
        urls.append(reverse("activities:signal_create", args=[placement.pk]))
    for session in TrainingSession.objects.all():
        urls.append(reverse("training:session_detail", args=[session.pk]))
    return urls


def test_every_demo_account_crawls_without_a_server_error(demo, client, sign_in):
    urls = crawl_urls()
    failures = []
    for username, *_ in data.ACCOUNTS:
        client.logout()
        sign_in(demo[username])
        assert client.get(reverse("portal:start")).status_code == 200, username
        for url in urls + ["/beheer/"]:
            status = client.get(url).status_code
            if status >= 500:
                failures.append((username, url, status))
    assert failures == []


def test_the_demo_shows_the_issue_7_features(demo):
    """A possible duplicate for the coordinator, a membership waiting for
    the second administrator, parents who can be reached (one needs an
    interpreter, one has no known date of birth), and a letterhead."""
    from buitenshuis.core.workqueue import collect
    from buitenshuis.organisations.models import Membership, Municipality
    from buitenshuis.referrals.models import LetterTemplate, PossibleDuplicate

    assert PossibleDuplicate.objects.filter(status="open").count() == 1
    User = get_user_model()
    coordinator = User.objects.get(username="coordinator")
    keys = {item.key for item in collect(coordinator)}
    assert {"referrals.possible_duplicates", "referrals.toewijzen"} <= keys
    assert Membership.objects.filter(approval="pending").count() == 1
    assert "accounts.membership_approval" in {
        item.key for item in collect(User.objects.get(username="beheer"))
    }
    parents = Person.objects.filter(kind=Person.Kind.PARENT)
    assert not parents.filter(phone="").exists()
    assert parents.filter(interpreter_needed=True).exists()
    assert parents.filter(date_of_birth__isnull=True).count() == 1
    assert all(m.postal_address and m.logo for m in Municipality.objects.all())
    assert LetterTemplate.objects.get().signer_name


def test_the_demo_programme_is_being_set_up(demo, client, sign_in):
    """Issue 12: a checklist partly done, partners with and without a signed
    declaration, a kick-off held and a partner meeting next week in the
    demo coordinator's work queue; a second load adds nothing."""
    from buitenshuis.programmes import rules as programme_rules
    from buitenshuis.programmes.models import MeetingKind, ProgrammeMeeting, ProgrammePartner

    programme = ProgrammePartner.objects.first().programme
    tasks = programme_rules.checklist(programme)
    done = sum(task.done for task in tasks)
    assert 0 < done < len(tasks)
    partners = ProgrammePartner.objects.filter(programme=programme)
    assert 3 <= partners.count() <= 4
    assert 0 < partners.filter(declaration_signed_on__isnull=False).count() < partners.count()
    now = timezone.now()
    assert ProgrammeMeeting.objects.filter(kind=MeetingKind.KICK_OFF, starts_at__lt=now).exists()
    before = (len(tasks), partners.count(), ProgrammeMeeting.objects.count())
    data.load()
    after = (
        len(programme_rules.checklist(programme)),
        partners.count(),
        ProgrammeMeeting.objects.count(),
    )
    assert after == before
    sign_in(demo["coordinator"])
    keys = {item.key for item in client.get(reverse("portal:start")).context["work_items"]}
    assert {"programmes.prepare_meeting", "programmes.overdue_tasks"} <= keys
    assert client.get(reverse("programmes:plan_pdf")).status_code == 200


def test_the_demo_coordinator_has_feed_tokens_and_exports(demo, client, sign_in):
    from buitenshuis.monitoring.models_exports import FeedToken

    tokens = FeedToken.objects.all()
    assert {token.revoked for token in tokens} == {True, False}
    sign_in(demo["coordinator"])
    page = client.get(reverse("monitoring:feed_tokens")).content.decode()
    assert "Rapportagetool Fantasia" in page
    export = client.get(reverse("monitoring:export_referrals"))
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert len(rows) > 5
