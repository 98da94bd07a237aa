# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Remove the personal data of withdrawn and rejected referrals whose
programme's retention period has passed. Run it daily, e.g. from
cron: ``manage.py purge_referrals``. ``--dry-run`` only counts and lists the
family references (no personal data)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buitenshuis.access.policy import Data
from buitenshuis.audit.log import record
from buitenshuis.audit.models import Action
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Referral


def expired(now=None):
    """The referrals ``rules.purge_expired`` would purge at ``now`` (the same
    selection, without changing anything)."""
    now = now or timezone.now()
    candidates = Referral.objects.filter(
        status__in=[Referral.Status.WITHDRAWN, Referral.Status.REJECTED],
        purged_at__isnull=True,
        closed_at__isnull=False,
    ).select_related("programme", "family")
    result = []
    for referral in candidates:
        days = ProgrammeSettings.for_programme(referral.programme).retention_days
        if referral.closed_at + datetime.timedelta(days=days) <= now:
            result.append(referral)
    return result


class Command(BaseCommand):
    help = _(
        "Verwijdert de persoonsgegevens van ingetrokken en afgewezen aanmeldingen "
        "waarvan de bewaartermijn van het programma is verstreken."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_(
                "Alleen tellen welke aanmeldingen zouden worden opgeschoond; niets verwijderen."
            ),
        )

    def handle(self, *args, dry_run=False, **options):
        found = expired()
        if dry_run:
            self.stdout.write(
                ngettext(
                    "%(count)d aanmelding zou worden opgeschoond (proefdraaien: er is niets "
                    "verwijderd).",
                    "%(count)d aanmeldingen zouden worden opgeschoond (proefdraaien: er is niets "
                    "verwijderd).",
                    len(found),
                )
                % {"count": len(found)}
            )
            for referral in found:
                self.stdout.write(
                    f"  - {referral.family.reference} ({referral.get_status_display()}, "
                    f"{referral.programme})"
                )
            return
        purged = rules.purge_expired()
        families = [
            r.family
            for r in Referral.objects.filter(
                pk__in=[r.pk for r in found], purged_at__isnull=False
            ).select_related("family")
        ]
        if families:
            # NEN 7513: removing personal data is itself logged.
            record(
                None,
                Action.DELETE,
                Data.FAMILY_IDENTITY,
                families,
                reason=_(
                    "Bewaartermijn verstreken: persoonsgegevens verwijderd (purge_referrals)."
                ),
                responsible="purge_referrals",
            )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(count)d aanmelding opgeschoond: de persoonsgegevens zijn verwijderd.",
                    "%(count)d aanmeldingen opgeschoond: de persoonsgegevens zijn verwijderd.",
                    purged,
                )
                % {"count": purged}
            )
        )
