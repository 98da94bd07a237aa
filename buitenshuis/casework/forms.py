# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms of the casework. They validate input; the rules
(``casework.rules``) decide and store."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.casework import rules


class HandoverForm(forms.Form):
    """A colleague linking pin stands in from the first to the last day."""

    to_user = forms.ModelChoiceField(
        label=_("Waarnemer"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Kies een linking pin"),
        error_messages={"required": _("Kies wie waarneemt.")},
    )
    first_day = forms.DateField(
        label=_("Eerste dag"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    last_day = forms.DateField(
        label=_("Laatste dag"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )
    reason = forms.CharField(label=_("Reden"), max_length=200, required=False)

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        self.fields["to_user"].queryset = rules.stand_in_candidates(enrolment)
        self.fields["first_day"].initial = timezone.localdate()

    def save(self, user):
        """Arrange the handover (``rules.arrange_handover``); a broken rule
        raises ``RuleError`` naming the field it is about."""
        data = self.cleaned_data
        return rules.arrange_handover(
            user,
            self.enrolment,
            data["to_user"],
            data["first_day"],
            data["last_day"],
            reason=data["reason"],
        )
