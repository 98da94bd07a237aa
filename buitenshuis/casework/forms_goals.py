# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms of the work with the family: goals and notes, reviews, support
for the parents, the safety plan and the Verwijsindex. They validate input;
the rules (``casework.rules.goals``, ``reviews``, ``safety``,
``referral_index``) decide and store."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.casework.models import (
    Goal,
    GoalDomain,
    Person,
    Review,
    ReviewProgress,
    SupportAction,
)
from buitenshuis.core.forms import DateInput
from buitenshuis.core.validators import FREE_TEXT_MAX

DATE_ERRORS = {"invalid": _("Vul een geldige datum in."), "required": _("Vul de datum in.")}


def _person_label(person):
    return f"{person.first_name} {person.last_name} ({person.get_kind_display().lower()})"


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _person_label(obj)


class GoalForm(forms.Form):
    domain = forms.ChoiceField(
        label=_("Leefgebied"),
        choices=[("", _("Kies een leefgebied")), *GoalDomain.choices],
        error_messages={"required": _("Kies een leefgebied.")},
    )
    person = MemberChoiceField(
        label=_("Voor"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Het hele gezin"),
    )
    description = forms.CharField(
        label=_("Doel"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beschrijf het doel.")},
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = family.members.order_by("kind", "date_of_birth", "pk")


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Goal.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een status.")},
    )


class GoalNoteForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput, error_messages=DATE_ERRORS)
    text = forms.CharField(
        label=_("Voortgang"),
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf de voortgang op.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class ReviewForm(forms.Form):
    """The review of one moment: per running goal its progress (fields
    ``goal_<pk>`` and ``goal_<pk>_note``), then the decision."""

    held_on = forms.DateField(label=_("Gehouden op"), widget=DateInput, error_messages=DATE_ERRORS)
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=Review.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een besluit: doorgaan, bijstellen of stoppen.")},
    )
    criteria = forms.CharField(
        label=_("Gebruikte criteria"),
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waaraan heeft u de voortgang en het besluit afgemeten?"),
        error_messages={"required": _("Schrijf op welke criteria u heeft gebruikt.")},
    )
    notes = forms.CharField(
        label=_("Toelichting"),
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = list(goals)
        self.fields["held_on"].initial = timezone.localdate()
        fields = {}
        for goal in self.goals:
            fields[f"goal_{goal.pk}"] = forms.ChoiceField(
                label=_("Voortgang: %(goal)s") % {"goal": goal.description},
                choices=ReviewProgress.Progress.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Geef de voortgang van dit doel.")},
            )
            fields[f"goal_{goal.pk}_note"] = forms.CharField(
                label=_("Toelichting bij dit doel"), max_length=300, required=False
            )
        # The goals first, then the decision.
        self.fields = {**fields, **self.fields}

    def progress(self):
        data = self.cleaned_data
        return {
            goal: (data[f"goal_{goal.pk}"], data.get(f"goal_{goal.pk}_note", ""))
            for goal in self.goals
        }


TOP3_CHOICES = [("", _("Geen plaats")), ("1", "1"), ("2", "2"), ("3", "3")]


class Top3Field(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Plaats in de TOP-3 van de ouders"),
            choices=TOP3_CHOICES,
            coerce=int,
            empty_value=None,
            required=False,
            help_text=_("Alleen als u met de TOP-3-methode werkt."),
            **kwargs,
        )


class SupportActionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort"),
        choices=[("", _("Kies een soort")), *SupportAction.Kind.choices],
        error_messages={"required": _("Kies een soort ondersteuning.")},
    )
    parent = MemberChoiceField(
        label=_("Voor"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Beide ouders"),
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        max_length=300,
        error_messages={"required": _("Beschrijf de ondersteuning.")},
    )
    provider = forms.CharField(
        label=_("Door (organisatie of persoon)"), max_length=160, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=SupportAction.Status.choices,
        initial=SupportAction.Status.PLANNED,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een status.")},
    )
    top3 = Top3Field()

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = family.members.filter(kind=Person.Kind.PARENT).order_by(
            "pk"
        )


class SupportUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=SupportAction.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een status.")},
    )
    provider = forms.CharField(
        label=_("Door (organisatie of persoon)"), max_length=160, required=False
    )
    top3 = Top3Field()


class SafetyPlanForm(forms.Form):
    whom_to_call = forms.CharField(
        label=_("Wie bellen we"),
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Namen en telefoonnummers, in de volgorde waarin u ze belt."),
        error_messages={"required": _("Schrijf op wie er gebeld wordt.")},
    )
    where_children_go = forms.CharField(
        label=_("Waar gaan de kinderen heen"),
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf op waar de kinderen heen gaan.")},
    )
    agreed_signals = forms.CharField(
        label=_("Afgesproken signalen"),
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Waaraan merken de ouders, het netwerk en de kinderen dat het plan ingaat?"),
        error_messages={"required": _("Schrijf de afgesproken signalen op.")},
    )


class ReferralIndexForm(forms.Form):
    child = MemberChoiceField(
        label=_("Kind"),
        queryset=Person.objects.none(),
        empty_label=_("Kies een kind"),
        error_messages={"required": _("Kies een kind.")},
    )
    registered = forms.TypedChoiceField(
        label=_("Heeft u het kind in de Verwijsindex geregistreerd?"),
        choices=[("yes", _("Ja")), ("no", _("Nee"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ja of nee.")},
    )
    registered_on = forms.DateField(
        label=_("Datum registratie"),
        widget=DateInput,
        required=False,
        help_text=_("Alleen de datum; niets van de inhoud van de registratie."),
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = family.members.filter(kind=Person.Kind.CHILD).order_by(
            "date_of_birth", "pk"
        )
