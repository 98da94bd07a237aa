# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The rules of the activity: which activity suits a child's age, whether a
location is ready and has places, what a placement costs, placing a child,
what a decision does to provisional placements, and the first day of the
activity, and what the linking pin did with a signal (``follow_up_signal``).
Functions that change data raise ``RuleError`` with a Dutch
message and store nothing when a rule is broken; a message about one input
names its field (``RuleError.field``), so that the form shows it there."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.activities.models import Contract, Placement, Signal, Weekday
from buitenshuis.activities.queries import acknowledgeable_signals
from buitenshuis.casework.models import Enrolment
from buitenshuis.casework.rules import contacts as contact_rules
from buitenshuis.core import notify
from buitenshuis.core.dates import months_between
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import long_date
from buitenshuis.organisations import geocoding
from buitenshuis.organisations.models import ActivityType, Location, Membership, Role
from buitenshuis.programmes.capacity import UNDECIDED
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals import rules as referral_rules
from buitenshuis.referrals.models import Decision, Referral
from buitenshuis.training import rules as training
from buitenshuis.training.models import TrainingOverride

# Which activities suit which ages (DOMAIN.md): 0-4 day care,
# 4-12 after-school care, 12-17 a sports club, youth club or homework support.
SUITABLE = [
    (0, 3, {ActivityType.DAY_CARE, ActivityType.CHILDMINDER, ActivityType.TODDLER_GROUP}),
    (4, 11, {ActivityType.AFTER_SCHOOL, ActivityType.CHILDMINDER}),
    (12, 17, {ActivityType.SPORTS_CLUB, ActivityType.YOUTH_CLUB, ActivityType.HOMEWORK}),
]
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


def suitable_types(age):
    for low, high, types in SUITABLE:
        if low <= age <= high:
            return types
    return set()


def age_mismatch(child, activity_type, day):
    """A Dutch message when the activity does not suit the child's age."""
    age = child.age_on(day)
    if activity_type not in suitable_types(age):
        return _(
            "%(type)s past niet bij de leeftijd van %(name)s (%(age)d jaar). Geef een reden "
            "als u toch voor deze activiteit kiest."
        ) % {"type": ActivityType(activity_type).label, "name": child.first_name, "age": age}
    return None


def current_contract(location, programme, day):
    contracts = Contract.objects.filter(location=location, programme=programme)
    return next((c for c in contracts.order_by("-valid_from") if c.covers(day)), None)


def places_taken(contract, start, end, exclude=None):
    """The most placements under ``contract`` at one time in the period
    (two placements one after the other take one place)."""
    placements = Placement.objects.filter(contract=contract).overlapping(start, end)
    if exclude is not None:
        placements = placements.exclude(pk=exclude.pk)
    events = []
    for first, last in placements.values_list("start_date", "end_date"):
        if last < first:
            # A provisional placement ended by a rejection before its first
            # day: it never held a place (counting it would free one).
            continue
        events.append((max(first, start), 1))
        events.append((min(last, end) + datetime.timedelta(days=1), -1))
    taken = most = 0
    for _day, change in sorted(events):  # on one day, leaving (-1) sorts first
        taken += change
        most = max(most, taken)
    return most


def free_places(contract, start, end=None):
    end = end or start
    return max(contract.places - places_taken(contract, start, end), 0)


def projected_cost(contract, hours_per_week, start, end):
    """What a placement costs over its period under ``contract`` (before
    any parental contribution), in euros."""
    return tariff_cost(contract.tariff, contract.tariff_unit, hours_per_week, start, end)


def tariff_cost(tariff, tariff_unit, hours_per_week, start, end):
    """What ``hours_per_week`` at ``tariff`` per hour (or ``tariff`` a
    month) cost from ``start`` to ``end`` inclusive, in exact euros, to the
    cent. The budget (``programmes.budget``, through ``activities.hooks``)
    uses it for the part of a placement that falls in a year."""
    months = months_between(start, end)
    if tariff_unit == Contract.TariffUnit.MONTH:
        cost = tariff * months
    else:
        cost = tariff * Decimal(hours_per_week) * WEEKS_PER_MONTH * months
    return cost.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def suggestions(enrolment, child, day=None):
    """Locations for ``child``: suitable for its age, with a current
    contract of the programme; each with distance (km or None), free
    places and readiness. Nearest first, unknown distances last."""
    day = day or timezone.localdate()
    family = enrolment.family
    age = child.age_on(day)
    contracts = (
        Contract.objects.filter(programme=family.programme, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .select_related("location__organisation")
    )
    contracts = [c for c in contracts if c.location.age_min <= age <= c.location.age_max]
    home = geocoding.coordinates(family.postcode, family.house_number)
    ready = training.ready_location_ids([c.location for c in contracts])
    rows = []
    for contract in contracts:
        location = contract.location
        point = geocoding.coordinates(location.postcode, location.house_number)
        rows.append(
            {
                "location": location,
                "contract": contract,
                "distance_km": geocoding.distance_km(home, point),
                "free_places": free_places(contract, day, enrolment.end_date or day),
                "ready": location.pk in ready,
                "override": None
                if location.pk in ready
                else readiness_override(enrolment, location),
                "suits_age": location.activity_type in suitable_types(age),
            }
        )
    rows.sort(
        key=lambda row: (
            not row["suits_age"],
            row["distance_km"] is None,
            row["distance_km"] or 0,
            row["location"].name,
        )
    )
    return rows


@transaction.atomic
def place(
    user,
    enrolment,
    child,
    location,
    *,
    activity_type,
    days,
    hours_per_week,
    start_date,
    end_date=None,
    parental_contribution=Decimal(0),
    pickup_arrangements="",
    age_override_reason="",
):
    """Place ``child`` at ``location``; returns the Placement. Raises
    RuleError (nothing stored) when a rule is broken."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    refusal = placing_refusal(enrolment)
    if refusal:
        raise RuleError(refusal)
    # Before the decision (start before the decision): a provisional placement.
    provisional = enrolment.status != Enrolment.Status.ACTIVE
    if child.family_id != enrolment.family_id or child.kind != child.Kind.CHILD:
        raise RuleError(_("Dit kind hoort niet bij dit gezin."))
    if provisional and end_date is None:
        settings = ProgrammeSettings.for_programme(enrolment.family.programme)
        end_date = settings.enrolment_end(start_date)
    end_date = end_date or enrolment.end_date
    problems = placement_problems(
        enrolment, child, activity_type, days, start_date, end_date, age_override_reason
    )
    if problems:
        raise problems[0]
    mismatch = age_mismatch(child, activity_type, start_date)
    age = child.age_on(start_date)
    if not location.age_min <= age <= location.age_max:
        raise RuleError(
            _(
                "%(location)s neemt kinderen van %(low)d tot en met %(high)d jaar; "
                "%(name)s is %(age)d."
            )
            % {
                "location": location,
                "low": location.age_min,
                "high": location.age_max,
                "name": child.first_name,
                "age": age,
            }
        )
    contract = (
        Contract.objects.select_for_update()
        .filter(
            pk=getattr(
                current_contract(location, enrolment.family.programme, start_date), "pk", None
            )
        )
        .first()
    )
    if contract is None:
        raise RuleError(
            _("Er is geen geldig contract met %(location)s voor dit programma op %(date)s.")
            % {"location": location, "date": long_date(start_date)}
        )
    if places_taken(contract, start_date, end_date) >= contract.places:
        raise RuleError(
            _("Alle %(places)d programmaplaatsen van %(location)s zijn bezet in deze periode.")
            % {"places": contract.places, "location": location}
        )
    overlapping = Placement.objects.filter(child=child).overlapping(start_date, end_date)
    if overlapping.filter(location=location).exists():
        raise RuleError(_("Dit kind is in deze periode al op deze locatie geplaatst."))
    ready = training.is_ready(location)
    override = readiness_override(enrolment, location)
    if not ready and override is None:
        raise RuleError(
            _(
                "Op %(location)s werkt nog geen medewerker die de training traumasensitief "
                "werken heeft afgerond. De coördinator kan de plaatsing met een reden toestaan."
            )
            % {"location": location}
        )
    placement = Placement.objects.create(
        enrolment=enrolment,
        child=child,
        location=location,
        contract=contract,
        activity_type=activity_type,
        days=list(days),
        hours_per_week=hours_per_week,
        start_date=start_date,
        end_date=end_date,
        parental_contribution=parental_contribution or Decimal(0),
        pickup_arrangements=pickup_arrangements.strip(),
        age_override_reason=age_override_reason.strip() if mismatch else "",
        readiness_override_reason=override.reason if override and not ready else "",
        readiness_override_by=override.granted_by if override and not ready else None,
        created_by=user,
        provisional=provisional,
    )
    record_first_day(user, enrolment, start_date, placed=True)
    # Hand-off: the location's staff have a child arriving. (The deciders
    # already got their e-mail when intake and consent were complete.)
    notify.after_commit(lambda: list(location_staff(location)), actor=user)
    return placement


def placement_problems(
    enrolment, child, activity_type, days, start_date, end_date, age_override_reason=""
):
    """What is wrong with a placement's period, days and activity, as
    RuleErrors at their fields (an empty list when nothing is): the form
    shows them before anything is stored, and ``place`` raises the first."""
    problems = []
    if start_date and enrolment.start_date and start_date < enrolment.start_date:
        problems.append(
            RuleError(
                _("De plaatsing kan niet beginnen vóór de start van het traject (%(date)s).")
                % {"date": long_date(enrolment.start_date)},
                field="start_date",
            )
        )
    if end_date and enrolment.end_date and end_date > enrolment.end_date:
        problems.append(
            RuleError(
                _("De plaatsing kan niet langer duren dan het traject (tot en met %(date)s).")
                % {"date": long_date(enrolment.end_date)},
                field="end_date",
            )
        )
    if start_date and end_date and end_date < start_date:
        problems.append(RuleError(_("De laatste dag ligt vóór de eerste dag."), field="end_date"))
    if not days:
        problems.append(RuleError(_("Kies op welke dagen het kind komt."), field="days"))
    if activity_type and start_date and not (age_override_reason or "").strip():
        mismatch = age_mismatch(child, activity_type, start_date)
        if mismatch:
            problems.append(RuleError(mismatch, field="age_override_reason"))
    return problems


def placing_refusal(enrolment):
    """Why no child of ``enrolment`` can be placed now (a Dutch message), or
    None: after an acceptance while the enrolment runs, or before the
    decision as a provisional placement when the programme allows it."""
    if enrolment.status == Enrolment.Status.ACTIVE:
        return None
    referral = getattr(enrolment, "referral", None)
    if referral is None or enrolment.status not in UNDECIDED:
        return _("Alleen een kind met een toegekend, lopend traject kan worden geplaatst.")
    return referral_rules.provisional_refusal(referral)


def location_staff(location):
    """The active staff members of ``location`` (current memberships)."""
    members = Membership.objects.current().filter(role=Role.LOCATION_STAFF, locations=location)
    return get_user_model().objects.filter(pk__in=members.values("user_id"), is_active=True)


def readiness_override(enrolment, location):
    """The coordinator's latest permission to place a child of ``enrolment``
    at ``location`` although no trained staff member works there."""
    return (
        TrainingOverride.objects.filter(
            kind=TrainingOverride.Kind.LOCATION_NOT_READY, enrolment=enrolment, location=location
        )
        .select_related("granted_by")
        .order_by("-created", "-pk")
        .first()
    )


def override_readiness(user, enrolment, location, reason):
    """Record the coordinator's permission (with a reason) to place a child
    of ``enrolment`` at ``location`` before a trained staff member works
    there. Raises RuleError when ``user`` is not the programme's coordinator."""
    refusal = readiness_override_refusal(user, enrolment)
    if refusal:
        raise RuleError(refusal)
    if not reason.strip():
        raise RuleError(_("Geef een reden."), field="reason")
    return TrainingOverride.objects.create(
        kind=TrainingOverride.Kind.LOCATION_NOT_READY,
        enrolment=enrolment,
        location=location,
        reason=reason.strip(),
        granted_by=user,
    )


def may_override(user, programme):
    return referral_rules.is_coordinator(user, programme.pk)


def readiness_override_refusal(user, enrolment):
    """Why ``user`` may not allow a placement of a child of ``enrolment`` at
    a location without trained staff (a Dutch message), or None; whether
    a child of the enrolment may be placed at all is ``placing_refusal``."""
    if not may_override(user, enrolment.family.programme):
        return _(
            "Alleen de coördinator van het programma kan een plaatsing op deze locatie toestaan."
        )
    return None


def location_for_staff(user):
    """The locations where ``user`` works as location staff."""
    return Location.objects.filter(
        memberships__user=user,
        memberships__role=Role.LOCATION_STAFF,
        memberships__is_active=True,
    ).distinct()


def days_label(days):
    return ", ".join(str(Weekday(day).label) for day in days if day in Weekday.values)


def cost(contract, hours_per_week, start, end, parental_contribution=Decimal(0)):
    """(gross, net) over the period: what the programme pays under
    ``contract``, before and after the monthly parental contribution. A
    contribution above the cost leaves the programme nothing to pay (never
    a negative amount)."""
    gross = projected_cost(contract, hours_per_week, start, end)
    contribution = (parental_contribution or Decimal(0)) * months_between(start, end)
    net = max(gross - contribution, Decimal(0))
    return gross, net.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def placement_cost(placement):
    return cost(
        placement.contract,
        placement.hours_per_week,
        placement.start_date,
        placement.end_date,
        placement.parental_contribution,
    )


# After the decision ---------------------------------------------------------


def end_provisional_placements(decision, day):
    """After the decision: a rejection ends the family's provisional
    placements on the decision day with the activity days used recorded
    (the location no longer sees the child); an acceptance makes them
    regular placements, keeping their first day. ``referrals.rules.decide``
    calls this through ``activities.hooks``."""
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


# The first day of the activity ----------------------------------------------
# The norm for the start (24 to 48 hours) stops at the first day of the
# family's activity: ``Enrolment.first_activity_date``, written only by
# ``record_first_day``.

# How far ahead the linking pin may record a first day that is known.
FIRST_DAY_AHEAD = datetime.timedelta(days=31)


def first_day_refusal(user, enrolment):
    """Why ``user`` may not record the first day of ``enrolment``'s activity
    by hand (a Dutch message), or None: the family's linking pin, after an
    acceptance."""
    if not policy.can(user, "change", Data.PLACEMENT, enrolment):
        return _("Alleen de linking pin van het gezin legt de eerste dag van de activiteit vast.")
    referral = getattr(enrolment, "referral", None)
    if referral is None or referral.status != Referral.Status.ACCEPTED:
        return _("De eerste dag van de activiteit volgt op een toekenning.")
    return None


def decided_on(enrolment):
    """The day of the decision on ``enrolment``'s referral (today when none
    is known)."""
    referral = getattr(enrolment, "referral", None)
    if referral is None or referral.decided_at is None:
        return timezone.localdate()
    return timezone.localtime(referral.decided_at).date()


@transaction.atomic
def record_first_day(user, enrolment, day, *, placed=False):
    """Record ``day`` as the first day of ``enrolment``'s activity: the one
    writer of ``Enrolment.first_activity_date``.

    Placing a child (``place``, with ``placed``) records the placement's
    first day when none is known or it is earlier (a provisional placement
    may start before the decision). Otherwise the family's linking pin
    records, or corrects, the day after an acceptance: not before the
    decision and at most a month ahead. Returns the enrolment."""
    # Lock the enrolment only: PostgreSQL refuses FOR UPDATE on the nullable
    # side of the outer join to the referral.
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("referral")
        .get(pk=enrolment.pk)
    )
    if placed:
        known = enrolment.first_activity_date
        if known is not None and known <= day:
            return enrolment
    else:
        refusal = first_day_refusal(user, enrolment)
        if refusal:
            raise RuleError(refusal)
        decided = decided_on(enrolment)
        if day < decided:
            raise RuleError(
                _("De activiteit kan niet beginnen vóór het besluit (%(date)s).")
                % {"date": long_date(decided)},
                field="first_activity_date",
            )
        if day > timezone.localdate() + FIRST_DAY_AHEAD:
            raise RuleError(
                _("Leg de eerste dag vast als die bekend is, uiterlijk een maand vooruit."),
                field="first_activity_date",
            )
    enrolment.first_activity_date = day
    enrolment.save(update_fields=["first_activity_date"])
    return enrolment


# What the linking pin did with a signal --------------------------------------
# The location's staff see only that a signal was picked up ("opgepakt") and
# when, never what was done (``Signal.followed_up_at``).


def follow_up_refusal(user, signal):
    """Why ``user`` may not record what was done with ``signal`` (a Dutch
    message), or None: the family's responsible linking pin (who may
    acknowledge it), once."""
    if not acknowledgeable_signals(user).filter(pk=signal.pk).exists():
        return _("Alleen de linking pin van het gezin legt vast wat er met een signaal is gedaan.")
    if signal.followed_up_at is not None:
        return _("Bij dit signaal is al vastgelegd wat er is gedaan.")
    return None


# The follow-up form's fields for a new contact, by the field a contact's
# rule names.
NEW_CONTACT_FIELDS = {"date": "contact_date", "minutes": "contact_minutes", "kind": "contact_kind"}


def _record_new_contact(user, enrolment, new_contact, today):
    """A contact recorded with a follow-up, by the casework's own rule
    (``contacts.record_contact``: the same checks as the contact form),
    its refusals named after the follow-up form's fields."""
    if new_contact.get("date") is None:
        raise RuleError(_("Vul de datum van het contactmoment in."), field="contact_date")
    if new_contact.get("minutes") is None:
        raise RuleError(
            _("Vul een duur in van %(low)d tot en met %(high)d minuten.")
            % {"low": contact_rules.MIN_MINUTES, "high": contact_rules.MAX_MINUTES},
            field="contact_minutes",
        )
    try:
        return contact_rules.record_contact(
            user,
            enrolment,
            date=new_contact["date"],
            minutes=new_contact["minutes"],
            kind=new_contact.get("kind") or "",
            today=today,
        )
    except RuleError as error:
        raise RuleError(str(error), field=NEW_CONTACT_FIELDS.get(error.field, "contact")) from None


def follow_up_signal(
    user, signal, follow_up, *, contact=None, goal=None, new_contact=None, now=None
):
    """Record what the responsible linking pin did with ``signal``
    (``Signal.FollowUp``): a contact (one of the family's, ``contact``, or
    a new one: ``new_contact`` a dict of date, minutes, kind), a goal of
    the family (``goal``), or nothing needed. Marks the signal read too,
    when it was not yet. One transaction; returns the signal."""
    refusal = follow_up_refusal(user, signal)
    if refusal:
        raise RuleError(refusal)
    now = now or timezone.now()
    enrolment = signal.placement.enrolment
    family_id = enrolment.family_id
    fields = {"follow_up": follow_up, "follow_up_contact": None, "follow_up_goal": None}
    if follow_up == Signal.FollowUp.CONTACT:
        if (contact is None) == (new_contact is None):
            raise RuleError(
                _("Kies een contactmoment van het gezin, of leg een nieuw vast."), field="contact"
            )
        if contact is not None:
            if contact.enrolment.family_id != family_id:
                raise RuleError(_("Kies een contactmoment van dit gezin."), field="contact")
        fields["follow_up_contact"] = contact
    elif follow_up == Signal.FollowUp.GOAL:
        if goal is None:
            raise RuleError(_("Kies een doel van het gezin."), field="goal")
        if goal.enrolment.family_id != family_id:
            raise RuleError(_("Kies een doel van dit gezin."), field="goal")
        fields["follow_up_goal"] = goal
    elif follow_up != Signal.FollowUp.NOTHING:
        raise RuleError(_("Kies wat er met het signaal is gedaan."), field="follow_up")
    with transaction.atomic():
        if fields["follow_up"] == Signal.FollowUp.CONTACT and contact is None:
            fields["follow_up_contact"] = _record_new_contact(
                user, enrolment, new_contact, timezone.localtime(now).date()
            )
        for name, value in fields.items():
            setattr(signal, name, value)
        signal.followed_up_at = now
        update = [*fields, "followed_up_at"]
        if signal.acknowledged_at is None:
            signal.acknowledged_by = user
            signal.acknowledged_at = now
            update += ["acknowledged_by", "acknowledged_at"]
        signal.save(update_fields=update)
    return signal
