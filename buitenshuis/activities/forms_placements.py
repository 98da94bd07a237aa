# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms for placing a child: the placement itself and the coordinator's
permission to place at a location without trained staff.

The placement form shows the rules' problems with the period, the days and
the activity at their fields before anything is stored (also for "Bereken",
which stores nothing): ``rules.placement_problems``, which
``rules.place`` checks again with everything else when it stores."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from buitenshuis.activities import rules
from buitenshuis.activities.models import Weekday
from buitenshuis.core.forms import DateInput, add_rule_error
from buitenshuis.core.validators import FREE_TEXT_MAX
from buitenshuis.organisations.models import ActivityType
from buitenshuis.programmes.models import ProgrammeSettings

DATE_ERRORS = {
    "required": gettext_lazy("Vul een datum in."),
    "invalid": gettext_lazy("Vul een geldige datum in, bijvoorbeeld 24-11-2026."),
}


class PlacementForm(forms.Form):
    activity_type = forms.ChoiceField(
        label=gettext_lazy("Soort activiteit"),
        choices=ActivityType.choices,
        help_text=gettext_lazy("Voorgesteld: de activiteit van deze locatie."),
    )
    age_override_reason = forms.CharField(
        label=gettext_lazy("Reden voor een activiteit die niet bij de leeftijd past"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=FREE_TEXT_MAX,
        help_text=gettext_lazy(
            "Alleen nodig als de activiteit afwijkt van wat bij de leeftijd past: 0-4 jaar "
            "kinderopvang, 4-12 jaar BSO, 12-17 jaar sport, jongerenwerk of huiswerkbegeleiding."
        ),
    )
    days = forms.MultipleChoiceField(
        label=gettext_lazy("Dagen"),
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the rule says so at the field: rules.placement_problems
    )
    hours_per_week = forms.DecimalField(
        label=gettext_lazy("Uren per week"),
        min_value=Decimal("0.5"),
        max_value=Decimal("60"),
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": gettext_lazy("Vul het aantal uren per week in."),
            "invalid": gettext_lazy("Vul een aantal uren in, bijvoorbeeld 8 of 7,5."),
            "min_value": gettext_lazy("Vul ten minste een half uur per week in."),
            "max_value": gettext_lazy("Vul ten hoogste 60 uur per week in."),
            "max_decimal_places": gettext_lazy("Vul de uren in op een half uur nauwkeurig."),
            "max_digits": gettext_lazy("Vul ten hoogste 60 uur per week in."),
        },
    )
    start_date = forms.DateField(
        label=gettext_lazy("Eerste dag"), widget=DateInput, error_messages=DATE_ERRORS
    )
    end_date = forms.DateField(
        label=gettext_lazy("Laatste dag"),
        widget=DateInput,
        error_messages=DATE_ERRORS,
        help_text=gettext_lazy("Standaard het einde van het traject; niet later."),
    )
    parental_contribution = forms.DecimalField(
        label=gettext_lazy("Ouderbijdrage per maand (euro)"),
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        help_text=gettext_lazy(
            "Niet verplicht. Alleen als het programma een ouderbijdrage vraagt; anders 0."
        ),
        error_messages={
            "invalid": gettext_lazy("Vul een bedrag in euro in, bijvoorbeeld 25 of 12,50."),
            "min_value": gettext_lazy("Een ouderbijdrage kan niet negatief zijn."),
        },
    )
    pickup_arrangements = forms.CharField(
        label=gettext_lazy("Afspraken over halen en brengen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=FREE_TEXT_MAX,
        help_text=gettext_lazy(
            "Wie het kind mag halen en brengen. Dit ziet de opvanglocatie; schrijf hier "
            "niets over de problemen van de ouders."
        ),
    )

    def __init__(self, *args, enrolment, child, location, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        self.child = child
        self.location = location
        today = timezone.localdate()
        start = today
        if enrolment.start_date and start < enrolment.start_date:
            start = enrolment.start_date
        self.fields["activity_type"].initial = location.activity_type
        self.fields["start_date"].initial = start
        end = enrolment.end_date
        if end is None:  # a provisional placement: the default enrolment length
            end = ProgrammeSettings.for_programme(enrolment.family.programme).enrolment_end(start)
        self.fields["end_date"].initial = end
        self.fields["parental_contribution"].initial = Decimal(0)

    def clean_parental_contribution(self):
        return self.cleaned_data.get("parental_contribution") or Decimal(0)

    def clean(self):
        cleaned = super().clean()
        for problem in rules.placement_problems(
            self.enrolment,
            self.child,
            cleaned.get("activity_type"),
            cleaned.get("days"),
            cleaned.get("start_date"),
            cleaned.get("end_date"),
            cleaned.get("age_override_reason") or "",
        ):
            if problem.field not in self.errors:  # one message per field
                add_rule_error(self, problem)
        return cleaned

    def place_kwargs(self):
        """The cleaned data as ``rules.place`` takes it."""
        data = self.cleaned_data
        return {
            "activity_type": data["activity_type"],
            "days": [day for day in Weekday.values if day in data["days"]],
            "hours_per_week": data["hours_per_week"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "parental_contribution": data["parental_contribution"],
            "pickup_arrangements": data.get("pickup_arrangements") or "",
            "age_override_reason": data.get("age_override_reason") or "",
        }


class ReadinessOverrideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FREE_TEXT_MAX,
        help_text=gettext_lazy(
            "Waarom mag dit kind hier al beginnen, en wanneer is er een getrainde medewerker? "
            "De reden wordt vastgelegd en is zichtbaar bij de plaatsing en in de monitoring."
        ),
        required=False,  # the rule asks for it: rules.override_readiness
    )
