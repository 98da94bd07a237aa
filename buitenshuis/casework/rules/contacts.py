# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Contacts: recording one, what counts as "contact with the family", and
the time spent.

``FAMILY_CONTACT_KINDS`` is the one definition of the family's last
contact, used by the caseload, the work queue, the digest and the
monitoring alike: a home visit, a phone or video call, or a network
meeting. A talk with the location's staff or "anders" is time spent for
the family (it counts in the minutes) but not contact with it.

``without_recent_contact`` is the one definition of the warning "geen
contact in vier weken"; ``record_contact`` the one way a contact is
stored; ``month_totals``, ``minutes_by_month`` and
``minutes_per_family_per_month`` the totals of time (per family per
month, per linking pin) that the hub and the monitoring show."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Closure, Contact, Enrolment
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import long_date
from buitenshuis.core.validators import FREE_TEXT_MAX

FAMILY_CONTACT_KINDS = (
    Contact.Kind.HOME_VISIT,
    Contact.Kind.PHONE,
    Contact.Kind.VIDEO,
    Contact.Kind.NETWORK,
)

# "Geen contact in vier weken": a running enrolment whose last contact
# with the family (or, before the first, its start) lies this many days or
# more in the past.
NO_CONTACT_DAYS = 28

# The minutes of one contact.
MIN_MINUTES, MAX_MINUTES = 1, 600


def family_contacts(queryset=None):
    """The contacts of ``queryset`` (all by default) that count as contact
    with the family."""
    queryset = Contact.objects.all() if queryset is None else queryset
    return queryset.filter(kind__in=FAMILY_CONTACT_KINDS)


def last_contacts(enrolment_ids):
    """{enrolment id: date of the last contact with the family} for the
    given enrolments, in one query; an enrolment without one is absent."""
    rows = (
        family_contacts(Contact.objects.filter(enrolment_id__in=list(enrolment_ids)))
        .order_by()
        .values("enrolment_id")
        .annotate(last=Max("date"))
    )
    return {row["enrolment_id"]: row["last"] for row in rows}


def without_recent_contact(enrolment, last_contact, today=None):
    """Whether ``enrolment`` has had no contact with the family in four
    weeks on ``today``: it runs (status "lopend"), and its last contact
    (``last_contact``, from ``last_contacts``), or its start when there was
    none yet, lies ``NO_CONTACT_DAYS`` or more days back. Pure."""
    if enrolment.status != Enrolment.Status.ACTIVE:
        return False
    today = today or timezone.localdate()
    since = last_contact or enrolment.start_date
    if since is None:
        return True
    return (today - since).days >= NO_CONTACT_DAYS


# Recording a contact ---------------------------------------------------------

_ENDED = (Enrolment.Status.REJECTED, Enrolment.Status.WITHDRAWN)


def closure_date(enrolment):
    """The day the enrolment was closed (its ``Closure``, else the end date
    of a closed enrolment), or None while it has not been closed."""
    try:
        return enrolment.closure.closed_on
    except Closure.DoesNotExist:
        pass
    if enrolment.status == Enrolment.Status.CLOSED:
        return enrolment.end_date
    return None


def contact_refusal(user, enrolment):
    """Why ``user`` cannot record a contact for ``enrolment`` (a Dutch
    message), or None. Only the responsible linking pin records contacts:
    who may change the family's contacts and their notes (ACCESS.md)."""
    family = enrolment.family
    if not (
        policy.can(user, "change", Data.CONTACTS, family)
        and policy.can(user, "change", Data.CONTACT_NOTES, family)
    ):
        return _("Alleen de linking pin van het gezin legt contactmomenten vast.")
    if enrolment.status in _ENDED:
        return _("Dit traject is afgewezen of ingetrokken; hierbij legt u geen contact vast.")
    return None


def contact_date_error(enrolment, day, today=None):
    """Why a contact on ``day`` cannot be recorded for ``enrolment``, as a
    ``RuleError`` about the date, or None: not in the future, not before
    the enrolment's start, and no contact after the closure."""
    today = today or timezone.localdate()
    if day > today:
        return RuleError(_("De datum ligt in de toekomst."), field="date")
    if enrolment.start_date is not None and day < enrolment.start_date:
        return RuleError(
            _("De datum ligt vóór de start van het traject (%(start)s).")
            % {"start": long_date(enrolment.start_date)},
            field="date",
        )
    closed = closure_date(enrolment)
    if closed is not None and day > closed:
        return RuleError(
            _("Het traject is afgesloten op %(closed)s; na de afsluiting legt u geen contact vast.")
            % {"closed": long_date(closed)},
            field="date",
        )
    return None


def record_contact(user, enrolment, *, date, minutes, kind, with_whom="", notes="", today=None):
    """Store a contact of ``user`` (the responsible linking pin) with the
    family of ``enrolment`` and return it. Raises ``RuleError`` (naming the
    field) and stores nothing when a rule is broken."""
    refusal = contact_refusal(user, enrolment)
    if refusal:
        raise RuleError(refusal)
    problem = contact_date_error(enrolment, date, today)
    if problem is not None:
        raise problem
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise RuleError(
            _("Vul een aantal minuten in van %(low)d tot en met %(high)d.")
            % {"low": MIN_MINUTES, "high": MAX_MINUTES},
            field="minutes",
        )
    if kind not in Contact.Kind.values:
        raise RuleError(_("Kies de soort contact."), field="kind")
    with_whom, notes = with_whom.strip(), notes.strip()
    if len(with_whom) > Contact._meta.get_field("with_whom").max_length:
        raise RuleError(_("Met wie is te lang."), field="with_whom")
    if len(notes) > FREE_TEXT_MAX:
        raise RuleError(
            _("Het verslag is te lang (maximaal %(max)d tekens).") % {"max": FREE_TEXT_MAX},
            field="notes",
        )
    with transaction.atomic():
        return Contact.objects.create(
            enrolment=enrolment,
            date=date,
            minutes=minutes,
            kind=kind,
            with_whom=with_whom,
            notes=notes,
            author=user,
        )


# Time spent --------------------------------------------------------------------


def _by_month(contacts, *group):
    """The contacts grouped by ``group`` and calendar month (the first day
    of the month), with their number and minutes: one query."""
    return (
        contacts.order_by()
        .annotate(month=TruncMonth("date"))
        .values(*group, "month")
        .annotate(contacts=Count("pk"), minutes=Sum("minutes"))
    )


def _month(value):
    # TruncMonth of a date is a date; some databases return a datetime.
    return value.date() if isinstance(value, datetime.datetime) else value


@dataclass(frozen=True)
class MonthTotal:
    """The contacts of one calendar month: how many, and their minutes."""

    month: datetime.date  # the first day of the month
    contacts: int
    minutes: int


def month_totals(contacts):
    """Per calendar month, latest first, the number and minutes of the
    contacts of the queryset ``contacts`` (every kind counts as time
    spent): the hub's contacts panel. One query."""
    rows = _by_month(contacts)
    totals = [MonthTotal(_month(r["month"]), r["contacts"], r["minutes"] or 0) for r in rows]
    return sorted(totals, key=lambda total: total.month, reverse=True)


def month_totals_of(contacts):
    """``month_totals`` of contacts already loaded (a list): no query."""
    totals = {}
    for contact in contacts:
        month = contact.date.replace(day=1)
        count, minutes = totals.get(month, (0, 0))
        totals[month] = (count + 1, minutes + contact.minutes)
    return [
        MonthTotal(month, count, minutes)
        for month, (count, minutes) in sorted(totals.items(), reverse=True)
    ]


def minutes_by_month(enrolments):
    """{enrolment id: {first day of a month: MonthTotal}} for the given
    enrolments (a queryset or a list of enrolments or ids): the time spent
    per family (its enrolment) per calendar month. One query."""
    ids = [getattr(item, "pk", item) for item in enrolments]
    result = {}
    for row in _by_month(Contact.objects.filter(enrolment_id__in=ids), "enrolment_id"):
        month = _month(row["month"])
        result.setdefault(row["enrolment_id"], {})[month] = MonthTotal(
            month, row["contacts"], row["minutes"] or 0
        )
    return result


@dataclass(frozen=True)
class TimeSpent:
    """The time spent on a set of families over a period: ``minutes`` of
    contacts in the period, and ``family_months``, the calendar months of
    the period in which each enrolment ran, summed (a family running the
    whole of a three-month period counts three)."""

    minutes: int
    family_months: int
    families: int

    @property
    def per_family_per_month(self):
        """Average minutes per family per month, or None without any."""
        if not self.family_months:
            return None
        return self.minutes / self.family_months


def months_of(first_day, last_day):
    """The first days of the calendar months from ``first_day`` to
    ``last_day`` (both included)."""
    month = first_day.replace(day=1)
    months = []
    while month <= last_day:
        months.append(month)
        month = add_months(month, 1)
    return months


def running_months(enrolment, period):
    """How many calendar months of ``period`` (first day, last day) the
    enrolment ran in: from its start to its closure (or end). Pure."""
    if enrolment.start_date is None:
        return 0
    last = closure_date(enrolment) or enrolment.end_date or period[1]
    first_day, last_day = max(period[0], enrolment.start_date), min(period[1], last)
    if first_day > last_day:
        return 0
    return len(months_of(first_day, last_day))


def minutes_per_family_per_month(subject, period):
    """The time spent over ``period`` (first day, last day; both included)
    on the families of ``subject``: a linking pin (the enrolments assigned
    to them, whoever recorded the contact) or a queryset of enrolments (a
    programme's, for the monitoring). A ``TimeSpent``; three queries."""
    if isinstance(subject, QuerySet):
        enrolments = subject
    else:
        enrolments = Enrolment.objects.filter(linking_pin=subject)
    enrolments = list(
        enrolments.filter(start_date__isnull=False, start_date__lte=period[1])
        .select_related("closure")
        # A programme's enrolments: only what the arithmetic reads.
        .only("pk", "family_id", "status", "start_date", "end_date", "closure__closed_on")
        .order_by()
    )
    minutes = Contact.objects.filter(
        enrolment_id__in=[enrolment.pk for enrolment in enrolments],
        date__gte=period[0],
        date__lte=period[1],
    ).aggregate(total=Sum("minutes"))["total"]
    months = {enrolment.pk: running_months(enrolment, period) for enrolment in enrolments}
    return TimeSpent(
        minutes=minutes or 0,
        family_months=sum(months.values()),
        families=len({e.family_id for e in enrolments if months[e.pk]}),
    )
