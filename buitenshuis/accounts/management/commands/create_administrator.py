# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Create the first functional administrator of an installation.

Rights come only from memberships, so ``createsuperuser`` alone does not
reach the administration screens. This command creates the account (or
finds it) and gives it the administrator membership; the password is asked
for interactively (or taken from BUITENSHUIS_ADMIN_PASSWORD for automated
set-up). The second factor is set up at the first sign-in."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from buitenshuis.organisations.models import Membership, Organisation, OrganisationType, Role


class Command(BaseCommand):
    help = "Create a functional administrator (optionally privacy officer)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--organisation",
            default="Functioneel beheer",
            help="Name of the administrator's organisation (created when missing).",
        )
        parser.add_argument(
            "--privacy-officer",
            action="store_true",
            help="May also read the access log.",
        )

    def handle(self, username, email, organisation, privacy_officer, **options):
        User = get_user_model()
        password = os.environ.get("BUITENSHUIS_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Wachtwoord: ")
            if password != getpass.getpass("Wachtwoord (nogmaals): "):
                raise CommandError("De wachtwoorden zijn niet gelijk.")
        user = User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=username, defaults={"email": email})
            user.set_password(password)
            user.save()
            org, _ = Organisation.objects.get_or_create(
                name=organisation, type=OrganisationType.MUNICIPALITY
            )
            membership, _ = Membership.objects.get_or_create(
                user=user, organisation=org, role=Role.ADMINISTRATOR, programme=None
            )
            if privacy_officer and not membership.is_privacy_officer:
                membership.is_privacy_officer = True
                membership.save(update_fields=["is_privacy_officer"])
        verb = "Aangemaakt" if created else "Bijgewerkt"
        self.stdout.write(f"{verb}: {username} (functioneel beheerder)")
