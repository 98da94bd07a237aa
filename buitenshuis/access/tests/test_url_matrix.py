# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The role x URL matrix of ACCESS.md.

Every URL pattern of the project must appear in MATRIX (or be one of the
admin site's, which are tested as a group below): a new URL without a rule
fails ``test_every_url_has_a_rule``. Every rule is then checked for every
role: allowed means a 2xx answer, denied means 403 or 404 with nothing of
the object in the page."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from buitenshuis.accounts.admin_site import admin_site

ROLES = [
    "coordinator",
    "policy_officer",
    "linking_pin",
    "location_staff",
    "referrer",
    "researcher",
    "administrator",
]
ALL = set(ROLES)
ANON = "anonymous"


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from walk(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + (pattern.name or f"<unnamed {pattern.pattern}>")


# url name -> (kwargs factory, roles allowed, expected status when allowed,
#              expected status for a signed-in role that is denied or None
#              for "403 or 404", anonymous status)
def _own_family(world):
    return {"pk": world.own_family.pk}


def _open_referral(world):
    return {"pk": world.open_referral.pk}


def _accepted_referral(world):
    return {"pk": world.accepted_referral.pk}


def _postcode_warning(world):
    """The open referral, whose postcode the address service placed in
    another municipality: the coordinator confirms the address."""
    from buitenshuis.referrals.models import PostcodeCheck, Referral

    Referral.objects.filter(pk=world.open_referral.pk).update(postcode_check=PostcodeCheck.MISMATCH)
    return {"pk": world.open_referral.pk}


def _accepted_enrolment(world):
    return {"enrolment": world.accepted_referral.enrolment_id}


def _mandate_task(world):
    return {"pk": world.mandate_task.pk}


CASE_READERS = {"coordinator", "policy_officer", "linking_pin"}


def _assignment_rule(world):
    """An assignment rule of programme A: the linking pin takes 3500-3599."""
    from buitenshuis.programmes.models import AssignmentRule

    rule, _ = AssignmentRule.objects.get_or_create(
        programme=world.programme,
        linking_pin=world.users["linking_pin"],
        defaults={"postcode_ranges": [[3500, 3599]]},
    )
    return {"pk": rule.pk}


def _possible_duplicate(world):
    """The open referral's child flagged as possibly the own family's child
    : only the programme's coordinator judges it."""
    from buitenshuis.casework.models import Person
    from buitenshuis.referrals.models import PossibleDuplicate

    referral = world.open_referral
    duplicate, _ = PossibleDuplicate.objects.get_or_create(
        programme=world.programme,
        referral=referral,
        child=referral.family.members.filter(kind=Person.Kind.CHILD).first(),
        existing_child=world.own_family.members.filter(kind=Person.Kind.CHILD).first(),
        defaults={
            "existing_family": world.own_family,
            "reason": PossibleDuplicate.Reason.NAME_BIRTH,
        },
    )
    return {"pk": duplicate.pk}


# Placements: the accepted referral's enrolment runs and the
# world's location has a contract of programme A (made on first use).
def _placement_world(world):
    import datetime

    from django.utils import timezone

    from buitenshuis.activities.models import Contract, Placement
    from buitenshuis.casework.models import Enrolment, Person

    enrolment = world.accepted_referral.enrolment
    if enrolment.status != Enrolment.Status.ACTIVE:
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.start_date = timezone.localdate()
        enrolment.end_date = enrolment.start_date + datetime.timedelta(days=730)
        enrolment.save()
    contract, _ = Contract.objects.get_or_create(
        location=world.location,
        programme=world.programme,
        defaults={"places": 2, "tariff": 10, "valid_from": datetime.date(2026, 1, 1)},
    )
    child = enrolment.family.members.filter(kind=Person.Kind.CHILD).first()
    placement, _ = Placement.objects.get_or_create(
        enrolment=enrolment,
        child=child,
        location=world.location,
        defaults={
            "contract": contract,
            "activity_type": world.location.activity_type,
            "days": ["mon"],
            "hours_per_week": 4,
            "start_date": enrolment.start_date,
            "end_date": enrolment.end_date,
            "created_by": enrolment.linking_pin,
        },
    )
    return placement


def _placement_child(world):
    placement = _placement_world(world)
    return {"enrolment": placement.enrolment_id, "child": placement.child_id}


def _placement_location(world, child=True):
    placement = _placement_world(world)
    kwargs = _placement_child(world) if child else {"enrolment": placement.enrolment_id}
    return {**kwargs, "location": placement.location_id}


# Locations and contracts: the world's location with a contract
# of programme A, so that it belongs to the programme.
def _location_contract(world):
    import datetime

    from buitenshuis.activities.models import Contract

    contract, _ = Contract.objects.get_or_create(
        location=world.location,
        programme=world.programme,
        defaults={"places": 2, "tariff": 10, "valid_from": datetime.date(2026, 1, 1)},
    )
    return contract


# Location staff and signals: the placement above (at the world's
# location, where the world's location staff work) and a signal about it.
def _staff_placement(world):
    return {"pk": _placement_world(world).pk}


def _staff_signal(world):
    from buitenshuis.activities.models import Signal

    signal, _ = Signal.objects.get_or_create(
        placement=_placement_world(world),
        created_by=world.users["location_staff"],
        defaults={"kind": Signal.Kind.WORRY, "text": "Verzonnen signaal."},
    )
    return {"pk": signal.pk}


# Network meetings and agreements of the own family (its enrolment runs).
def _own_meeting(world):
    import datetime

    from buitenshuis.casework.models import NetworkMeeting

    enrolment = world.own_family.enrolments.get()
    meeting, _ = NetworkMeeting.objects.get_or_create(
        enrolment=enrolment,
        date=datetime.date(2026, 2, 3),
        defaults={"minutes_text": "Verzonnen verslag.", "created_by": enrolment.linking_pin},
    )
    return {"family_pk": world.own_family.pk, "pk": meeting.pk}


def _own_agreement(world):
    from buitenshuis.casework.models import Agreement, PartnerKind

    enrolment = world.own_family.enrolments.get()
    agreement, _ = Agreement.objects.get_or_create(
        enrolment=enrolment,
        what="Verzonnen afspraak.",
        defaults={"holder_kind": PartnerKind.LINKING_PIN, "created_by": enrolment.linking_pin},
    )
    return {"family_pk": world.own_family.pk, "pk": agreement.pk}


def _training_session(world):
    import datetime

    from buitenshuis.training.models import Module, TrainingSession

    session = TrainingSession.objects.create(
        programme=world.programme, module=Module.LP_DAY, date=datetime.date(2026, 1, 15)
    )
    return {"pk": session.pk}


# Goals, reviews, support for the parents, the safety plan and the
# Verwijsindex of the own family (made on first use).
def _own_goal(world):
    from buitenshuis.casework.models import Goal, GoalDomain

    goal, _ = Goal.objects.get_or_create(
        enrolment=world.own_enrolment,
        domain=GoalDomain.CALM_AND_STRUCTURE,
        defaults={"description": "Vaste bedtijden.", "created_by": world.users["linking_pin"]},
    )
    return {"pk": world.own_family.pk, "goal": goal.pk}


def _own_support(world):
    from buitenshuis.casework.models import SupportAction

    action, _ = SupportAction.objects.get_or_create(
        enrolment=world.own_enrolment,
        kind=SupportAction.Kind.PARENTING,
        defaults={"description": "Opvoedcursus.", "created_by": world.users["linking_pin"]},
    )
    return {"pk": world.own_family.pk, "support": action.pk}


def _own_safety_plan(world):
    from buitenshuis.casework.models import SafetyPlan

    SafetyPlan.objects.get_or_create(
        enrolment=world.own_enrolment,
        version=1,
        defaults={
            "whom_to_call": "Oma.",
            "where_children_go": "Naar oma.",
            "agreed_signals": "Gordijnen dicht.",
            "created_by": world.users["linking_pin"],
        },
    )
    return {"pk": world.own_family.pk, "version": 1}


GOAL_READERS = {"linking_pin", "coordinator"}
LOCATION_READERS = {"coordinator", "policy_officer", "linking_pin", "administrator"}
LOCATION_WRITERS = {"coordinator", "administrator"}


def _house_style(world):
    """The programme's house style with a logo (no personal data: public)."""
    from buitenshuis.organisations.tests.factories import HouseStyleFactory

    style = HouseStyleFactory(with_logo=True)
    return {"pk": style.pk, "version": style.version}


# The programme's set-up, partners and meetings (Data.PROGRAMME): the
# coordinator and the policy officer change; the linking pin, the
# researcher and the administrator read (ACCESS.md).
PROGRAMME_READERS = {"coordinator", "policy_officer", "linking_pin", "researcher", "administrator"}
PROGRAMME_WRITERS = {"coordinator", "policy_officer"}


def _research_export(world):
    """A released research export of programme A (monitoring.research)."""
    from buitenshuis.monitoring import research

    export = research.request_export(world.users["coordinator"], world.programme)
    research.release(world.users["coordinator"], export, confirmed=True)
    return {"pk": export.pk}


RESEARCH = {"coordinator", "researcher"}


def _setup_task(world):
    from buitenshuis.programmes import rules

    return {"pk": rules.checklist(world.programme)[0].pk}


def _programme_partner(world):
    from buitenshuis.programmes.models import PartnerRole, ProgrammePartner

    partner, _ = ProgrammePartner.objects.get_or_create(
        programme=world.programme,
        organisation=world.location.organisation,
        role=PartnerRole.EXECUTION,
    )
    return {"pk": partner.pk}


def _programme_meeting(world):
    import datetime

    from django.utils import timezone

    from buitenshuis.programmes.models import MeetingKind, ProgrammeMeeting

    meeting, _ = ProgrammeMeeting.objects.get_or_create(
        programme=world.programme,
        kind=MeetingKind.PARTNERS,
        defaults={"starts_at": timezone.now() + datetime.timedelta(days=5)},
    )
    return {"pk": meeting.pk}


def _feed_token(world):
    from buitenshuis.monitoring import rules_feed

    feed_token, _token = rules_feed.issue(
        world.users["coordinator"], world.programme, "Rapportages"
    )
    return {"pk": feed_token.pk}


# Questionnaires (monitoring): the default set and the own family's
# enrolment (running since 2026-01-01).
def _instrument(world, key="welzijn-ouder"):
    from buitenshuis.monitoring.models_questionnaires import Instrument
    from buitenshuis.monitoring.questionnaires_default import ensure_default_instruments

    ensure_default_instruments()
    return Instrument.objects.get(key=key)


def _own_instrument(world):
    return {"pk": world.own_family.pk, "instrument": _instrument(world).pk}


def _own_response(world):
    from buitenshuis.casework.models import Person
    from buitenshuis.monitoring import questionnaires

    parent = world.own_family.members.get(kind=Person.Kind.PARENT)
    response = questionnaires.enter_answers(
        world.users["linking_pin"], world.own_enrolment, _instrument(world), "start", {}, parent
    )
    return {"pk": world.own_family.pk, "response": response.pk}


def _valid_token(world):
    """A link that works: public, for whoever holds it."""
    from buitenshuis.casework.models import Person
    from buitenshuis.monitoring import questionnaires

    parent = world.own_family.members.get(kind=Person.Kind.PARENT)
    _invitation, token = questionnaires.issue_invitation(
        world.users["linking_pin"], world.own_enrolment, _instrument(world), "start", parent
    )
    return {"token": token}


MATRIX = {
    # Sign-in pages: public; a signed-in user is sent on.
    "accounts:login": (None, ALL, 302, None, 200),
    "accounts:verify": (None, ALL, 302, None, 302),
    "accounts:setup": (None, ALL, 302, None, 302),
    "accounts:logout": (None, ALL, 405, None, 405),  # POST only
    "accounts:keepalive": (None, ALL, 204, None, 401),
    # Mijn instellingen: every signed-in user, their own account only.
    "accounts:settings": (None, ALL, 200, None, 302),
    "set_language": (None, ALL, 302, None, 302),
    # The English prefixes of 0.1: a permanent redirect for everyone (the
    # page it leads to applies the policy).
    "old_casework": (lambda world: {"rest": "gezinnen/"}, ALL, 301, None, 301),
    "old_audit": (lambda world: {"rest": "gezin/"}, ALL, 301, None, 301),
    # The product's own pages.
    "portal:start": (None, ALL, 200, None, 302),
    # A house style's stylesheet and logo: the same for everyone.
    "portal:house_style_css": (_house_style, ALL, 200, None, 200),
    "portal:house_style_logo": (_house_style, ALL, 200, None, 200),
    # A referrer: what they entered, until the decision.
    "casework:family_list": (None, {*CASE_READERS, "referrer"}, 200, 403, 302),
    "casework:family_detail": (
        _own_family,
        {"coordinator", "policy_officer", "linking_pin"},
        200,
        None,
        302,
    ),
    # A section of the hub: each one for every role in HUB_SECTIONS below.
    "casework:family_section": (
        lambda w: {"pk": w.own_family.pk, "section": "aanmelding"},
        CASE_READERS,
        200,
        None,
        302,
    ),
    # The linking pin's own caseload: nobody else has one (ACCESS.md:
    # contacts RW own), so the page is refused to every other role.
    "casework:caseload": (None, {"linking_pin"}, 200, 403, 302),
    # Recording a contact: the responsible linking pin only (the
    # coordinator reads contacts, never writes them or their notes).
    "casework:contact": (_own_family, {"linking_pin"}, 200, None, 302),
    # A colleague standing in: the responsible linking pin or the coordinator.
    "casework:handover": (
        lambda w: {"pk": w.accepted_referral.family_id},
        {"linking_pin", "coordinator"},
        200,
        None,
        302,
    ),
    # Goals, reviews and support: the responsible linking pin writes, the
    # coordinator reads (Data.GOALS); the safety plan is the linking pin's
    # alone (Data.CONTACT_NOTES); the Verwijsindex is intake data.
    "casework:goal_create": (_own_family, {"linking_pin"}, 200, None, 302),
    "casework:goal_detail": (_own_goal, GOAL_READERS, 200, None, 302),
    "casework:review": (
        lambda w: {"pk": w.own_family.pk, "month": 0},
        GOAL_READERS,
        200,
        None,
        302,
    ),
    "casework:reviews_due": (None, GOAL_READERS, 200, 403, 302),
    # Questionnaires: a person's answers are the responsible linking pin's
    # only (ACCESS.md); the respondent's page is public behind its link.
    "monitoring:questionnaire_due": (None, {"linking_pin"}, 200, 403, 302),
    "monitoring:questionnaire_invite": (_own_family, {"linking_pin"}, 200, None, 302),
    "monitoring:questionnaire_enter": (_own_instrument, {"linking_pin"}, 200, None, 302),
    "monitoring:questionnaire_response": (_own_response, {"linking_pin"}, 200, None, 302),
    "monitoring:questionnaire_respond": (_valid_token, ALL, 200, None, 200),
    "monitoring:questionnaire_thanks": (None, ALL, 200, None, 200),
    "casework:support_create": (_own_family, {"linking_pin"}, 200, None, 302),
    "casework:support_update": (_own_support, {"linking_pin"}, 200, None, 302),
    "casework:safety_plan": (_own_family, {"linking_pin"}, 200, None, 302),
    "casework:safety_plan_create": (_own_family, {"linking_pin"}, 200, None, 302),
    "casework:safety_plan_version": (_own_safety_plan, {"linking_pin"}, 200, None, 302),
    "casework:referral_index": (_own_family, CASE_READERS, 200, None, 302),
    "casework:referral_index_due": (None, CASE_READERS, 200, 403, 302),
    # Handing a family to another linking pin for good: the same two.
    "casework:transfer": (_own_family, {"linking_pin", "coordinator"}, 200, None, 302),
    # Closing the enrolment: the responsible linking pin only (the
    # coordinator reads the closure, the policy officer its outcome).
    "casework:closure": (_own_family, {"linking_pin"}, 200, None, 302),
    # Network meetings: the responsible linking pin records (with the
    # minutes); the coordinator reads date and participants. Agreements:
    # the linking pin adds and finishes them, the coordinator reads.
    "casework:meeting_create": (_own_family, {"linking_pin"}, 200, None, 302),
    "casework:meeting_detail": (_own_meeting, {"linking_pin", "coordinator"}, 200, None, 302),
    "casework:agreement_create": (_own_family, {"linking_pin"}, 200, None, 302),
    "casework:agreement_done": (_own_agreement, {"linking_pin"}, 405, None, 302),  # POST only
    "casework:agreement_drop": (_own_agreement, {"linking_pin"}, 200, None, 302),
    "casework:agreement_list": (None, {"linking_pin", "coordinator"}, 200, 403, 302),
    # The referral route. The programme's decider is the policy
    # officer (the default); the linking pin is the one assigned.
    "referrals:create": (None, {"linking_pin", "referrer"}, 200, 403, 302),
    # Who may enter a referral: the referrer, and a linking pin on a
    # referrer's behalf.
    "referrals:mine": (None, {"linking_pin", "referrer"}, 200, 403, 302),
    "referrals:withdraw": (_open_referral, {"linking_pin", "referrer"}, 200, None, 302),
    "referrals:list": (None, CASE_READERS, 200, 403, 302),
    "referrals:detail": (_open_referral, CASE_READERS, 200, None, 302),
    "referrals:assign": (_open_referral, {"coordinator"}, 200, None, 302),
    "referrals:intake": (_open_referral, {"linking_pin"}, 200, None, 302),
    "referrals:consent": (_open_referral, {"linking_pin"}, 200, None, 302),
    "referrals:decide": (_open_referral, {"policy_officer"}, 200, None, 302),
    "referrals:override": (_open_referral, {"coordinator"}, 200, None, 302),
    # Closing a postcode warning: the programme's coordinator.
    "referrals:confirm_address": (_postcode_warning, {"coordinator"}, 200, None, 302),
    "referrals:letter": (_accepted_referral, CASE_READERS, 200, None, 302),
    # The old address of arranging a handover: on to the case hub's form.
    "referrals:handover": (_accepted_referral, {"linking_pin", "coordinator"}, 302, None, 302),
    "referrals:tasks": (None, {"policy_officer"}, 200, 403, 302),
    "referrals:task": (_mandate_task, {"policy_officer"}, 200, None, 302),
    # The old address of the programme's settings: a permanent redirect for
    # everyone to programmes:settings, which checks access itself.
    "referrals:settings": (None, ALL, 301, None, 301),
    # Possible duplicates: the programme's coordinator only; the
    # one who referred never learns of them.
    "referrals:duplicates": (None, {"coordinator"}, 200, 403, 302),
    "referrals:duplicate": (_possible_duplicate, {"coordinator"}, 200, None, 302),
    # The decision letter's texts: who may change the programme.
    "referrals:letter_texts": (None, {"coordinator", "policy_officer"}, 200, 403, 302),
    "referrals:letter_preview": (None, {"coordinator", "policy_officer"}, 200, 403, 302),
    # The programme's settings: who may change the programme.
    "programmes:settings": (None, {"coordinator", "policy_officer"}, 200, 403, 302),
    # The budget (ACCESS.md: budget and costs RW for both; the researcher's
    # aggregated figures are monitoring's, not these pages).
    "programmes:budget": (None, {"coordinator", "policy_officer"}, 200, 403, 302),
    "programmes:budget_edit": (
        lambda w: {"year": 2027},
        {"coordinator", "policy_officer"},
        200,
        403,
        302,
    ),
    "activities:budget_costs": (None, {"coordinator", "policy_officer"}, 200, 403, 302),
    # Who takes which family: read by who may change the programme's
    # settings, kept by the coordinator (Data.ASSIGNMENT).
    "programmes:assignment_rules": (None, {"coordinator", "policy_officer"}, 200, 403, 302),
    "programmes:assignment_rule_create": (None, {"coordinator"}, 200, 403, 302),
    "programmes:assignment_rule": (
        _assignment_rule,
        {"coordinator", "policy_officer"},
        200,
        None,
        302,
    ),
    "programmes:assignment_rule_edit": (_assignment_rule, {"coordinator"}, 200, None, 302),
    "programmes:assignment_rule_delete": (_assignment_rule, {"coordinator"}, 200, None, 302),
    # The set-up checklist, the partners, the meetings and the project plan.
    "programmes:setup": (None, PROGRAMME_READERS, 200, 403, 302),
    "programmes:task_create": (None, PROGRAMME_WRITERS, 200, 403, 302),
    "programmes:task_edit": (_setup_task, PROGRAMME_WRITERS, 200, None, 302),
    "programmes:task_delete": (_setup_task, PROGRAMME_WRITERS, 200, None, 302),
    "programmes:partner_list": (None, PROGRAMME_READERS, 200, 403, 302),
    "programmes:partner_create": (None, PROGRAMME_WRITERS, 200, 403, 302),
    "programmes:partner_detail": (_programme_partner, PROGRAMME_READERS, 200, None, 302),
    "programmes:partner_edit": (_programme_partner, PROGRAMME_WRITERS, 200, None, 302),
    "programmes:partner_delete": (_programme_partner, PROGRAMME_WRITERS, 200, None, 302),
    "programmes:meeting_list": (None, PROGRAMME_READERS, 200, 403, 302),
    "programmes:meeting_create": (None, PROGRAMME_WRITERS, 200, 403, 302),
    "programmes:meeting_detail": (_programme_meeting, PROGRAMME_READERS, 200, None, 302),
    "programmes:meeting_edit": (_programme_meeting, PROGRAMME_WRITERS, 200, None, 302),
    "programmes:plan": (None, PROGRAMME_READERS, 200, 403, 302),
    "programmes:plan_pdf": (None, PROGRAMME_READERS, 200, 403, 302),
    # The access log: the privacy officer only (an administrator with the
    # privacy-officer flag; the world's administrator has it).
    "access:family_log": (None, {"administrator"}, 200, 403, 302),
    "access:family_export": (None, {"administrator"}, 200, 403, 302),
    "access:user_log": (None, {"administrator"}, 200, 403, 302),
    "access:user_export": (None, {"administrator"}, 200, 403, 302),
    "access:membership_log": (None, {"administrator"}, 200, 403, 302),
    # Locations and contracts
    "activities:location_list": (None, LOCATION_READERS, 200, 403, 302),
    "activities:location_create": (None, LOCATION_WRITERS, 200, 403, 302),
    "activities:location_detail": (
        lambda w: {"pk": _location_contract(w).location_id},
        LOCATION_READERS,
        200,
        None,
        302,
    ),
    "activities:location_edit": (
        lambda w: {"pk": _location_contract(w).location_id},
        LOCATION_WRITERS,
        200,
        None,
        302,
    ),
    "activities:contract_create": (
        lambda w: {"location_pk": _location_contract(w).location_id},
        LOCATION_WRITERS,
        200,
        None,
        302,
    ),
    "activities:contract_edit": (
        lambda w: {"pk": _location_contract(w).pk},
        LOCATION_WRITERS,
        200,
        None,
        302,
    ),
    # Placements: the responsible linking pin places; the
    # programme's coordinator sees the suggestions and may allow a location
    # without trained staff.
    "activities:placement_suggest": (
        _placement_child,
        {"linking_pin", "coordinator"},
        200,
        None,
        302,
    ),
    "activities:placement_create": (_placement_location, {"linking_pin"}, 200, None, 302),
    # The first day of the activity, after an acceptance: the family's
    # linking pin.
    "activities:activity_start": (_accepted_enrolment, {"linking_pin"}, 200, None, 302),
    "activities:placement_detail": (
        lambda w: {"pk": _placement_world(w).pk},
        CASE_READERS,
        200,
        None,
        302,
    ),
    "activities:readiness_override": (
        lambda w: _placement_location(w, child=False),
        {"coordinator"},
        200,
        None,
        302,
    ),
    # Location staff and signals: staff see the children at their
    # location and pass signals; the responsible linking pin reads and
    # acknowledges them (POST only), the coordinator reads the programme's.
    "activities:my_children": (None, {"location_staff"}, 200, 403, 302),
    "activities:signal_create": (_staff_placement, {"location_staff"}, 200, None, 302),
    "activities:signal_inbox": (None, {"linking_pin", "coordinator"}, 200, 403, 302),
    "activities:signal_acknowledge": (_staff_signal, {"linking_pin"}, 405, None, 302),
    # What was done with a signal: the responsible linking pin records it.
    "activities:signal_follow_up": (_staff_signal, {"linking_pin"}, 200, None, 302),
    # Training: readers of the programme's training records, the
    # coordinator (and the administrator, RW in ACCESS.md) plans and records;
    # every linking pin and location staff member sees their own.
    "training:overview": (None, LOCATION_READERS, 200, 403, 302),
    "training:mine": (None, {"coordinator", "linking_pin", "location_staff"}, 200, 403, 302),
    "training:session_list": (None, LOCATION_READERS, 200, 403, 302),
    "training:session_create": (None, LOCATION_WRITERS, 200, 403, 302),
    "training:session_detail": (_training_session, LOCATION_READERS, 200, None, 302),
    "training:record_create": (None, LOCATION_WRITERS, 200, 403, 302),
    # Exports of the case lists: the same gate as the list they export
    # (monitoring.views_exports); the data dictionary describes columns,
    # never rows, for whoever may see a referral's status or may export
    # the indicators (the researcher too).
    "monitoring:export_families": (None, {*CASE_READERS, "referrer"}, 200, 403, 302),
    "monitoring:export_referrals": (None, CASE_READERS, 200, 403, 302),
    "monitoring:export_caseload": (None, {"linking_pin"}, 200, 403, 302),
    "monitoring:export_dictionary": (
        lambda w: {"export": "gezinnen"},
        {*CASE_READERS, "referrer", "researcher"},
        200,
        403,
        302,
    ),
    # The dashboard's figures as CSV and XLSX: the dashboard's gate and
    # selection (a linking pin their own caseload, the researcher above
    # the programme only).
    "monitoring:export_indicators_csv": (
        None,
        {"coordinator", "policy_officer", "linking_pin", "researcher"},
        200,
        403,
        302,
    ),
    "monitoring:export_indicators_xlsx": (
        None,
        {"coordinator", "policy_officer", "linking_pin", "researcher"},
        200,
        403,
        302,
    ),
    # The dashboard: inside the programme for who has Data.MONITORING (a
    # linking pin their own caseload), above it for who has
    # Data.COUNCIL_REPORT (the researcher: aggregates only).
    "monitoring:dashboard": (
        None,
        {"coordinator", "policy_officer", "linking_pin", "researcher"},
        200,
        403,
        302,
    ),
    # The rows behind a figure: inside the programme only, never for the
    # researcher (figures only).
    "monitoring:indicator_rows": (
        lambda w: {"key": "referrals_by_route", "name": "referrals"},
        CASE_READERS,
        200,
        403,
        302,
    ),
    # The council report, page and PDF: Data.COUNCIL_REPORT (the
    # coordinator and the policy officer their programme's, the researcher
    # a region's or the country's).
    "monitoring:council_report": (
        None,
        {"coordinator", "policy_officer", "researcher"},
        200,
        403,
        302,
    ),
    "monitoring:council_report_pdf": (
        None,
        {"coordinator", "policy_officer", "researcher"},
        200,
        403,
        302,
    ),
    # The aggregated feed's tokens: the programme's coordinator issues and
    # revokes them. The feed itself opens to a bearer token only: without
    # one every request, signed in or not, is 401.
    "monitoring:feed_tokens": (None, {"coordinator"}, 200, 403, 302),
    "monitoring:feed_token_revoke": (_feed_token, {"coordinator"}, 200, None, 302),
    "monitoring:feed_csv": (lambda w: {"name": "aanmeldingen"}, set(), 200, 401, 401),
    "monitoring:feed_odata": (lambda w: {"name": "aanmeldingen"}, set(), 200, 401, 401),
    "monitoring:feed_odata_service": (None, set(), 200, 401, 401),
    # The research export: the coordinator requests and releases, the
    # researcher downloads (ACCESS.md "research export").
    "monitoring:research_list": (None, RESEARCH, 200, 403, 302),
    "monitoring:research_request": (None, {"coordinator"}, 200, 403, 302),
    "monitoring:research_detail": (_research_export, RESEARCH, 200, None, 302),
    "monitoring:research_release": (_research_export, {"coordinator"}, 200, None, 302),
    "monitoring:research_download": (_research_export, {"researcher"}, 200, None, 302),
}

# Names whose kwargs come from the world, per rule above.
EXEMPT_PREFIXES = ("admin:",)


def test_every_url_has_a_rule():
    names = set(walk(get_resolver().url_patterns))
    missing = sorted(
        name for name in names if name not in MATRIX and not name.startswith(EXEMPT_PREFIXES)
    )
    assert not missing, f"URL patterns without a rule in the access matrix: {missing}"
    unknown = sorted(set(MATRIX) - names)
    assert not unknown, f"Rules for URLs that no longer exist: {unknown}"


def _cases():
    for name in MATRIX:
        for role in [*ROLES, ANON]:
            yield pytest.param(name, role, id=f"{name}-{role}")


@pytest.fixture
def matrix_world(world):
    """The world plus referrals of the own linking pin: one open, one
    accepted under mandate with its task for the municipality."""
    from buitenshuis.referrals.models import Referral
    from buitenshuis.referrals.tests.factories import (
        DecisionFactory,
        MunicipalityTaskFactory,
        make_referral,
    )

    pin, referrer = world.users["linking_pin"], world.users["referrer"]
    world.open_referral = make_referral(world.programme, referrer, linking_pin=pin)
    world.accepted_referral = make_referral(
        world.programme, referrer, linking_pin=pin, status=Referral.Status.ACCEPTED
    )
    decision = DecisionFactory(referral=world.accepted_referral, under_mandate=True)
    world.mandate_task = MunicipalityTaskFactory(decision=decision)
    return world


@pytest.mark.parametrize("name,role", list(_cases()))
def test_matrix(name, role, matrix_world, client, sign_in):
    world = matrix_world
    kwargs_for, allowed, ok_status, denied_status, anon_status = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(world) if kwargs_for else None)
    if role == ANON:
        response = client.get(url)
        assert response.status_code == anon_status, url
        if anon_status == 302 and name.startswith(
            ("portal:", "casework:", "referrals:", "programmes:")
        ):
            assert response.url.startswith(reverse("accounts:login"))
        return
    sign_in(world.users[role])
    response = client.get(url)
    if role in allowed:
        assert response.status_code == ok_status, f"{role} should reach {url}"
    else:
        expected = {denied_status} if denied_status else {403, 404}
        assert response.status_code in expected, f"{role} should be denied {url}"
        body = response.content.decode()
        for family in (world.own_family, world.open_referral.family):
            assert family.reference not in body
            assert family.family_name not in body


# The hub's sections (casework.panels.SECTIONS) of the own family: who is
# offered each (it has a panel of a kind of data the role may see of the
# family). A role that may open the family but none of a section's panels
# gets a logged 403; who may not open the family the hub's own answer.
HUB_SECTIONS = {
    "": CASE_READERS,
    "aanmelding": CASE_READERS,
    "plaatsingen": CASE_READERS,
    "contacten": {"coordinator", "linking_pin"},
    "doelen": {"coordinator", "linking_pin"},
    "afsluiting": CASE_READERS,
    "geschiedenis": {"linking_pin"},
}


def test_every_section_of_the_hub_has_a_rule():
    from buitenshuis.casework.panels import SECTIONS

    assert list(HUB_SECTIONS) == [section.slug for section in SECTIONS]


@pytest.mark.parametrize(
    "slug,role", [(slug, role) for slug in HUB_SECTIONS for role in [*ROLES, ANON]]
)
def test_hub_sections(slug, role, world, client, sign_in):
    from buitenshuis.casework.panels import section_url

    url = section_url(world.own_family.pk, slug)
    if role == ANON:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
        return
    sign_in(world.users[role])
    response = client.get(url)
    if role in HUB_SECTIONS[slug]:
        assert response.status_code == 200, f"{role} should reach {url}"
    else:
        assert response.status_code in {403, 404}, f"{role} should be denied {url}"
        body = response.content.decode()
        assert world.own_family.reference not in body
        assert world.own_family.family_name not in body


def test_linking_pin_is_denied_a_colleagues_family_as_if_it_did_not_exist(world, client, sign_in):
    sign_in(world.users["linking_pin"])
    colleague = client.get(reverse("casework:family_detail", args=[world.colleague_family.pk]))
    missing = client.get(reverse("casework:family_detail", args=[999999]))
    assert colleague.status_code == missing.status_code == 404
    assert world.colleague_family.family_name not in colleague.content.decode()
    assert world.colleague_family.reference not in colleague.content.decode()


def test_coordinator_is_denied_another_programmes_family(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = client.get(reverse("casework:family_detail", args=[world.other_family.pk]))
    assert response.status_code == 404


def test_referrer_sees_what_they_entered_only_until_decided(world, client, sign_in):
    from buitenshuis.casework.tests.factories import FamilyFactory

    undecided = FamilyFactory(programme=world.programme, created_by=world.users["referrer"])
    sign_in(world.users["referrer"])
    assert client.get(reverse("casework:family_detail", args=[undecided.pk])).status_code == 200
    started = client.get(reverse("casework:family_detail", args=[world.own_family.pk]))
    assert started.status_code == 404


# The admin site: the functional administrator only, for every page it has.
def _admin_urls():
    urls = [reverse("admin:index")]
    for model in admin_site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return urls


def test_admin_holds_no_case_content():
    labels = {model._meta.app_label for model in admin_site._registry}
    assert labels <= {"accounts", "organisations"}, labels


@pytest.mark.parametrize("role", [*ROLES, ANON])
def test_admin_matrix(role, world, client, sign_in):
    if role != ANON:
        sign_in(world.users[role])
    for url in _admin_urls():
        response = client.get(url)
        if role == "administrator":
            assert response.status_code == 200, url
        elif role == ANON:
            assert response.status_code == 302, url
        else:
            assert response.status_code == 403, f"{role} reached {url}"


def test_admin_without_privacy_officer_flag_still_manages_users(world, client, sign_in):
    sign_in(world.plain_admin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
