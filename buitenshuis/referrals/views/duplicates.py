# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The coordinator's checks on incoming referrals: possible
duplicates (a child who may already be known to the programme) to link or
dismiss, and what the referral page shows of both checks (linked records,
open possible duplicates, a postcode that does not fit the municipality).

The one who refers never sees any of this; the rules are in
``referrals.rules`` ("Duplicates", "The postcode and the municipality")."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView
from django.views.generic.edit import FormMixin

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Family, Person
from buitenshuis.core.forms import apply_rule
from buitenshuis.referrals import rules
from buitenshuis.referrals.forms_duplicates import PossibleDuplicateForm
from buitenshuis.referrals.models import PossibleDuplicate, PostcodeCheck, Referral

DUPLICATE_RELATED = (
    "referral__family",
    "existing_family",
    "child",
    "existing_child",
    "decided_by",
)


class PossibleDuplicateListView(PolicyListMixin, ListView):
    """The possible duplicates of the coordinator's programme(s); the open
    ones first."""

    data = Data.POSSIBLE_DUPLICATE
    template_name = "referrals/duplicates.html"

    def get_rows(self):
        duplicates = PossibleDuplicate.objects.select_related(*DUPLICATE_RELATED)
        self.show = self.request.GET.get("toon", "open")
        if self.show == "open":
            duplicates = duplicates.filter(status=PossibleDuplicate.Status.OPEN)
            return duplicates.order_by("created", "pk")
        if self.show == "beoordeeld":
            duplicates = duplicates.exclude(status=PossibleDuplicate.Status.OPEN)
        else:
            self.show = "alle"
        return duplicates.order_by("-created", "-pk")

    def log_subjects_of(self, row):
        return [row.referral.family, row.existing_family]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Mogelijke dubbele aanmeldingen")
        context["show"] = self.show
        # The known families of this page whose case hub the user may open.
        known = [duplicate.existing_family_id for duplicate in context["object_list"]]
        context["openable_families"] = set(
            policy.scope(
                self.request.user, "view", Data.FAMILY_IDENTITY, Family.objects.filter(pk__in=known)
            ).values_list("pk", flat=True)
        )
        context["filters"] = [
            ("open", _("Te beoordelen")),
            ("beoordeeld", _("Beoordeeld")),
            ("alle", _("Alle")),
        ]
        return context


def describe_side(user, family, child):
    """What the coordinator may read of one side of the comparison, or None
    when the user may not read this family's identity."""
    if not policy.can(user, "view", Data.FAMILY_IDENTITY, family):
        return None
    referral = Referral.objects.filter(family=family).first()
    members = list(family.members.all())
    if referral is not None and policy.can(user, "view", Data.INTAKE, referral):
        url = reverse("referrals:detail", args=[referral.pk])
    else:
        url = reverse("casework:family_detail", args=[family.pk])
    return {
        "family": family,
        "referral": referral,
        "url": url,
        "child": child,
        "enrolment": family.enrolments.order_by("-pk").first(),
        "parents": [m for m in members if m.kind == Person.Kind.PARENT],
        "other_children": [m for m in members if m.kind == Person.Kind.CHILD and m.pk != child.pk],
    }


class PossibleDuplicateView(PolicyObjectMixin, FormMixin, DetailView):
    """Compare the new referral's child with the child already known, and
    link or dismiss after a confirmation. Records are never merged."""

    model = PossibleDuplicate
    data = Data.POSSIBLE_DUPLICATE
    log_action = Action.VIEW
    form_class = PossibleDuplicateForm
    template_name = "referrals/duplicate.html"
    context_object_name = "duplicate"

    def get_queryset(self):
        return self.scoped(
            PossibleDuplicate.objects.select_related(
                *DUPLICATE_RELATED, "referral__family__municipality", "programme"
            )
        )

    def log_subjects_for(self, obj):
        # Both families compared.
        return [obj.referral.family, obj.existing_family]

    def get_log_action(self):
        return Action.CHANGE if getattr(self, "_done", False) else Action.VIEW

    def post(self, request, *args, **kwargs):
        self.object = duplicate = self.get_object()
        refusal = rules.resolve_refusal(request.user, duplicate)
        if refusal:
            messages.error(request, refusal)
            return redirect("referrals:duplicate", pk=duplicate.pk)
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        if not form.cleaned_data["confirmed"]:
            # First submit: ask to confirm, with the choice and note kept.
            return self.render_to_response(self.get_context_data(form=form, confirm=True))
        apply_rule(
            form,
            rules.resolve_possible_duplicate,
            request.user,
            duplicate,
            form.cleaned_data["choice"],
            note=form.cleaned_data["note"],
        )
        if form.errors:
            return self.form_invalid(form)
        self._done = True
        if form.cleaned_data["choice"] == PossibleDuplicate.Status.LINKED:
            messages.success(
                request,
                _(
                    "Gekoppeld: beide aanmeldingen gaan over hetzelfde kind. Beide gegevens "
                    "blijven bestaan; de koppeling staat bij beide aanmeldingen."
                ),
            )
        else:
            messages.success(request, _("Afgewezen: het gaat om een ander kind."))
        return redirect("referrals:duplicates")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        duplicate = self.object
        user = self.request.user
        form = context["form"]
        context.update(
            title=_("Mogelijke dubbele aanmelding: %(reference)s")
            % {"reference": duplicate.referral.family.reference},
            new=describe_side(user, duplicate.referral.family, duplicate.child),
            known=describe_side(user, duplicate.existing_family, duplicate.existing_child),
            is_open=duplicate.status == PossibleDuplicate.Status.OPEN,
            chosen_label=dict(form.fields["choice"].choices).get(
                form.cleaned_data.get("choice") if form.is_bound and form.is_valid() else None,
                "",
            ),
        )
        return context


def referral_checks(user, referral):
    """Context for the referral page: the possible duplicates the user may
    judge, the records linked as the same child that the user may open,
    and the state of the postcode check."""
    family = referral.family
    involving = PossibleDuplicate.objects.filter(
        referral__family=family
    ) | PossibleDuplicate.objects.filter(existing_family=family)
    involving = involving.select_related(*DUPLICATE_RELATED)
    open_duplicates = policy.scope(
        user,
        "change",
        Data.POSSIBLE_DUPLICATE,
        involving.filter(status=PossibleDuplicate.Status.OPEN),
    )
    linked = []
    for duplicate in involving.filter(status=PossibleDuplicate.Status.LINKED):
        if duplicate.existing_family_id == family.pk:
            other_family, here = duplicate.referral.family, duplicate.existing_child
        else:
            other_family, here = duplicate.existing_family, duplicate.child
        if not policy.can(user, "view", Data.FAMILY_IDENTITY, other_family):
            continue
        # Only the other record's reference (no personal data) and a link.
        other_referral = Referral.objects.filter(family=other_family).first()
        if other_referral is not None and policy.can(user, "view", Data.INTAKE, other_referral):
            url = reverse("referrals:detail", args=[other_referral.pk])
        else:
            url = reverse("casework:family_detail", args=[other_family.pk])
        linked.append(
            {"duplicate": duplicate, "child": here, "reference": other_family.reference, "url": url}
        )
    return {
        "open_duplicates": list(open_duplicates),
        "linked_duplicates": linked,
        "postcode_pending": referral.postcode_check == PostcodeCheck.PENDING,
        "can_confirm_address": rules.confirm_address_refusal(user, referral) is None,
    }
