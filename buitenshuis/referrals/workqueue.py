"""What waits for whom in the referral route (see ``core.workqueue``).

Each kind of work has its own function; ``work_items`` collects them.
Counts come from ``access.policy.scope``: never a row the user may not
open."""

from django.urls import reverse
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.core.workqueue import WorkItem
from buitenshuis.referrals.models import PossibleDuplicate, PostcodeCheck, Referral

POSTCODE_WARNINGS = [PostcodeCheck.MISMATCH, PostcodeCheck.NOT_FOUND]


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
            order=20,
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
            order=25,
        )
    ]


def work_items(user):
    return [*possible_duplicate_items(user), *postcode_items(user)]
