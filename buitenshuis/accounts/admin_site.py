# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The Django admin, for the functional administrator only (ACCESS.md: users,
organisations, memberships, locations; no case content). It lives in
accounts, the app of the users and their memberships, above the access
policy that decides who may enter; accounts/admin.py registers what it
shows."""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from buitenshuis.access.policy import Data, can


def may_administer(user):
    """The admin site's gate: the functional administrator's screens. Also
    asked by the menu and the work queue (``access.gates``)."""
    return user.is_active and can(user, "view", Data.ADMIN_SITE)


class BuitenshuisAdminSite(admin.AdminSite):
    site_header = _("Buitenshuis - beheer")
    site_title = _("Buitenshuis beheer")
    index_title = _("Gebruikers, organisaties en instellingen")

    def has_permission(self, request):
        return may_administer(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # A signed-in user without the right gets the product's 403 page,
            # not a redirect loop through the sign-in page.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return wrapper

    def login(self, request, extra_context=None):
        """Sign-in always goes through the product's own two-step sign-in."""
        query = urlencode({"next": request.GET.get("next", reverse("admin:index"))})
        return redirect(f"{reverse('accounts:login')}?{query}")


admin_site = BuitenshuisAdminSite(name="admin")
