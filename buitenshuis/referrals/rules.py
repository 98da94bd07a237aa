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
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.organisations.models import Role
from buitenshuis.referrals import protected
from buitenshuis.referrals.models import (
    CapacityKind,
    Decider,
    Decision,
    MunicipalityTask,
    Referral,
    ReferralSettings,
    Route,
)

DECISION_OVERDUE_DAYS = 14
START_OVERDUE_HOURS = 48
# Enrolments that hold a place: accepted and not yet closed.
HOLDING_PLACE = [Enrolment.Status.ACTIVE]


class RuleError(Exception):
    """A broken rule; ``str(error)`` is the Dutch message for the user."""


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


def existing_children(first_name, last_name, date_of_birth, bsn="", bsn_hash=""):
    """Children already referred or enrolled (not withdrawn, rejected or
    closed) who match by BSN (plain or as its lookup hash), or by name and
    date of birth."""
    match = Q(
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        date_of_birth=date_of_birth,
    )
    if bsn:
        bsn_hash = protected.lookup_hash(bsn)
    if bsn_hash:
        match |= Q(bsn_hash=bsn_hash)
    open_statuses = [
        Enrolment.Status.REFERRED,
        Enrolment.Status.INTAKE,
        Enrolment.Status.ACTIVE,
    ]
    return (
        Person.objects.filter(match, kind=Person.Kind.CHILD)
        .filter(family__enrolments__status__in=open_statuses)
        .select_related("family")
        .distinct()
    )


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
    given = set(referral.consents.values_list("child_id", "given_by_id"))
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


def capacity(programme):
    """(used, limit, unit) of the programme's capacity; unit is 'families'
    or 'budget' (euros)."""
    rules = ReferralSettings.for_programme(programme)
    holding = Enrolment.objects.filter(
        family__programme=programme, status__in=HOLDING_PLACE
    ).count()
    if rules.capacity_kind == CapacityKind.BUDGET:
        return holding * rules.cost_per_family, rules.budget_ceiling, "budget"
    return holding, rules.max_families, "families"


def has_capacity(programme):
    used, limit, unit = capacity(programme)
    step = ReferralSettings.for_programme(programme).cost_per_family if unit == "budget" else 1
    return Decimal(used) + Decimal(step) <= Decimal(limit)


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
def decide(user, referral, outcome, reason="", start_date=None):
    """Record the decision; accepting starts the enrolment. Raises RuleError
    and stores nothing when a rule is broken."""
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
        if not has_capacity(referral.programme):
            if not referral.capacity_override_reason:
                raise RuleError(
                    _(
                        "De capaciteit van het programma is bereikt. De coördinator kan de "
                        "capaciteit met een reden overschrijden."
                    )
                )
            decision.capacity_overridden = True
        start = start_date or timezone.localdate()
        decision.start_date = start
        decision.end_date = add_months(start, rules.enrolment_months)
        referral.status = Referral.Status.ACCEPTED
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.start_date = decision.start_date
        enrolment.end_date = decision.end_date
    referral.decided_at = now
    decision.save()
    referral.save()
    enrolment.save()
    if decision.under_mandate and outcome == Decision.Outcome.ACCEPTED:
        MunicipalityTask.objects.create(decision=decision)
    transaction.on_commit(lambda: notify_referrer(referral))
    return decision


def overlapping_enrolment(referral):
    """A message when a child of this family already has an active
    enrolment in another family record (never enrolled twice)."""
    for child in referral.family.members.filter(kind=Person.Kind.CHILD):
        # One query matching by name and date of birth or by the BSN's
        # lookup hash (combining two querysets crashed on a child with a BSN).
        others = existing_children(
            child.first_name, child.last_name, child.date_of_birth, bsn_hash=child.bsn_hash
        )
        others = others.exclude(family=referral.family).filter(
            family__enrolments__status=Enrolment.Status.ACTIVE
        )
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
    if not any(
        m.role == Role.COORDINATOR and m.programme_id == referral.programme_id
        for m in policy.memberships(user)
    ):
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
    from buitenshuis.referrals.models import Intake

    family = referral.family
    if hasattr(referral, "intake"):
        referral.intake.delete()
    Intake.history.filter(referral_id=referral.pk).delete()
    family.members.all().delete()
    Person.history.filter(family_id=family.pk).delete()
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


def overdue(referrals, now=None):
    """Split a queryset of referrals the user may see into the two kinds of
    overdue items: no decision after 14 days, and no activity start 48 hours
    after an accepted decision."""
    now = now or timezone.now()
    undecided = referrals.filter(
        status__in=[Referral.Status.RECEIVED, Referral.Status.INTAKE],
        received_at__lt=now - datetime.timedelta(days=DECISION_OVERDUE_DAYS),
    )
    not_started = referrals.filter(
        status=Referral.Status.ACCEPTED,
        decided_at__lt=now - datetime.timedelta(hours=START_OVERDUE_HOURS),
        enrolment__first_activity_date__isnull=True,
    )
    return undecided, not_started


def durations(referral):
    """(referral -> decision, decision -> first activity day) as timedeltas
    or None when not reached yet."""
    to_decision = referral.decided_at - referral.received_at if referral.decided_at else None
    to_start = None
    first_day = referral.enrolment.first_activity_date
    if referral.decided_at and first_day:
        decided_day = timezone.localtime(referral.decided_at).date()
        to_start = first_day - decided_day
    return to_decision, to_start


# Submitting ----------------------------------------------------------------
# Entering a referral (a referrer, or a linking pin on a referrer's behalf):
# who may enter it in which programme, and storing it in one transaction.

# Routes only a linking pin takes: a referral by phone, or from their caseload.
LINKING_PIN_ROUTES = {Route.PHONE, Route.CASELOAD}
ENTRY_ROLES = (Role.REFERRER, Role.LINKING_PIN)


class DuplicateChildren(RuleError):
    """One or more children are already referred or enrolled. ``matches``
    is a list of ``(entered child: dict, existing children: list of Person)``;
    the view decides per existing child whether the user may see a link."""

    def __init__(self, message, matches):
        super().__init__(message)
        self.matches = matches


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
    matches = []
    for child in children:
        existing = list(
            existing_children(
                child["first_name"],
                child["last_name"],
                child["date_of_birth"],
                child.get("bsn", ""),
            )
        )
        if existing:
            matches.append((child, existing))
    if matches:
        raise DuplicateChildren(
            _(
                "Een of meer kinderen zijn al aangemeld of ingeschreven. Een kind wordt niet "
                "twee keer aangemeld en gegevens worden nooit samengevoegd; er is niets "
                "opgeslagen."
            ),
            matches,
        )


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
            (_("De voornaam %(name)s") % {"name": person["first_name"]}, person["first_name"]),
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


@transaction.atomic
def submit_referral(user, membership, family, parents, children, referral, day=None):
    """Store a referral: the family, its members, an enrolment (referred)
    and the referral (received). Raises RuleError (DuplicateChildren for
    duplicates) and stores nothing when a rule is broken.

    ``family``: family_name, street, house_number, postcode, city,
    municipality. ``parents``: dicts with first_name, last_name,
    date_of_birth (may be None), problem_categories, has_parental_authority,
    phone, email, interpreter_language (optional). ``children``: dicts with
    first_name, last_name, date_of_birth, bsn (may be empty). ``referral``:
    route, veilig_thuis, worries, help_involved, referrer_name,
    referrer_phone (optional; stored on the user when they have none).
    ``membership``: the user's referrer or linking pin membership; it gives
    the programme and the referring organisation."""
    from buitenshuis.casework.models import Family

    day = day or timezone.localdate()
    _check_people_and_texts(family, parents, children, referral, day)
    _check_submission(user, membership, family, parents, children, referral, day)
    assign_to_self = membership.role == Role.LINKING_PIN
    if assign_to_self:
        # Training comes before guiding families (issue 4): the referral of
        # a linking pin whose training is not complete is stored without a
        # linking pin, for the coordinator to assign (with an override if
        # needed). The family does not wait for paperwork.
        from buitenshuis.activities.rules import untrained_linking_pin_message

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
    return Referral.objects.create(
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
    )
