from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from buitenshuis.accounts.models import User
from buitenshuis.admin_site import admin_site
from buitenshuis.organisations.admin import MembershipInline
from buitenshuis.organisations.models import Membership


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
    actions = ["reset_second_factor"]

    def save_formset(self, request, form, formset, change):
        """Memberships go through the rules (self-grant refused, approval,
        access log)."""
        if formset.model is Membership:
            formset.save_through_rules(request)
        else:
            super().save_formset(request, form, formset, change)

    @admin.action(description=_("Tweede stap opnieuw laten instellen (telefoon kwijt)"))
    def reset_second_factor(self, request, queryset):
        """Remove the users' authenticator devices: at their next sign-in they
        link a new app after their password. Their sessions end."""
        from buitenshuis.accounts.signals import end_all_sessions

        count = 0
        for user in queryset:
            TOTPDevice.objects.filter(user=user).delete()
            end_all_sessions(user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "De tweede stap van %(count)d gebruiker is gewist; bij de volgende keer "
                "inloggen stelt deze een nieuwe app in.",
                "De tweede stap van %(count)d gebruikers is gewist; bij de volgende keer "
                "inloggen stellen zij een nieuwe app in.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
