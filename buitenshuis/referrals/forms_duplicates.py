# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The coordinator's judgement of a possible duplicate: link (the same
child) or dismiss, with an optional note. The rule is
``referrals.rules.resolve_possible_duplicate``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buitenshuis.referrals.models import PossibleDuplicate

NOTE_MAX_LENGTH = 1000


class PossibleDuplicateForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Uw oordeel"),
        choices=[
            (PossibleDuplicate.Status.LINKED, _("Koppelen: het is hetzelfde kind")),
            (PossibleDuplicate.Status.DISMISSED, _("Afwijzen: het is een ander kind")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_(
            "Niet verplicht, ten hoogste %(max)d tekens. Bijvoorbeeld hoe u het heeft "
            "nagegaan. Beide gegevens blijven bestaan; er wordt niets samengevoegd."
        )
        % {"max": NOTE_MAX_LENGTH},
    )
    # Set by the confirmation step (the second submit).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_note(self):
        return (self.cleaned_data.get("note") or "").strip()
