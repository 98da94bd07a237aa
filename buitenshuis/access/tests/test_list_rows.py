# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Every list, for every role: exactly the rows the user may open, not one
more; and every count on the start page equals the length of the list it
links to.

The matrix of ``test_url_matrix`` says which status each page answers;
this says which rows. The oracle is independent of the list's own query:
a row "may be opened" when its own page answers 200 for that user (for
signals: when the family's case hub shows the signal)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.access.tests.test_url_matrix import ROLES
from buitenshuis.activities.models import Contract, Placement, Signal
from buitenshuis.activities.tests.test_staff import place
from buitenshuis.casework import panels
from buitenshuis.casework.models import (
    Agreement,
    Enrolment,
    Family,
    PartnerKind,
    Person,
    ReferralIndexEntry,
    current_enrolment,
)
from buitenshuis.casework.rules import referral_index, reviews
from buitenshuis.monitoring import questionnaires
from buitenshuis.monitoring.models import ResearchExport
from buitenshuis.monitoring.questionnaires_default import ensure_default_instruments
from buitenshuis.organisations.models import Location
from buitenshuis.programmes.models import AssignmentRule, ProgrammeMeeting, ProgrammePartner
from buitenshuis.programmes.tests.factories import (
    ProgrammeMeetingFactory,
    ProgrammePartnerFactory,
)
from buitenshuis.referrals.models import MunicipalityTask, PossibleDuplicate, Referral
from buitenshuis.referrals.tests.factories import (
    DecisionFactory,
    MunicipalityTaskFactory,
    make_referral,
)
from buitenshuis.training.models import Module, TrainingSession


def _running(enrolment):
    enrolment.status = Enrolment.Status.ACTIVE
    enrolment.start_date = timezone.localdate() - datetime.timedelta(days=30)
    enrolment.end_date = enrolment.start_date + datetime.timedelta(days=730)
    enrolment.save()


@pytest.fixture
def rows_world(world):
    """Rows of every list in two programmes: referrals open, accepted
    (under mandate, with a task) and of a colleague and of programme B;
    placements and signals at the world's location; a possible
    duplicate; a training session per programme."""
    w = world
    pin, referrer = w.users["linking_pin"], w.users["referrer"]
    w.open_referral = make_referral(w.programme, referrer, linking_pin=pin)
    w.accepted = make_referral(
        w.programme, referrer, linking_pin=pin, status=Referral.Status.ACCEPTED
    )
    MunicipalityTaskFactory(decision=DecisionFactory(referral=w.accepted, under_mandate=True))
    w.colleague_referral = make_referral(w.programme, referrer, linking_pin=w.other_pin)
    w.unassigned = make_referral(w.programme, referrer)
    w.other_referral = make_referral(w.other_programme, w.other_coordinator)
    Contract.objects.create(
        location=w.location,
        programme=w.programme,
        places=6,
        tariff=10,
        valid_from=datetime.date(2026, 1, 1),
    )
    for referral in (w.accepted, w.colleague_referral):
        _running(referral.enrolment)
        child = referral.family.members.filter(kind=Person.Kind.CHILD).first()
        placement = place(child, w.location, referral.enrolment)
        Signal.objects.create(
            placement=placement,
            kind=Signal.Kind.WORRY,
            text="Verzonnen signaal.",
            created_by=w.users["location_staff"],
        )
        # Agreements: one for the linking pin due in three days (the work
        # queue's), one for the school without a date.
        for kind, days in ((PartnerKind.LINKING_PIN, 3), (PartnerKind.SCHOOL, None)):
            Agreement.objects.create(
                enrolment=referral.enrolment,
                what="Verzonnen afspraak.",
                holder_kind=kind,
                due_date=None if days is None else timezone.localdate() + datetime.timedelta(days),
                created_by=referral.enrolment.linking_pin,
            )
    PossibleDuplicate.objects.create(
        programme=w.programme,
        referral=w.open_referral,
        child=w.open_referral.family.members.filter(kind=Person.Kind.CHILD).first(),
        existing_family=w.own_family,
        existing_child=w.own_family.members.filter(kind=Person.Kind.CHILD).first(),
        reason=PossibleDuplicate.Reason.NAME_BIRTH,
    )
    # Verwijsindex registrations: lapsing (the accepted family's and the
    # colleague's) and recent (the own family's).
    long_ago = datetime.date(2024, 1, 1)
    for referral, registered_on in (
        (w.accepted, long_ago),
        (w.colleague_referral, long_ago),
        (None, timezone.localdate()),
    ):
        enrolment = referral.enrolment if referral else w.own_enrolment
        ReferralIndexEntry.objects.create(
            enrolment=enrolment,
            child=enrolment.family.members.filter(kind=Person.Kind.CHILD).first(),
            registered=True,
            registered_on=registered_on,
            recorded_by=pin,
        )
    # Questionnaires: the default set; the running enrolments' start
    # questionnaires are due (questionnaires.waiting).
    ensure_default_instruments()
    for programme in (w.programme, w.other_programme):
        TrainingSession.objects.create(
            programme=programme, module=Module.LP_DAY, date=datetime.date(2026, 1, 15)
        )
        # The programme's partners and meetings (one held, one planned).
        ProgrammePartnerFactory(programme=programme)
        ProgrammeMeetingFactory(programme=programme)
        ProgrammeMeetingFactory(
            programme=programme, starts_at=timezone.now() - datetime.timedelta(days=40)
        )
    # Assignment rules: two in programme A, one in programme B.
    AssignmentRule.objects.create(
        programme=w.programme, linking_pin=pin, postcode_ranges=[[3500, 3599]]
    )
    AssignmentRule.objects.create(programme=w.programme, linking_pin=w.other_pin, is_active=False)
    AssignmentRule.objects.create(programme=w.other_programme, linking_pin=w.other_coordinator)
    # Research exports: one waiting for release and one released in each
    # programme (the researcher lists only the released ones of theirs).
    from buitenshuis.monitoring import research

    for programme, coordinator in (
        (w.programme, w.users["coordinator"]),
        (w.other_programme, w.other_coordinator),
    ):
        research.request_export(coordinator, programme)
        released = research.request_export(coordinator, programme)
        research.release(coordinator, released, confirmed=True)
    return w


def _detail_opens(name):
    def opens(client, row):
        return client.get(reverse(name, args=[row.pk])).status_code == 200

    return opens


def _hub_shows_signal(client, signal):
    family = signal.placement.enrolment.family
    response = client.get(panels.hub_url(family.pk, "signals"))
    if response.status_code != 200:
        return False
    shown = [panel for panel in response.context["panels"] if panel.key == "signals"]
    return bool(shown) and signal.pk in {r["signal"].pk for r in shown[0].context["rows"]}


def _hub_shows_open_agreement(client, agreement):
    family_id = agreement.enrolment.family_id
    response = client.get(panels.hub_url(family_id, "agreements"))
    if response.status_code != 200:
        return False
    shown = [panel for panel in response.context["panels"] if panel.key == "agreements"]
    return bool(shown) and agreement.pk in {r["agreement"].pk for r in shown[0].context["open"]}


def _entered_and_followed(client, referral):
    """The referrer's own list: what they entered, with its status (there
    is no page per referral for them): the status is in the list."""
    user = client.session.get("_auth_user_id")
    return str(referral.referred_by_id) == str(user)


class _ReviewMoments:
    """Every moment of every enrolment's review plan, in any state: the
    candidates of the list of reviews due (its rows are computed moments,
    identified by (enrolment, month))."""

    class objects:  # noqa: N801 - stands in for a model's manager
        @staticmethod
        def all():
            return [
                moment
                for enrolment in Enrolment.objects.select_related("family__programme")
                for moment in reviews.review_plan(
                    enrolment,
                    reviews.schedule_months(enrolment.family.programme),
                    list(enrolment.reviews.all()),
                )
            ]


class _QuestionnaireSlots:
    """Every questionnaire of every enrolment (``questionnaires.slots``):
    the candidates of the list of questionnaires to take (its rows are
    computed slots, identified by their key)."""

    class objects:  # noqa: N801 - stands in for a model's manager
        @staticmethod
        def all():
            enrolments = Enrolment.objects.select_related("family").prefetch_related(
                "family__members"
            )
            return questionnaires.slots(enrolments)


def _hub_shows_waiting_questionnaire(client, slot):
    response = client.get(panels.hub_url(slot.enrolment.family_id, "questionnaires"))
    if response.status_code != 200:
        return False
    shown = [panel for panel in response.context["panels"] if panel.key == "questionnaires"]
    return bool(shown) and any(
        row["slot"].key == slot.key and row["waiting"] for row in shown[0].context["rows"]
    )


def _hub_shows_waiting_review(client, moment):
    response = client.get(panels.hub_url(moment.enrolment.family_id, "reviews"))
    if response.status_code != 200:
        return False
    shown = [panel for panel in response.context["panels"] if panel.key == "reviews"]
    return bool(shown) and any(m.pk == moment.pk and m.waiting for m in shown[0].context["moments"])


def _index_page_shows_reminder(client, entry):
    """The registration is one to remind of (registered, running, within
    four weeks of lapsing or lapsed) and its family's Verwijsindex page
    opens."""
    reminding = (
        entry.registered
        and entry.enrolment.status == Enrolment.Status.ACTIVE
        and referral_index.remind_from(entry.registered_on) <= timezone.localdate()
    )
    url = reverse("casework:referral_index", args=[entry.enrolment.family_id])
    return reminding and client.get(url).status_code == 200


def _contact_page_opens_for_current(client, enrolment):
    """The caseload: a row per family whose current enrolment the user
    records contacts for (the contact page opens), closed ones included
    (``?status=alle``)."""
    if current_enrolment(enrolment.family) != enrolment:
        return False
    return client.get(reverse("casework:contact", args=[enrolment.family_id])).status_code == 200


# list url name -> (query, model, oracle); a list of one programme at a
# time (the training sessions: ``?programme=``) is compared with the rows of
# the programme it shows.
# Lists of one programme at a time (the first the user may choose), and the
# path from a row to its programme.
def _costed_placement_opens(client, placement):
    """A placement behind the budget: its own page opens, for someone who
    may see the budget (a linking pin sees their own placements, but no
    money)."""
    if client.get(reverse("programmes:budget")).status_code != 200:
        return False
    return _detail_opens("activities:placement_detail")(client, placement)


ONE_PROGRAMME = {
    "training:session_list": "programme",
    "activities:budget_costs": "enrolment__family__programme",
    "programmes:assignment_rules": "programme",
    "programmes:partner_list": "programme",
    "programmes:meeting_list": "programme",
}
LISTS = {
    "casework:family_list": ("", Family, _detail_opens("casework:family_detail")),
    "casework:caseload": ("?status=alle", Enrolment, _contact_page_opens_for_current),
    "referrals:list": ("", Referral, _detail_opens("referrals:detail")),
    "referrals:mine": ("", Referral, _entered_and_followed),
    "referrals:duplicates": ("?toon=alle", PossibleDuplicate, _detail_opens("referrals:duplicate")),
    "referrals:tasks": ("?toon=alle", MunicipalityTask, _detail_opens("referrals:task")),
    "activities:signal_inbox": ("", Signal, _hub_shows_signal),
    "casework:agreement_list": ("?toon=alle", Agreement, _hub_shows_open_agreement),
    "activities:location_list": ("", Location, _detail_opens("activities:location_detail")),
    "training:session_list": ("", TrainingSession, _detail_opens("training:session_detail")),
    "casework:reviews_due": ("", _ReviewMoments, _hub_shows_waiting_review),
    "casework:referral_index_due": ("", ReferralIndexEntry, _index_page_shows_reminder),
    "monitoring:questionnaire_due": ("", _QuestionnaireSlots, _hub_shows_waiting_questionnaire),
    # The placements behind the budget: each one's own page opens (the
    # policy officer sees a placement's cost, never the case notes).
    "activities:budget_costs": ("", Placement, _costed_placement_opens),
    "programmes:assignment_rules": (
        "",
        AssignmentRule,
        _detail_opens("programmes:assignment_rule"),
    ),
    "programmes:partner_list": (
        "",
        ProgrammePartner,
        _detail_opens("programmes:partner_detail"),
    ),
    "programmes:meeting_list": (
        "",
        ProgrammeMeeting,
        _detail_opens("programmes:meeting_detail"),
    ),
    "monitoring:research_list": ("", ResearchExport, _detail_opens("monitoring:research_detail")),
}


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("role", ROLES)
def test_each_list_shows_exactly_the_rows_the_user_may_open(
    name, role, rows_world, client, sign_in
):
    w = rows_world
    query, model, opens = LISTS[name]
    sign_in(w.users[role])
    response = client.get(reverse(name) + query)
    if response.status_code != 200:
        assert response.status_code == 403
        # Refused: then not one row of it may be opened either.
        assert not any(opens(client, row) for row in model.objects.all())
        return
    view = response.context["view"]
    listed = {row.pk for row in view.page_rows}
    assert response.context["paginator"] is None or response.context["paginator"].count == len(
        listed
    )
    candidates = model.objects.all()
    if name in ONE_PROGRAMME:
        candidates = candidates.filter(**{ONE_PROGRAMME[name]: view.programme})
    may_open = {row.pk for row in candidates if opens(client, row)}
    assert listed == may_open


@pytest.mark.parametrize("role", ROLES)
def test_the_rows_behind_a_figure_are_the_rows_the_user_may_open(role, rows_world, client, sign_in):
    """The monitoring dashboard's click-through (``monitoring:indicator_rows``):
    this year's referrals of the chosen programme, exactly those whose own
    page opens for the user (a linking pin their own)."""
    w = rows_world
    sign_in(w.users[role])
    year = timezone.localdate().year
    url = reverse("monitoring:indicator_rows", args=["referrals_by_route", "referrals"])
    response = client.get(f"{url}?jaar={year}")
    candidates = Referral.objects.filter(received_at__year=year)
    if response.status_code != 200:
        assert response.status_code == 403
        assert not any(_detail_opens("referrals:detail")(client, r) for r in candidates)
        return
    view = response.context["view"]
    listed = {row.pk for row in view.page_rows}
    assert response.context["paginator"].count == len(listed)
    candidates = candidates.filter(programme=view.selection.selection)
    may_open = {r.pk for r in candidates if _detail_opens("referrals:detail")(client, r)}
    assert listed == may_open


@pytest.mark.parametrize("role", ROLES)
def test_every_count_on_the_start_page_is_the_length_of_its_list(role, rows_world, client, sign_in):
    w = rows_world
    sign_in(w.users[role])
    start = client.get(reverse("portal:start"))
    assert start.status_code == 200
    context = start.context
    checked = 0
    for item in context["work_items"]:
        listed = client.get(item.url)
        assert listed.status_code == 200, item.url
        if item.key == "activities.unread_signals":
            rows = listed.context["rows"]
            length = sum(1 for row in rows if row["signal"].acknowledged_at is None)
        elif item.key == "activities.arriving":
            length = len({row["placement"].child_id for row in listed.context["arriving_rows"]})
        else:
            length = listed.context["paginator"].count
        assert item.count == length, item.key
        checked += 1
    if context.get("family_list_url"):
        families = client.get(context["family_list_url"])
        assert context["family_count"] == families.context["paginator"].count
        checked += 1
    if context.get("signal_inbox_url"):
        inbox = client.get(context["signal_inbox_url"])
        unread = [row for row in inbox.context["rows"] if row["signal"].acknowledged_at is None]
        assert context["unread_signals_count"] == len(unread)
        checked += 1
    if context.get("my_children_url"):
        children = client.get(context["my_children_url"]).context
        shown = {row["placement"].child_id for row in children["rows"]}
        assert context["placed_children_count"] == len(shown)
        checked += 1
    # Every role that works with rows has something counted here.
    if role in ("linking_pin", "coordinator", "policy_officer", "location_staff"):
        assert checked


# The exports of the case lists (monitoring.views_exports): exactly the
# rows of the list they export, by the same oracle. A row is known in the
# file by its family's reference (the first column).
EXPORTS = {
    "monitoring:export_families": "casework:family_list",
    "monitoring:export_referrals": "referrals:list",
    "monitoring:export_caseload": "casework:caseload",
}


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("role", ROLES)
def test_each_export_holds_exactly_the_rows_the_user_may_open(
    name, role, rows_world, client, sign_in
):
    query, model, opens = LISTS[EXPORTS[name]]
    sign_in(rows_world.users[role])
    response = client.get(reverse(name) + query)
    if response.status_code != 200:
        assert response.status_code == 403
        assert not any(opens(client, row) for row in model.objects.all())
        return
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    exported = [row[0] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]

    def reference(row):
        return row.reference if isinstance(row, Family) else row.family.reference

    may_open = [reference(row) for row in model.objects.all() if opens(client, row)]
    assert sorted(exported) == sorted(may_open)
