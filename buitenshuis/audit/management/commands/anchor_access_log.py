# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""``manage.py anchor_access_log``: note the access log's heads outside the
database, daily (cron, systemd timer; see docs/production.md).

It first checks every chain (against the previous anchor); only an intact
log is anchored, so a tampered log is never made to look right. The heads
(time, each chain's last sequence number, one SHA-256 over those entries'
HMACs) are appended as one line to
ACCESS_LOG_ANCHOR_FILE (or ``--file``) and sent to the logger
``buitenshuis.audit.anchor`` (the system log when ACCESS_LOG_ANCHOR_SYSLOG is
set), and printed. ``manage.py verify`` checks against the last line."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from buitenshuis.audit.log import check_chain, read_anchor, write_anchor


class Command(BaseCommand):
    help = "Legt de koppen van het toegangslog vast buiten de database (dagelijks draaien)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            metavar="BESTAND",
            help="Het ankerbestand (standaard ACCESS_LOG_ANCHOR_FILE); er komt een regel bij.",
        )

    def handle(self, *args, file=None, **options):
        path = file or settings.ACCESS_LOG_ANCHOR_FILE
        previous = read_anchor(path) if path else None
        report = check_chain(anchor=previous)
        if not report.intact:
            self.stderr.write(
                self.style.ERROR(_("Toegangslog NIET intact; er is geen nieuw anker geschreven."))
            )
            for problem in report.problems:
                self.stderr.write(f"- {problem}")
            raise SystemExit(1)
        try:
            anchor = write_anchor(report, path)
        except OSError as error:
            raise CommandError(
                _("Het ankerbestand %(path)s kan niet worden geschreven: %(error)s")
                % {"path": path, "error": error.strerror or error}
            ) from error
        self.stdout.write(anchor.line())
        if not path:
            self.stdout.write(
                _(
                    "Let op: geen ankerbestand ingesteld (ACCESS_LOG_ANCHOR_FILE); het anker "
                    "staat alleen in het systeemlog en hierboven."
                )
            )
