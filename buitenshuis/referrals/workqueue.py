# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What waits for whom in the referral route (``core.workqueue``).

Each kind of work is a *waiting filter*: a key the referral list accepts
as ``?wacht=<key>`` ("waits for me"), and a function that narrows the
referrals the list shows (``listed``) to those waiting for this user. The
start page counts exactly those rows, so the count and the linked list
always agree and never include a referral the user may not open.

* coordinator: referrals without a linking pin (``unassigned_items``);
* linking pin: referrals awaiting their intake (``intake_items``), with an
  intake but missing consent (``consent_items``), accepted but with no
  child placed yet (``placement_items``);
* decider (the policy officer, or the linking pin under mandate, per
  ``ProgrammeSettings.decider``): referrals ready for a decision
  (``decision_items``);
* policy officer: mandate decisions to note (``mandate_task_items``).

Every function runs a fixed number of queries, however many families the
installation holds. The coordinator also gets possible duplicates
to link or dismiss (``possible_duplicate_items``) and postcode warnings
(``postcode_items``).
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Enrolment
from buitenshuis.core.workqueue import WorkItem
from buitenshuis.organisations.models import Role
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import (
    MunicipalityTask,
    PossibleDuplicate,
    PostcodeCheck,
    Referral,
)

OPEN = [Referral.Status.RECEIVED, Referral.Status.INTAKE]
POSTCODE_WARNINGS = [PostcodeCheck.MISMATCH, PostcodeCheck.NOT_FOUND]


# The referral list's rows, and the waiting filters -------------------------


def listed(user, referrals=None):
    """The referrals the referral list shows the user: those whose status
    and intake they may see (a linking pin their own, the coordinator and
    the policy officer their programme's)."""
    referrals = Referral.objects.all() if referrals is None else referrals
    referrals = policy.scope(user, "view", Data.REFERRAL_STATUS, referrals)
    return policy.scope(user, "view", Data.INTAKE, referrals)


def _split_by_consent(referrals):
    """(ids with every required consent, ids missing one) of open referrals
    with an intake: three queries for any number of referrals."""
    complete, missing = [], []
    candidates = referrals.filter(status__in=OPEN, intake__isnull=False).prefetch_related(
        "family__members", "consents"
    )
    for referral in candidates:
        (missing if rules.missing_consents(referral) else complete).append(referral.pk)
    return complete, missing


def waiting_unassigned(user, referrals):
    """Open referrals without a linking pin that the user may assign."""
    referrals = referrals.filter(status__in=OPEN, enrolment__linking_pin__isnull=True)
    return policy.scope(user, "change", Data.ASSIGNMENT, referrals)


def waiting_intake(user, referrals):
    """Open referrals of the user's own families without an intake."""
    referrals = referrals.filter(
        status__in=OPEN, intake__isnull=True, enrolment__linking_pin__isnull=False
    )
    return policy.scope(user, "change", Data.INTAKE, referrals)


def waiting_consent(user, referrals):
    """Referrals of the user's own families with an intake but with a
    consent the age rules require still missing."""
    referrals = policy.scope(user, "change", Data.INTAKE, referrals)
    _complete, missing = _split_by_consent(referrals)
    return referrals.filter(pk__in=missing)


def _decider_condition(user):
    """Q for the programmes where the user holds the deciding role, without
    the referrals they entered themselves where the programme does not allow
    deciding on those; None when they decide nowhere."""
    mine = {
        (m.programme_id, m.role)
        for m in policy.memberships(user)
        if m.programme_id and m.role in (Role.POLICY_OFFICER, Role.LINKING_PIN)
    }
    if not mine:
        return None
    found = ProgrammeSettings.objects.filter(programme_id__in={pid for pid, _role in mine})
    by_programme = {item.programme_id: item for item in found}
    condition = None
    for programme_id, role in mine:
        settings = by_programme.get(programme_id)
        deciding_role = settings.deciding_role if settings else Role.POLICY_OFFICER
        if role != deciding_role:
            continue
        q = Q(programme_id=programme_id)
        if not (settings and settings.allow_self_decision):
            q &= ~Q(referred_by=user)
        condition = q if condition is None else condition | q
    return condition


def waiting_decision(user, referrals):
    """Referrals ready for a decision (intake and every consent) that the
    user may decide on, per the programme's choice of decider."""
    condition = _decider_condition(user)
    if condition is None:
        return referrals.none()
    referrals = policy.scope(user, "decide", Data.DECISION, referrals.filter(condition))
    complete, _missing = _split_by_consent(referrals)
    return referrals.filter(pk__in=complete)


def waiting_placement(user, referrals):
    """Accepted referrals of the user's own families whose activity has not
    started: the children wait to be placed."""
    referrals = referrals.filter(
        status=Referral.Status.ACCEPTED,
        enrolment__status=Enrolment.Status.ACTIVE,
        enrolment__first_activity_date__isnull=True,
    )
    return policy.scope(user, "change", Data.PLACEMENT, referrals)


# key (as in ?wacht=...) -> (label in the list's filter, filter function)
WAITING = {
    "toewijzen": (gettext_lazy("Zonder linking pin, door u toe te wijzen"), waiting_unassigned),
    "intake": (gettext_lazy("Wacht op uw intake"), waiting_intake),
    "toestemming": (gettext_lazy("Wacht op toestemming"), waiting_consent),
    "besluit": (gettext_lazy("Wacht op uw besluit"), waiting_decision),
    "plaatsen": (gettext_lazy("Wacht op de start van de activiteit"), waiting_placement),
}


def waiting(user, key, referrals):
    """``referrals`` narrowed to the waiting filter ``key`` (unknown keys
    leave them as they are)."""
    if key not in WAITING:
        return referrals
    return WAITING[key][1](user, referrals)


def list_url(key):
    return f"{reverse('referrals:list')}?{urlencode({'wacht': key})}"


def _item(user, key, label, order, norm=None):
    """The item for waiting filter ``key``; with ``norm`` (a key of
    ``programmes.norms.NORMS``) also how many of them passed the programme's norm."""
    referrals = waiting(user, key, listed(user))
    # The waiting referrals' ids (the user's own work: a short list), and
    # the norm applied to exactly those rows. Applying the norm on top of
    # the waiting filter repeated its conditions; PostgreSQL multiplied
    # their selectivities, expected a handful of rows and joined by hash
    # over the country's unassigned enrolments (bench/README.md).
    ids = list(referrals.order_by().values_list("pk", flat=True))
    count = len(ids)
    overdue = 0
    if count and norm is not None:
        late = rules.overdue_by_norm(Referral.objects.filter(pk__in=ids))[norm]
        overdue = late.count()
    return WorkItem(
        key=f"referrals.{key}",
        label=label,
        count=count,
        url=list_url(key),
        overdue=overdue,
        order=order,
    )


# The work items ------------------------------------------------------------


def _holds(user, *roles):
    return any(m.role in roles for m in policy.memberships(user))


def unassigned_items(user):
    if not _holds(user, Role.COORDINATOR):
        return []
    label = _("Aanmeldingen zonder linking pin")
    return [_item(user, "toewijzen", label, 10, norm="assign")]


def intake_items(user):
    if not _holds(user, Role.LINKING_PIN):
        return []
    label = _("Aanmeldingen die wachten op uw intake")
    return [_item(user, "intake", label, 20, norm="intake")]


def consent_items(user):
    if not _holds(user, Role.LINKING_PIN):
        return []
    return [_item(user, "toestemming", _("Aanmeldingen waarvoor toestemming ontbreekt"), 30)]


def decision_items(user):
    if not _holds(user, Role.POLICY_OFFICER, Role.LINKING_PIN):
        return []
    label = _("Aanmeldingen die wachten op uw besluit")
    return [_item(user, "besluit", label, 40, norm="decision")]


def placement_items(user):
    if not _holds(user, Role.LINKING_PIN):
        return []
    label = _("Toegekende gezinnen waarvan de activiteit nog moet starten")
    return [_item(user, "plaatsen", label, 50, norm="start")]


def mandate_task_items(user):
    """Decisions under a linking pin's mandate the policy officer has not
    noted yet (the list ``referrals:tasks`` shows these by default)."""
    if not (_holds(user, Role.POLICY_OFFICER) and policy.can(user, "change", Data.MANDATE_REVIEW)):
        return []
    tasks = policy.scope(
        user, "change", Data.MANDATE_REVIEW, MunicipalityTask.objects.filter(noted_at__isnull=True)
    )
    return [
        WorkItem(
            key="referrals.mandate_tasks",
            label=_("Besluiten onder mandaat om kennis van te nemen"),
            count=tasks.count(),
            url=reverse("referrals:tasks"),
            order=60,
        )
    ]


def possible_duplicate_items(user):
    """The coordinator: possible duplicates of their programme(s) to link
    or dismiss."""
    if not policy.can(user, "change", Data.POSSIBLE_DUPLICATE):
        return []
    open_ = policy.scope(
        user,
        "change",
        Data.POSSIBLE_DUPLICATE,
        PossibleDuplicate.objects.filter(status=PossibleDuplicate.Status.OPEN),
    )
    return [
        WorkItem(
            key="referrals.possible_duplicates",
            label=_("Mogelijke dubbele aanmeldingen"),
            count=open_.count(),
            url=reverse("referrals:duplicates"),
            order=11,
        )
    ]


def postcode_items(user):
    """The coordinator: open referrals whose postcode does not fit the
    chosen municipality (or that the national address service does not
    know), found when entered or by ``manage.py recheck_postcodes``."""
    # The coordinator handles incoming referrals (assigning is theirs).
    if not policy.can(user, "change", Data.ASSIGNMENT):
        return []
    failed = policy.scope(
        user,
        "change",
        Data.ASSIGNMENT,
        Referral.objects.filter(
            postcode_check__in=POSTCODE_WARNINGS,
            status__in=[Referral.Status.RECEIVED, Referral.Status.INTAKE],
        ),
    )
    return [
        WorkItem(
            key="referrals.postcode_mismatch",
            label=_("Postcode past niet bij de gemeente"),
            count=failed.count(),
            url=reverse("referrals:list") + "?controle=postcode",
            order=12,
        )
    ]


def work_items(user):
    """Everything in the referral route that waits for ``user``."""
    return [
        *unassigned_items(user),
        *possible_duplicate_items(user),
        *postcode_items(user),
        *intake_items(user),
        *consent_items(user),
        *decision_items(user),
        *placement_items(user),
        *mandate_task_items(user),
    ]
