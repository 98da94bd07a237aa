from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "buitenshuis.organisations"

    def ready(self):
        from buitenshuis.access.policy import register
        from buitenshuis.organisations.models import Location, Membership

        # Locations reach a programme through the contracts for its places.
        register(Location, programme="contracts__programme", location="pk")
        # Memberships: the administrator's (ALL), a coordinator reads the
        # programme's (ACCESS.md: users, organisations, memberships).
        register(Membership, programme="programme")
