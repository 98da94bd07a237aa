# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms of deciding on a referral: the decision, and the coordinator's
permission to decide over capacity.

The forms validate input only; the view hands the cleaned data to
``rules.decide`` and ``rules.override_capacity``, whose refusals are shown
at the field they name (``core.forms``)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.core.forms import DateInput
from buitenshuis.core.validators import FREE_TEXT_MAX
from buitenshuis.referrals.models import Decision


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
    )
    start_date = forms.DateField(
        label=_("Startdatum"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "Bij toekenning: de eerste dag van een voorlopige plaatsing, anders vandaag. "
            "De einddatum volgt uit de standaardduur."
        ),
    )
    parental_contribution = forms.DecimalField(
        label=_("Ouderbijdrage per maand (euro)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        localize=True,
        help_text=_("Bij toekenning, als de ouders bijdragen; leeg is geen ouderbijdrage."),
    )
    reason = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=FREE_TEXT_MAX,
        required=False,
        help_text=_("Verplicht bij een afwijzing. De motivering staat in de beschikking."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.fields["start_date"].initial is None and not self.initial.get("start_date"):
            self.fields["start_date"].initial = timezone.localdate()


class OverrideCapacityForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden om de capaciteit te overschrijden"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FREE_TEXT_MAX,
        required=False,
        help_text=_(
            "De reden wordt vastgelegd bij de aanmelding; het toegangslog verwijst ernaar."
        ),
    )
