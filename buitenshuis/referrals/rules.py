# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The business rules of the referral route, as plain functions.

Each function that changes data does so in one transaction and raises
``RuleError`` (with a Dutch message for the user) before anything is
stored when a rule is broken. Views call these; they hold no rules.

A message about one input carries its field (``RuleError(..., field=)``),
so that a form shows it there (``core.forms``). What a user may do on a
referral is asked of one function per action (``assign_refusal``,
``intake_refusal``, ``decide_refusal``, ...): the rule that does it and the
page that offers it both ask it. The statuses move only through the tables
of ``referrals.workflow`` and ``casework.workflow``."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.audit.log import record
from buitenshuis.audit.models import Action
from buitenshuis.casework import protected
from buitenshuis.casework import workflow as enrolment_workflow
from buitenshuis.casework.models import Closure, Enrolment, Family, Person
from buitenshuis.core import notify
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import long_date
from buitenshuis.core.validators import FREE_TEXT_MAX, length_error, name_error, normalise_phone
from buitenshuis.organisations import geocoding
from buitenshuis.organisations.models import Membership, Municipality, Programme, Role
from buitenshuis.programmes import assignment as assignment_rules
from buitenshuis.programmes import norms
from buitenshuis.programmes.capacity import capacity_refusal
from buitenshuis.programmes.models import Assignment, ProgrammeSettings
from buitenshuis.referrals import placements
from buitenshuis.referrals import workflow as referral_workflow
from buitenshuis.referrals.models import (
    Consent,
    Decision,
    Intake,
    MunicipalityTask,
    PossibleDuplicate,
    PostcodeCheck,
    Referral,
    Route,
)
from buitenshuis.training import rules as training
from buitenshuis.training.models import TrainingOverride

# Age and municipality ------------------------------------------------------


def age_on(date_of_birth, day):
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def child_age_error(first_name, date_of_birth, day):
    """A message when a child is not 0-17 on ``day``, else None."""
    if date_of_birth > day:
        return _("De geboortedatum van %(name)s ligt in de toekomst.") % {"name": first_name}
    if age_on(date_of_birth, day) >= 18:
        return _(
            "%(name)s is op de aanmelddatum 18 jaar of ouder; het Buitenshuisproject is "
            "voor kinderen van 0 tot en met 17 jaar."
        ) % {"name": first_name}
    return None


def municipality_error(programme, municipality):
    if not programme.municipalities.filter(pk=municipality.pk).exists():
        names = ", ".join(m.name for m in programme.municipalities.all())
        return _(
            "De woongemeente %(municipality)s hoort niet bij dit programma (%(names)s). "
            "Meld het gezin aan bij het programma van de eigen woongemeente."
        ) % {"municipality": municipality.name, "names": names}
    return None


# Duplicates ----------------------------------------------------------------
# A referral is always received. A child who may already be known to the
# same programme is flagged to the programme's coordinator as a
# PossibleDuplicate; the one who refers learns nothing of it. Matching never
# crosses programmes.

OPEN_ENROLMENT = [
    Enrolment.Status.REFERRED,
    Enrolment.Status.INTAKE,
    Enrolment.Status.ACTIVE,
]


def existing_children(first_name, last_name, date_of_birth, bsn="", bsn_hash="", *, programme):
    """Children of ``programme`` already referred or enrolled (not
    withdrawn, rejected or closed) who match by BSN (plain or as its lookup
    hash), or by name and date of birth. Never another programme's."""
    match = Q(
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        date_of_birth=date_of_birth,
    )
    if bsn:
        bsn_hash = protected.lookup_hash(bsn)
    if bsn_hash:
        match |= Q(bsn_hash=bsn_hash)
    return (
        Person.objects.filter(match, kind=Person.Kind.CHILD, family__programme=programme)
        .filter(family__enrolments__status__in=OPEN_ENROLMENT)
        .select_related("family")
        .distinct()
    )


def match_reason(child, existing):
    """Why ``existing`` may be the same child as ``child`` (both Persons)."""
    same_bsn = bool(child.bsn_hash) and child.bsn_hash == existing.bsn_hash
    same_name = (
        child.first_name.strip().casefold() == existing.first_name.strip().casefold()
        and child.last_name.strip().casefold() == existing.last_name.strip().casefold()
        and child.date_of_birth == existing.date_of_birth
    )
    if same_bsn and same_name:
        return PossibleDuplicate.Reason.BOTH
    if same_bsn:
        return PossibleDuplicate.Reason.BSN
    return PossibleDuplicate.Reason.NAME_BIRTH


def programme_coordinators(programme):
    """The users who hold a current coordinator membership of ``programme``."""
    return list(members_of(programme.pk, Role.COORDINATOR))


def flag_possible_duplicates(referral, user, request=None):
    """Compare the children of a new ``referral`` with the children already
    known to its programme; store a PossibleDuplicate per match and write
    one access-log entry naming the families compared (the new one and any
    matched). Returns the PossibleDuplicates. The referrer is never told."""
    flagged = []
    family = referral.family
    for child in family.members.filter(kind=Person.Kind.CHILD):
        candidates = existing_children(
            child.first_name,
            child.last_name,
            child.date_of_birth,
            bsn_hash=child.bsn_hash,
            programme=referral.programme,
        ).exclude(family=family)
        for existing in candidates:
            flagged.append(
                PossibleDuplicate.objects.create(
                    programme=referral.programme,
                    referral=referral,
                    child=child,
                    existing_child=existing,
                    existing_family=existing.family,
                    reason=match_reason(child, existing),
                )
            )
    compared = [family, *{d.existing_family_id: d.existing_family for d in flagged}.values()]
    record(
        request,
        Action.LIST,
        Data.POSSIBLE_DUPLICATE,
        compared,
        user=user,
        reason=_(
            "Automatische controle op een dubbele aanmelding binnen het programma; "
            "de uitkomst is alleen voor de coördinator."
        ),
    )
    return flagged


def resolve_refusal(user, duplicate):
    """Why ``user`` may not judge ``duplicate`` (a Dutch message), or None."""
    if not policy.can(user, "change", Data.POSSIBLE_DUPLICATE, duplicate):
        return _(
            "Alleen de coördinator van het programma beoordeelt mogelijke dubbele aanmeldingen."
        )
    if duplicate.status != PossibleDuplicate.Status.OPEN:
        return _("Deze mogelijke dubbele aanmelding is al beoordeeld.")
    return None


@transaction.atomic
def resolve_possible_duplicate(user, duplicate, outcome, note=""):
    """The programme's coordinator links (the same child: both records stay,
    never merged) or dismisses a possible duplicate. Raises RuleError and
    stores nothing when a rule is broken."""
    duplicate = PossibleDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    refusal = resolve_refusal(user, duplicate)
    if refusal:
        raise RuleError(refusal)
    if outcome not in (PossibleDuplicate.Status.LINKED, PossibleDuplicate.Status.DISMISSED):
        raise RuleError(_("Kies: koppelen of afwijzen."), field="choice")
    duplicate.status = outcome
    duplicate.note = (note or "").strip()
    duplicate.decided_by = user
    duplicate.decided_at = timezone.now()
    duplicate.save(update_fields=["status", "note", "decided_by", "decided_at"])
    return duplicate


def linked_children(child):
    """Children recorded by the coordinator as the same child as ``child``."""
    linked = PossibleDuplicate.objects.filter(status=PossibleDuplicate.Status.LINKED)
    ids = set(linked.filter(child=child).values_list("existing_child_id", flat=True))
    ids |= set(linked.filter(existing_child=child).values_list("child_id", flat=True))
    return Person.objects.filter(pk__in=ids)


# Who may act on a referral ------------------------------------------------
# One function per action answers "why not?" (a Dutch message, or None when
# the user may). The rule that does the action raises that message; the
# referral's page offers the action only when the answer is None.


def is_coordinator(user, programme_id):
    """Whether ``user`` is now a coordinator of the programme: the one check
    of "the programme's coordinator" (capacity, address, training and
    location overrides)."""
    return policy.holds_role(user, Role.COORDINATOR, programme_id)


CLOSED_MESSAGE = gettext_lazy(
    "Over deze aanmelding is al besloten of ze is ingetrokken; dit kan niet meer worden gewijzigd."
)


def closed_refusal(referral):
    """The message for a decided or withdrawn referral, or None when open."""
    return None if referral.is_open else str(CLOSED_MESSAGE)


def assign_refusal(user, referral):
    """Why ``user`` may not assign the linking pin of ``referral``, or None."""
    if not policy.can(user, "change", Data.ASSIGNMENT, referral):
        return _("Alleen de coördinator van het programma wijst een linking pin toe.")
    return closed_refusal(referral)


def intake_refusal(user, referral):
    """Why ``user`` may not record the intake or consent of ``referral``,
    or None."""
    if not policy.can(user, "change", Data.INTAKE, referral):
        return _("Alleen de linking pin van het gezin legt de intake en de toestemming vast.")
    return closed_refusal(referral)


# Consent -------------------------------------------------------------------


def required_consenters(child, parents, day):
    """Who must consent for ``child`` on ``day``: under 12 the parents with
    authority; 12 to 15 the child and the parents with authority; from 16 the
    young person."""
    age = child.age_on(day)
    with_authority = [p for p in parents if p.has_parental_authority]
    if age < 12:
        return with_authority
    if age < 16:
        return [child, *with_authority]
    return [child]


def consent_candidates(child, parents, day):
    """Who can give consent for ``child`` on ``day``: the child itself from
    12, and each parent."""
    return [child, *parents] if child.age_on(day) >= 12 else list(parents)


def consenter_label(person, child):
    """How ``person`` is named as one who consents for ``child``."""
    if person.pk == child.pk:
        return _("%(name)s zelf") % {"name": child.first_name}
    if person.has_parental_authority:
        return _("%(name)s (ouder met gezag)") % {"name": person}
    return _("%(name)s (ouder zonder gezag)") % {"name": person}


def missing_consents(referral, day=None):
    """Dutch messages naming whose consent is missing, per child."""
    day = day or timezone.localdate()
    members = list(referral.family.members.all())
    parents = [m for m in members if m.kind == Person.Kind.PARENT]
    # .all(): uses consents prefetched for many referrals at once (the work
    # queue), else one query.
    given = {(consent.child_id, consent.given_by_id) for consent in referral.consents.all()}
    messages = []
    for child in (m for m in members if m.kind == Person.Kind.CHILD):
        required = required_consenters(child, parents, day)
        if not required:
            messages.append(
                _("Voor %(child)s is geen ouder met gezag bekend; leg het gezag vast.")
                % {"child": child.first_name}
            )
            continue
        for person in required:
            if (child.pk, person.pk) not in given:
                who = consenter_label(person, child)
                messages.append(
                    _("Toestemming voor %(child)s ontbreekt van %(who)s.")
                    % {"child": child.first_name, "who": who}
                )
    return messages


# Ready to start: intake and consent complete --------------------------------


def is_ready(referral):
    """Intake recorded and every required consent given."""
    has_intake = Intake.objects.filter(referral_id=referral.pk).exists()
    return has_intake and not missing_consents(referral)


def mark_ready(referral, now=None):
    """Set (or clear) when intake and consent were completed; the norm for
    the first day runs from here. Called by the steps that record intake and
    consent. Returns True when the referral just became ready."""
    ready = is_ready(referral)
    if ready and referral.ready_at is None:
        referral.ready_at = now or timezone.now()
        referral.save(update_fields=["ready_at"])
        return True
    if not ready and referral.ready_at is not None and referral.is_open:
        referral.ready_at = None
        referral.save(update_fields=["ready_at"])
    return False


def mark_assigned(referral, now=None):
    """Record when the linking pin was first assigned (the norm for the
    intake runs from here)."""
    if referral.assigned_at is None:
        referral.assigned_at = now or timezone.now()
        referral.save(update_fields=["assigned_at"])


def provisional_refusal(referral):
    """Why the linking pin may not yet place a child of this undecided
    referral provisionally (a Dutch message), or None."""
    settings = ProgrammeSettings.for_programme(referral.programme)
    if not referral.is_open:
        return _("Over deze aanmelding is al besloten of ze is ingetrokken.")
    if not settings.start_before_decision:
        return _(
            "In dit programma begint de activiteit pas na het besluit. U kunt het kind "
            "plaatsen zodra de aanmelding is toegekend."
        )
    if not hasattr(referral, "intake"):
        return _(
            "Leg eerst de intake vast. Na intake en toestemming kunt u het kind voorlopig "
            "plaatsen, vóór het besluit."
        )
    missing = missing_consents(referral)
    if missing:
        return _("Voorlopig plaatsen kan nog niet. %(missing)s") % {"missing": " ".join(missing)}
    full = capacity_refusal(referral.programme, referral.enrolment)
    if full and not referral.capacity_override_reason:
        return "{} {}".format(
            full,
            _(
                "Een voorlopige plaatsing telt mee. De coördinator kan de capaciteit met een "
                "reden overschrijden."
            ),
        )
    return None


def default_start_date(referral, today=None):
    """The enrolment's start when the decider gives none: the first day of
    the family's earliest running provisional placement when the activity
    already started before the decision (the two years count from there),
    else today."""
    today = today or timezone.localdate()
    first = placements.answers().first_provisional_day(referral.enrolment, before=today)
    start = first or today
    closed_on = continued_until(referral)
    if closed_on is not None and start <= closed_on:
        # A continuation starts after the enrolment it continues.
        start = closed_on + datetime.timedelta(days=1)
    return start


def continued_until(referral):
    """For a continuation (``referrals.continuation``): the day the
    enrolment it continues was closed; None for a first referral."""
    previous_id = referral.enrolment.previous_id
    if previous_id is None:
        return None
    return (
        Closure.objects.filter(enrolment_id=previous_id).values_list("closed_on", flat=True).first()
    )


def continuation_start_error(referral, start):
    """The Dutch message when a continuation would start on or before the
    closure of the enrolment it continues, else None."""
    closed_on = continued_until(referral)
    if closed_on is not None and start <= closed_on:
        return _("Een vervolgtraject begint na de afsluiting van het vorige traject (%(day)s).") % {
            "day": long_date(closed_on)
        }
    return None


# Recording the intake, the consent and the linking pin ----------------------


def rule_assignment(enrolment):
    """The latest assignment of ``enrolment`` that a rule made
    (``programmes.assignment``), or None when no rule chose."""
    return (
        Assignment.objects.filter(enrolment_id=enrolment.pk, automatic=True)
        .order_by("-assigned_at", "-pk")
        .first()
    )


def reassign_reason_error(enrolment, linking_pin, reason):
    """The Dutch message when ``linking_pin`` is another than the one the
    assignment rule chose for ``enrolment`` and ``reason`` is empty, else
    None."""
    ruled = rule_assignment(enrolment)
    if ruled is None or ruled.linking_pin_id == linking_pin.pk or (reason or "").strip():
        return None
    name = ruled.linking_pin.get_full_name() or ruled.linking_pin.get_username()
    return _(
        "Volgens de toewijzingsregels gaat dit gezin naar %(name)s. Geef de reden waarom u "
        "het aan een andere linking pin toewijst."
    ) % {"name": name}


def _give_to(actor, referral, enrolment, linking_pin, *, choice=None, reason=""):
    """The one write of an assignment, by hand (``assign_linking_pin``) or
    by a rule (``choice``, when a referral is stored): the enrolment gets
    its linking pin, the referral its moment of assignment, an
    ``Assignment`` row says how, and the linking pin gets the e-mail (the
    referral now waits for their intake). Returns the Assignment, or None
    when the linking pin did not change."""
    previous_id = enrolment.linking_pin_id
    enrolment.linking_pin = linking_pin
    enrolment.save(update_fields=["linking_pin"])
    mark_assigned(referral)
    if previous_id == linking_pin.pk:
        return None
    made = Assignment.objects.create(
        enrolment=enrolment,
        linking_pin=linking_pin,
        previous_id=previous_id,
        automatic=choice is not None,
        rule=choice.rule if choice else None,
        rule_text=assignment_rules.describe(choice.rule) if choice else "",
        assigned_by=actor,
        reason=(reason or "").strip(),
    )
    notify.after_commit([linking_pin], actor=actor)
    return made


def assign_by_rule(actor, referral, route):
    """Give a new ``referral`` to the linking pin the programme's assignment
    rules choose (``programmes.assignment.choose_linking_pin``), inside the
    caller's transaction. Returns the Assignment, or None when no rule fits
    or nobody who fits may take it: the referral then waits for the
    coordinator."""
    family = referral.family
    choice = assignment_rules.choose_linking_pin(referral.programme, family.postcode, route)
    if choice is None:
        return None
    enrolment = Enrolment.objects.select_for_update().get(pk=referral.enrolment_id)
    made = _give_to(actor, referral, enrolment, choice.linking_pin, choice=choice)
    referral.enrolment = enrolment  # the caller sees the linking pin
    return made


@transaction.atomic
def assign_linking_pin(user, referral, linking_pin, override_reason=None, reassign_reason=None):
    """Assign ``linking_pin`` to the family of ``referral``; the referral
    then waits for their intake (they get the e-mail). A linking pin whose
    training is not complete is refused, unless the programme's coordinator
    makes an exception for this family with ``override_reason`` (stored as
    a TrainingOverride, returned; the caller's access-log entry refers to
    it). Another linking pin than the assignment rule chose needs
    ``reassign_reason``, kept on the ``Assignment`` (the latest of the
    enrolment). Returns the override or None."""
    referral = Referral.objects.select_related("enrolment").get(pk=referral.pk)
    refusal = assign_refusal(user, referral)
    if refusal:
        raise RuleError(refusal)
    pins = Membership.objects.current().filter(
        role=Role.LINKING_PIN, programme_id=referral.programme_id
    )
    if not pins.filter(user=linking_pin).exists():
        raise RuleError(_("Kies een linking pin van dit programma."), field="linking_pin")
    enrolment = Enrolment.objects.select_for_update().get(pk=referral.enrolment_id)
    missing_reason = reassign_reason_error(enrolment, linking_pin, reassign_reason)
    if missing_reason:
        raise RuleError(missing_reason, field="reassign_reason")
    override = None
    untrained = training.linking_pin_refusal(enrolment, linking_pin)
    if untrained:
        if override_reason is None or not is_coordinator(user, referral.programme_id):
            raise RuleError(untrained, field="linking_pin")
        if not override_reason.strip():
            raise RuleError(_("Geef de reden voor de uitzondering."), field="override_reason")
        override = TrainingOverride.objects.create(
            kind=TrainingOverride.Kind.LINKING_PIN_UNTRAINED,
            enrolment=enrolment,
            linking_pin=linking_pin,
            reason=override_reason.strip(),
            granted_by=user,
        )
    ruled = rule_assignment(enrolment)
    differs = ruled is not None and ruled.linking_pin_id != linking_pin.pk
    _give_to(user, referral, enrolment, linking_pin, reason=reassign_reason if differs else "")
    return override


@transaction.atomic
def record_intake(
    user, referral, *, held_on, conversation, criteria_met, legal_basis, parent_births=None
):
    """Record (or correct) the intake of ``referral``. A received referral
    moves to "in intake", its enrolment with it, and the referrer is told
    the status. ``parent_births``: ``{parent pk: date of birth}`` for
    parents whose date of birth was not known at the referral. Returns True
    when the status changed."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    refusal = intake_refusal(user, referral)
    if refusal:
        raise RuleError(refusal)
    was_ready = ready_for_decision(referral)
    Intake.objects.update_or_create(
        referral=referral,
        defaults={
            "held_on": held_on,
            "conversation": conversation,
            "criteria_met": list(criteria_met),
            "legal_basis": legal_basis,
            "recorded_by": user,
        },
    )
    unknown = referral.family.members.filter(
        kind=Person.Kind.PARENT, date_of_birth__isnull=True, pk__in=list(parent_births or {})
    )
    for parent in unknown:
        born = parent_births[parent.pk]
        if born is not None:
            parent.date_of_birth = born
            parent.save(update_fields=["date_of_birth"])
    changed = referral.status == Referral.Status.RECEIVED
    if changed:
        referral_workflow.move(referral, Referral.Status.INTAKE)
    enrolment = referral.enrolment
    if enrolment.status == Enrolment.Status.REFERRED:
        enrolment_workflow.move(enrolment, Enrolment.Status.INTAKE)
    mark_ready(referral)
    announce_ready(referral, was_ready, actor=user)
    if changed:
        transaction.on_commit(lambda: notify_referrer(referral))
    return changed


@transaction.atomic
def record_consents(user, referral, given, given_on, day=None):
    """Record who gave consent for each child of ``referral``: ``given`` is
    ``{child pk: pks of the people who gave it}`` (a consent not listed for
    a child of ``given`` is removed), ``given_on`` ``{child pk: the date of
    the consents added now}`` (earlier consents keep their date). When the
    referral becomes ready for a decision its deciders get the e-mail."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    refusal = intake_refusal(user, referral)
    if refusal:
        raise RuleError(refusal)
    day = day or timezone.localdate()
    was_ready = ready_for_decision(referral)
    members = {m.pk: m for m in referral.family.members.all()}
    parents = [m for m in members.values() if m.kind == Person.Kind.PARENT]
    existing = {}
    for consent in referral.consents.all():
        existing.setdefault(consent.child_id, {})[consent.given_by_id] = consent
    for child_pk, chosen in given.items():
        child = members.get(child_pk)
        if child is None or child.kind != Person.Kind.CHILD:
            raise RuleError(_("Dit kind hoort niet bij dit gezin."))
        candidates = {p.pk for p in consent_candidates(child, parents, day)}
        for pk in set(chosen) - candidates:
            raise RuleError(
                _("%(person)s kan geen toestemming geven voor %(child)s.")
                % {"person": members.get(pk, _("Deze persoon")), "child": child.first_name}
            )
        had = existing.get(child_pk, {})
        for pk, consent in had.items():
            if pk not in chosen:
                consent.delete()
        for pk in set(chosen) - set(had):
            if given_on.get(child_pk) is None:
                raise ValueError(f"consent for child {child_pk} without a date")
            Consent.objects.create(
                referral=referral,
                child=child,
                given_by=members[pk],
                given_on=given_on[child_pk],
                recorded_by=user,
            )
    mark_ready(referral)
    announce_ready(referral, was_ready, actor=user)


# Deciding ------------------------------------------------------------------


def decider_role(referral):
    return ProgrammeSettings.for_programme(referral.programme).deciding_role


def decide_refusal(user, referral):
    """Why ``user`` may not decide on ``referral`` (a Dutch message), or None."""
    rules = ProgrammeSettings.for_programme(referral.programme)
    role = decider_role(referral)
    if not policy.holds_role(user, role, referral.programme_id) or not policy.can(
        user, "decide", Data.DECISION, referral.family
    ):
        if role == Role.LINKING_PIN:
            return _("In dit programma besluit de linking pin van het gezin, onder mandaat.")
        return _("In dit programma besluit de beleidsmedewerker van de gemeente.")
    if referral.referred_by_id == user.pk and not rules.allow_self_decision:
        return _(
            "U heeft deze aanmelding zelf ingevoerd. Volgens de instellingen van het programma "
            "besluit een ander hierover."
        )
    if not referral.is_open:
        return _("Over deze aanmelding is al besloten of ze is ingetrokken.")
    return None


@transaction.atomic
def decide(user, referral, outcome, reason="", start_date=None, parental_contribution=None):
    """Record the decision; accepting starts the enrolment. Raises RuleError
    and stores nothing when a rule is broken. The decision gets its letter
    reference (``next_letter_reference``)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    refusal = decide_refusal(user, referral)
    if refusal:
        raise RuleError(refusal)
    rules = ProgrammeSettings.for_programme(referral.programme)
    now = timezone.now()
    decision = Decision(
        referral=referral,
        outcome=outcome,
        reason=reason.strip(),
        decided_by=user,
        under_mandate=decider_role(referral) == Role.LINKING_PIN,
        own_referral=referral.referred_by_id == user.pk,
        municipality_reference=rules.municipality_reference,
    )
    enrolment = referral.enrolment
    if outcome == Decision.Outcome.REJECTED:
        if not decision.reason:
            raise RuleError(_("Geef de reden van de afwijzing."), field="reason")
        referral_workflow.move(referral, Referral.Status.REJECTED, save=False)
        referral.closed_at = now
        enrolment_workflow.move(enrolment, Enrolment.Status.REJECTED, save=False)
    else:
        missing = missing_consents(referral)
        if missing:
            raise RuleError(" ".join(missing))
        if not hasattr(referral, "intake"):
            raise RuleError(_("Leg eerst de intake vast."))
        overlap = overlapping_enrolment(referral)
        if overlap:
            raise RuleError(overlap)
        full = capacity_refusal(referral.programme, enrolment)
        if full:
            if not referral.capacity_override_reason:
                raise RuleError(
                    "{} {}".format(
                        full, _("De coördinator kan de capaciteit met een reden overschrijden.")
                    )
                )
            decision.capacity_overridden = True
        start = start_date or default_start_date(referral)
        late = continuation_start_error(referral, start)
        if late:
            raise RuleError(late, field="start_date")
        decision.start_date = start
        decision.end_date = rules.enrolment_end(start)
        referral_workflow.move(referral, Referral.Status.ACCEPTED, save=False)
        enrolment_workflow.move(enrolment, Enrolment.Status.ACTIVE, save=False)
        enrolment.start_date = decision.start_date
        enrolment.end_date = decision.end_date
        decision.parental_contribution = parental_contribution or None
    referral.decided_at = now
    decision.letter_reference = next_letter_reference(referral.family.municipality, now)
    decision.save()
    referral.save()
    enrolment.save()
    if decision.under_mandate and outcome == Decision.Outcome.ACCEPTED:
        MunicipalityTask.objects.create(decision=decision)
        # The programme's policy officers have a mandate decision to note.
        programme_id = referral.programme_id
        notify.after_commit(lambda: members_of(programme_id, Role.POLICY_OFFICER), actor=user)
    started = enrolment.first_activity_date is not None
    placements.answers().decided(decision, timezone.localtime(now).date())
    if outcome == Decision.Outcome.ACCEPTED and not started:
        # The linking pin has children to place (when someone else decided);
        # a provisional placement already started needs nothing more.
        notify.after_commit(lambda: responsible_linking_pins(enrolment), actor=user)
    transaction.on_commit(lambda: notify_referrer(referral))
    return decision


def next_letter_reference(municipality, when):
    """The next reference of a decision letter in ``municipality``: a
    sequence per municipality and year, e.g. ``BH-2026-GM0344-0007``.
    The municipality's row is locked so that two deciders at once do not
    draw the same number (the unique constraint is the last guard)."""
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    prefix = f"BH-{timezone.localtime(when).year}-{municipality.cbs_code}-"
    taken = Decision.objects.filter(letter_reference__startswith=prefix).values_list(
        "letter_reference", flat=True
    )
    numbers = [int(ref[len(prefix) :]) for ref in taken if ref[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def overlapping_enrolment(referral):
    """A message when a child of this family already has an active
    enrolment in another family record of the same programme, by BSN, name
    and date of birth, or as linked by the coordinator (never enrolled
    twice). Never looks into another programme."""
    for child in referral.family.members.filter(kind=Person.Kind.CHILD):
        # One query matching by name and date of birth or by the BSN's
        # lookup hash (combining two querysets crashed on a child with a BSN).
        matching = existing_children(
            child.first_name,
            child.last_name,
            child.date_of_birth,
            bsn_hash=child.bsn_hash,
            programme=referral.programme,
        ).values("pk")
        linked = linked_children(child).filter(family__programme=referral.programme)
        others = Person.objects.filter(
            Q(pk__in=matching) | Q(pk__in=linked.values("pk")),
            family__enrolments__status=Enrolment.Status.ACTIVE,
        ).exclude(family=referral.family)
        if others.exists():
            return _(
                "%(name)s heeft al een lopend traject. Een kind wordt niet twee keer tegelijk "
                "ingeschreven."
            ) % {"name": child.first_name}
    return None


def override_capacity_refusal(user, referral):
    """Why ``user`` may not let ``referral`` be decided over capacity (a
    Dutch message), or None."""
    if not is_coordinator(user, referral.programme_id):
        return _("Alleen de coördinator van het programma kan de capaciteit overschrijden.")
    return closed_refusal(referral)


@transaction.atomic
def override_capacity(user, referral, reason):
    """The programme's coordinator allows the decision on ``referral`` over
    capacity, with a reason kept on the referral."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    refusal = override_capacity_refusal(user, referral)
    if refusal:
        raise RuleError(refusal)
    if not reason.strip():
        raise RuleError(_("Geef de reden om de capaciteit te overschrijden."), field="reason")
    referral.capacity_override_reason = reason.strip()
    referral.capacity_override_by = user
    referral.save(update_fields=["capacity_override_reason", "capacity_override_by"])


@transaction.atomic
def withdraw(user, referral):
    """The referrer or the linking pin withdraws an open referral; its
    enrolment is withdrawn with it. The referrer is told the status."""
    # The stored status counts, not that of the page the user saw.
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.is_open:
        raise RuleError(_("Deze aanmelding kan niet meer worden ingetrokken."))
    referral_workflow.move(referral, Referral.Status.WITHDRAWN, save=False)
    referral.closed_at = timezone.now()
    referral.save(update_fields=["status", "closed_at"])
    enrolment_workflow.move(referral.enrolment, Enrolment.Status.WITHDRAWN)
    transaction.on_commit(lambda: notify_referrer(referral))


# The municipality's note on a decision under mandate ----------------------


def mandate_note_refusal(user, task):
    """Why ``user`` may not take note of (or object to) the mandate decision
    of ``task`` (a Dutch message), or None."""
    if not policy.can(user, "change", Data.MANDATE_REVIEW, task):
        return _(
            "Alleen de beleidsmedewerker van het programma neemt kennis van een besluit "
            "onder mandaat."
        )
    if task.noted_at:
        return _("Van dit besluit is al kennisgenomen.")
    return None


@transaction.atomic
def note_mandate_decision(user, task, objection=None):
    """The municipality takes note of a decision under a linking pin's
    mandate; with ``objection`` (a text) it objects. The enrolment has
    started and keeps running either way."""
    task = MunicipalityTask.objects.select_for_update().get(pk=task.pk)
    refusal = mandate_note_refusal(user, task)
    if refusal:
        raise RuleError(refusal)
    if objection is not None and not objection.strip():
        raise RuleError(_("Beschrijf het bezwaar."), field="objection")
    task.noted_by = user
    task.noted_at = timezone.now()
    task.objection = (objection or "").strip()
    task.save(update_fields=["noted_by", "noted_at", "objection"])
    return task


def notify_referrer(referral):
    """Tell the referrer the status, never the content."""
    user = referral.referred_by
    if not user.email:
        return
    send_mail(
        subject=_("Buitenshuis: status van uw aanmelding %(reference)s")
        % {"reference": referral.family.reference},
        message=_(
            "De status van uw aanmelding met kenmerk %(reference)s is nu: %(status)s.\n\n"
            "Log in bij Buitenshuis om de status te bekijken. Deze e-mail bevat bewust "
            "geen gegevens over het gezin."
        )
        % {"reference": referral.family.reference, "status": referral.referrer_status},
        from_email=None,
        recipient_list=[user.email],
    )


# Hand-offs -----------------------------------------------------------------
# Who something starts waiting for; they get the content-free e-mail
# (core.notify) on commit. Nobody is mailed about their own action.


def members_of(programme_id, role):
    """The users with a current ``role`` membership in the programme."""

    holders = Membership.objects.current().filter(programme_id=programme_id, role=role)
    return get_user_model().objects.filter(pk__in=holders.values("user_id"), is_active=True)


def responsible_linking_pins(enrolment, now=None):
    """The enrolment's linking pin and whoever stands in for them now."""
    now = now or timezone.now()
    stand_ins = enrolment.handovers.filter(starts__lte=now, ends__gt=now).values("to_user_id")
    return get_user_model().objects.filter(
        Q(pk=enrolment.linking_pin_id) | Q(pk__in=stand_ins), is_active=True
    )


def ready_for_decision(referral, day=None):
    """Open, with an intake and every consent the age rules require: the
    decider can decide (and the linking pin can prepare the placement)."""
    return (
        referral.is_open
        and Intake.objects.filter(referral=referral).exists()
        and not missing_consents(referral, day)
    )


def deciders(referral):
    """Who may decide on ``referral`` now: the programme's policy officers,
    or the responsible linking pin under mandate (``ProgrammeSettings.decider``),
    each only when ``decide_refusal`` lets them."""
    role = decider_role(referral)
    if role == Role.LINKING_PIN:
        candidates = responsible_linking_pins(referral.enrolment)
    else:
        candidates = members_of(referral.programme_id, role)
    return [user for user in candidates if decide_refusal(user, referral) is None]


def announce_ready(referral, was_ready, actor):
    """Call after recording intake or consent, with ``ready_for_decision``
    from before the change: when the referral just became ready, its
    deciders get the e-mail (on commit)."""
    if not was_ready and ready_for_decision(referral):
        notify.after_commit(lambda: deciders(referral), actor=actor)


# Retention -----------------------------------------------------------------


def purge_expired(now=None):
    """Remove the personal data of withdrawn and rejected referrals whose
    retention period has passed. Keeps a stub without personal data (route,
    dates, status) for the figures. Returns the number purged."""
    now = now or timezone.now()
    purged = 0
    candidates = Referral.objects.filter(
        status__in=[Referral.Status.WITHDRAWN, Referral.Status.REJECTED],
        purged_at__isnull=True,
        closed_at__isnull=False,
    ).select_related("programme", "family")
    for referral in candidates:
        days = ProgrammeSettings.for_programme(referral.programme).retention_days
        if referral.closed_at + datetime.timedelta(days=days) > now:
            continue
        with transaction.atomic():
            _purge(referral, now)
        purged += 1
    return purged


def _purge(referral, now):
    """Remove the personal data of one referral, including its history
    (django-simple-history keeps the values of deleted rows too)."""
    family = referral.family
    if hasattr(referral, "intake"):
        referral.intake.delete()
    Intake.history.filter(referral_id=referral.pk).delete()
    family.members.all().delete()
    Person.history.filter(family_id=family.pk).delete()
    # Possible duplicates about this family went with its persons (cascade);
    # their history goes too (the coordinator's note may name the child).
    PossibleDuplicate.history.filter(
        Q(referral_id=referral.pk) | Q(existing_family_id=family.pk)
    ).delete()
    Family.history.filter(id=family.pk).delete()
    Referral.history.filter(id=referral.pk).delete()
    if hasattr(referral, "decision"):
        referral.decision.reason = ""
        referral.decision.save(update_fields=["reason"])
    Decision.history.filter(referral_id=referral.pk).exclude(reason="").delete()
    family.family_name = ""
    family.street = ""
    family.house_number = "-"
    family.postcode = ""
    family.city = ""
    family.save()
    referral.worries = ""
    referral.help_involved = ""
    referral.referrer_name = ""
    referral.purged_at = now
    referral.save()


# Timing --------------------------------------------------------------------
# The programme's norms (``programmes.norms``): "too late" is a passed norm,
# per programme, never a fixed number.


def _norm_q(settings, norm, now):
    """The condition for referrals of one programme that passed ``norm``."""
    open_ = Q(status__in=[Referral.Status.RECEIVED, Referral.Status.INTAKE])
    limit = norms.late_before(settings, norm, now)
    if norm == "assign":
        return open_ & Q(enrolment__linking_pin__isnull=True, received_at__lt=limit)
    if norm == "intake":
        # A linking pin who entered the referral was assigned on receipt.
        since = Q(assigned_at__lt=limit) | Q(assigned_at__isnull=True, received_at__lt=limit)
        return open_ & Q(enrolment__linking_pin__isnull=False, intake__isnull=True) & since
    if norm == "decision":
        return open_ & Q(received_at__lt=limit)
    if norm == "start":
        not_started = Q(enrolment__first_activity_date__isnull=True)
        accepted_late = Q(status=Referral.Status.ACCEPTED, decided_at__lt=limit)
        if settings.start_before_decision:
            # From intake and consent completed; an older acceptance without
            # that moment recorded counts from the decision.
            still_running = [
                Referral.Status.RECEIVED,
                Referral.Status.INTAKE,
                Referral.Status.ACCEPTED,
            ]
            late = (Q(ready_at__lt=limit) & Q(status__in=still_running)) | (
                Q(ready_at__isnull=True) & accepted_late
            )
        else:
            late = accepted_late
        return not_started & late
    raise ValueError(norm)


def overdue_by_norm(referrals, now=None):
    """Per norm ("assign", "intake", "decision", "start") the referrals of
    the queryset ``referrals`` (already narrowed to the user's scope) that
    passed their programme's norm: no linking pin assigned in time, no
    intake in time, no decision in time, no first day of the activity in
    time."""
    now = now or timezone.now()
    programme_ids = set(referrals.values_list("programme_id", flat=True).distinct())
    settings = [
        ProgrammeSettings.for_programme(programme) for programme in _programmes(programme_ids)
    ]
    result = {}
    for norm in norms.NORMS:
        condition = Q(pk__in=[])
        for item in settings:
            condition |= Q(programme_id=item.programme_id) & _norm_q(item, norm, now)
        result[norm] = referrals.filter(condition)
    return result


def _programmes(ids):

    return Programme.objects.filter(pk__in=ids).select_related("settings")


def overdue(referrals, now=None):
    """(no decision within the norm, no first day within the norm): the two
    kinds the start page showed first; see ``overdue_by_norm`` for all."""
    found = overdue_by_norm(referrals, now)
    return found["decision"], found["start"]


def durations(referral):
    """The lead times of ``referral``, each a timedelta or None when not
    reached yet: ``to_intake`` (referral -> intake), ``intake_to_start``
    (intake -> first day of the activity), ``to_decision`` (referral ->
    decision). With a start before the decision the first day may come
    before the decision; the three are reported separately."""
    received_day = timezone.localtime(referral.received_at).date()
    # A list of referrals annotates ``intake_held_on`` (one query for all
    # rows, see monitoring.figures.timing); a single referral asks.
    if hasattr(referral, "intake_held_on"):
        held_on = referral.intake_held_on
    else:
        intake = Intake.objects.filter(referral_id=referral.pk).only("held_on").first()
        held_on = intake.held_on if intake else None
    first_day = referral.enrolment.first_activity_date
    return {
        "to_intake": held_on - received_day if held_on else None,
        "intake_to_start": first_day - held_on if held_on and first_day else None,
        "to_decision": (
            referral.decided_at - referral.received_at if referral.decided_at else None
        ),
    }


# Submitting ----------------------------------------------------------------
# Entering a referral (a referrer, or a linking pin on a referrer's behalf):
# who may enter it in which programme, and storing it in one transaction.

# Routes only a linking pin takes: a referral by phone, or from their caseload.
LINKING_PIN_ROUTES = {Route.PHONE, Route.CASELOAD}
ENTRY_ROLES = (Role.REFERRER, Role.LINKING_PIN)


def entry_refusal(membership):
    """Why this membership may not be used to enter a referral (a Dutch
    message), or None."""
    programme = membership.programme
    if programme is None or membership.role not in ENTRY_ROLES:
        return _("Met deze rol kunt u geen gezin aanmelden.")
    if not programme.is_active:
        return _("Het programma %(programme)s is niet actief; aanmelden kan daar niet.") % {
            "programme": programme
        }
    rules = ProgrammeSettings.for_programme(programme)
    if membership.role == Role.REFERRER:
        if membership.organisation.type not in rules.referrer_types:
            return _(
                "Organisaties van het soort %(type)s (zoals %(organisation)s) mogen in het "
                "programma %(programme)s geen gezinnen aanmelden. Neem contact op met de "
                "coördinator van het programma."
            ) % {
                "type": membership.organisation.get_type_display(),
                "organisation": membership.organisation,
                "programme": programme,
            }
        return None
    if not rules.linking_pin_may_refer:
        return _(
            "In het programma %(programme)s voeren linking pins zelf geen aanmeldingen in. "
            "Vraag de verwijzer het gezin aan te melden."
        ) % {"programme": programme}
    return None


def entry_options(user):
    """``(memberships the user may enter a referral with, refusal messages
    for the others)``."""
    allowed, refusals = [], []
    entry_memberships = [m for m in policy.memberships(user) if m.programme_id]
    loaded = ProgrammeSettings.objects.filter(
        programme_id__in={m.programme_id for m in entry_memberships}
    )
    by_programme = {item.programme_id: item for item in loaded}
    for membership in entry_memberships:
        if membership.programme_id in by_programme:
            membership.programme.settings = by_programme[membership.programme_id]
    for membership in policy.memberships(user):
        if membership.role not in ENTRY_ROLES:
            continue
        refusal = entry_refusal(membership)
        if refusal:
            refusals.append(refusal)
        else:
            allowed.append(membership)
    return allowed, refusals


def route_error(membership, route, referrer_name=""):
    """A message when the route does not fit the role, or a linking pin
    leaves out on whose behalf they refer; else None."""
    if membership.role != Role.LINKING_PIN and route in LINKING_PIN_ROUTES:
        return _(
            "De route %(route)s is alleen voor een linking pin; kies de route waarlangs u "
            "het gezin aanmeldt."
        ) % {"route": Route(route).label}
    if (
        membership.role == Role.LINKING_PIN
        and route != Route.CASELOAD
        and not (referrer_name or "").strip()
    ):
        return _(
            "Vul de naam in van de verwijzer namens wie u aanmeldt (niet nodig bij een gezin "
            "uit uw eigen caseload)."
        )
    return None


def route_error_field(membership):
    """The field ``route_error`` is about for this membership: the route for
    a referrer, on whose behalf for a linking pin."""
    return "referrer_name" if membership.role == Role.LINKING_PIN else "route"


POSTCODE = re.compile(r"^([1-9][0-9]{3})([A-Z]{2})$")
HOUSE_NUMBER = re.compile(r"^([1-9][0-9]{0,4})(?:\s*-?\s*([A-Z0-9]{1,4}))?$")


def normalise_postcode(value):
    """A Dutch postcode as "1234 AB", or None when it is not one."""
    compact = re.sub(r"\s+", "", value or "").upper()
    found = POSTCODE.match(compact)
    if not found or found.group(2) in ("SA", "SD", "SS"):
        return None
    return f"{found.group(1)} {found.group(2)}"


def normalise_house_number(value):
    """A house number with an optional addition ("12", "12A", "12-2"), or
    None when it does not start with a number."""
    found = HOUSE_NUMBER.match((value or "").strip().upper())
    if not found:
        return None
    number, addition = found.groups()
    if not addition:
        return number
    if len(addition) == 1 and addition.isalpha():
        return f"{number}{addition}"  # a house letter: 12A
    return f"{number}-{addition}"


POSTCODE_MESSAGE = gettext_lazy(
    "Vul een geldige Nederlandse postcode in: 4 cijfers en 2 letters, bijvoorbeeld 1234 AB."
)
HOUSE_NUMBER_MESSAGE = gettext_lazy(
    "Vul een huisnummer in dat met een getal begint, eventueel met een toevoeging, "
    "bijvoorbeeld 12, 12A of 12-2."
)
NO_PARENT_MESSAGE = gettext_lazy("Vul ten minste één ouder of verzorger in.")
NO_PROBLEM_MESSAGE = gettext_lazy("Kies bij ten minste één ouder de problematiek.")
NO_CHILD_MESSAGE = gettext_lazy("Vul ten minste één kind in.")


def next_family_reference(year):
    """The next free reference of ``year``: BH-2026-0001, BH-2026-0002..."""
    prefix = f"BH-{year}-"
    numbers = [
        int(found.group(1))
        for reference in Family.objects.filter(reference__startswith=prefix).values_list(
            "reference", flat=True
        )
        if (found := re.fullmatch(rf"{re.escape(prefix)}(\d+)", reference))
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _check_submission(user, membership, family, parents, children, referral, day):
    """Every rule of a referral, before anything is stored."""
    if membership.user_id != user.pk or not membership.is_active:
        raise RuleError(_("U kunt alleen met uw eigen rol een gezin aanmelden."))
    refusal = entry_refusal(membership)
    if refusal:
        raise RuleError(refusal)
    problem = municipality_error(membership.programme, family["municipality"])
    if problem:
        raise RuleError(problem, field="municipality")
    if normalise_postcode(family["postcode"]) != family["postcode"]:
        raise RuleError(str(POSTCODE_MESSAGE), field="postcode")
    if normalise_house_number(family["house_number"]) is None:
        raise RuleError(str(HOUSE_NUMBER_MESSAGE), field="house_number")
    problem = route_error(membership, referral["route"], referral.get("referrer_name", ""))
    if problem:
        raise RuleError(problem, field=route_error_field(membership))
    if not parents:
        raise RuleError(str(NO_PARENT_MESSAGE))
    if not any(parent.get("problem_categories") for parent in parents):
        raise RuleError(str(NO_PROBLEM_MESSAGE))
    if not children:
        raise RuleError(str(NO_CHILD_MESSAGE))
    messages = [
        message
        for child in children
        if (message := child_age_error(child["first_name"], child["date_of_birth"], day))
    ]
    messages += [
        _("Het burgerservicenummer van %(name)s is geen geldig BSN.")
        % {"name": child["first_name"]}
        for child in children
        if child.get("bsn") and not protected.is_valid(child["bsn"])
    ]
    if messages:
        raise RuleError(" ".join(messages))


# The postcode and the municipality ----------------------------------------


def check_postcode(programme, family):
    """Ask the national address service in which municipality the family's
    address lies. Returns ``(PostcodeCheck, municipality name found)``:
    MATCHED when it is the chosen municipality, NOT_FOUND when the service
    does not know the postcode, PENDING when the service did not answer (the
    referral is accepted and ``recheck_postcodes`` asks again later). Raises
    RuleError (at the postcode field) when the address lies in another
    municipality."""

    chosen = family["municipality"]
    found = geocoding.municipality_of(family["postcode"], family.get("house_number", ""))
    if found is None:
        return PostcodeCheck.PENDING, ""
    if found == geocoding.ANSWERED_UNKNOWN:
        return PostcodeCheck.NOT_FOUND, ""
    code, name = found
    if code == chosen.cbs_code:
        return PostcodeCheck.MATCHED, name
    raise RuleError(
        postcode_mismatch_message(programme, family["postcode"], chosen, code, name),
        field="postcode",
    )


def postcode_mismatch_message(programme, postcode, chosen, code, name):
    """The Dutch message for a postcode that lies in municipality ``code``
    (``name``) instead of ``chosen``."""
    in_programme = {m.cbs_code: m for m in programme.municipalities.all()}
    if code in in_programme:
        return _(
            "Postcode %(postcode)s ligt volgens de landelijke adresgegevens in de gemeente "
            "%(found)s, niet in %(chosen)s. Kies de juiste woongemeente of controleer de "
            "postcode."
        ) % {"postcode": postcode, "found": in_programme[code].name, "chosen": chosen.name}
    return _(
        "Postcode %(postcode)s ligt volgens de landelijke adresgegevens in de gemeente "
        "%(found)s. Die gemeente hoort niet bij dit programma (%(names)s). Controleer de "
        "postcode, of meld het gezin aan bij het programma van de eigen woongemeente."
    ) % {
        "postcode": postcode,
        "found": name or code,
        "names": ", ".join(m.name for m in in_programme.values()),
    }


def confirm_address_refusal(user, referral):
    """Why ``user`` may not close the postcode warning of ``referral`` (a
    Dutch message), or None."""
    if not is_coordinator(user, referral.programme_id):
        return _("Alleen de coördinator van het programma kan het adres bevestigen.")
    if not referral.postcode_warning:
        return _("Er is geen waarschuwing over de postcode van deze aanmelding.")
    return closed_refusal(referral)


@transaction.atomic
def confirm_address(user, referral):
    """The programme's coordinator closes a postcode warning after checking
    the address with the referrer or the family: the family does live in
    the chosen municipality. Raises RuleError when there is no warning or
    the user is not the programme's coordinator."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    refusal = confirm_address_refusal(user, referral)
    if refusal:
        raise RuleError(refusal)
    referral.postcode_check = PostcodeCheck.CONFIRMED
    referral.postcode_checked_at = timezone.now()
    referral.save(update_fields=["postcode_check", "postcode_checked_at"])
    return referral


def recheck_postcodes(now=None):
    """Ask the address service again for every referral whose postcode
    could not be checked when it was entered. A failed check (another
    municipality, or a postcode the service does not know) becomes a
    warning for the programme's coordinators, who get the content-free
    e-mail. Returns ``(checked, failed, still pending)``."""

    now = now or timezone.now()
    pending = Referral.objects.filter(
        postcode_check=PostcodeCheck.PENDING, purged_at__isnull=True
    ).select_related("family__municipality", "programme")
    checked, failed_programmes, still = [], {}, 0
    for referral in pending:
        family = referral.family
        found = geocoding.municipality_of(family.postcode, family.house_number)
        if found is None:
            still += 1
            continue
        if found == geocoding.ANSWERED_UNKNOWN:
            referral.postcode_check, referral.postcode_found_municipality = (
                PostcodeCheck.NOT_FOUND,
                "",
            )
        else:
            code, name = found
            matched = code == family.municipality.cbs_code
            referral.postcode_check = PostcodeCheck.MATCHED if matched else PostcodeCheck.MISMATCH
            referral.postcode_found_municipality = name or code
        referral.postcode_checked_at = now
        referral.save(
            update_fields=["postcode_check", "postcode_checked_at", "postcode_found_municipality"]
        )
        checked.append(referral)
        if referral.postcode_warning:
            failed_programmes[referral.programme_id] = referral.programme
    if checked:
        # NEN 7513: the command read these families' addresses.
        record(
            None,
            Action.VIEW,
            Data.FAMILY_IDENTITY,
            [referral.family for referral in checked],
            reason=_("Postcode opnieuw gecontroleerd bij de landelijke adresgegevens."),
            responsible="recheck_postcodes",
        )
    coordinators = [
        user
        for programme in failed_programmes.values()
        for user in programme_coordinators(programme)
    ]
    if coordinators:
        transaction.on_commit(lambda: notify.something_waits(coordinators))
    failed = sum(1 for referral in checked if referral.postcode_warning)
    return len(checked), failed, still


# Storing -------------------------------------------------------------------


def _check_people_and_texts(family, parents, children, referral, day):
    """Names, contact details, dates and lengths of a referral:
    every problem in one message. A parent's date of birth may be unknown
    (the intake completes it); a child's is required."""
    messages = []
    names = [(_("De gezinsnaam"), family.get("family_name", ""))]
    if referral.get("referrer_name"):
        names.append((_("De naam van de verwijzer"), referral["referrer_name"]))
    for person in [*parents, *children]:
        names += [
            (_("De voornaam van %(name)s") % {"name": person["first_name"]}, person["first_name"]),
            (_("De achternaam van %(name)s") % {"name": person["first_name"]}, person["last_name"]),
        ]
    for label, value in names:
        if name_error(value):
            messages.append(f"{label}: {name_error(value)}")
    for parent in parents:
        if parent.get("phone") and normalise_phone(parent["phone"]) is None:
            messages.append(
                _("Het telefoonnummer van %(name)s is geen Nederlands telefoonnummer.")
                % {"name": parent["first_name"]}
            )
        born = parent.get("date_of_birth")
        if born is not None and born > day:
            messages.append(
                _("De geboortedatum van %(name)s ligt in de toekomst.")
                % {"name": parent["first_name"]}
            )
    messages += [
        _("Vul de geboortedatum van %(name)s in.") % {"name": child["first_name"]}
        for child in children
        if child.get("date_of_birth") is None
    ]
    for label, key in ((_("Zorgen"), "worries"), (_("Betrokken hulp"), "help_involved")):
        if problem := length_error(label, referral.get(key, ""), FREE_TEXT_MAX):
            messages.append(problem)
    if messages:
        raise RuleError(" ".join(str(message) for message in messages))


def submit_referral(user, membership, family, parents, children, referral, day=None, request=None):
    """Store a referral: the family, its members, an enrolment (referred)
    and the referral (received). Raises RuleError and stores nothing when a
    rule is broken.

    A referral is always received when its data is valid, also when a child
    may already be known to the programme: that is flagged to the
    programme's coordinator (``flag_possible_duplicates``) and the one who
    refers learns nothing of it. The postcode is checked with the national
    address service (``check_postcode``) before anything is stored.

    ``family``: family_name, street, house_number, postcode, city,
    municipality. ``parents``: dicts with first_name, last_name,
    date_of_birth (may be None), problem_categories, has_parental_authority,
    phone, email, interpreter_language (optional). ``children``: dicts with
    first_name, last_name, date_of_birth, bsn (may be empty). ``referral``:
    route, veilig_thuis, worries, help_involved, referrer_name,
    referrer_phone (optional; stored on the user when they have none).
    ``membership``: the user's referrer or linking pin membership; it gives
    the programme and the referring organisation."""
    day = day or timezone.localdate()
    _check_people_and_texts(family, parents, children, referral, day)
    _check_submission(user, membership, family, parents, children, referral, day)
    # The address service is asked outside the transaction: no database
    # lock waits for the network.
    postcode = check_postcode(membership.programme, family)
    return _store_referral(
        user, membership, family, parents, children, referral, day, request, postcode
    )


@transaction.atomic
def _store_referral(user, membership, family, parents, children, referral, day, request, postcode):
    """Store what ``submit_referral`` checked; ``postcode`` is the answer of
    ``check_postcode``."""
    postcode_check, found_municipality = postcode
    assign_to_self = membership.role == Role.LINKING_PIN
    if assign_to_self:
        # Training comes before guiding families: the referral of
        # a linking pin whose training is not complete is stored without a
        # linking pin, for the coordinator to assign (with an override if
        # needed). The family does not wait for paperwork.
        assign_to_self = training.untrained_linking_pin_message(user) is None
    record = None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                record = Family.objects.create(
                    programme=membership.programme,
                    reference=next_family_reference(day.year),
                    family_name=family["family_name"].strip(),
                    street=family.get("street", "").strip(),
                    house_number=normalise_house_number(family["house_number"]),
                    postcode=family["postcode"],
                    city=family.get("city", "").strip(),
                    municipality=family["municipality"],
                    created_by=user,
                )
            break
        except IntegrityError:  # another referral took the same reference
            continue
    if record is None:
        raise RuleError(_("Het kenmerk kon niet worden aangemaakt; probeer het opnieuw."))
    for parent in parents:
        Person.objects.create(
            family=record,
            kind=Person.Kind.PARENT,
            first_name=parent["first_name"].strip(),
            last_name=parent["last_name"].strip(),
            date_of_birth=parent.get("date_of_birth"),
            problem_categories=list(parent.get("problem_categories") or []),
            has_parental_authority=bool(parent.get("has_parental_authority")),
            phone=parent.get("phone", ""),
            email=parent.get("email", ""),
            interpreter_needed=bool(
                parent.get("interpreter_needed") or parent.get("interpreter_language")
            ),
            interpreter_language=parent.get("interpreter_language", "").strip(),
        )
    for child in children:
        person = Person(
            family=record,
            kind=Person.Kind.CHILD,
            first_name=child["first_name"].strip(),
            last_name=child["last_name"].strip(),
            date_of_birth=child["date_of_birth"],
            has_parental_authority=False,
        )
        person.set_bsn(child.get("bsn", ""))
        person.save()
    phone = referral.get("referrer_phone", "")
    if phone and not user.phone:
        # Asked on the form when the account has none: how the linking pin
        # reaches the referrer.
        user.phone = normalise_phone(phone) or ""
        user.save(update_fields=["phone"])
    is_linking_pin = membership.role == Role.LINKING_PIN
    on_behalf_of = referral.get("referrer_name", "").strip() if is_linking_pin else ""
    enrolment = Enrolment.objects.create(
        family=record,
        status=Enrolment.Status.REFERRED,
        linking_pin=user if assign_to_self else None,
    )
    created = Referral.objects.create(
        programme=membership.programme,
        family=record,
        enrolment=enrolment,
        referred_by=user,
        referrer_organisation=membership.organisation,
        referrer_name=on_behalf_of,
        route=referral["route"],
        veilig_thuis=referral["veilig_thuis"],
        worries=referral["worries"].strip(),
        help_involved=referral.get("help_involved", "").strip(),
        status=Referral.Status.RECEIVED,
        postcode_check=postcode_check,
        postcode_checked_at=None if postcode_check == PostcodeCheck.PENDING else timezone.now(),
        postcode_found_municipality=found_municipality,
    )
    flagged = flag_possible_duplicates(created, user, request=request)
    assigned = assign_to_self
    if not assigned and referral["route"] != Route.CASELOAD:
        # Who takes which family: the programme's assignment rules, through
        # the same write as the coordinator's (the linking pin gets the
        # e-mail and the intake waits in their work queue). A family of a
        # linking pin's own caseload is theirs, or the coordinator's to
        # assign.
        assigned = assign_by_rule(user, created, referral["route"]) is not None
    if not assigned or flagged or created.postcode_warning:
        # One e-mail to the programme's coordinators, whatever waits for
        # them: a linking pin to assign, a possible duplicate, a postcode.
        programme_id = membership.programme_id
        notify.after_commit(lambda: members_of(programme_id, Role.COORDINATOR), actor=user)
    return created
