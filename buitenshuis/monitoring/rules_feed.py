# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Issuing and revoking the tokens of the aggregated feed: the
programme's coordinator (``Data.FEED_TOKENS``, change)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.access.programme_choice import programmes_for
from buitenshuis.core.errors import RuleError
from buitenshuis.monitoring.models_exports import FeedToken, hash_token


def issue_refusal(user, programme):
    """Why ``user`` may not issue a token for ``programme``, or None."""
    if programme not in programmes_for(user, "change", Data.FEED_TOKENS):
        return _("Alleen de coördinator van het programma geeft tokens uit.")
    return None


def issue(user, programme, name):
    """Issue a token for ``programme``'s feed. Returns ``(feed_token,
    token)``: the token itself exists only in this answer (the database
    keeps its hash), so the page shows it once."""
    refusal = issue_refusal(user, programme)
    if refusal:
        raise RuleError(refusal)
    name = (name or "").strip()
    if not name:
        raise RuleError(_("Geef het token een naam."), field="name")
    token = FeedToken.new_token()
    with transaction.atomic():
        feed_token = FeedToken.objects.create(
            programme=programme,
            name=name,
            token_hash=hash_token(token),
            created_by=user,
        )
    return feed_token, token


def revoke_refusal(user, feed_token):
    """Why ``user`` may not revoke ``feed_token``, or None."""
    if not policy.can(user, "change", Data.FEED_TOKENS, feed_token):
        return _("Alleen de coördinator van het programma trekt tokens in.")
    if feed_token.revoked:
        return _("Dit token is al ingetrokken.")
    return None


def revoke(user, feed_token):
    """Revoke ``feed_token``: from now on it opens nothing (401)."""
    refusal = revoke_refusal(user, feed_token)
    if refusal:
        raise RuleError(refusal)
    with transaction.atomic():
        changed = FeedToken.objects.filter(pk=feed_token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=user
        )
        if not changed:
            raise RuleError(_("Dit token is al ingetrokken."))
    feed_token.refresh_from_db()
    return feed_token
