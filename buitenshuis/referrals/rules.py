"""The business rules of the referral route, as plain functions.

Each function that changes data does so in one transaction and raises
``RuleError`` (with a Dutch message for the user) before anything is
stored when a rule is broken. Views call these; they hold no rules."""

import datetime
import re
from decimal import Decimal

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework import protected
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.core import notify
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Membership, Role
from buitenshuis.referrals.models import (
    CapacityKind,
    Decider,
    Decision,
    MunicipalityTask,
    Referral,
    ReferralSettings,
    Route,
)

# Enrolments that hold a place: accepted and not yet closed. A family with a
# provisional placement (start before the decision) holds a place too: see
# ``holding_place``.
HOLDING_PLACE = [Enrolment.Status.ACTIVE]
UNDECIDED = [Enrolment.Status.REFERRED, Enrolment.Status.INTAKE]


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
    from buitenshuis.referrals.models import PossibleDuplicate

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
    from django.contrib.auth import get_user_model

    from buitenshuis.organisations.models import Membership

    user_ids = (
        Membership.objects.current()
        .filter(role=Role.COORDINATOR, programme=programme)
        .values("user_id")
    )
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def flag_possible_duplicates(referral, user, request=None):
    """Compare the children of a new ``referral`` with the children already
    known to its programme; store a PossibleDuplicate per match and write
    one access-log entry naming the families compared (the new one and any
    matched). Returns the PossibleDuplicates. The referrer is never told."""
    from buitenshuis.audit.log import record
    from buitenshuis.audit.models import Action
    from buitenshuis.referrals.models import PossibleDuplicate

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


@transaction.atomic
def resolve_possible_duplicate(user, duplicate, outcome, note=""):
    """The programme's coordinator links (the same child: both records stay,
    never merged) or dismisses a possible duplicate. Raises RuleError and
    stores nothing when a rule is broken."""
    from buitenshuis.referrals.models import PossibleDuplicate

    duplicate = PossibleDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    if not policy.can(user, "change", Data.POSSIBLE_DUPLICATE, duplicate):
        raise RuleError(
            _("Alleen de coördinator van het programma beoordeelt mogelijke dubbele aanmeldingen.")
        )
    if duplicate.status != PossibleDuplicate.Status.OPEN:
        raise RuleError(_("Deze mogelijke dubbele aanmelding is al beoordeeld."))
    if outcome not in (PossibleDuplicate.Status.LINKED, PossibleDuplicate.Status.DISMISSED):
        raise RuleError(_("Kies: koppelen of afwijzen."))
    duplicate.status = outcome
    duplicate.note = (note or "").strip()
    duplicate.decided_by = user
    duplicate.decided_at = timezone.now()
    duplicate.save(update_fields=["status", "note", "decided_by", "decided_at"])
    return duplicate


def linked_children(child):
    """Children recorded by the coordinator as the same child as ``child``."""
    from buitenshuis.referrals.models import PossibleDuplicate

    linked = PossibleDuplicate.objects.filter(status=PossibleDuplicate.Status.LINKED)
    ids = set(linked.filter(child=child).values_list("existing_child_id", flat=True))
    ids |= set(linked.filter(existing_child=child).values_list("child_id", flat=True))
    return Person.objects.filter(pk__in=ids)


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
                who = (
                    _("%(name)s zelf") % {"name": child.first_name}
                    if person.pk == child.pk
                    else _("%(name)s (ouder met gezag)") % {"name": person}
                )
                messages.append(
                    _("Toestemming voor %(child)s ontbreekt van %(who)s.")
                    % {"child": child.first_name, "who": who}
                )
    return messages


# Capacity ------------------------------------------------------------------


def holding_place(enrolments):
    """The enrolments of ``enrolments`` that hold a place: accepted and
    running, or still undecided with a provisional placement that has not
    ended (the start before the decision counts against capacity)."""
    from buitenshuis.activities.models import Placement

    provisional = Placement.objects.provisional().values("enrolment_id")
    return enrolments.filter(
        Q(status__in=HOLDING_PLACE) | Q(status__in=UNDECIDED, pk__in=provisional)
    )


def holds_place(enrolment):
    return holding_place(Enrolment.objects.filter(pk=enrolment.pk)).exists()


def capacity(programme):
    """(used, limit, unit) of the programme's capacity; unit is 'families'
    or 'budget' (euros). Provisionally placed families count."""
    rules = ReferralSettings.for_programme(programme)
    holding = holding_place(Enrolment.objects.filter(family__programme=programme)).count()
    if rules.capacity_kind == CapacityKind.BUDGET:
        return holding * rules.cost_per_family, rules.budget_ceiling, "budget"
    return holding, rules.max_families, "families"


def has_capacity(programme, enrolment=None):
    """Is there room for one more family? A family that already holds a
    place (``enrolment``, e.g. provisionally placed) needs no new one."""
    if enrolment is not None and holds_place(enrolment):
        return True
    used, limit, unit = capacity(programme)
    step = ReferralSettings.for_programme(programme).cost_per_family if unit == "budget" else 1
    return Decimal(used) + Decimal(step) <= Decimal(limit)


# Ready to start: intake and consent complete --------------------------------


def is_ready(referral):
    """Intake recorded and every required consent given."""
    from buitenshuis.referrals.models import Intake

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
    settings = ReferralSettings.for_programme(referral.programme)
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
    if not has_capacity(referral.programme, referral.enrolment) and not (
        referral.capacity_override_reason
    ):
        return _(
            "De capaciteit van het programma is bereikt; een voorlopige plaatsing telt mee. "
            "De coördinator kan de capaciteit met een reden overschrijden."
        )
    return None


def default_start_date(referral, today=None):
    """The enrolment's start when the decider gives none: the first day of
    the family's earliest running provisional placement when the activity
    already started before the decision (the two years count from there),
    else today."""
    from buitenshuis.activities.models import Placement

    today = today or timezone.localdate()
    first = (
        Placement.objects.provisional()
        .filter(enrolment_id=referral.enrolment_id, start_date__lt=today)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    return first or today


def end_provisional_placements(decision, day):
    """After the decision: a rejection ends the family's provisional
    placements on the decision day with the activity days used recorded
    (the location no longer sees the child); an acceptance makes them
    regular placements, keeping their first day."""
    from buitenshuis.activities.models import Placement

    enrolment = decision.referral.enrolment
    now = timezone.now()
    for placement in (
        Placement.objects.select_for_update().filter(enrolment=enrolment).provisional()
    ):
        if decision.outcome == Decision.Outcome.REJECTED:
            # Ends on the decision day; one that had already ended keeps its
            # own last day (it held no place, nor used days, after it).
            last = min(placement.end_date, day)
            placement.days_used = activity_days(placement.days, placement.start_date, last)
            placement.end_date = last
            placement.ended_at = now
            placement.save(update_fields=["days_used", "end_date", "ended_at"])
        else:
            placement.provisional = False
            fields = ["provisional"]
            if enrolment.end_date and placement.end_date > enrolment.end_date:
                placement.end_date = enrolment.end_date
                fields.append("end_date")
            placement.save(update_fields=fields)


WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def activity_days(days, first, last):
    """How many of the weekdays ``days`` ("mon", ...) fall from ``first``
    to ``last`` inclusive (0 when ``last`` is before ``first``)."""
    wanted = {WEEKDAY_KEYS.index(day) for day in days if day in WEEKDAY_KEYS}
    total = (last - first).days + 1
    if total <= 0 or not wanted:
        return 0
    weeks, rest = divmod(total, 7)
    count = weeks * len(wanted)
    for offset in range(rest):
        if (first + datetime.timedelta(days=weeks * 7 + offset)).weekday() in wanted:
            count += 1
    return count


# Deciding ------------------------------------------------------------------


def decider_role(referral):
    rules = ReferralSettings.for_programme(referral.programme)
    return Role.LINKING_PIN if rules.decider == Decider.LINKING_PIN else Role.POLICY_OFFICER


def decide_refusal(user, referral):
    """Why ``user`` may not decide on ``referral`` (a Dutch message), or None."""
    rules = ReferralSettings.for_programme(referral.programme)
    role = decider_role(referral)
    holds_role = any(
        m.role == role and m.programme_id == referral.programme_id for m in policy.memberships(user)
    )
    if not holds_role or not policy.can(user, "decide", Data.DECISION, referral.family):
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
    rules = ReferralSettings.for_programme(referral.programme)
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
            raise RuleError(_("Geef de reden van de afwijzing."))
        referral.status = Referral.Status.REJECTED
        referral.closed_at = now
        enrolment.status = Enrolment.Status.REJECTED
    else:
        missing = missing_consents(referral)
        if missing:
            raise RuleError(" ".join(missing))
        if not hasattr(referral, "intake"):
            raise RuleError(_("Leg eerst de intake vast."))
        overlap = overlapping_enrolment(referral)
        if overlap:
            raise RuleError(overlap)
        if not has_capacity(referral.programme, enrolment):
            if not referral.capacity_override_reason:
                raise RuleError(
                    _(
                        "De capaciteit van het programma is bereikt. De coördinator kan de "
                        "capaciteit met een reden overschrijden."
                    )
                )
            decision.capacity_overridden = True
        start = start_date or default_start_date(referral)
        decision.start_date = start
        decision.end_date = add_months(start, rules.enrolment_months)
        referral.status = Referral.Status.ACCEPTED
        enrolment.status = Enrolment.Status.ACTIVE
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
    end_provisional_placements(decision, timezone.localtime(now).date())
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
    from buitenshuis.organisations.models import Municipality

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


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def override_capacity(user, referral, reason):
    if not policy.holds_role(user, Role.COORDINATOR, referral.programme_id):
        raise RuleError(
            _("Alleen de coördinator van het programma kan de capaciteit overschrijden.")
        )
    if not reason.strip():
        raise RuleError(_("Geef de reden om de capaciteit te overschrijden."))
    referral.capacity_override_reason = reason.strip()
    referral.capacity_override_by = user
    referral.save(update_fields=["capacity_override_reason", "capacity_override_by"])


@transaction.atomic
def withdraw(user, referral):
    if not referral.is_open:
        raise RuleError(_("Deze aanmelding kan niet meer worden ingetrokken."))
    referral.status = Referral.Status.WITHDRAWN
    referral.closed_at = timezone.now()
    referral.save(update_fields=["status", "closed_at"])
    referral.enrolment.status = Enrolment.Status.WITHDRAWN
    referral.enrolment.save(update_fields=["status"])
    transaction.on_commit(lambda: notify_referrer(referral))


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
    from django.contrib.auth import get_user_model

    holders = Membership.objects.current().filter(programme_id=programme_id, role=role)
    return get_user_model().objects.filter(pk__in=holders.values("user_id"), is_active=True)


def responsible_linking_pins(enrolment, now=None):
    """The enrolment's linking pin and whoever stands in for them now."""
    from django.contrib.auth import get_user_model

    now = now or timezone.now()
    stand_ins = enrolment.handovers.filter(starts__lte=now, ends__gt=now).values("to_user_id")
    return get_user_model().objects.filter(
        Q(pk=enrolment.linking_pin_id) | Q(pk__in=stand_ins), is_active=True
    )


def ready_for_decision(referral, day=None):
    """Open, with an intake and every consent the age rules require: the
    decider can decide (and the linking pin can prepare the placement)."""
    from buitenshuis.referrals.models import Intake

    return (
        referral.is_open
        and Intake.objects.filter(referral=referral).exists()
        and not missing_consents(referral, day)
    )


def deciders(referral):
    """Who may decide on ``referral`` now: the programme's policy officers,
    or the responsible linking pin under mandate (``ReferralSettings.decider``),
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
        days = ReferralSettings.for_programme(referral.programme).retention_days
        if referral.closed_at + datetime.timedelta(days=days) > now:
            continue
        with transaction.atomic():
            _purge(referral, now)
        purged += 1
    return purged


def _purge(referral, now):
    """Remove the personal data of one referral, including its history
    (django-simple-history keeps the values of deleted rows too)."""
    from buitenshuis.casework.models import Family
    from buitenshuis.referrals.models import Intake, PossibleDuplicate

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
# The programme's norms (ReferralSettings.norm_*): "too late" is a passed
# norm, per programme, never a fixed number.

NORMS = ("assign", "intake", "decision", "start")


def _norm_q(settings, norm, now):
    """The condition for referrals of one programme that passed ``norm``."""
    open_ = Q(status__in=[Referral.Status.RECEIVED, Referral.Status.INTAKE])
    if norm == "assign":
        limit = now - datetime.timedelta(hours=settings.norm_assign_hours)
        return open_ & Q(enrolment__linking_pin__isnull=True, received_at__lt=limit)
    if norm == "intake":
        limit = now - datetime.timedelta(days=settings.norm_intake_days)
        # A linking pin who entered the referral was assigned on receipt.
        since = Q(assigned_at__lt=limit) | Q(assigned_at__isnull=True, received_at__lt=limit)
        return open_ & Q(enrolment__linking_pin__isnull=False, intake__isnull=True) & since
    if norm == "decision":
        limit = now - datetime.timedelta(days=settings.norm_decision_days)
        return open_ & Q(received_at__lt=limit)
    if norm == "start":
        limit = now - datetime.timedelta(hours=settings.norm_start_hours)
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
        ReferralSettings.for_programme(programme) for programme in _programmes(programme_ids)
    ]
    result = {}
    for norm in NORMS:
        condition = Q(pk__in=[])
        for item in settings:
            condition |= Q(programme_id=item.programme_id) & _norm_q(item, norm, now)
        result[norm] = referrals.filter(condition)
    return result


def _programmes(ids):
    from buitenshuis.organisations.models import Programme

    return Programme.objects.filter(pk__in=ids).select_related("referral_settings")


def overdue(referrals, now=None):
    """(no decision within the norm, no first day within the norm): the two
    kinds the start page showed first; see ``overdue_by_norm`` for all."""
    found = overdue_by_norm(referrals, now)
    return found["decision"], found["start"]


def norms(programme):
    """The programme's norms as (key, amount, unit) for labels."""
    settings = ReferralSettings.for_programme(programme)
    return {
        "assign": (settings.norm_assign_hours, "hours"),
        "intake": (settings.norm_intake_days, "days"),
        "decision": (settings.norm_decision_days, "days"),
        "start": (settings.norm_start_hours, "hours"),
    }


def durations(referral):
    """The lead times of ``referral``, each a timedelta or None when not
    reached yet: ``to_intake`` (referral -> intake), ``intake_to_start``
    (intake -> first day of the activity), ``to_decision`` (referral ->
    decision). With a start before the decision the first day may come
    before the decision; the three are reported separately."""
    from buitenshuis.referrals.models import Intake

    received_day = timezone.localtime(referral.received_at).date()
    # A list of referrals annotates ``intake_held_on`` (one query for all
    # rows, see portal.views.timing); a single referral asks.
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
    rules = ReferralSettings.for_programme(programme)
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
    loaded = ReferralSettings.objects.filter(
        programme_id__in={m.programme_id for m in entry_memberships}
    )
    by_programme = {item.programme_id: item for item in loaded}
    for membership in entry_memberships:
        if membership.programme_id in by_programme:
            membership.programme.referral_settings = by_programme[membership.programme_id]
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


def next_family_reference(year):
    """The next free reference of ``year``: BH-2026-0001, BH-2026-0002..."""
    from buitenshuis.casework.models import Family

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
        raise RuleError(problem)
    if normalise_postcode(family["postcode"]) != family["postcode"]:
        raise RuleError(str(POSTCODE_MESSAGE))
    if normalise_house_number(family["house_number"]) is None:
        raise RuleError(str(HOUSE_NUMBER_MESSAGE))
    problem = route_error(membership, referral["route"], referral.get("referrer_name", ""))
    if problem:
        raise RuleError(problem)
    if not parents:
        raise RuleError(_("Vul ten minste één ouder of verzorger in."))
    if not any(parent.get("problem_categories") for parent in parents):
        raise RuleError(_("Kies bij ten minste één ouder de problematiek."))
    if not children:
        raise RuleError(_("Vul ten minste één kind in."))
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
    from buitenshuis.organisations import geocoding
    from buitenshuis.referrals.models import PostcodeCheck

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


@transaction.atomic
def confirm_address(user, referral):
    """The programme's coordinator closes a postcode warning after checking
    the address with the referrer or the family: the family does live in
    the chosen municipality. Raises RuleError when there is no warning or
    the user is not the programme's coordinator."""
    from buitenshuis.referrals.models import PostcodeCheck

    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not policy.holds_role(user, Role.COORDINATOR, referral.programme_id):
        raise RuleError(_("Alleen de coördinator van het programma kan het adres bevestigen."))
    if not referral.postcode_warning:
        raise RuleError(_("Er is geen waarschuwing over de postcode van deze aanmelding."))
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
    from buitenshuis.audit.log import record
    from buitenshuis.audit.models import Action
    from buitenshuis.core.notify import something_waits
    from buitenshuis.organisations import geocoding
    from buitenshuis.referrals.models import PostcodeCheck

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
        transaction.on_commit(lambda: something_waits(coordinators))
    failed = sum(1 for referral in checked if referral.postcode_warning)
    return len(checked), failed, still


# Storing -------------------------------------------------------------------


def _check_people_and_texts(family, parents, children, referral, day):
    """Names, contact details, dates and lengths of a referral (issue 7):
    every problem in one message. A parent's date of birth may be unknown
    (the intake completes it); a child's is required."""
    from buitenshuis.core.validators import (
        FREE_TEXT_MAX,
        length_error,
        name_error,
        normalise_phone,
    )

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
    postcode_check, found_municipality = check_postcode(membership.programme, family)
    return _store_referral(
        user,
        membership,
        family,
        parents,
        children,
        referral,
        day,
        request,
        postcode_check,
        found_municipality,
    )


@transaction.atomic
def _store_referral(
    user,
    membership,
    family,
    parents,
    children,
    referral,
    day,
    request,
    postcode_check,
    found_municipality,
):
    from buitenshuis.casework.models import Family
    from buitenshuis.referrals.models import PostcodeCheck

    assign_to_self = membership.role == Role.LINKING_PIN
    if assign_to_self:
        # Training comes before guiding families (issue 4): the referral of
        # a linking pin whose training is not complete is stored without a
        # linking pin, for the coordinator to assign (with an override if
        # needed). The family does not wait for paperwork.
        from buitenshuis.training.rules import untrained_linking_pin_message

        assign_to_self = untrained_linking_pin_message(user) is None
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
        # reaches the referrer (issue 7).
        from buitenshuis.core.validators import normalise_phone

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
    if not assign_to_self or flagged or created.postcode_warning:
        # One e-mail to the programme's coordinators, whatever waits for
        # them: a linking pin to assign, a possible duplicate, a postcode.
        programme_id = membership.programme_id
        notify.after_commit(lambda: members_of(programme_id, Role.COORDINATOR), actor=user)
    return created
