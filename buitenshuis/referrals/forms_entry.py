# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms for entering a referral.

One page, no JavaScript: the main ``ReferralForm`` (programme, family,
address, situation, route) and prefixed sub-forms for the parents and the
children. The page starts with one parent and one child; "Nog een ouder
toevoegen" / "Nog een kind toevoegen" post the form back with one more
empty block, keeping what was typed (up to ``PARENT_FORMS`` parents and
``CHILD_FORMS`` children). Field checks
(postcode, house number, BSN, age) give their message at the field; the
rules in ``referrals.rules`` are checked again when the referral is stored.

The referral route's forms, one module per part: ``forms_entry``
(entering), ``forms_intake`` (linking pin, intake, consent),
``forms_decision`` (deciding, capacity), ``forms_mandate``,
``forms_address`` and ``forms_duplicates`` (the coordinator's checks)."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.casework import protected
from buitenshuis.casework.models import ProblemCategory
from buitenshuis.core.forms import DateInput
from buitenshuis.core.validators import (
    FREE_TEXT_MAX,
    PHONE_MESSAGE,
    normalise_phone,
    validate_name,
)
from buitenshuis.organisations.models import Municipality, Role
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Route, VeiligThuisStatus

PARENT_FORMS = 2
CHILD_FORMS = 6
# The submit buttons that add a block instead of sending the referral.
ADD_PARENT, ADD_CHILD = "ouder", "kind"
BSN_MESSAGE = gettext_lazy("Dit is geen geldig burgerservicenummer (BSN).")


def membership_label(membership):
    return _("%(programme)s (%(role)s, %(organisation)s)") % {
        "programme": membership.programme,
        "role": membership.get_role_display(),
        "organisation": membership.organisation,
    }


class ReferralForm(forms.Form):
    """The family, its address, the situation and the route. ``memberships``
    are the user's memberships that may enter a referral (see
    ``rules.entry_options``); with more than one the user chooses."""

    membership = forms.TypedChoiceField(
        label=gettext_lazy("Programma"),
        coerce=int,
        help_text=gettext_lazy("U heeft een rol in meer dan één programma; kies waar u aanmeldt."),
    )
    family_name = forms.CharField(
        label=gettext_lazy("Gezinsnaam"), max_length=120, validators=[validate_name]
    )
    street = forms.CharField(label=gettext_lazy("Straat"), max_length=160)
    house_number = forms.CharField(
        label=gettext_lazy("Huisnummer"),
        max_length=12,
        help_text=gettext_lazy("Met een eventuele toevoeging, bijvoorbeeld 12A."),
    )
    postcode = forms.CharField(
        label=gettext_lazy("Postcode"),
        max_length=10,
        help_text=gettext_lazy("Bijvoorbeeld 1234 AB."),
    )
    city = forms.CharField(label=gettext_lazy("Plaats"), max_length=120)
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Woongemeente"),
        queryset=Municipality.objects.order_by("name"),
        empty_label=gettext_lazy("Kies de woongemeente"),
        help_text=gettext_lazy(
            "De gemeente waar het gezin woont; die moet bij het programma horen."
        ),
    )
    veilig_thuis = forms.ChoiceField(
        label=gettext_lazy("Veilig Thuis"),
        choices=VeiligThuisStatus.choices,
        widget=forms.RadioSelect,
    )
    worries = forms.CharField(
        label=gettext_lazy("Zorgen"),
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Wat maakt de thuissituatie onveilig of onzeker voor de kinderen?"),
    )
    help_involved = forms.CharField(
        label=gettext_lazy("Betrokken hulp"),
        required=False,
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Welke hulp is er al bij het gezin betrokken?"),
    )
    route = forms.ChoiceField(label=gettext_lazy("Route"), choices=Route.choices)
    referrer_name = forms.CharField(
        label=gettext_lazy("Naam verwijzer"),
        max_length=160,
        required=False,
        validators=[validate_name],
        help_text=gettext_lazy(
            "Alleen voor een linking pin: namens wie meldt u aan? Niet nodig bij een gezin "
            "uit uw eigen caseload."
        ),
    )
    referrer_phone = forms.CharField(
        label=gettext_lazy("Uw telefoonnummer"),
        max_length=30,
        help_text=gettext_lazy(
            "Zodat de linking pin u kan bellen over dit gezin. Het wordt bij uw account "
            "bewaard; u vult het maar één keer in."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, memberships, ask_phone=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_phone:
            del self.fields["referrer_phone"]
        self.memberships = {m.pk: m for m in memberships}
        roles = {m.role for m in memberships}
        if len(memberships) > 1:
            self.fields["membership"].choices = [("", _("Kies het programma"))] + [
                (m.pk, membership_label(m)) for m in memberships
            ]
        else:
            del self.fields["membership"]
        if Role.LINKING_PIN not in roles:
            del self.fields["referrer_name"]
            self.fields["route"].choices = [
                choice for choice in Route.choices if choice[0] not in rules.LINKING_PIN_ROUTES
            ]
        self.fields["route"].choices = [("", _("Kies de route"))] + list(
            self.fields["route"].choices
        )

    def clean_postcode(self):
        postcode = rules.normalise_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise forms.ValidationError(rules.POSTCODE_MESSAGE)
        return postcode

    def clean_referrer_phone(self):
        phone = normalise_phone(self.cleaned_data["referrer_phone"])
        if phone is None:
            raise forms.ValidationError(PHONE_MESSAGE)
        return phone

    def clean_house_number(self):
        number = rules.normalise_house_number(self.cleaned_data["house_number"])
        if number is None:
            raise forms.ValidationError(rules.HOUSE_NUMBER_MESSAGE)
        return number

    def chosen_membership(self):
        if len(self.memberships) == 1:
            return next(iter(self.memberships.values()))
        return self.memberships.get(self.cleaned_data.get("membership"))

    def clean(self):
        cleaned = super().clean()
        membership = self.chosen_membership()
        if membership is None:
            return cleaned
        cleaned["membership"] = membership
        municipality = cleaned.get("municipality")
        if municipality is not None:
            problem = rules.municipality_error(membership.programme, municipality)
            if problem:
                self.add_error("municipality", problem)
        if cleaned.get("route"):
            problem = rules.route_error(membership, cleaned["route"], cleaned.get("referrer_name"))
            if problem:
                self.add_error(rules.route_error_field(membership), problem)
        return cleaned


class PersonForm(forms.Form):
    """A family member; an optional one (``empty_permitted``) is skipped
    when left empty."""

    first_name = forms.CharField(
        label=gettext_lazy("Voornaam"), max_length=80, validators=[validate_name]
    )
    last_name = forms.CharField(
        label=gettext_lazy("Achternaam"), max_length=120, validators=[validate_name]
    )
    date_of_birth = forms.DateField(label=gettext_lazy("Geboortedatum"), widget=DateInput)

    # Fields that make an optional form count as filled in.
    filled_fields = ("first_name", "last_name", "date_of_birth")

    def __init__(self, *args, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day or timezone.localdate()

    def has_changed(self):
        return any(name in self.filled_fields for name in self.changed_data)

    @property
    def is_filled(self):
        return self.is_bound and self.has_changed()


class ParentForm(PersonForm):
    date_of_birth = forms.DateField(
        label=gettext_lazy("Geboortedatum"),
        widget=DateInput,
        required=False,
        help_text=gettext_lazy("Weet u die niet, laat dit dan leeg; de intake vult het aan."),
    )
    phone = forms.CharField(
        label=gettext_lazy("Telefoonnummer"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        max_length=254,
        required=False,
        error_messages={"invalid": gettext_lazy("Vul een geldig e-mailadres in.")},
    )
    interpreter_language = forms.CharField(
        label=gettext_lazy("Tolk nodig in de taal"),
        max_length=60,
        required=False,
        validators=[validate_name],
        help_text=gettext_lazy("Leeg als er geen tolk nodig is. Bijvoorbeeld Arabisch of Pools."),
    )
    problem_categories = forms.MultipleChoiceField(
        label=gettext_lazy("Problematiek"),
        choices=ProblemCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Kies wat van toepassing is; bij ten minste één ouder is dit verplicht."
        ),
    )
    has_parental_authority = forms.BooleanField(
        label=gettext_lazy("Heeft gezag over de kinderen"), required=False, initial=True
    )

    filled_fields = (
        "first_name",
        "last_name",
        "date_of_birth",
        "phone",
        "email",
        "interpreter_language",
        "problem_categories",
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        phone = normalise_phone(value)
        if phone is None:
            raise forms.ValidationError(PHONE_MESSAGE)
        return phone

    def clean_interpreter_language(self):
        return self.cleaned_data["interpreter_language"].strip()

    def clean_date_of_birth(self):
        date_of_birth = self.cleaned_data["date_of_birth"]
        if date_of_birth is not None and date_of_birth > self.day:
            raise forms.ValidationError(_("De geboortedatum ligt in de toekomst."))
        return date_of_birth


class ChildForm(PersonForm):
    bsn = forms.CharField(
        label=gettext_lazy("Burgerservicenummer (BSN)"),
        max_length=12,
        required=False,
        help_text=gettext_lazy("Als het bekend is. Het wordt versleuteld opgeslagen."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    filled_fields = ("first_name", "last_name", "date_of_birth", "bsn")

    def clean_bsn(self):
        value = self.cleaned_data["bsn"].strip()
        if not value:
            return ""
        if not protected.is_valid(value):
            raise forms.ValidationError(BSN_MESSAGE)
        return protected.normalise(value)

    def clean(self):
        cleaned = super().clean()
        date_of_birth = cleaned.get("date_of_birth")
        if date_of_birth is not None:
            name = cleaned.get("first_name") or _("het kind")
            problem = rules.child_age_error(name, date_of_birth, self.day)
            if problem:
                self.add_error("date_of_birth", problem)
        return cleaned


def _shown(data, key, prefix, maximum):
    """How many blocks the posted form showed: its hidden count, or more
    when fields of a later block were posted; at least one."""
    data = data or {}
    try:
        shown = int(data.get(key, 1))
    except (TypeError, ValueError):
        shown = 1
    for n in range(maximum, shown, -1):
        if any(name.startswith(f"{prefix}{n}-") and data.get(name) for name in data):
            shown = n
            break
    return max(1, min(shown, maximum))


class ReferralForms:
    """The main form with its parent and child forms, validated together.

    The page shows as many parent and child blocks as the posted form did
    (hidden ``ouders`` / ``kinderen``), one of each at first; ``add`` (the
    button "Nog een ouder/kind toevoegen") adds one empty block."""

    def __init__(self, data=None, *, memberships, day=None, ask_phone=False):
        self.day = day or timezone.localdate()
        self.main = ReferralForm(data, memberships=memberships, ask_phone=ask_phone)
        self.add = (data or {}).get("toevoegen", "")
        if self.add not in (ADD_PARENT, ADD_CHILD):
            self.add = ""
        self.parent_count = _shown(data, "ouders", "ouder", PARENT_FORMS)
        self.child_count = _shown(data, "kinderen", "kind", CHILD_FORMS)
        # A block just added is new: unbound, so it shows its defaults (a
        # parent has parental authority unless unticked), not an empty post.
        new_parent = new_child = None
        if self.add == ADD_PARENT and self.parent_count < PARENT_FORMS:
            self.parent_count = new_parent = self.parent_count + 1
        elif self.add == ADD_CHILD and self.child_count < CHILD_FORMS:
            self.child_count = new_child = self.child_count + 1
        self.parents = [
            ParentForm(
                None if n == new_parent else data,
                prefix=f"ouder{n}",
                day=self.day,
                empty_permitted=n > 1,
                use_required_attribute=n == 1,
            )
            for n in range(1, self.parent_count + 1)
        ]
        self.children = [
            ChildForm(
                None if n == new_child else data,
                prefix=f"kind{n}",
                day=self.day,
                empty_permitted=True,
                use_required_attribute=False,
            )
            for n in range(1, self.child_count + 1)
        ]
        if self.add:
            # Adding a block is not sending: show what was typed, no errors.
            for form in self.all():
                form._errors = ErrorDict()
                form.cleaned_data = {}
            # The keyboard continues in the new block.
            added = self.parents[-1] if self.add == ADD_PARENT else self.children[-1]
            added.fields["first_name"].widget.attrs["autofocus"] = True

    @property
    def may_add_parent(self):
        return self.parent_count < PARENT_FORMS

    @property
    def may_add_child(self):
        return self.child_count < CHILD_FORMS

    def is_valid(self):
        if self.add:
            return False
        valid = [form.is_valid() for form in self.all()]  # every form, for every message
        if self.main.is_bound and not any(form.is_filled for form in self.children):
            self.main.add_error(None, rules.NO_CHILD_MESSAGE)
            return False
        filled_parents = [form for form in self.parents if form.is_filled]
        if all(valid) and not any(
            form.cleaned_data.get("problem_categories") for form in filled_parents
        ):
            self.main.add_error(None, rules.NO_PROBLEM_MESSAGE)
            return False
        return all(valid)

    def all(self):
        return [self.main, *self.parents, *self.children]

    def sections(self):
        """(legend, note, form) for the template, in page order."""
        sections = []
        for n, form in enumerate(self.parents, start=1):
            legend = _("Ouder of verzorger %(n)s") % {"n": n}
            note = _("Niet verplicht.") if n > 1 else ""
            sections.append((legend, note, form))
        for n, form in enumerate(self.children, start=1):
            sections.append((_("Kind %(n)s") % {"n": n}, "", form))
        return sections

    def cleaned(self):
        """The cleaned data as ``rules.submit_referral`` takes it."""
        data = self.main.cleaned_data
        family = {
            key: data[key]
            for key in ("family_name", "street", "house_number", "postcode", "city", "municipality")
        }
        referral = {
            "route": data["route"],
            "veilig_thuis": data["veilig_thuis"],
            "worries": data["worries"],
            "help_involved": data.get("help_involved", ""),
            "referrer_name": data.get("referrer_name", ""),
            "referrer_phone": data.get("referrer_phone", ""),
        }
        parents = [
            {
                **form.cleaned_data,
                "interpreter_needed": bool(form.cleaned_data.get("interpreter_language")),
            }
            for form in self.parents
            if form.is_filled
        ]
        children = [form.cleaned_data for form in self.children if form.is_filled]
        return data["membership"], family, parents, children, referral
