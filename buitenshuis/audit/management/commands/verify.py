"""``manage.py verify``: check the access log's hash chain (NEN 7513).

Exits 0 and prints "Toegangslog intact: N regels" when every entry is there
and unchanged; otherwise prints each broken entry and exits 1. Run it daily
(cron, systemd timer) and note the printed last hash outside the database;
``--anchor SEQ:HASH`` later proves that entry still carries that hash."""

import re

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from buitenshuis.audit.log import check_chain

ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = "Controleert de hash-ketting van het toegangslog (NEN 7513)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            metavar="VOLGNUMMER:HASH",
            help="Een eerder buiten de database vastgelegde regel en hash, die nog moet kloppen.",
        )

    def handle(self, *args, anchor=None, **options):
        if anchor is not None:
            match = ANCHOR.match(anchor.strip().lower())
            if match is None:
                raise CommandError(_("--anchor verwacht VOLGNUMMER:HASH (64 hexadecimale tekens)."))
            anchor = (int(match.group(1)), match.group(2))
        report = check_chain(anchor=anchor)
        if report.intact:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Toegangslog intact: %(count)s regels.") % {"count": report.count}
                )
            )
            if report.count:
                self.stdout.write(
                    _("Laatste regel: %(seq)s:%(hash)s")
                    % {
                        "seq": report.last_seq,
                        "hash": report.last_hash,
                    }
                )
            return
        self.stderr.write(
            self.style.ERROR(
                _("Toegangslog NIET intact: %(problems)s probleem/problemen in %(count)s regels.")
                % {"problems": len(report.problems), "count": report.count}
            )
        )
        for problem in report.problems:
            self.stderr.write(f"- {problem}")
        raise SystemExit(1)
