# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The tokens of the aggregated feed for a municipality's own
business-intelligence tools (``monitoring.feed``).

A token belongs to one programme and opens only that programme's
aggregated figures. Only its SHA-256 hash is stored: the token itself is
shown once, when it is issued. A revoked token stays (who issued and
revoked it, when it was last used) and opens nothing."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.access import policy
from buitenshuis.organisations.models import Programme

# The token's length in random bytes (URL-safe base64: 43 characters).
TOKEN_BYTES = 32


def hash_token(token):
    """The stored form of a token: its SHA-256 hash in hex. A token has 256
    random bits, so a plain hash cannot be reversed by guessing."""
    return hashlib.sha256(token.encode()).hexdigest()


class FeedTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class FeedToken(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="feed_tokens",
    )
    name = models.CharField(_("naam"), max_length=80)
    token_hash = models.CharField(_("hash van het token"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgegeven door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uitgegeven op"), default=timezone.now)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)
    use_count = models.PositiveIntegerField(_("aantal keer gebruikt"), default=0)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("token voor de datafeed")
        verbose_name_plural = _("tokens voor de datafeed")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    @property
    def revoked(self):
        return self.revoked_at is not None

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(TOKEN_BYTES)

    @classmethod
    def find(cls, token):
        """The active token with this value, or None (unknown or revoked)."""
        if not token:
            return None
        return (
            cls.objects.active()
            .select_related("programme")
            .filter(token_hash=hash_token(token))
            .first()
        )


policy.register(FeedToken, programme="programme")
