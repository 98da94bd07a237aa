# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Recompute the indicator summary of every programme's year that a write
has marked (``monitoring.indicator_summary``). Run it every minute from
cron or a systemd timer (docs/production.md); ``--all`` recomputes every
programme's every year (nightly, so that what a day changes by itself,
such as the spending up to today, is current)."""

import time

from django.core.management.base import BaseCommand

from buitenshuis.monitoring import indicator_summary


class Command(BaseCommand):
    help = "Recompute the marked years of the indicator summary (--all: every year)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every programme, every year")

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["all"]:
            rows = indicator_summary.rebuild_all()
            self.stdout.write(
                f"Indicator summary rebuilt: {rows} rows in {time.monotonic() - started:.1f} s."
            )
            return
        done = indicator_summary.refresh_marked()
        if done or options["verbosity"] > 1:
            self.stdout.write(
                f"Indicator summary: {len(done)} programme years recomputed "
                f"in {time.monotonic() - started:.1f} s."
            )
