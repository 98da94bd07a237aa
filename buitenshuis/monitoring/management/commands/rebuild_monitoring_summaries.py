# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Rebuild the monitoring summary tables from the raw rows (after a bulk
load, or to repair them); the signals keep them current otherwise."""

from django.core.management.base import BaseCommand

from buitenshuis.monitoring.summaries import rebuild_contact_summary


class Command(BaseCommand):
    help = "Rebuild the monitoring summary tables (contacts per month) from the raw rows."

    def handle(self, *args, **options):
        cells = rebuild_contact_summary()
        self.stdout.write(f"Contact summary rebuilt: {cells} cells.")
