from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from buitenshuis.admin_site import admin_site
from buitenshuis.organisations.models import (
    Location,
    Membership,
    Municipality,
    Organisation,
    Programme,
    Region,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("organisation", "role", "programme", "locations", "is_privacy_officer", "is_active")
    autocomplete_fields = ("organisation", "programme")
    filter_horizontal = ("locations",)


@admin.register(Region, site=admin_site)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Municipality, site=admin_site)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "region")
    list_filter = ("region",)
    search_fields = ("name", "cbs_code")
    fieldsets = (
        (None, {"fields": ("name", "cbs_code", "region")}),
        (
            _("Briefhoofd van de beschikking"),
            {"fields": ("logo", "postal_address", "phone", "website")},
        ),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Programme, site=admin_site)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "is_active")
    list_filter = ("is_active", "region")
    search_fields = ("name",)
    filter_horizontal = ("municipalities",)


class LocationInline(admin.TabularInline):
    model = Location
    extra = 0
    fields = (
        "name",
        "activity_type",
        "lrk_number",
        "age_min",
        "age_max",
        "street",
        "house_number",
        "postcode",
        "city",
        "municipality",
    )


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "municipality")
    list_filter = ("type",)
    search_fields = ("name",)
    inlines = [LocationInline]


@admin.register(Location, site=admin_site)
class LocationAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "organisation",
        "activity_type",
        "lrk_number",
        "age_min",
        "age_max",
        "postcode",
        "city",
    )
    list_filter = ("activity_type", "organisation__type", "municipality")
    search_fields = ("name", "organisation__name", "lrk_number", "postcode", "city")
    fieldsets = (
        (None, {"fields": ("organisation", "name", "activity_type")}),
        (
            _("Adres"),
            {"fields": ("street", "house_number", "postcode", "city", "municipality")},
        ),
        (_("Kinderopvang en leeftijd"), {"fields": ("lrk_number", "age_min", "age_max")}),
    )


@admin.register(Membership, site=admin_site)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organisation", "programme", "is_active")
    list_filter = ("role", "programme", "is_active")
    search_fields = ("user__username", "user__last_name", "organisation__name")
    autocomplete_fields = ("user", "organisation", "programme")
    filter_horizontal = ("locations",)
