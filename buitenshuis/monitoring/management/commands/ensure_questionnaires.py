# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Create or bring up to date the default questionnaires
(``monitoring.questionnaires_default``). Running it again changes nothing."""

from django.core.management.base import BaseCommand

from buitenshuis.monitoring.questionnaires_default import ensure_default_instruments


class Command(BaseCommand):
    help = "Create or update the default questionnaires (idempotent)."

    def handle(self, *args, **options):
        created = ensure_default_instruments()
        self.stdout.write(f"default questionnaires: {created} created")
