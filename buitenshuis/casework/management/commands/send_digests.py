# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""``manage.py send_digests``: the daily digest of what is due, to each
linking pin and coordinator (``casework.digest``). Safe to run more than
once a day: who had theirs today gets nothing more."""

from django.core.management.base import BaseCommand

from buitenshuis.casework.digest import send_digests


class Command(BaseCommand):
    help = "Stuur elke linking pin en coördinator het dagelijkse overzicht van wat klaarstaat."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} digest(s) sent.")
