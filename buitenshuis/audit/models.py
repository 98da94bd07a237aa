# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The access log (NEN 7513): who did what with whose personal data.

Entries are append-only: the application refuses to change or delete them
(and on PostgreSQL a trigger refuses it to the database user too, see the
migration), and each entry carries the HMAC of its own content and of its
predecessor's HMAC, with a key held outside the database (ACCESS_LOG_KEY), so
that the ``verify`` command detects a removed, altered or forged entry.

The log is ``CHAINS`` chains side by side, each with its own head row: an
entry is appended to one chain, so requests writing to different chains
never wait for each other's lock, while every entry is chained the moment it
is committed. Chain 0 is the single chain of before.

Entries written before the key existed carry a plain SHA-256 hash; they are
only accepted at the start of chain 0, before its first HMAC entry (see
``buitenshuis.audit.log.check_chain`` and docs/privacy.md)."""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableError(Exception):
    """Raised when code tries to change or delete an access-log entry."""


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk changes; offers the privacy officer's selections."""

    def about_family(self, family_id):
        """Entries about the family or one of its members."""
        about = AccessLogSubject.objects.filter(family_id=family_id).values("entry_id")
        return self.filter(pk__in=about)

    def by_user(self, user):
        """Entries written by the user: by id, so a renamed account is still
        found; by username for an account that no longer exists (unsaved)."""
        if user.pk is not None:
            return self.filter(user_id=user.pk)
        return self.filter(username=user.get_username())

    def between(self, start=None, end=None):
        """Entries with ``start <= timestamp < end`` (either may be None)."""
        entries = self
        if start is not None:
            entries = entries.filter(timestamp__gte=start)
        if end is not None:
            entries = entries.filter(timestamp__lt=end)
        return entries

    def update(self, **kwargs):
        raise ImmutableError("Access-log entries cannot be changed.")

    def delete(self):
        raise ImmutableError("Access-log entries cannot be deleted.")

    _raw_delete = delete


class AppendOnlyModel(models.Model):
    """A row of the access log: written once, never changed or deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("Access-log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Access-log entries cannot be deleted.")


class Action(models.TextChoices):
    VIEW = "view", _("Inzien")
    LIST = "list", _("Lijst / zoeken")
    CREATE = "create", _("Aanmaken")
    CHANGE = "change", _("Wijzigen")
    DELETE = "delete", _("Verwijderen")
    DECIDE = "decide", _("Besluiten")
    EXPORT = "export", _("Exporteren")
    PRINT = "print", _("Afdrukken / PDF")
    SIGN_IN = "sign_in", _("Inloggen")
    SIGN_OUT = "sign_out", _("Uitloggen")


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("Toegestaan")
    DENIED = "denied", _("Geweigerd")
    FAILED = "failed", _("Mislukt")


GENESIS_HASH = "0" * 64

# The number of chains the log is written in. Changing it needs a migration
# that creates the new chains' heads (see 0004_access_log_chains): the check
# expects a head for every chain below it once the log has begun.
CHAINS = 16

# The kinds of data of the access policy (buitenshuis.access.policy.Data),
# as the privacy officer reads them.
DATA_LABELS = {
    "family_identity": _("Gezinsgegevens (namen, adres, BSN, geboortedata)"),
    "placed_child": _("Geplaatst kind (voornaam, leeftijd, ophalen)"),
    "problems": _("Problematiek en zorgen bij aanmelding"),
    "problem_category": _("Categorie problematiek"),
    "intake": _("Intake, toestemming en grondslag"),
    "decision": _("Besluit"),
    "referral_status": _("Status van de aanmelding"),
    "placement": _("Plaatsing"),
    "contacts": _("Contactmomenten"),
    "contact_notes": _("Verslagen, veiligheidsplan en netwerkoverleg"),
    "goals": _("Doelen, evaluaties en afsluiting"),
    "closure_outcome": _("Uitkomst van de afsluiting"),
    "signals": _("Signalen van de locatie"),
    "questionnaires": _("Vragenlijsten"),
    "pseudonymised": _("Gepseudonimiseerde gegevens"),
    "programme": _("Programma-instellingen"),
    "budget": _("Budget en kosten"),
    "capacity": _("Resterende capaciteit"),
    "locations": _("Locaties, contracten en trainingen"),
    "own_training": _("Eigen training"),
    "monitoring": _("Monitoring"),
    "council_report": _("Raadsrapportage"),
    "research_export": _("Onderzoeksexport"),
    "users": _("Gebruikers, organisaties en lidmaatschappen"),
    "admin_site": _("Beheerschermen"),
    "access_log": _("Toegangslog"),
    "referral": _("Aanmelding"),
    "assignment": _("Toewijzing aan een linking pin"),
    "mandate_review": _("Toetsing van mandaatbesluiten"),
    "handover": _("Waarneming door een collega"),
    "possible_duplicate": _("Mogelijke dubbele aanmelding"),
    "feed_tokens": _("Tokens van de datafeed"),
}


class AccessLogEntry(AppendOnlyModel):
    # Which chain the entry is in, and its place in that chain (1, 2, ...).
    # The time, not the place, orders entries across chains.
    chain = models.PositiveSmallIntegerField(_("ketting"), default=0, editable=False)
    seq = models.PositiveBigIntegerField(_("volgnummer"), editable=False)
    timestamp = models.DateTimeField(_("tijdstip"), db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    role = models.CharField(_("rol"), max_length=200, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=500, blank=True)
    responsible = models.CharField(
        _("verantwoordelijke"),
        max_length=150,
        blank=True,
        help_text=_("Namens wie: de verantwoordelijke gebruiker."),
    )
    action = models.CharField(_("actie"), max_length=10, choices=Action.choices)
    # A kind of data of the access policy, or what a composed page showed
    # ("gezin: traject, aanmelding, besluit, plaatsingen", the case hub).
    data = models.CharField(_("soort gegevens"), max_length=300, blank=True)
    path = models.CharField(_("adres (URL)"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=500, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False, unique=True)

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-timestamp", "-id"]
        get_latest_by = ["timestamp", "id"]
        indexes = [models.Index(fields=["user", "timestamp"])]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_entry_chain_seq_unique")
        ]

    def __str__(self):
        return f"#{self.chain}/{self.seq} {self.username} {self.action}"

    def get_data_display(self):
        return DATA_LABELS.get(self.data, self.data)

    def canonical(self, subjects):
        """The text the hash is computed over: every field and subject, and
        the chain the entry belongs to. Chain 0 is left out, so that the
        entries of the single chain of before verify as they were written;
        every other chain is in, so no entry can be moved between chains."""
        fields = {"chain": self.chain} if self.chain else {}
        return json.dumps(
            {
                **fields,
                "seq": self.seq,
                "timestamp": self.timestamp.isoformat(),
                "user": self.user_id,
                "username": self.username,
                "role": self.role,
                "organisation": self.organisation,
                "responsible": self.responsible,
                "action": self.action,
                "data": self.data,
                "path": self.path,
                "ip_address": self.ip_address,
                "reason": self.reason,
                "outcome": self.outcome,
                "subjects": sorted(subjects),
                "prev_hash": self.prev_hash,
            },
            sort_keys=True,
            separators=(",", ":"),
        )

    def compute_hmac(self, subjects, key=None):
        """The keyed chain value (HMAC-SHA256) of this entry: what new
        entries carry in ``hash``."""
        key = (key if key is not None else settings.ACCESS_LOG_KEY).encode()
        return hmac.new(key, self.canonical(subjects).encode(), hashlib.sha256).hexdigest()

    def compute_hash(self, subjects):
        """The unkeyed SHA-256 of this entry: what entries written before
        ACCESS_LOG_KEY existed carry. Anyone can compute it, so it is only
        accepted before the first HMAC entry."""
        return hashlib.sha256(self.canonical(subjects).encode()).hexdigest()


class AccessLogSubject(AppendOnlyModel):
    """A family, child or person whose data the entry is about."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("Gezin")
        PERSON = "person", _("Persoon")
        USER = "user", _("Gebruiker")

    entry = models.ForeignKey(AccessLogEntry, on_delete=models.DO_NOTHING, related_name="subjects")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    family_id = models.PositiveBigIntegerField(null=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return self.key()

    def key(self):
        return f"{self.kind}:{self.object_id}:{self.family_id or ''}"


class ChainHead(models.Model):
    """One row per chain: its last sequence number and chain value (HMAC).
    A writer locks the row of its chain only, so the chain stays linear
    while other chains are written at the same time, and ``verify`` detects
    a removed last entry. It is in the database, so it proves nothing
    against someone who can write there: that is what the anchor outside
    the database is for."""

    chain = models.PositiveSmallIntegerField(unique=True, default=0)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self):
        return f"{self.chain}:{self.last_seq}:{self.last_hash}"
