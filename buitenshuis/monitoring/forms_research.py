# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The forms of the research export: the coordinator's request and their
release after the k-anonymity report (the rules are in research.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buitenshuis.monitoring.models_research import FreeText
from buitenshuis.organisations.models import Programme


class RequestForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programma"), queryset=None, empty_label=None)
    free_text = forms.ChoiceField(
        label=_(
            "Vrije tekst (zorgen bij de aanmelding, motivering, toelichting bij afsluiting, "
            "antwoorden op open vragen in vragenlijsten)"
        ),
        choices=FreeText.choices,
        initial=FreeText.EXCLUDED,
        widget=forms.RadioSelect,
        help_text=_(
            "Weglaten is het veiligst. Met Deduce worden namen, adressen, data en nummers "
            "in de tekst vervangen; lees de export daarna toch na."
        ),
    )
    generalised = forms.BooleanField(
        label=_("Extra generaliseren: leeftijd in klassen en geen postcodecijfers"),
        required=False,
        help_text=_("Kies dit als de k-anonimiteit te laag is (kleinste groep kleiner dan 5)."),
    )

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(
            pk__in=[programme.pk for programme in programmes]
        ).order_by("name")


class ReleaseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Ik heb het rapport over de k-anonimiteit gezien en geef deze export vrij voor "
            "de onderzoekers van het programma."
        ),
        required=False,
    )
