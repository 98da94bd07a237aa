# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""How the functional administrator's screens show the organisations' models
(regions, municipalities, programmes, organisations, locations).

The classes are registered on the admin site by accounts/admin.py: the site
asks the access policy who may enter, and organisations sits below access.
Memberships are administered there too, through the membership rules
(accounts/rules.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from buitenshuis.organisations.models import Location


class RegionAdmin(admin.ModelAdmin):
    search_fields = ("name",)


class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "region")
    list_filter = ("region",)
    search_fields = ("name", "cbs_code")
    fieldsets = (
        (None, {"fields": ("name", "cbs_code", "region")}),
        (
            _("Briefhoofd van de beschikking"),
            {"fields": ("logo", "postal_address", "phone", "website", "house_style")},
        ),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class HouseStyleAdmin(admin.ModelAdmin):
    """A programme's or municipality's look: colours checked for contrast,
    fonts from a fixed list (``HouseStyle``)."""

    list_display = ("name", "brand_colour", "link_colour", "font", "updated")
    search_fields = ("name",)
    fields = ("name", "brand_colour", "link_colour", "font", "logo")


class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "is_active")
    list_filter = ("is_active", "region")
    search_fields = ("name",)


class LocationInline(admin.StackedInline):
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


class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "municipality")
    list_filter = ("type",)
    search_fields = ("name",)
    inlines = [LocationInline]


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
