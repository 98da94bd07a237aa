# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What the activities tell the linking pin's caseload
(``casework.caseload``, a lower layer, asks through ``register_fact``):

- ``unread_signals``: the signals from the locations not yet read, per
  enrolment (a column);
- ``placement_overdue``: no first day of the activity within the
  programme's start norm (``referrals.rules.overdue_by_norm``, "start"),
  a warning.

Each answers for all enrolments of a page at once, scoped by the access
policy for the user."""

from django.db.models import Count
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.activities import queries
from buitenshuis.casework import caseload
from buitenshuis.referrals import rules as referral_rules
from buitenshuis.referrals.models import Referral

PLACEMENT_OVERDUE = caseload.CaseloadWarning(
    "plaatsing-te-laat", gettext_lazy("Plaatsing te laat"), 50
)


def unread_signals(user, enrolments):
    """{enrolment id: unread signals the user may read}: one query."""
    ids = [enrolment.pk for enrolment in enrolments]
    rows = (
        queries.inbox_signals(user)
        .filter(acknowledged_at__isnull=True, placement__enrolment_id__in=ids)
        .order_by()
        .values("placement__enrolment_id")
        .annotate(unread=Count("pk"))
    )
    return {row["placement__enrolment_id"]: row["unread"] for row in rows}


def placement_overdue(user, enrolments):
    """{enrolment id: True} for the enrolments whose activity has not
    started within the programme's start norm (the referral route's
    norms): three queries."""
    ids = [enrolment.pk for enrolment in enrolments]
    referrals = policy.scope(
        user, "view", Data.PLACEMENT, Referral.objects.filter(enrolment_id__in=ids)
    )
    late = referral_rules.overdue_by_norm(referrals)["start"]
    return dict.fromkeys(late.values_list("enrolment_id", flat=True), True)


def register_facts():
    caseload.register_fact(
        unread_signals,
        key="unread_signals",
        column=gettext_lazy("Ongelezen signalen"),
        order=10,
    )
    caseload.register_fact(
        placement_overdue, key="placement_overdue", warning=PLACEMENT_OVERDUE, order=20
    )
