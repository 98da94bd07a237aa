# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The location staff's form: a signal about a child placed at their own
location, for the linking pin ("The location staff's view")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buitenshuis.activities.models import Signal


class SignalForm(forms.ModelForm):
    class Meta:
        model = Signal
        fields = ["kind", "text"]
        labels = {"kind": _("Soort signaal"), "text": _("Toelichting")}
        help_texts = {
            "text": _(
                "Wat wilt u de linking pin laten weten? Schrijf wat u zag of hoorde, zonder "
                "oordeel. De linking pin van het gezin leest dit; andere medewerkers van uw "
                "locatie niet."
            ),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "kind": {"required": _("Kies de soort signaal.")},
            "text": {"required": _("Schrijf wat u de linking pin wilt laten weten.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A RadioSelect on a model field with choices adds an empty choice.
        self.fields["kind"].choices = Signal.Kind.choices

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Schrijf wat u de linking pin wilt laten weten."))
        return text
