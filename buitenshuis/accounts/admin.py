from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from buitenshuis.accounts.models import User
from buitenshuis.admin_site import admin_site
from buitenshuis.organisations.admin import MembershipInline


@admin.register(User, site=admin_site)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_demo")
    list_filter = ("is_active", "is_demo", "memberships__role")
    search_fields = ("username", "first_name", "last_name", "email")
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (
            _("Status"),
            {
                "fields": ("is_active", "is_demo", "last_login", "date_joined"),
                "description": _("Een account uitschakelen beëindigt direct al zijn sessies."),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined", "is_demo")
