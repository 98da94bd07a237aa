# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The linking pin's caseload ("Mijn gezinnen"): each family they are
responsible for, with what needs their attention.

A row is the family's current enrolment (the latest; a continuation
replaces the enrolment it continues) that the user is responsible for as
linking pin, assigned or standing in (``Enrolment.objects.responsible``).
What casework knows itself: the status, the month of the enrolment, the
last contact (``rules.contacts.last_contacts``, the one definition), the
next review (``rules.reviews.next_review_due``) and the open agreements;
and the warnings that follow from them (``NO_CONTACT``, ``REVIEW_DUE``,
``REVIEW_OVERDUE``, ``ENDING``).

What the apps above casework know (unread signals, a placement past its
norm, missing consent) they supply as *facts*, since casework must not
import them: in the app's ``AppConfig.ready`` call

    caseload.register_fact(function, key="unread_signals", column=_("..."))
    caseload.register_fact(function, key="...", warning=caseload.CaseloadWarning(...))

where ``function(user, enrolments) -> {enrolment id: value}`` answers for
all enrolments of the page (a list, families loaded) in a fixed number of
queries (one, where it can), scoped by the access policy for ``user``. An
enrolment left out has no value (None). A fact with a ``column`` is shown
as a column; one with a ``warning`` gives the row that warning when its
value is true, and the warning is a filter of the page."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Agreement, Enrolment, Review, ReviewSchedule
from buitenshuis.casework.rules import contacts, reviews
from buitenshuis.core.dates import add_months

# The statuses of the caseload; without a filter the page shows the open
# ones (not closed).
STATUSES = (
    Enrolment.Status.REFERRED,
    Enrolment.Status.INTAKE,
    Enrolment.Status.ACTIVE,
    Enrolment.Status.CLOSED,
)
OPEN_STATUSES = STATUSES[:3]

# A family handed over for good shows as new for this many days.
TRANSFER_NOTICE_DAYS = 14


def transferred_since(today):
    """The moment from which a transfer counts as recent on ``today``:
    the start of the day ``TRANSFER_NOTICE_DAYS`` days ago."""
    day = today - datetime.timedelta(days=TRANSFER_NOTICE_DAYS)
    return datetime.datetime.combine(day, datetime.time.min, timezone.get_current_timezone())


def transferred_count(user, today=None):
    """How many families of the user's caseload were handed to them for
    good recently (the work queue's count): the rows the caseload shows
    with ``?waarschuwing=overgedragen``. One query."""
    today = today or timezone.localdate()
    return enrolments(user).filter(transferred_at__gte=transferred_since(today)).count()


# A review shows as due as many days ahead as in the work queue
# (``rules.reviews.DUE_DAYS``); an end this many months.
REVIEW_AHEAD_DAYS = reviews.DUE_DAYS
ENDING_MONTHS = 3


@dataclass(frozen=True)
class CaseloadWarning:
    """Something on a row that needs attention. ``key`` is its value in
    the page's filter (``?waarschuwing=``); ``label`` the Dutch text;
    ``order`` its place among the warnings."""

    key: str
    label: str
    order: int = 100


TRANSFERRED = CaseloadWarning("overgedragen", gettext_lazy("Onlangs aan u overgedragen"), 5)
NO_CONTACT = CaseloadWarning("geen-contact", gettext_lazy("Geen contact in vier weken"), 10)
REVIEW_DUE = CaseloadWarning("evaluatie", gettext_lazy("Evaluatie binnen twee weken"), 20)
REVIEW_OVERDUE = CaseloadWarning("evaluatie-te-laat", gettext_lazy("Evaluatie te laat"), 30)
ENDING = CaseloadWarning("einde", gettext_lazy("Einde binnen drie maanden"), 40)
OWN_WARNINGS = (TRANSFERRED, NO_CONTACT, REVIEW_DUE, REVIEW_OVERDUE, ENDING)


@dataclass(frozen=True)
class Fact:
    """What an app above casework tells about the enrolments of a page."""

    key: str
    function: Callable
    column: str = ""
    warning: CaseloadWarning | None = None
    order: int = 100


_FACTS = {}


def register_fact(function, *, key, column="", warning=None, order=100):
    """Add a fact to the caseload (from an app's ``AppConfig.ready``).
    A key is registered once: another function under it is a mistake."""
    fact = Fact(key=key, function=function, column=column, warning=warning, order=order)
    known = _FACTS.get(key)
    if known is not None and known != fact:
        raise ImproperlyConfigured(f"Another caseload fact is registered as {key!r}")
    _FACTS[key] = fact
    return fact


def facts():
    """The registered facts, in order."""
    return sorted(_FACTS.values(), key=lambda fact: (fact.order, fact.key))


def columns():
    """The facts shown as columns, in order."""
    return [fact for fact in facts() if fact.column]


def warnings():
    """Every warning a row can have: casework's own and the facts', in
    order."""
    found = [*OWN_WARNINGS, *(fact.warning for fact in facts() if fact.warning)]
    return sorted(found, key=lambda warning: (warning.order, warning.key))


def warning_by_key(key):
    return next((warning for warning in warnings() if warning.key == key), None)


# The rows --------------------------------------------------------------------


def candidates(user):
    """The enrolments of the caseload before the access policy's scope:
    the user is responsible for them, each is its family's current one,
    with a status of the caseload."""
    later = Enrolment.objects.filter(family_id=OuterRef("family_id"), pk__gt=OuterRef("pk"))
    return Enrolment.objects.responsible(user).filter(status__in=STATUSES).exclude(Exists(later))


# The access policy's question for the caseload's rows and page: who
# records the family's contacts (the responsible linking pin).
ACTION, DATA = "change", Data.CONTACTS


def enrolments(user):
    """The caseload's enrolments, scoped: the rows the page lists."""
    return policy.scope(user, ACTION, DATA, candidates(user))


@dataclass
class Row:
    """One family of the caseload."""

    enrolment: Enrolment
    month: tuple | None
    last_contact: datetime.date | None
    next_review: datetime.date | None
    open_agreements: int
    facts: dict = field(default_factory=dict)
    columns: list = field(default_factory=list)  # (header, value) per column fact
    warnings: list = field(default_factory=list)

    @property
    def pk(self):
        return self.enrolment.pk

    @property
    def family(self):
        return self.enrolment.family

    @property
    def family_id(self):
        return self.enrolment.family_id

    def has(self, warning_key):
        return any(warning.key == warning_key for warning in self.warnings)


def own_warnings(enrolment, last_contact, next_review, today):
    """The warnings casework gives an enrolment on ``today``. Pure."""
    found = []
    if enrolment.transferred_at and enrolment.transferred_at >= transferred_since(today):
        found.append(TRANSFERRED)
    if contacts.without_recent_contact(enrolment, last_contact, today):
        found.append(NO_CONTACT)
    if next_review is not None:
        if next_review < today:
            found.append(REVIEW_OVERDUE)
        elif next_review <= today + datetime.timedelta(days=REVIEW_AHEAD_DAYS):
            found.append(REVIEW_DUE)
    if (
        enrolment.status == Enrolment.Status.ACTIVE
        and enrolment.end_date is not None
        and enrolment.end_date <= add_months(today, ENDING_MONTHS)
    ):
        found.append(ENDING)
    return found


def rows(user, enrolments, today=None):
    """A ``Row`` for each enrolment of the list ``enrolments`` (with their
    families loaded), in the same order: a fixed number of queries however
    many enrolments (four, and those of the registered facts)."""
    enrolments = list(enrolments)
    if not enrolments:
        return []
    today = today or timezone.localdate()
    ids = [enrolment.pk for enrolment in enrolments]
    last = contacts.last_contacts(ids)
    held = defaultdict(set)
    reviews_held = Review.objects.filter(enrolment_id__in=ids).order_by()
    for enrolment_id, month in reviews_held.values_list("enrolment_id", "month"):
        held[enrolment_id].add(month)
    programme_ids = {enrolment.family.programme_id for enrolment in enrolments}
    schedules = {
        schedule.programme_id: schedule
        for schedule in ReviewSchedule.objects.filter(programme_id__in=programme_ids)
    }
    agreements = dict(
        policy.scope(
            user,
            "view",
            Data.GOALS,
            Agreement.objects.filter(enrolment_id__in=ids, status=Agreement.Status.OPEN),
        )
        .order_by()
        .values("enrolment_id")
        .annotate(open=Count("pk"))
        .values_list("enrolment_id", "open")
    )
    supplied = {fact.key: fact.function(user, enrolments) for fact in facts()}
    result = []
    for enrolment in enrolments:
        months = reviews.months_of(schedules.get(enrolment.family.programme_id))
        due = reviews.next_review_due(enrolment, months, held[enrolment.pk])
        row = Row(
            enrolment=enrolment,
            month=enrolment.month_on(today),
            last_contact=last.get(enrolment.pk),
            next_review=due,
            open_agreements=agreements.get(enrolment.pk, 0),
        )
        row.facts = {key: values.get(enrolment.pk) for key, values in supplied.items()}
        row.columns = [(fact.column, row.facts[fact.key]) for fact in columns()]
        row.warnings = own_warnings(enrolment, row.last_contact, due, today)
        row.warnings += [fact.warning for fact in facts() if fact.warning and row.facts[fact.key]]
        row.warnings.sort(key=lambda warning: (warning.order, warning.key))
        result.append(row)
    return result


def without_contact_count(user, today=None):
    """How many families of the user's caseload run without contact in
    four weeks (the work queue's count): the rows the caseload shows with
    ``?waarschuwing=geen-contact``. Two queries."""
    running = enrolments(user).filter(status=Enrolment.Status.ACTIVE).order_by()
    found = list(running.only("pk", "status", "start_date"))
    last = contacts.last_contacts([enrolment.pk for enrolment in found])
    today = today or timezone.localdate()
    return sum(
        1
        for enrolment in found
        if contacts.without_recent_contact(enrolment, last.get(enrolment.pk), today)
    )
