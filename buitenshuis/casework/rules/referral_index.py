# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The referral index for youth at risk (Verwijsindex): from the intake,
the linking pin says per child whether they registered the child, and
when. Nothing of the registration's content is kept (``Data.INTAKE``).

A registration lapses ``LAPSE_MONTHS`` months after ``registered_on``; from
``REMIND_DAYS`` days before that date the linking pin is reminded (the work
queue and ``casework:referral_index_due``), until they record a new date or
the enrolment ends."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.casework.models import Enrolment, Person, ReferralIndexEntry
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError

LAPSE_MONTHS = 24
REMIND_DAYS = 28
ANSWERABLE_STATUSES = (Enrolment.Status.INTAKE, Enrolment.Status.ACTIVE)


def lapses_on(registered_on):
    """The day the registration of ``registered_on`` lapses."""
    return add_months(registered_on, LAPSE_MONTHS)


def remind_from(registered_on):
    """The first day of the reminder."""
    return lapses_on(registered_on) - datetime.timedelta(days=REMIND_DAYS)


def latest_registration_reminded(today):
    """The latest ``registered_on`` whose reminder has started on
    ``today``: ``remind_from(day) <= today`` exactly for ``day <=`` this
    (``remind_from`` is monotone; the loop settles the end of February)."""
    day = add_months(today + datetime.timedelta(days=REMIND_DAYS), -LAPSE_MONTHS)
    while remind_from(day) > today:
        day -= datetime.timedelta(days=1)
    while remind_from(day + datetime.timedelta(days=1)) <= today:
        day += datetime.timedelta(days=1)
    return day


def reminders(entries, today=None):
    """The registrations of the queryset ``entries`` (scoped by the
    caller) to remind of: registered, of a running enrolment, lapsing
    within ``REMIND_DAYS`` days or lapsed. One query."""
    today = today or timezone.localdate()
    return entries.filter(
        registered=True,
        registered_on__lte=latest_registration_reminded(today),
        enrolment__status=Enrolment.Status.ACTIVE,
    )


def index_refusal(enrolment):
    """Why the Verwijsindex cannot be answered for ``enrolment`` now, or
    None."""
    if enrolment is None or enrolment.status not in ANSWERABLE_STATUSES:
        return _("De Verwijsindex wordt vanaf de intake bijgehouden, zolang het traject loopt.")
    return None


def unanswered(children, entries):
    """The children without an answer among ``entries``."""
    answered = {entry.child_id for entry in entries}
    return [child for child in children if child.pk not in answered]


def record_registration(user, enrolment, child, *, registered, registered_on=None):
    """Whether ``child`` is registered in the Verwijsindex, and the date
    (required when registered, never in the future); a new answer replaces
    the earlier one."""
    refusal = index_refusal(enrolment)
    if refusal:
        raise RuleError(refusal)
    if child.family_id != enrolment.family_id or child.kind != Person.Kind.CHILD:
        raise RuleError(_("Kies een kind van dit gezin."), field="child")
    if registered:
        if registered_on is None:
            raise RuleError(_("Vul de datum van de registratie in."), field="registered_on")
        if registered_on > timezone.localdate():
            raise RuleError(_("De datum ligt in de toekomst."), field="registered_on")
    else:
        registered_on = None
    entry, _created = ReferralIndexEntry.objects.update_or_create(
        enrolment=enrolment,
        child=child,
        defaults={"registered": registered, "registered_on": registered_on, "recorded_by": user},
    )
    return entry
