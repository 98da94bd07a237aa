# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Entering a referral, the referrer's own referrals (status only), and
withdrawing one ("Referral"). The rules are in
``referrals.rules`` ("Submitting"); these views ask them and the access
policy, and show the answers."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin, PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Family, Person
from buitenshuis.core.errors import RuleError
from buitenshuis.core.forms import add_rule_error
from buitenshuis.organisations.models import Role
from buitenshuis.referrals import rules
from buitenshuis.referrals.forms_entry import ADD_CHILD, ADD_PARENT, ReferralForms
from buitenshuis.referrals.models import Referral

FAMILY_FIELDS = ("family_name", "street", "house_number", "postcode", "city", "municipality")
SITUATION_FIELDS = ("veilig_thuis", "worries", "help_involved")
ROUTE_FIELDS = ("route", "referrer_name", "referrer_phone")


def _anchor(field):
    """The id to jump to for a field; the first option of a group of radio
    buttons or checkboxes."""
    return f"{field.auto_id}_0" if field.use_fieldset else field.id_for_label


def error_summary(forms):
    """[(anchor or "", text)] for every error on the page, in page order."""
    entries = [("", error) for error in forms.main.non_field_errors()]
    # The main form's fields sit before (programme, family, address) and
    # after (situation, route) the parent and child sections.
    first = {"membership", *FAMILY_FIELDS}
    groups = (
        [("", [field for field in forms.main if field.name in first])]
        + [(legend, list(form)) for legend, _note, form in forms.sections()]
        + [("", [field for field in forms.main if field.name not in first])]
    )
    for legend, fields in groups:
        for field in fields:
            for error in field.errors:
                label = f"{legend}, {field.label}" if legend else field.label
                entries.append((_anchor(field), f"{label}: {error}"))
    return entries


class ReferralCreateView(PolicyMixin, TemplateView):
    """A referrer, or a linking pin on a referrer's behalf, enters a family.
    Nothing is stored unless every check passes."""

    data = Data.REFERRAL
    action = "change"
    log_action = Action.CREATE
    template_name = "referrals/create.html"

    @classmethod
    def offered_to(cls, user):
        # The programme's rules (who may refer) refuse with a reason.
        return cls.allows(user) and bool(rules.entry_options(user)[0])

    def dispatch(self, request, *args, **kwargs):
        self.created = None
        return super().dispatch(request, *args, **kwargs)

    def get_log_subjects(self):
        return [self.created.family] if self.created else []

    def render_to_response(self, context, **response_kwargs):
        # A form without stored data: nothing to log. (A possible duplicate
        # is never shown here; the coordinator gets it, see rules.)
        self.log_action = None
        return super().render_to_response(context, **response_kwargs)

    def get(self, request, *args, **kwargs):
        allowed, refusals = rules.entry_options(request.user)
        if not allowed:
            return self.refuse(refusals)
        forms = ReferralForms(memberships=allowed, ask_phone=not request.user.phone)
        return self.render_to_response(self.context(forms))

    def post(self, request, *args, **kwargs):
        allowed, refusals = rules.entry_options(request.user)
        if not allowed:
            return self.refuse(refusals)
        forms = ReferralForms(request.POST, memberships=allowed, ask_phone=not request.user.phone)
        if forms.is_valid():
            membership, family, parents, children, referral = forms.cleaned()
            try:
                self.created = rules.submit_referral(
                    request.user,
                    membership,
                    family,
                    parents,
                    children,
                    referral,
                    day=forms.day,
                    request=request,
                )
            except RuleError as error:
                add_rule_error(forms.main, error)
            else:
                return self.succeeded(membership)
        return self.render_to_response(self.context(forms))

    def succeeded(self, membership):
        reference = self.created.family.reference
        messages.success(
            self.request,
            _("De aanmelding is ontvangen met kenmerk %(reference)s.") % {"reference": reference},
        )
        if membership.role == Role.LINKING_PIN:
            if self.created.enrolment.linking_pin_id == self.request.user.pk:
                return redirect("referrals:detail", pk=self.created.pk)
            messages.warning(
                self.request,
                _(
                    "Uw training traumasensitief werken is nog niet afgerond. Daarom wijst de "
                    "coördinator een linking pin toe aan dit gezin."
                ),
            )
            return redirect("portal:start")
        return redirect("referrals:mine")

    def refuse(self, refusals):
        """No membership of the user may enter a referral: say why."""
        self.log_action = None
        context = {
            "title": _("Gezin aanmelden"),
            "refusals": refusals or [_("Met uw rol kunt u geen gezin aanmelden.")],
        }
        return super().render_to_response(context, status=403)

    def context(self, forms):
        main = forms.main
        # (legend, note, fields, add button (value, label) or None)
        groups = []
        if "membership" in main.fields:
            groups.append((_("Programma"), "", [main["membership"]], None))
        groups.append((_("Gezin en adres"), "", [main[name] for name in FAMILY_FIELDS], None))
        for legend, note, form in forms.sections():
            add = None
            if form is forms.children[0] and len(forms.children) > 1:
                note = _("Vul ten minste één kind in; de overige kinderen zijn niet verplicht.")
            if form is forms.parents[-1] and forms.may_add_parent:
                add = (ADD_PARENT, _("Nog een ouder of verzorger toevoegen"))
            if form is forms.children[-1] and forms.may_add_child:
                add = (ADD_CHILD, _("Nog een kind toevoegen"))
            groups.append((legend, note, list(form), add))
        groups.append((_("Situatie"), "", [main[name] for name in SITUATION_FIELDS], None))
        route_fields = [main[name] for name in ROUTE_FIELDS if name in main.fields]
        groups.append((_("Verwijzing"), "", route_fields, None))
        return self.get_context_data(
            title=_("Gezin aanmelden"),
            forms=forms,
            groups=groups,
            errors=error_summary(forms) if main.is_bound else [],
        )


def entered_identities(user, family_ids):
    """{family id: (family name, [children's first names])} for the families
    the user may still see as "what they entered, until decided"
    (ACCESS.md; ``Data.FAMILY_IDENTITY`` in scope ENTERED). Two queries."""
    children = policy.scope(
        user, "view", Data.FAMILY_IDENTITY, Person.objects.filter(kind=Person.Kind.CHILD)
    ).order_by("date_of_birth", "pk")
    families = policy.scope(
        user, "view", Data.FAMILY_IDENTITY, Family.objects.filter(pk__in=family_ids)
    ).prefetch_related(Prefetch("members", queryset=children, to_attr="entered_children"))
    return {
        family.pk: (family.family_name, [child.first_name for child in family.entered_children])
        for family in families
    }


class MyReferralsView(PolicyListMixin, ListView):
    """The referrals the user entered, with their status. Until a referral
    is decided the row also shows the family name and the children's first
    names the user entered, so that they can tell their referrals apart;
    after the decision only the reference and the status."""

    data = Data.REFERRAL_STATUS
    # Those who may enter a referral (a referrer; a linking pin).
    also = (("change", Data.REFERRAL),)
    template_name = "referrals/mine.html"

    def get_rows(self):
        return (
            Referral.objects.filter(referred_by=self.request.user)
            .select_related("family")
            .order_by("-received_at", "-pk")
            .only("pk", "status", "received_at", "family__reference", "family_id")
        )

    def log_subjects_of(self, row):
        return [row.family]

    def get_log_data(self):
        # Names shown: the entry is about the family's identity.
        return Data.FAMILY_IDENTITY if getattr(self, "identities", None) else self.data

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["title"] = _("Mijn aanmeldingen")
        page = list(context["object_list"])
        open_ids = [referral.pk for referral in page if referral.is_open]
        withdrawable = set(
            policy.scope(
                user, "change", Data.REFERRAL_STATUS, Referral.objects.filter(pk__in=open_ids)
            ).values_list("pk", flat=True)
        )
        self.identities = entered_identities(user, [referral.family_id for referral in page])
        context["rows"] = [
            {
                "referral": referral,
                "may_withdraw": referral.pk in withdrawable,
                "identity": self.identities.get(referral.family_id),
            }
            for referral in page
        ]
        context["may_create"] = bool(rules.entry_options(user)[0])
        return context


class WithdrawView(PolicyObjectMixin, DetailView):
    """Withdraw a referral that is still open, after confirmation."""

    data = Data.REFERRAL_STATUS
    action = "change"
    log_action = Action.CHANGE
    model = Referral
    template_name = "referrals/withdraw.html"
    context_object_name = "referral"

    def get_queryset(self):
        return super().get_queryset().select_related("family")

    def get_log_action(self):
        return Action.CHANGE if self.request.method == "POST" else Action.VIEW

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Aanmelding %(reference)s intrekken") % {
            "reference": self.object.family.reference
        }
        context["back_url"] = self.back_url()
        self.identities = entered_identities(self.request.user, [self.object.family_id])
        context["identity"] = self.identities.get(self.object.family_id)
        return context

    def get_log_data(self):
        if self.request.method == "GET" and getattr(self, "identities", None):
            return Data.FAMILY_IDENTITY
        return self.data

    def back_url(self):
        if self.object.referred_by_id == self.request.user.pk:
            return reverse("referrals:mine")
        return reverse("referrals:detail", args=[self.object.pk])

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            with transaction.atomic():
                referral = Referral.objects.select_for_update().get(pk=self.object.pk)
                rules.withdraw(request.user, referral)
        except RuleError as error:
            context = self.get_context_data(object=self.object, error=str(error))
            return self.render_to_response(context)
        messages.success(
            request,
            _("De aanmelding %(reference)s is ingetrokken.")
            % {"reference": self.object.family.reference},
        )
        return redirect(self.back_url())
