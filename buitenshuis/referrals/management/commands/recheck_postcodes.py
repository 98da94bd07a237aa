# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Check again the postcodes that could not be checked when the referral was
entered, because the national address service (PDOK Locatieserver) did not
answer. Run it hourly or daily from cron:
``manage.py recheck_postcodes``. A postcode that turns out not to fit the
chosen municipality becomes a warning on the referral page and an item in
the coordinator's work queue; the coordinators get the content-free e-mail."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from buitenshuis.referrals import rules


class Command(BaseCommand):
    help = _(
        "Controleert opnieuw de postcodes die bij het aanmelden niet gecontroleerd konden "
        "worden, omdat de landelijke adresgegevens (PDOK) niet antwoordden."
    )

    def handle(self, *args, **options):
        checked, failed, pending = rules.recheck_postcodes()
        self.stdout.write(
            _(
                "%(checked)d postcode(s) gecontroleerd, waarvan %(failed)d niet passend; "
                "%(pending)d nog niet te controleren (geen antwoord)."
            )
            % {"checked": checked, "failed": failed, "pending": pending}
        )
