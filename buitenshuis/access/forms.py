# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The privacy officer's search forms. A valid form knows its subject (the
family or the user) and the entries it selects."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.audit import log
from buitenshuis.audit.models import AccessLogEntry

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Van"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2026.")},
    )
    end = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 31-12-2026.")},
    )

    # Whether both dates must be filled in.
    period_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.period_required:
            for name in ("start", "end"):
                self.fields[name].required = True
            self.fields["start"].error_messages["required"] = _("Vul de begindatum in.")
            self.fields["end"].error_messages["required"] = _("Vul de einddatum in.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        return cleaned

    def period(self):
        return log.period(self.cleaned_data.get("start"), self.cleaned_data.get("end"))


class FamilySearchForm(PeriodForm):
    """Who saw or changed this family."""

    reference = forms.CharField(
        label=_("Kenmerk van het gezin"),
        max_length=20,
        help_text=_("Bijvoorbeeld BH-2026-0001."),
        error_messages={"required": _("Vul het kenmerk van het gezin in.")},
    )

    field_order = ["reference", "start", "end"]

    def clean_reference(self):
        found = log.find_family(self.cleaned_data["reference"])
        if found is None:
            raise forms.ValidationError(_("Er is geen gezin met dit kenmerk."))
        self.family_id, reference = found
        return reference

    def subject(self):
        return log.family_model()(pk=self.family_id, reference=self.cleaned_data["reference"])

    def entries(self):
        return AccessLogEntry.objects.about_family(self.family_id).between(*self.period())


class UserSearchForm(PeriodForm):
    """Everything one user did in a period."""

    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        error_messages={"required": _("Vul de gebruikersnaam in.")},
    )

    field_order = ["username", "start", "end"]
    period_required = True

    @classmethod
    def initial_period(cls):
        today = timezone.localdate()
        return {"start": today - datetime.timedelta(days=30), "end": today}

    def clean_username(self):
        user = log.find_user(self.cleaned_data["username"])
        if user is None:
            raise forms.ValidationError(_("Er is geen gebruiker met deze gebruikersnaam."))
        self.user = user
        return user.get_username()

    def subject(self):
        return self.user if self.user.pk is not None else None

    def entries(self):
        return AccessLogEntry.objects.by_user(self.user).between(*self.period())
