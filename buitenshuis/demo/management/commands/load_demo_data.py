# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from buitenshuis.demo import data
from buitenshuis.monitoring import indicator_summary
from buitenshuis.monitoring.summaries import rebuild_contact_summary


class Command(BaseCommand):
    help = "Load the synthetic demo data (idempotent). Only in demo mode."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when BUITENSHUIS_DEMO is not set (tests, benchmarks).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEMO_MODE and not force:
            raise CommandError(
                "Demo data is only loaded with BUITENSHUIS_DEMO=1: production refuses "
                "to start with demo accounts present."
            )
        accounts = data.load()
        # The figures above programme level (the demo writes some rows in bulk).
        rebuild_contact_summary()
        indicator_summary.rebuild_all()
        self.stdout.write("Demo accounts (password 'demo'):")
        for user in accounts:
            roles = ", ".join(m.get_role_display() for m in user.memberships.all())
            self.stdout.write(f"  {user.username:<12} {roles}")
