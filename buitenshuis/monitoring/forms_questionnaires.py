# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The forms of questionnaires: the linking pin's choice of who answers
which questionnaire at which moment (for a link or to enter the answers),
and the questionnaire itself (one radio group per item, a text box for an
open question). The rules are ``monitoring.questionnaires``."""

from django import forms
from django.utils.translation import gettext_lazy

from buitenshuis.casework.models import Person
from buitenshuis.monitoring.models_questionnaires import FREE_TEXT_MAX, Instrument, Moment

PROFESSIONAL = "professional"
CHOOSE_ANSWER = gettext_lazy("Kies een antwoord.")


def respondent_choices(family_members):
    choices = []
    for person in family_members:
        if person.kind == Person.Kind.PARENT:
            label = gettext_lazy("Ouder: %(name)s") % {"name": person.first_name}
        else:
            label = gettext_lazy("Kind: %(name)s (%(age)s jaar)") % {
                "name": person.first_name,
                "age": person.age,
            }
        choices.append((str(person.pk), label))
    choices.append((PROFESSIONAL, gettext_lazy("Een professional (bijvoorbeeld de opvang)")))
    return choices


class RespondentForm(forms.Form):
    """Who answers which questionnaire at which moment."""

    instrument = forms.ModelChoiceField(
        label=gettext_lazy("Vragenlijst"),
        queryset=Instrument.objects.none(),
        error_messages={"required": gettext_lazy("Kies een vragenlijst.")},
    )
    moment = forms.ChoiceField(
        label=gettext_lazy("Moment"),
        choices=Moment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies het moment.")},
    )
    respondent = forms.ChoiceField(
        label=gettext_lazy("Wie vult in"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Kies wie de vragenlijst invult.")},
    )
    professional = forms.CharField(
        label=gettext_lazy("Functie van de professional"),
        help_text=gettext_lazy("Alleen voor een professional; een functie, geen naam."),
        max_length=120,
        required=False,
    )

    def __init__(self, *args, family_members=(), instrument=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(person.pk): person for person in family_members}
        self.fields["respondent"].choices = respondent_choices(family_members)
        if instrument is not None:
            # Entering the answers of one questionnaire: it is chosen already.
            del self.fields["instrument"]
            self.fixed_instrument = instrument
            self.fields["moment"].choices = [
                (value, label) for value, label in Moment.choices if value in instrument.moments
            ]
        else:
            self.fixed_instrument = None
            self.fields["instrument"].queryset = Instrument.objects.filter(active=True)

    def clean(self):
        data = super().clean()
        respondent = data.get("respondent")
        data["person"] = self.members.get(respondent) if respondent != PROFESSIONAL else None
        if self.fixed_instrument is not None:
            data["instrument"] = self.fixed_instrument
        return data


class AnswerForm(forms.Form):
    """The questionnaire: one field per item, named ``item_<pk>``."""

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.items.all():
            name = f"item_{item.pk}"
            if item.scale.free_text:
                self.fields[name] = forms.CharField(
                    label=item.text,
                    required=False,
                    max_length=FREE_TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            else:
                self.fields[name] = forms.TypedChoiceField(
                    label=item.text,
                    choices=[(str(value), label) for value, label in item.scale.choices],
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": CHOOSE_ANSWER,
                        "invalid_choice": CHOOSE_ANSWER,
                    },
                )

    def answers(self):
        """{item pk: value or text} of the cleaned form."""
        return {
            int(name.removeprefix("item_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }
