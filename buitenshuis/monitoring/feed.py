# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The aggregated feed for a municipality's own business-intelligence
tools: counts per month for one programme, never a row about a person.

Each feed (``FEEDS``) is a table of counts: referrals per month by route,
children in a running enrolment per month by age band, contacts per month
(their number and minutes). Every count of fewer than 5 is given as the
text "<5" (``suppress``); a contact month with fewer than 5 contacts has
no minutes either. The feed covers the ``MONTHS`` months up to and
including the current one.

The tables are asked of the database in one query each (two for the
children), for the programme of the token only."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.casework.models import Contact, Enrolment, Person
from buitenshuis.core.dates import add_months
from buitenshuis.referrals.models import Referral

# How many months (up to and including the current one) a feed covers.
MONTHS = 24

# Counts below this are shown as "<5".
SMALL = 5
SUPPRESSED = "<5"


def suppress(count):
    """A count as it may leave the case workers: a count of fewer than 5
    as the text "<5", any other count as it is. At the merge with the
    shared suppression module (``monitoring.suppression``) that module's
    function takes this one's place, with the protection against
    recovering a small count by subtraction."""
    return SUPPRESSED if count < SMALL else count


def month_text(day):
    """A month as ``JJJJ-MM``."""
    return f"{day.year:04d}-{day.month:02d}"


def window(today=None, months=MONTHS):
    """The first day of the first month and the last day of the current
    month of the feed's period."""
    today = today or timezone.localdate()
    first = add_months(today.replace(day=1), -(months - 1))
    last = add_months(today.replace(day=1), 1) - datetime.timedelta(days=1)
    return first, last


def _month_starts(first, last):
    day = first
    while day <= last:
        yield day
        day = add_months(day, 1)


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def referrals_by_route(programme, today=None):
    """Referrals received per month by route."""
    first, last = window(today)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(last, datetime.time.max))
    found = (
        Referral.objects.filter(programme=programme, received_at__range=(start, end))
        .annotate(month=TruncMonth("received_at"))
        .order_by()
        .values_list("month", "route")
        .annotate(count=Count("pk"))
    )
    labels = dict(Referral._meta.get_field("route").choices)
    rows = [
        {
            "maand": month_text(_as_date(month)),
            "route": str(labels.get(route, route)),
            "aantal": count,
        }
        for month, route, count in found
    ]
    return sorted(rows, key=lambda row: (row["maand"], row["route"]))


# Age bands of the children: (label, lowest age, highest age).
AGE_BANDS = (
    ("0-3", 0, 3),
    ("4-7", 4, 7),
    ("8-11", 8, 11),
    ("12-17", 12, 17),
    ("18+", 18, 200),
)
UNKNOWN_AGE = "onbekend"


def age_band(age):
    if age is None:
        return UNKNOWN_AGE
    return next((label for label, low, high in AGE_BANDS if low <= age <= high), UNKNOWN_AGE)


def children_by_age(programme, today=None):
    """Children of families with a running enrolment per month, by age
    band on the first of the month. An enrolment runs in a month when it
    started on or before the month's last day and did not end before its
    first day. A child counts once a month however many enrolments."""
    first, last = window(today)
    running = (
        Enrolment.objects.filter(
            family__programme=programme, start_date__isnull=False, start_date__lte=last
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .order_by()
        .values_list("family_id", "start_date", "end_date")
    )
    periods = {}
    for family_id, start, end in running:
        periods.setdefault(family_id, []).append((start, end))
    children = Person.objects.filter(family_id__in=list(periods), kind=Person.Kind.CHILD)
    counts = Counter()
    for child in children.order_by().only("pk", "family_id", "date_of_birth"):
        for month in _month_starts(first, last):
            month_end = add_months(month, 1) - datetime.timedelta(days=1)
            if any(
                start <= month_end and (end is None or end >= month)
                for start, end in periods[child.family_id]
            ):
                counts[(month_text(month), age_band(child.age_on(month)))] += 1
    return [
        {"maand": month, "leeftijd": band, "aantal": count}
        for (month, band), count in sorted(counts.items())
    ]


def contacts_per_month(programme, today=None):
    """Contacts recorded per month: their number and minutes."""
    first, last = window(today)
    found = (
        Contact.objects.filter(enrolment__family__programme=programme, date__range=(first, last))
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values_list("month")
        .annotate(count=Count("pk"), minutes=Sum("minutes"))
    )
    rows = [
        {"maand": month_text(_as_date(month)), "aantal": count, "minuten": minutes or 0}
        for month, count, minutes in found
    ]
    return sorted(rows, key=lambda row: row["maand"])


@dataclass(frozen=True)
class Feed:
    """One table of the feed: ``key`` (in its address), ``title``, its
    ``columns`` and ``counts`` (the columns that are counts of people or
    contacts and are suppressed), and ``function(programme, today)``."""

    key: str
    title: str
    columns: tuple
    counts: tuple
    function: object

    def rows(self, programme, today=None):
        """The rows with every count suppressed; a suppressed contact count
        takes its minutes with it."""
        result = []
        for row in self.function(programme, today):
            row = dict(row)
            small = any(row[name] < SMALL for name in self.counts)
            for name in self.counts:
                row[name] = suppress(row[name])
            if small and "minuten" in row:
                row["minuten"] = SUPPRESSED
            result.append(row)
        return result


FEEDS = {
    feed.key: feed
    for feed in (
        Feed(
            "aanmeldingen",
            _("Aanmeldingen per maand en route"),
            ("maand", "route", "aantal"),
            ("aantal",),
            referrals_by_route,
        ),
        Feed(
            "kinderen",
            _("Kinderen in een lopend traject per maand en leeftijd"),
            ("maand", "leeftijd", "aantal"),
            ("aantal",),
            children_by_age,
        ),
        Feed(
            "contacten",
            _("Contacten per maand: aantal en minuten"),
            ("maand", "aantal", "minuten"),
            ("aantal",),
            contacts_per_month,
        ),
    )
}
