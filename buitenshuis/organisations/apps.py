from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "buitenshuis.organisations"
    verbose_name = _("Organisaties en lidmaatschappen")

    def ready(self):
        from buitenshuis.access.policy import register
        from buitenshuis.organisations.models import Location, Membership

        # Locations reach a programme through the contracts for its places.
        register(Location, programme="contracts__programme", location="pk")
        # Memberships: the administrator's (ALL), a coordinator reads the
        # programme's (ACCESS.md: users, organisations, memberships).
        register(Membership, programme="programme")
