# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The continuation after two years: a referral of its own
(``casework.events.enrolment_closed``).

When the linking pin closes an enrolment with a way on that continues the
help (unchanged, with a parental contribution, or less intensive),
casework creates the follow-up enrolment (``previous``: the closed one,
with the contribution schedule) and this module its referral, in the same
transaction: route "vervolg na twee jaar", the same family, entered by the
linking pin who closed, assigned to the family's linking pin, with a fixed
sentence as its worries (nothing of the notes or the old referral is
copied).

From there it is a referral like a first one, on purpose: the linking pin
records the intake (a short one: the closing review) and the consents for
the new period, since consent was given for the first enrolment and a
continuation (possibly with a contribution) needs the parents' agreement
again; then it waits for the programme's decider like any referral, on
their work queue ("wacht op uw besluit"), and ``rules.decide`` starts it.
Its start may not lie on or before the closure of the enrolment it
continues (``rules.continuation_start_error``)."""

from django.utils import timezone

from buitenshuis.access import policy
from buitenshuis.organisations.models import Role
from buitenshuis.referrals.models import Referral, Route

# Stored in the product's language (the referral's text is the case's).
CONTINUATION_WORRIES = (
    "Vervolg na afsluiting van het vorige traject; de linking pin stelde een voortzetting voor."
)


def organisation_of(user, programme_id):
    """The organisation for which ``user`` works as linking pin in the
    programme (the continuation's referring organisation), or None."""
    for membership in policy.memberships(user):
        if membership.role == Role.LINKING_PIN and membership.programme_id == programme_id:
            return membership.organisation
    return None


def create_continuation(sender, closure, follow_up=None, **kwargs):
    """Receiver of ``enrolment_closed``: the follow-up enrolment's referral,
    waiting for its intake. Nothing when the help does not continue."""
    if follow_up is None:
        return None
    closed = closure.enrolment
    family = closed.family
    previous = Referral.objects.filter(enrolment_id=closed.pk).first()
    organisation = organisation_of(closure.closed_by, family.programme_id) or (
        previous.referrer_organisation if previous else None
    )
    if organisation is None:
        raise ValueError(f"no referring organisation for the continuation of {closed.pk}")
    now = timezone.now()
    return Referral.objects.create(
        programme_id=family.programme_id,
        family=family,
        enrolment=follow_up,
        referred_by=closure.closed_by,
        referrer_organisation=organisation,
        route=Route.CONTINUATION,
        # Not asked again at a continuation: kept as at the referral it
        # continues (a status, not its notes).
        veilig_thuis=previous.veilig_thuis if previous else "none",
        worries=CONTINUATION_WORRIES,
        # The linking pin is known from the start: the norm for the
        # intake runs from now.
        assigned_at=now,
    )
