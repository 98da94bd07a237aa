# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django import forms
from django.utils.translation import gettext_lazy as _

from buitenshuis.accounts.models import User


class PasswordForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
        error_messages={"required": _("Vul uw gebruikersnaam in.")},
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vul uw wachtwoord in.")},
    )


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code uit uw authenticator-app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("Vul de code van 6 cijfers in."),
            "invalid": _("De code bestaat uit 6 cijfers."),
        },
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip()


class SettingsForm(forms.ModelForm):
    """The signed-in user's own settings ("Mijn instellingen")."""

    class Meta:
        model = User
        fields = ["language", "email_notifications"]
        widgets = {"language": forms.RadioSelect}
