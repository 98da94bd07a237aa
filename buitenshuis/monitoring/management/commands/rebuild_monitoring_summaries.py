# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Rebuild the monitoring summary tables from the raw rows (after a bulk
load, or to repair them): the contact summary, which the signals keep
current otherwise, and the indicator summary of every programme's every
year, which ``refresh_monitoring_summaries`` keeps current otherwise."""

import time

from django.core.management.base import BaseCommand

from buitenshuis.monitoring import indicator_summary
from buitenshuis.monitoring.summaries import rebuild_contact_summary


class Command(BaseCommand):
    help = (
        "Rebuild the monitoring summary tables (contacts per month, indicators) from the raw rows."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        cells = rebuild_contact_summary()
        self.stdout.write(f"Contact summary rebuilt: {cells} cells.")
        rows = indicator_summary.rebuild_all()
        self.stdout.write(
            f"Indicator summary rebuilt: {rows} rows ({time.monotonic() - started:.1f} s in all)."
        )
