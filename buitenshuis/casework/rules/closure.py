# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Closing an enrolment: after its two years (from the last month on), or
earlier with a reason, with one of the guide's ways on (seed 001: continue
unchanged; continue with a parental contribution built up over a schedule;
continue less intensively or on the parents' initiative; refer to other
help) or, after an early stop, none.

``close_enrolment`` stores the ``Closure``, moves the enrolment from
"lopend" to "afgesloten" (``casework.workflow``), ends it on the day of the
closure when that is earlier, creates the continuation's enrolment (with
its contribution schedule) when the help continues, and announces it
(``casework.events.enrolment_closed``): the activities end the placements,
the referral route creates the continuation's referral, which the
municipality decides on like a first one. All in one transaction.

After the closure nothing more is recorded on the enrolment:
``ensure_open`` is the one check, for every rule that records contacts,
meetings, goals or reviews."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework import events, workflow
from buitenshuis.casework.models import Closure, ContributionStep, Enrolment
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError

Reason = Closure.Reason
WayOn = Closure.WayOn

# A closure before the last month needs one of these reasons.
EARLY_REASONS = (
    Reason.MOVED,
    Reason.GOALS_REACHED,
    Reason.FAMILY_STOPPED,
    Reason.ESCALATION,
    Reason.OUT_OF_HOME,
)
# The ways on that continue the help in a new enrolment (a continuation,
# decided on like a first referral).
CONTINUING = (WayOn.CONTINUE, WayOn.CONTRIBUTION, WayOn.LIGHTER)
# The ways on after an early stop: other help, or none.
EARLY_WAYS_ON = (WayOn.REFER, WayOn.NONE)
MAX_CONTRIBUTION_STEPS = 4
MAX_MONTHLY_AMOUNT = Decimal("999999.99")  # ContributionStep.monthly_amount


def ensure_open(enrolment):
    """Raise ``RuleError`` when ``enrolment`` is closed: after the closure
    nothing more is recorded on it (contacts, meetings, goals, reviews)."""
    if enrolment.status == Enrolment.Status.CLOSED:
        raise RuleError(_("Dit traject is afgesloten."))


def closure_refusal(user, enrolment):
    """Why ``user`` may not close ``enrolment`` now (a Dutch message), or
    None: only the responsible linking pin (or who stands in) closes a
    running enrolment."""
    if not policy.can(user, "change", Data.GOALS, enrolment.family):
        return _("Alleen de linking pin van het gezin sluit het traject af.")
    if enrolment.status == Enrolment.Status.CLOSED:
        return _("Dit traject is afgesloten.")
    if enrolment.status != Enrolment.Status.ACTIVE:
        return _("Alleen een lopend traject kan worden afgesloten.")
    if enrolment.start_date is None or enrolment.end_date is None:
        return _("Dit traject heeft geen start- en einddatum; het kan niet worden afgesloten.")
    return None


def last_month_starts(enrolment):
    """The first day of the enrolment's last month (month 24 of 24): from
    then on it may close as completed."""
    month = enrolment.month_on(enrolment.end_date)
    months = month[1] if month else 1
    # The first day of month ``months`` (month 1 starts on the start date).
    return min(add_months(enrolment.start_date, months - 1), enrolment.end_date)


def check_closure(
    enrolment,
    *,
    closed_on,
    reason,
    way_on,
    referred_to="",
    steps=(),
    today=None,
):
    """Raise ``RuleError`` (naming the field) when these choices cannot
    close ``enrolment``; store nothing. ``steps``: the contribution
    schedule, ``(first day, amount per month)`` pairs."""
    today = today or timezone.localdate()
    if closed_on < enrolment.start_date:
        raise RuleError(_("De afsluiting ligt vóór de start van het traject."), field="closed_on")
    if closed_on > today:
        raise RuleError(_("De afsluiting kan niet in de toekomst liggen."), field="closed_on")
    if reason == Reason.COMPLETED:
        if closed_on < last_month_starts(enrolment):
            raise RuleError(
                _(
                    "Vóór de laatste maand van het traject sluit u af met de reden waarom het "
                    "eerder stopt."
                ),
                field="reason",
            )
        if way_on == WayOn.NONE:
            raise RuleError(
                _("Kies na de twee jaar een van de vier vervolgen."),
                field="way_on",
            )
    elif reason in EARLY_REASONS:
        if way_on not in EARLY_WAYS_ON:
            raise RuleError(
                _(
                    "Voortzetten hoort bij de afsluiting na de volle looptijd. Bij een eerdere "
                    "afsluiting verwijst u naar andere hulp of is er geen vervolg."
                ),
                field="way_on",
            )
    else:
        raise RuleError(_("Kies de reden van de afsluiting."), field="reason")
    if way_on not in WayOn.values:
        raise RuleError(_("Kies het vervolg."), field="way_on")
    if way_on == WayOn.REFER and not referred_to.strip():
        raise RuleError(_("Vul in naar welke hulp het gezin is verwezen."), field="referred_to")
    check_steps(steps, closed_on, required=way_on == WayOn.CONTRIBUTION)


def check_steps(steps, closed_on, *, required):
    """The contribution schedule: with ``required`` one to four steps, each
    after the closure and later than the one before, with an amount in
    whole cents that never goes down (a contribution built up); without,
    none at all."""
    steps = list(steps)
    if not required:
        if steps:
            raise RuleError(
                _("Een ouderbijdrage hoort alleen bij voortzetten met een ouderbijdrage."),
                field="steps",
            )
        return
    if not steps:
        raise RuleError(_("Vul ten minste één stap van de ouderbijdrage in."), field="steps")
    if len(steps) > MAX_CONTRIBUTION_STEPS:
        raise RuleError(
            _("De ouderbijdrage heeft hoogstens %(n)d stappen.") % {"n": MAX_CONTRIBUTION_STEPS},
            field="steps",
        )
    previous = None
    for starts_on, amount in steps:
        if not isinstance(amount, Decimal) or not amount.is_finite():
            raise TypeError("contribution amounts are Decimals, never floats")
        if starts_on <= closed_on:
            raise RuleError(
                _("Een stap van de ouderbijdrage begint na de afsluiting."), field="steps"
            )
        if amount < 0 or amount > MAX_MONTHLY_AMOUNT or amount != amount.quantize(Decimal("0.01")):
            raise RuleError(
                _("Vul een bedrag per maand in hele centen in, niet negatief."), field="steps"
            )
        if previous is not None:
            if starts_on <= previous[0]:
                raise RuleError(
                    _("Elke stap van de ouderbijdrage begint later dan de vorige."),
                    field="steps",
                )
            if amount < previous[1]:
                raise RuleError(
                    _("Een opbouwende ouderbijdrage wordt per stap niet lager."), field="steps"
                )
        previous = (starts_on, amount)


@transaction.atomic
def close_enrolment(
    user,
    enrolment,
    *,
    closed_on,
    reason,
    way_on,
    out_of_home_prevented,
    referred_to="",
    explanation="",
    steps=(),
):
    """Close ``enrolment`` (see the module's docstring). Returns the
    ``Closure``; raises ``RuleError`` and stores nothing when a rule is
    broken."""
    enrolment = Enrolment.objects.select_for_update().select_related("family").get(pk=enrolment.pk)
    refusal = closure_refusal(user, enrolment)
    if refusal:
        raise RuleError(refusal)
    if out_of_home_prevented not in Closure.Prevented.values:
        raise RuleError(
            _("Geef aan of een uithuisplaatsing is voorkomen."), field="out_of_home_prevented"
        )
    steps = sorted(steps, key=lambda step: step[0])
    check_closure(
        enrolment,
        closed_on=closed_on,
        reason=reason,
        way_on=way_on,
        referred_to=referred_to,
        steps=steps,
    )
    closure = Closure.objects.create(
        enrolment=enrolment,
        closed_on=closed_on,
        reason=reason,
        way_on=way_on,
        referred_to=referred_to.strip() if way_on == WayOn.REFER else "",
        out_of_home_prevented=out_of_home_prevented,
        explanation=explanation.strip(),
        closed_by=user,
    )
    workflow.move(enrolment, Enrolment.Status.CLOSED, save=False)
    fields = ["status"]
    if closed_on < enrolment.end_date:
        enrolment.end_date = closed_on
        fields.append("end_date")
    enrolment.save(update_fields=fields)
    follow_up = None
    if way_on in CONTINUING:
        follow_up = Enrolment.objects.create(
            family=enrolment.family,
            # The family's own linking pin (also when a stand-in closed).
            linking_pin_id=enrolment.linking_pin_id or user.pk,
            status=Enrolment.Status.REFERRED,
            previous=enrolment,
        )
        ContributionStep.objects.bulk_create(
            ContributionStep(enrolment=follow_up, starts_on=starts_on, monthly_amount=amount)
            for starts_on, amount in steps
        )
    closure.enrolment = enrolment
    events.enrolment_closed.send(sender=Enrolment, closure=closure, follow_up=follow_up)
    return closure


def default_step_months(closed_on, count=24):
    """The first days of the ``count`` calendar months after ``closed_on``:
    the months a contribution step may start in."""
    first = (closed_on.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    months = []
    for _i in range(count):
        months.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return months
