# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Move every stored citizen service number (BSN) to the current keys:
re-encrypt it under ``BSN_ENCRYPTION_KEY`` and recompute its lookup hash with
``BSN_LOOKUP_KEY``. Run it after a key rotation (docs/production.md); then
the old keys in ``BSN_ENCRYPTION_OLD_KEYS`` can be removed. ``--check`` only
counts. Nothing of the numbers is printed; only counts.

Rows are changed with ``bulk_update``: no save signals and no history entry
(django-simple-history does not keep these fields anyway). Running it again
changes nothing."""

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from buitenshuis.casework import protected
from buitenshuis.casework.models import Person

BATCH_SIZE = 500


def survey(batch_size=BATCH_SIZE, apply=False):
    """Walk every person with a stored BSN. Returns counts: ``total``,
    ``moved`` (not on the current keys; moved when ``apply``) and
    ``unreadable`` (under none of the configured keys)."""
    counts = {"total": 0, "moved": 0, "unreadable": 0}
    people = Person.objects.exclude(bsn_encrypted="").only("pk", "bsn_encrypted", "bsn_hash")
    last_pk = 0
    while True:
        batch = list(people.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            return counts
        last_pk = batch[-1].pk
        changed = []
        for person in batch:
            counts["total"] += 1
            try:
                number = protected.decrypt(person.bsn_encrypted)
            except InvalidToken:
                counts["unreadable"] += 1
                continue
            token = person.bsn_encrypted
            if not protected.is_current(token):
                token = protected.reencrypt(token)
            lookup = protected.lookup_hash(number)
            if token != person.bsn_encrypted or lookup != person.bsn_hash:
                counts["moved"] += 1
                person.bsn_encrypted, person.bsn_hash = token, lookup
                changed.append(person)
        if apply and changed:
            with transaction.atomic():
                Person.objects.bulk_update(changed, ["bsn_encrypted", "bsn_hash"])


class Command(BaseCommand):
    help = _(
        "Versleutelt elk opgeslagen BSN opnieuw met de huidige sleutel en berekent de "
        "zoekwaarde opnieuw (na het wisselen van BSN_ENCRYPTION_KEY of BSN_LOOKUP_KEY)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Alleen tellen hoeveel BSN's nog niet op de huidige sleutels staan."),
        )

    def handle(self, *args, check=False, **options):
        counts = survey(apply=not check)
        if check:
            message = _(
                "%(total)d opgeslagen BSN's, waarvan %(moved)d nog niet op de huidige "
                "sleutels (controle: er is niets gewijzigd)."
            )
        else:
            message = _(
                "%(total)d opgeslagen BSN's, waarvan %(moved)d opnieuw versleuteld of "
                "opnieuw gehasht."
            )
        self.stdout.write(message % counts)
        if counts["unreadable"]:
            raise CommandError(
                _(
                    "%(unreadable)d BSN's zijn met geen van de ingestelde sleutels te lezen. "
                    "Zet de sleutel waarmee ze zijn versleuteld in BSN_ENCRYPTION_OLD_KEYS."
                )
                % counts
            )
        if check and counts["moved"]:
            raise CommandError(
                _("Draai manage.py rotate_bsn_key voordat u een oude sleutel weghaalt.")
            )
