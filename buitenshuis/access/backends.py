# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Django's permission checks, answered by the access policy.

Only the Django admin asks Django-style model permissions; they are mapped
onto the policy's kinds of data so that the admin obeys the same table."""

from buitenshuis.access.policy import Data, can

# Which kind of data each model in the admin belongs to.
MODEL_DATA = {
    "accounts.user": Data.USERS,
    "organisations.region": Data.USERS,
    "organisations.municipality": Data.USERS,
    "organisations.programme": Data.USERS,
    "organisations.housestyle": Data.USERS,
    "organisations.organisation": Data.USERS,
    "organisations.membership": Data.USERS,
    "organisations.location": Data.LOCATIONS,
}


class PolicyBackend:
    """Authenticates nobody; answers ``has_perm`` for the admin site."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if not can(user_obj, "view", Data.ADMIN_SITE):
            return False
        app_label, _, codename = perm.partition(".")
        action, _, model = codename.partition("_")
        data = MODEL_DATA.get(f"{app_label}.{model}")
        if data is None:
            return False
        return can(user_obj, "view" if action == "view" else "change", data)

    def has_module_perms(self, user_obj, app_label):
        if not can(user_obj, "view", Data.ADMIN_SITE):
            return False
        return any(key.startswith(f"{app_label}.") for key in MODEL_DATA)
