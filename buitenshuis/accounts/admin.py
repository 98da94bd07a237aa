# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The functional administrator's screens (the admin site of
accounts/admin_site.py): users with their memberships, memberships with
their approval, and the organisations' models (their ModelAdmins are in
organisations/admin.py). Memberships change only through the membership
rules (accounts/rules.py)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from buitenshuis.accounts import rules
from buitenshuis.accounts.admin_site import admin_site
from buitenshuis.accounts.models import User
from buitenshuis.accounts.signals import end_all_sessions
from buitenshuis.audit.models import Action
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.admin import (
    HouseStyleAdmin,
    LocationAdmin,
    MunicipalityAdmin,
    OrganisationAdmin,
    ProgrammeAdmin,
    RegionAdmin,
)
from buitenshuis.organisations.models import (
    Approval,
    HouseStyle,
    Location,
    Membership,
    Municipality,
    Organisation,
    Programme,
    Region,
)

admin_site.register(Region, RegionAdmin)
admin_site.register(Municipality, MunicipalityAdmin)
admin_site.register(Programme, ProgrammeAdmin)
admin_site.register(Organisation, OrganisationAdmin)
admin_site.register(Location, LocationAdmin)
admin_site.register(HouseStyle, HouseStyleAdmin)


def _only_ends(form):
    """The form does nothing but end an active membership."""
    return (
        form.instance.pk is not None
        and form.changed_data == ["is_active"]
        and not form.cleaned_data.get("is_active")
    )


def _check_not_self(request, form, member):
    """Refuse (logged, nothing stored) when the form would give the signed-in
    administrator a role, change theirs or re-activate it."""
    if member is None or not form.has_changed() or _only_ends(form):
        return
    action = Action.CREATE if form.instance.pk is None else Action.CHANGE
    what = ""
    if form.cleaned_data.get("role"):
        what = str(Membership(role=form.cleaned_data["role"]).get_role_display())
    try:
        rules.refuse_self_grant(request.user, member, action, request, what)
    except RuleError as error:
        raise forms.ValidationError(str(error)) from None


def save_membership_form(request, form, member=None):
    """Store one membership form through the rules (grant, change, end)."""
    membership = form.instance
    if not form.has_changed() and membership.pk is not None:
        return None
    if member is not None:
        membership.user = member
    locations = form.cleaned_data.get("locations")
    if membership.pk is None:
        return rules.grant_membership(request.user, membership, locations, request)
    if "locations" not in form.changed_data:
        locations = None
    return rules.change_membership(request.user, membership, locations, request)


class MembershipInlineFormSet(BaseInlineFormSet):
    """The memberships on a user's page; nobody changes their own."""

    request = None

    def clean(self):
        super().clean()
        if self.request is None or self.instance.pk != self.request.user.pk:
            return
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.has_changed():
                continue
            _check_not_self(self.request, form, self.instance)

    def save_through_rules(self, request):
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        for form in self.forms:
            if not form.has_changed():
                continue
            new = form.instance.pk is None
            changed = list(form.changed_data)
            saved = save_membership_form(request, form, member=self.instance)
            if saved is None:
                continue
            if new:
                self.new_objects.append(saved)
            else:
                self.changed_objects.append((saved, changed))


# What an administrator sets on a membership besides its user; the approval
# fields are the membership rules' to fill in.
MEMBERSHIP_FIELDS = (
    "organisation",
    "role",
    "programme",
    "locations",
    "is_privacy_officer",
    "is_active",
)


class MembershipInline(admin.StackedInline):
    model = Membership
    fk_name = "user"
    formset = MembershipInlineFormSet
    extra = 0
    can_delete = False
    fields = (*MEMBERSHIP_FIELDS, "approval")
    readonly_fields = ("approval",)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        return formset

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipForm(forms.ModelForm):
    request = None

    class Meta:
        model = Membership
        fields = ("user", *MEMBERSHIP_FIELDS)

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("user") if "user" in self.fields else self.instance.user
        if self.request is not None:
            _check_not_self(self.request, self, member)
        return cleaned


@admin.register(Membership, site=admin_site)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ("user", "role", "organisation", "programme", "is_active", "approval")
    list_filter = ("approval", "role", "programme", "is_active")
    search_fields = ("user__username", "user__last_name", "organisation__name")
    fieldsets = (
        (
            None,
            {
                "fields": ("user", *MEMBERSHIP_FIELDS),
                "description": _(
                    "U kunt uzelf geen rol geven. Een rol met toegang tot dossiers "
                    "(coördinator, beleidsmedewerker, linking pin, opvangmedewerker, verwijzer, "
                    "onderzoeker) werkt pas als een tweede functioneel beheerder die goedkeurt. "
                    "Een lidmaatschap beëindigt u door 'Actief' uit te zetten."
                ),
            },
        ),
        (
            _("Goedkeuring"),
            {
                "fields": (
                    "approval",
                    "review_link",
                    "requested_by",
                    "requested_at",
                    "decided_by",
                    "decided_at",
                ),
            },
        ),
    )
    approval_fields = ("approval", "review_link", "requested_by", "requested_at")
    approval_fields += ("decided_by", "decided_at")

    def get_readonly_fields(self, request, obj=None):
        fields = self.approval_fields
        # A membership belongs to one person: end it and grant a new one.
        return ("user", *fields) if obj is not None else fields

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets[:1]
        return self.fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def has_delete_permission(self, request, obj=None):
        # Ending a membership (untick "actief") keeps its history.
        return False

    @admin.display(description=_("beoordelen"))
    def review_link(self, obj):
        if obj is None or obj.pk is None or obj.approval != Approval.PENDING:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:organisations_membership_review", args=[obj.pk]),
            gettext("Goedkeuren of afwijzen"),
        )

    def save_model(self, request, obj, form, change):
        save_membership_form(request, form)

    def save_related(self, request, form, formsets, change):
        """The locations were stored with the membership by the rules."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/beoordelen/",
                self.admin_site.admin_view(self.review_view),
                name="organisations_membership_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, object_id):
        """A second administrator approves or refuses a pending membership."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        membership = get_object_or_404(
            Membership.objects.select_related("user", "organisation", "programme"), pk=object_id
        )
        pending_url = "{}?{}".format(
            reverse("admin:organisations_membership_changelist"),
            urlencode({"approval__exact": Approval.PENDING}),
        )
        if request.method == "POST":
            decision = request.POST.get("decision")
            if decision in ("approve", "refuse"):
                try:
                    rules.approve_membership(
                        request.user, membership, approve=decision == "approve", request=request
                    )
                except RuleError as error:
                    self.message_user(request, str(error), messages.ERROR)
                else:
                    text = (
                        gettext("Het lidmaatschap is goedgekeurd en werkt nu.")
                        if decision == "approve"
                        else gettext("Het lidmaatschap is afgewezen; het geeft geen toegang.")
                    )
                    self.message_user(request, text, messages.SUCCESS)
                    return redirect(pending_url)
        own = request.user.pk in (membership.requested_by_id, membership.user_id)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Lidmaatschap beoordelen"),
            "opts": self.opts,
            "membership": membership,
            "locations": membership.locations.all(),
            "pending": membership.approval == Approval.PENDING and membership.is_active,
            "own": own,
            "pending_url": pending_url,
        }
        return TemplateResponse(request, "admin/organisations/membership/review.html", context)


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
