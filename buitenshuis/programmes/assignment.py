# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Who takes which family: choosing a linking pin for a new referral by the
programme's assignment rules (``AssignmentRule``), and the rules that keep
those rules.

A rule fits a referral when the postcode's four digits lie in one of its
ranges (none: every postcode) and the referral came by one of its routes
(none: every route). Of the fitting rules whose linking pin may take the
family now (a current linking pin membership of the programme, the
training complete, fewer running families than the rule's maximum), those
with the lowest ``order`` count; of them the linking pin with the fewest
running families gets it, ties broken by the rule's order and number.
When nothing fits, nobody is chosen: the referral waits for the
coordinator ("Aanmeldingen zonder linking pin").

``pick`` is the choice itself over plain values (tested with hypothesis);
``choose_linking_pin`` asks the database, in three queries however many
rules and families: the rules with their linking pins, the running
families per candidate, and the candidates' training."""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.casework.models import Enrolment
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Membership, Role
from buitenshuis.programmes.models_assignment import AssignmentRule
from buitenshuis.programmes.routes import Route
from buitenshuis.training.models import REQUIRED, TrainingRecord

# A family counts in a linking pin's caseload from the referral until the
# closure (``casework.caseload.OPEN_STATUSES``).
RUNNING = (Enrolment.Status.REFERRED, Enrolment.Status.INTAKE, Enrolment.Status.ACTIVE)

# Postcode ranges as typed: "3500-3599, 3620-3629" or "3511" (one postcode
# area). Separated by commas, semicolons or new lines.
SEPARATORS = re.compile(r"[,;\n]+")
RANGE = re.compile(r"^(\d{4})(?:\s*-\s*(\d{4}))?$")


def parse_postcode_ranges(text):
    """``[[from, to], ...]`` from ``text``; raises RuleError (at the field
    ``postcode_ranges``) naming every part that is not a range of two
    four-digit postcodes (1000-9999) from low to high."""
    ranges, problems = [], []
    for part in SEPARATORS.split(text or ""):
        part = part.strip()
        if not part:
            continue
        found = RANGE.match(part)
        if not found:
            problems.append(
                _(
                    "'%(part)s' is geen postcodegebied: gebruik de vier cijfers van de "
                    "postcode, bijvoorbeeld 3500-3599 of 3511."
                )
                % {"part": part}
            )
            continue
        low = int(found.group(1))
        high = int(found.group(2) or found.group(1))
        if low < 1000 or high < 1000:
            problems.append(
                _("'%(part)s': een Nederlandse postcode begint niet met een 0.") % {"part": part}
            )
        elif low > high:
            problems.append(
                _("'%(part)s': het gebied loopt van laag naar hoog; bedoelt u %(high)s-%(low)s?")
                % {"part": part, "low": low, "high": high}
            )
        else:
            ranges.append([low, high])
    if problems:
        raise RuleError(" ".join(problems), field="postcode_ranges")
    return sorted(ranges)


def format_postcode_ranges(ranges):
    """ "3500-3599, 3611" for ``[[3500, 3599], [3611, 3611]]``."""
    return ", ".join(str(low) if low == high else f"{low}-{high}" for low, high in ranges or [])


def postcode_number(postcode):
    """The four digits of a Dutch postcode as a number ("3511 AB" -> 3511),
    or None when it does not start with four digits."""
    found = re.match(r"\s*(\d{4})", postcode or "")
    return int(found.group(1)) if found else None


def route_labels(routes):
    return [str(Route(value).label) for value in routes if value in Route.values]


def describe(rule):
    """The rule in one Dutch line, as kept with an assignment it made."""
    area = format_postcode_ranges(rule.postcode_ranges) or _("alle postcodes")
    routes = ", ".join(route_labels(rule.routes)) or _("alle routes")
    text = _("Regel %(number)s: postcodes %(area)s; routes: %(routes)s") % {
        "number": rule.pk,
        "area": area,
        "routes": routes,
    }
    if rule.max_caseload is not None:
        text += _("; tot %(max)s lopende gezinnen") % {"max": rule.max_caseload}
    return text[:300]


# The choice --------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """What ``pick`` needs of one rule."""

    rule_id: int
    order: int
    linking_pin_id: int
    postcode_ranges: tuple = ()
    routes: tuple = ()
    max_caseload: int | None = None

    @classmethod
    def of(cls, rule):
        return cls(
            rule_id=rule.pk,
            order=rule.order,
            linking_pin_id=rule.linking_pin_id,
            postcode_ranges=tuple(tuple(pair) for pair in rule.postcode_ranges or ()),
            routes=tuple(rule.routes or ()),
            max_caseload=rule.max_caseload,
        )

    def fits(self, number, route):
        """Whether the postcode ``number`` and ``route`` fall under this rule."""
        in_area = not self.postcode_ranges or (
            number is not None and any(low <= number <= high for low, high in self.postcode_ranges)
        )
        return in_area and (not self.routes or route in self.routes)

    def has_room(self, caseload):
        return self.max_caseload is None or caseload < self.max_caseload


def pick(candidates, number, route, caseloads, untrained=frozenset()):
    """The candidate whose linking pin gets a referral from postcode
    ``number`` by ``route``, or None. ``caseloads``: {linking pin id:
    running families}; ``untrained``: ids of linking pins whose training is
    not complete (never chosen automatically)."""
    fitting = [
        c
        for c in candidates
        if c.fits(number, route)
        and c.linking_pin_id not in untrained
        and c.has_room(caseloads.get(c.linking_pin_id, 0))
    ]
    if not fitting:
        return None
    first = min(c.order for c in fitting)
    return min(
        (c for c in fitting if c.order == first),
        key=lambda c: (caseloads.get(c.linking_pin_id, 0), c.rule_id),
    )


def running_caseloads(user_ids):
    """{linking pin id: their running families} for ``user_ids``, in one
    query (a linking pin without any is left out: 0)."""
    if not user_ids:
        return {}
    rows = (
        Enrolment.objects.filter(linking_pin_id__in=user_ids, status__in=RUNNING)
        .order_by()
        .values("linking_pin_id")
        .annotate(families=Count("family_id", distinct=True))
    )
    return {row["linking_pin_id"]: row["families"] for row in rows}


def untrained_ids(user_ids):
    """The ids of ``user_ids`` who have not completed every module a
    linking pin needs (``training.rules.is_trained``), in one query."""
    required = set(REQUIRED[Role.LINKING_PIN])
    done = {}
    for user_id, module in TrainingRecord.objects.filter(
        user_id__in=user_ids, module__in=required
    ).values_list("user_id", "module"):
        done.setdefault(user_id, set()).add(module)
    return frozenset(pk for pk in user_ids if not done.get(pk, set()) >= required)


def usable_rules(programme):
    """The programme's active rules whose linking pin is an active user with
    a current linking pin membership of the programme."""
    pins = Membership.objects.current().filter(role=Role.LINKING_PIN, programme=programme)
    return (
        AssignmentRule.objects.filter(
            programme=programme,
            is_active=True,
            linking_pin__is_active=True,
            linking_pin__in=pins.values("user_id"),
        )
        .select_related("linking_pin")
        .order_by("order", "pk")
    )


@dataclass(frozen=True)
class Choice:
    rule: AssignmentRule
    linking_pin: object
    caseload: int


def choose_linking_pin(programme, postcode, route):
    """The ``Choice`` (rule, linking pin, their running families) for a new
    referral of ``programme`` from ``postcode`` by ``route``, or None when
    no rule fits or nobody who fits may take it."""
    rules = list(usable_rules(programme))
    if not rules:
        return None
    number = postcode_number(postcode)
    candidates = [Candidate.of(rule) for rule in rules]
    fitting_pins = {c.linking_pin_id for c in candidates if c.fits(number, route)}
    if not fitting_pins:
        return None
    caseloads = running_caseloads(fitting_pins)
    chosen = pick(candidates, number, route, caseloads, untrained_ids(fitting_pins))
    if chosen is None:
        return None
    rule = next(rule for rule in rules if rule.pk == chosen.rule_id)
    return Choice(rule, rule.linking_pin, caseloads.get(rule.linking_pin_id, 0))


# Keeping the rules --------------------------------------------------------


def change_rules_refusal(user, programme):
    """Why ``user`` may not add, change or remove the assignment rules of
    ``programme`` (a Dutch message), or None."""
    if programme is None or not policy.holds_role(user, Role.COORDINATOR, programme.pk):
        return _("Alleen de coördinator van het programma stelt de toewijzingsregels op.")
    return None


def programme_linking_pins(programme):
    """The users with a current linking pin membership of ``programme``."""
    ids = Membership.objects.current().filter(role=Role.LINKING_PIN, programme=programme)
    return (
        get_user_model()
        .objects.filter(pk__in=ids.values("user_id"), is_active=True)
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def save_rule(user, rule, *, linking_pin, postcode_ranges, routes, max_caseload, order, is_active):
    """Store a new or changed ``rule`` (its ``programme`` set). Raises
    RuleError and stores nothing when a rule is broken; the change is kept
    in the rule's history."""
    refusal = change_rules_refusal(user, rule.programme)
    if refusal:
        raise RuleError(refusal)
    if not programme_linking_pins(rule.programme).filter(pk=linking_pin.pk).exists():
        raise RuleError(_("Kies een linking pin van dit programma."), field="linking_pin")
    if isinstance(postcode_ranges, str):
        postcode_ranges = parse_postcode_ranges(postcode_ranges)
    else:
        postcode_ranges = parse_postcode_ranges(format_postcode_ranges(postcode_ranges))
    unknown = [value for value in routes if value not in Route.values]
    if unknown:
        raise RuleError(_("Kies routes uit de lijst."), field="routes")
    if max_caseload is not None and max_caseload < 1:
        raise RuleError(
            _("Een maximum is ten minste 1 gezin; laat het leeg voor geen maximum."),
            field="max_caseload",
        )
    rule.linking_pin = linking_pin
    rule.postcode_ranges = postcode_ranges
    rule.routes = [value for value in Route.values if value in set(routes)]
    rule.max_caseload = max_caseload
    rule.order = order
    rule.is_active = is_active
    rule.save()
    return rule


@transaction.atomic
def delete_rule(user, rule):
    """Remove ``rule``; assignments it made keep their text of the rule."""
    refusal = change_rules_refusal(user, rule.programme)
    if refusal:
        raise RuleError(refusal)
    rule.delete()
