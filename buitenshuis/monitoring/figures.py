# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The figures of the referral route: which referrals passed one of their
programme's norms (no linking pin, no intake, no decision, no first day of
the activity in time) and the lead times to the intake, the decision and the
first activity day.

Every figure is taken from the referrals the user may open (the policy's
scope), so no count includes another's rows. The norms are the programme's
own (``programmes.norms``); which referral passed one is
``referrals.rules.overdue_by_norm``."""

import datetime

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Enrolment, Family
from buitenshuis.casework.rules import contacts
from buitenshuis.core.dates import add_months
from buitenshuis.core.formats import amount_of_time, format_days, format_duration
from buitenshuis.programmes import norms
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Referral

# How many of the latest referrals with a decision or a first day show
# their lead times.
RECENT_DURATIONS = 10


def timing(user, now=None):
    """Referrals past one of their programme's norms, and lead times, from
    the referrals the user may open."""
    now = now or timezone.now()
    visible = policy.scope(
        user,
        "view",
        Data.REFERRAL_STATUS,
        Referral.objects.select_related("family", "enrolment", "programme"),
    ).annotate(intake_held_on=F("intake__held_on"))  # rules.durations: no query per row
    found = rules.overdue_by_norm(visible, now=now)
    norms_of = {}

    def norm_text(referral, norm):
        if referral.programme_id not in norms_of:
            norms_of[referral.programme_id] = norms.amounts(referral.programme)
        return amount_of_time(*norms_of[referral.programme_id][norm])

    def item(referral, norm, since):
        return {
            "pk": referral.pk,
            "reference": referral.family.reference,
            "family": referral.family,
            "since": since,
            "waiting": format_duration(now - since),
            "norm": norm_text(referral, norm),
        }

    unassigned = [item(r, "assign", r.received_at) for r in found["assign"].order_by("received_at")]
    no_intake = [
        item(r, "intake", r.assigned_at or r.received_at)
        for r in found["intake"].order_by("received_at")
    ]
    undecided = [
        {**item(r, "decision", r.received_at), "received_at": r.received_at}
        for r in found["decision"].order_by("received_at")
    ]
    not_started = []
    for r in found["start"].order_by("received_at"):
        since = r.ready_at or r.decided_at
        not_started.append(
            {
                **item(r, "start", since),
                "decided_at": r.decided_at,
                "to_decision": format_duration(rules.durations(r)["to_decision"]),
            }
        )
    recent = []
    lead = {"to_intake": [], "intake_to_start": [], "to_decision": []}
    reached = visible.filter(
        Q(decided_at__isnull=False) | Q(enrolment__first_activity_date__isnull=False)
    )
    for r in reached.order_by("-received_at")[:RECENT_DURATIONS]:
        durations = rules.durations(r)
        for key, value in durations.items():
            if value is not None:
                lead[key].append(value)
        recent.append(
            {
                "pk": r.pk,
                "reference": r.family.reference,
                "family": r.family,
                "status": r.get_status_display(),
                "to_intake": format_days(durations["to_intake"]),
                "intake_to_start": format_days(durations["intake_to_start"]),
                "to_decision": format_duration(durations["to_decision"]),
            }
        )

    def average(deltas, fmt):
        if not deltas:
            return ""
        return fmt(sum(deltas, datetime.timedelta()) / len(deltas))

    # Each row links to the case hub where the user may open the family:
    # one scoped query for all rows.
    rows = unassigned + no_intake + undecided + not_started + recent
    openable = (
        set(
            policy.scope(
                user,
                "view",
                Data.FAMILY_IDENTITY,
                Family.objects.filter(pk__in={row["family"].pk for row in rows}),
            ).values_list("pk", flat=True)
        )
        if rows
        else set()
    )
    for row in rows:
        row["openable"] = row["family"].pk in openable

    groups = [
        (_("Zonder linking pin binnen de norm"), _("Aangemeld op"), unassigned),
        (_("Zonder intake binnen de norm"), _("Linking pin sinds"), no_intake),
        (_("Zonder besluit binnen de norm"), _("Aangemeld op"), undecided),
        (
            _("Zonder eerste dag van de activiteit binnen de norm"),
            _("Intake en toestemming rond (of besluit) op"),
            not_started,
        ),
    ]
    return {
        "overdue_groups": [
            {"heading": heading, "since": since, "items": items} for heading, since, items in groups
        ],
        "overdue_unassigned": unassigned,
        "overdue_no_intake": no_intake,
        "overdue_undecided": undecided,
        "overdue_not_started": not_started,
        "overdue_count": len(unassigned) + len(no_intake) + len(undecided) + len(not_started),
        "recent_durations": recent,
        "average_to_intake": average(lead["to_intake"], format_days),
        "average_intake_to_start": average(lead["intake_to_start"], format_days),
        "average_to_decision": average(lead["to_decision"], format_duration),
    }


# The linking pin's time per family is averaged over this many whole
# calendar months before the current one.
TIME_MONTHS = 3


def time_per_family(user, today=None):
    """The linking pins' average minutes per family per month over the
    last ``TIME_MONTHS`` whole calendar months (the guide asks for it), of
    the enrolments whose contacts the user may see: a linking pin their
    own, the coordinator the programme's. Every kind of contact counts as
    time spent (``casework.rules.contacts.minutes_per_family_per_month``).
    Three queries."""
    today = today or timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    first = add_months(last.replace(day=1), -(TIME_MONTHS - 1))
    enrolments = policy.scope(user, "view", Data.CONTACTS, Enrolment.objects.all())
    spent = contacts.minutes_per_family_per_month(enrolments, (first, last))
    average = spent.per_family_per_month
    return {
        "time_first_month": first,
        "time_last_month": last,
        "time_families": spent.families,
        "time_per_family": round(average) if average is not None else None,
    }
