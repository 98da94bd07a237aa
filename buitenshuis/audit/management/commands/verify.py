# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""``manage.py verify``: check the access log's hash chains (NEN 7513).

Exits 0 and prints "Toegangslog intact: N regels" when every entry of every
chain is there, unchanged and carries the HMAC of ACCESS_LOG_KEY; otherwise
prints each problem and exits 1. It checks against the last anchor that
``anchor_access_log`` wrote to ACCESS_LOG_ANCHOR_FILE (or ``--anchor-file``),
or against ``--anchor`` noted down elsewhere (the ``heads=... sha256=...``
that this command prints, a line copied from the system log, or the
``SEQ:HASH`` of the single chain of before), and so also detects an emptied
log or a removed tail that the database alone cannot show."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from buitenshuis.audit.log import check_chain, parse_anchor, read_anchor


def anchor_from_options(command, anchor=None, anchor_file=None):
    """The anchor to check against: ``--anchor``, else the last line of the
    anchor file (``--anchor-file`` or ACCESS_LOG_ANCHOR_FILE); None (with a
    warning) when there is none."""
    if anchor is not None:
        parsed = parse_anchor(anchor)
        if parsed is None:
            raise CommandError(
                _(
                    "--anchor verwacht een ankerregel (heads=KETTING:VOLGNUMMER,... "
                    "sha256=HASH) of VOLGNUMMER:HASH (64 hexadecimale tekens)."
                )
            )
        return parsed
    path = anchor_file or settings.ACCESS_LOG_ANCHOR_FILE
    if not path:
        command.stdout.write(
            _(
                "Let op: geen ankerbestand ingesteld (ACCESS_LOG_ANCHOR_FILE); een geleegd log "
                "of een verwijderd einde is zonder anker niet te zien."
            )
        )
        return None
    parsed = read_anchor(path)
    if parsed is None:
        command.stdout.write(
            _(
                "Let op: geen anker gevonden in %(path)s; controle zonder anker. Schrijf een "
                "anker met manage.py anchor_access_log."
            )
            % {"path": path}
        )
    return parsed


class Command(BaseCommand):
    help = "Controleert de hash-ketting van het toegangslog (NEN 7513)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            metavar="ANKER",
            help=(
                "Een eerder buiten de database vastgelegd anker (heads=... sha256=..., of "
                "VOLGNUMMER:HASH van ketting 0), dat nog moet kloppen."
            ),
        )
        parser.add_argument(
            "--anchor-file",
            metavar="BESTAND",
            help="Het ankerbestand (standaard ACCESS_LOG_ANCHOR_FILE); de laatste regel telt.",
        )

    def handle(self, *args, anchor=None, anchor_file=None, **options):
        anchor = anchor_from_options(self, anchor, anchor_file)
        report = check_chain(anchor=anchor)
        if report.intact:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Toegangslog intact: %(count)s regels.") % {"count": report.count}
                )
            )
            if report.count:
                self.stdout.write(
                    _("Koppen van de kettingen (voor --anchor): %(heads)s")
                    % {"heads": report.head_anchor().line()}
                )
            if anchor is not None:
                self.stdout.write(
                    _("Gecontroleerd tegen het anker: %(anchor)s.") % {"anchor": anchor.describe()}
                )
            if report.unkeyed:
                self.stdout.write(
                    _(
                        "De eerste %(count)s regels zijn van vóór de sleutel (ACCESS_LOG_KEY) en "
                        "hebben een hash zonder sleutel."
                    )
                    % {"count": report.unkeyed}
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
