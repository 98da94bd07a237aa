# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The first day of the activity, recorded by the family's linking pin
after an acceptance (``rules.record_first_day`` decides whether the day
may be recorded)."""

from django import forms
from django.utils.translation import gettext_lazy

from buitenshuis.core.forms import DateInput


class ActivityStartForm(forms.Form):
    first_activity_date = forms.DateField(
        label=gettext_lazy("Eerste dag van de activiteit"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Vul de eerste dag van de activiteit in."),
            "invalid": gettext_lazy("Vul een geldige datum in, bijvoorbeeld 24-11-2026."),
        },
    )
