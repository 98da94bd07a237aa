# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms of network meetings and agreements. They validate input; the
rules (``casework.rules.meetings``) decide and store.

A meeting's participants and agreements are formsets with empty rows to
fill in (no JavaScript needed to add one): a row left empty is skipped."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.casework.models import PartnerKind
from buitenshuis.core.forms import DateInput
from buitenshuis.core.validators import FREE_TEXT_MAX

# Empty rows offered on the meeting's page.
PARTICIPANT_ROWS = 6
AGREEMENT_ROWS = 4

DATE_ERRORS = {"invalid": _("Vul een geldige datum in.")}
PARTNER_CHOICES = [("", _("Kies…")), *PartnerKind.choices]


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Datum van het overleg"),
        widget=DateInput(),
        error_messages={**DATE_ERRORS, "required": _("Vul de datum van het overleg in.")},
    )
    minutes = forms.IntegerField(
        label=_("Duur in minuten"),
        min_value=1,
        error_messages={
            "required": _("Vul in hoeveel minuten het overleg duurde."),
            "invalid": _("Vul een heel aantal minuten in."),
            "min_value": _("Vul in hoeveel minuten het overleg duurde."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    minutes_text = forms.CharField(
        label=_("Verslag"),
        help_text=_("Alleen voor u als linking pin; de coördinator ziet het verslag niet."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=FREE_TEXT_MAX,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class ParticipantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Namens"), choices=PARTNER_CHOICES, required=False)
    name = forms.CharField(label=_("Naam of functie"), max_length=160, required=False)
    organisation = forms.CharField(label=_("Organisatie"), max_length=160, required=False)

    def clean(self):
        data = super().clean()
        if (data.get("name") or data.get("organisation")) and not data.get("kind"):
            self.add_error("kind", _("Kies namens wie deze deelnemer er was."))
        return data


class AgreementFields(forms.Form):
    """What, who (a partner and a name), by when."""

    what = forms.CharField(label=_("Afspraak"), max_length=300, required=False)
    holder_kind = forms.ChoiceField(label=_("Wie"), choices=PARTNER_CHOICES, required=False)
    holder_name = forms.CharField(label=_("Naam"), max_length=160, required=False)
    due_date = forms.DateField(
        label=_("Uiterlijk"), widget=DateInput(), required=False, error_messages=DATE_ERRORS
    )

    def clean(self):
        data = super().clean()
        filled = data.get("holder_kind") or data.get("holder_name") or data.get("due_date")
        if (filled or self.require_all) and not data.get("what"):
            self.add_error("what", _("Vul in wat er is afgesproken."))
        if (data.get("what") or self.require_all) and not data.get("holder_kind"):
            self.add_error("holder_kind", _("Kies wie de afspraak uitvoert."))
        return data

    require_all = False


class AgreementForm(AgreementFields):
    """An agreement made outside a meeting: every field but the name and
    the date required."""

    require_all = True


class BaseRowFormSet(forms.BaseFormSet):
    def rows(self):
        """The filled-in rows' cleaned data (empty rows skipped)."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and any(form.cleaned_data.values())
        ]


ParticipantFormSet = forms.formset_factory(
    ParticipantForm, formset=BaseRowFormSet, extra=PARTICIPANT_ROWS, max_num=40
)
AgreementFormSet = forms.formset_factory(
    AgreementFields, formset=BaseRowFormSet, extra=AGREEMENT_ROWS, max_num=40
)
