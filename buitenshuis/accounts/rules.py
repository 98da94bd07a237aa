# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The rules for memberships: who may grant, change, end and approve a role.

They live in accounts, the app of the users and of their administration,
rather than beside the Membership model: granting a role asks the access
policy whether the actor is a functional administrator and writes the access
log, and organisations sits below both. Nor do they live in access, which
answers "what may this membership see" and never writes: keeping the policy
a pure reading of memberships keeps it the one small mechanism that every
page asks.

One write path per change of a membership; the admin's pages (the
Membership pages and the inline on the User page, accounts/admin.py) call
these functions and hold no rules themselves. Every change, and every
refused attempt, is written to the access log (data "users", the member as
subject) with who granted what to whom; the log holds the role, organisation
and programme, never case content.

* Nobody grants themselves a role: adding, changing or re-activating a
  membership of one's own account is refused (ending one's own is allowed).
* A membership that gives access to case data (``CASE_DATA_ROLES``) waits
  for a second functional administrator's approval before it grants
  anything, when ``settings.MEMBERSHIP_APPROVAL_REQUIRED`` is on and there
  is another active administrator who could approve it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.audit.log import record
from buitenshuis.audit.models import Action, Outcome
from buitenshuis.core.errors import RuleError
from buitenshuis.core.notify import something_waits
from buitenshuis.organisations.models import (
    CASE_DATA_ROLES,
    Approval,
    Membership,
    Role,
)

# The fields whose change alters what a membership grants.
GRANTING_FIELDS = ("organisation_id", "role", "programme_id", "is_privacy_officer")


def administrators():
    """Active users with a current (approved) administrator membership."""
    from django.contrib.auth import get_user_model

    admin_ids = Membership.objects.current().filter(role=Role.ADMINISTRATOR).values("user_id")
    return get_user_model().objects.filter(is_active=True, pk__in=admin_ids)


def approvers(membership):
    """The administrators who may approve ``membership``: never the one who
    requested it, never its member."""
    return administrators().exclude(pk=membership.requested_by_id).exclude(pk=membership.user_id)


def needs_approval(membership):
    """Whether ``membership`` (its requester set) waits for a second
    administrator before it takes effect."""
    return (
        getattr(settings, "MEMBERSHIP_APPROVAL_REQUIRED", True)
        and membership.role in CASE_DATA_ROLES
        and approvers(membership).exists()
    )


def describe(membership, locations=None):
    """Role, organisation, programme (and locations) of a membership, for
    the access log's reason: no case content."""
    parts = [membership.get_role_display(), str(membership.organisation)]
    if membership.programme_id:
        parts.append(str(membership.programme))
    if locations is None and membership.pk:
        locations = membership.locations.all()
    names = sorted(location.name for location in locations or ())
    if names:
        parts.append(_("locaties: %(names)s") % {"names": ", ".join(names)})
    if membership.is_privacy_officer:
        parts.append(_("privacyfunctionaris"))
    return ", ".join(parts)


def _log(request, actor, action, membership, text, outcome=Outcome.ALLOWED):
    reason = _("%(text)s (gebruiker %(member)s)") % {
        "text": text,
        "member": membership.user.get_username(),
    }
    record(
        request,
        action,
        Data.USERS,
        subjects=[membership.user],
        outcome=outcome,
        reason=reason[:500],
        user=actor,
    )


def _require_administrator(actor):
    if not policy.can(actor, "change", Data.USERS):
        raise RuleError(_("Alleen een functioneel beheerder kan lidmaatschappen beheren."))


def refuse_self_grant(actor, member, action, request=None, what=""):
    """Refuse (and log) when ``actor`` would give ``member`` a role and is
    that member. Forms call this in their validation, so that nothing is
    stored; the rule functions below call it too."""
    if actor is None or member is None or actor.pk != member.pk:
        return
    text = _("Geweigerd: eigen lidmaatschap toekennen of wijzigen")
    if what:
        text = f"{text}: {what}"
    record(
        request,
        action,
        Data.USERS,
        subjects=[member],
        outcome=Outcome.DENIED,
        reason=text[:500],
        user=actor,
    )
    raise RuleError(
        _(
            "U kunt uzelf geen rol geven en uw eigen lidmaatschap niet wijzigen of weer "
            "activeren. Vraag een andere functioneel beheerder dit te doen."
        )
    )


def _validate(membership):
    try:
        membership.clean()
    except ValidationError as error:
        raise RuleError(" ".join(error.messages)) from None


def _request_or_approve(actor, membership):
    """Mark ``membership`` as requested by ``actor``: pending when it needs
    a second administrator, approved otherwise. Returns whether pending."""
    membership.requested_by = actor
    membership.requested_at = timezone.now()
    membership.decided_by = None
    membership.decided_at = None
    pending = needs_approval(membership)
    membership.approval = Approval.PENDING if pending else Approval.APPROVED
    return pending


def _notify_approvers(membership):
    people = list(approvers(membership))
    transaction.on_commit(lambda: something_waits(people))


def grant_membership(actor, membership, locations=None, request=None):
    """Store the new (unsaved) ``membership`` that ``actor`` grants, with
    ``locations`` for location staff. Returns it, pending or in effect."""
    _require_administrator(actor)
    what = describe(membership, locations)
    refuse_self_grant(actor, membership.user, Action.CREATE, request, what)
    _validate(membership)
    membership.is_active = True
    with transaction.atomic():
        pending = _request_or_approve(actor, membership)
        membership.save()
        if locations is not None:
            membership.locations.set(locations)
        text = _("Lidmaatschap toegekend: %(what)s") % {"what": describe(membership)}
        if pending:
            text += "; " + _("wacht op goedkeuring door een tweede beheerder")
            _notify_approvers(membership)
        _log(request, actor, Action.CREATE, membership, text)
    return membership


def _grants_more(old, membership, old_locations, locations):
    """Whether the change can widen what the membership grants."""
    if any(getattr(old, name) != getattr(membership, name) for name in GRANTING_FIELDS):
        return True
    if membership.is_active and not old.is_active:
        return True  # re-activated
    if locations is not None and set(locations) - set(old_locations):
        return True
    return membership.approval == Approval.REFUSED and membership.is_active


def change_membership(actor, membership, locations=None, request=None):
    """Store the changes ``actor`` made to ``membership`` (a changed
    instance, not yet saved; ``locations`` the new locations, or None when
    unchanged). Ending it goes through ``end_membership``."""
    _require_administrator(actor)
    old = Membership.objects.select_related("user").get(pk=membership.pk)
    old_locations = list(old.locations.all())
    if locations is not None:
        locations = list(locations)
    if old.is_active and not membership.is_active:
        # Ended; other changes in the same form are kept as they are, but
        # an ended membership grants nothing.
        return end_membership(actor, membership, locations=locations, request=request)
    if membership.user_id != old.user_id:
        raise RuleError(
            _("Een lidmaatschap hoort bij één persoon; beëindig het en ken een nieuw toe.")
        )
    changed = any(
        getattr(old, name) != getattr(membership, name) for name in (*GRANTING_FIELDS, "is_active")
    ) or (locations is not None and set(locations) != set(old_locations))
    if not changed:
        return membership
    what = describe(membership, locations)
    refuse_self_grant(actor, membership.user, Action.CHANGE, request, what)
    _validate(membership)
    with transaction.atomic():
        pending = False
        if _grants_more(old, membership, old_locations, locations):
            pending = _request_or_approve(actor, membership)
        membership.save()
        if locations is not None:
            membership.locations.set(locations)
        text = _("Lidmaatschap gewijzigd: %(old)s → %(new)s") % {
            "old": describe(old, old_locations),
            "new": describe(membership, locations),
        }
        if membership.is_active and not old.is_active:
            text = _("Lidmaatschap weer actief: %(what)s") % {"what": describe(membership)}
        if pending:
            text += "; " + _("wacht op goedkeuring door een tweede beheerder")
            _notify_approvers(membership)
        _log(request, actor, Action.CHANGE, membership, text)
    return membership


def end_membership(actor, membership, locations=None, request=None):
    """End ``membership``: it grants nothing from now on. Anyone with the
    administrator's right may end one, also their own; a pending request
    that is ended is withdrawn."""
    _require_administrator(actor)
    with transaction.atomic():
        was_pending = membership.approval == Approval.PENDING
        membership.is_active = False
        membership.save()
        if locations is not None:
            membership.locations.set(locations)
        if was_pending:
            text = _("Aanvraag lidmaatschap ingetrokken: %(what)s")
        else:
            text = _("Lidmaatschap beëindigd: %(what)s")
        _log(
            request,
            actor,
            Action.CHANGE,
            membership,
            text % {"what": describe(membership)},
        )
    return membership


def approve_membership(actor, membership, approve=True, request=None):
    """A second administrator approves (or refuses) a pending membership.
    The requester and the member themselves may not."""
    _require_administrator(actor)
    if membership.approval != Approval.PENDING or not membership.is_active:
        raise RuleError(_("Dit lidmaatschap wacht niet (meer) op goedkeuring."))
    if actor.pk in (membership.requested_by_id, membership.user_id):
        what = describe(membership)
        record(
            request,
            Action.DECIDE,
            Data.USERS,
            subjects=[membership.user],
            outcome=Outcome.DENIED,
            reason=(
                _("Geweigerd: eigen aanvraag of eigen lidmaatschap beoordelen: %(what)s")
                % {"what": what}
            )[:500],
            user=actor,
        )
        if actor.pk == membership.user_id:
            raise RuleError(_("U kunt uw eigen lidmaatschap niet goedkeuren."))
        raise RuleError(
            _(
                "U hebt dit lidmaatschap zelf aangevraagd; een andere functioneel beheerder "
                "moet het goedkeuren."
            )
        )
    with transaction.atomic():
        membership.approval = Approval.APPROVED if approve else Approval.REFUSED
        membership.decided_by = actor
        membership.decided_at = timezone.now()
        if not approve:
            membership.is_active = False
        membership.save()
        requester = membership.requested_by.get_username() if membership.requested_by else "-"
        if approve:
            text = _("Lidmaatschap goedgekeurd (aangevraagd door %(requester)s): %(what)s")
        else:
            text = _("Lidmaatschap afgewezen (aangevraagd door %(requester)s): %(what)s")
        _log(
            request,
            actor,
            Action.DECIDE,
            membership,
            text % {"requester": requester, "what": describe(membership)},
        )
    return membership


def pending_for(user):
    """The pending memberships ``user`` may approve."""
    pending = policy.scope(user, "change", Data.USERS, Membership.objects.pending())
    return (
        pending.exclude(requested_by=user)
        .exclude(user=user)
        .select_related("user", "organisation", "programme", "requested_by")
    )
