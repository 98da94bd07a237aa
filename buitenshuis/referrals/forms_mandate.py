# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The municipality's answer to a decision under a linking pin's mandate:
taking note, or objecting with a description (``rules.note_mandate_decision``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buitenshuis.core.validators import FREE_TEXT_MAX


class MandateTaskForm(forms.Form):
    NOTE, OBJECT = "note", "object"
    choice = forms.ChoiceField(
        label=_("Reactie van de gemeente"),
        choices=[
            (NOTE, _("Kennisgenomen, geen bezwaar")),
            (OBJECT, _("Kennisgenomen, met bezwaar")),
        ],
        widget=forms.RadioSelect,
        initial=NOTE,
    )
    objection = forms.CharField(
        label=_("Bezwaar"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FREE_TEXT_MAX,
        required=False,
        help_text=_(
            "Verplicht bij bezwaar. Het traject loopt door; de linking pin en de "
            "coördinator zien het bezwaar bij de aanmelding."
        ),
    )

    def objection_or_none(self):
        """The objection as ``rules.note_mandate_decision`` takes it: the
        text when objecting, else None."""
        if self.cleaned_data["choice"] != self.OBJECT:
            return None
        return self.cleaned_data.get("objection") or ""
