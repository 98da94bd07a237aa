# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""``manage.py purge_research_exports``: delete the files of research
exports whose download period has ended (their report and the access log
stay). Run it daily; a download attempt after expiry also deletes them."""

from django.core.management.base import BaseCommand

from buitenshuis.monitoring.research import purge_expired


class Command(BaseCommand):
    help = "Verwijder de bestanden van verlopen onderzoeksexports."

    def handle(self, *args, **options):
        purged = purge_expired()
        self.stdout.write(f"{purged} research export file(s) deleted.")
