# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The form that issues a token of the aggregated feed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buitenshuis.core.forms import apply_rule
from buitenshuis.monitoring import rules_feed


class FeedTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=80,
        help_text=_("Waarvoor het token is, bijvoorbeeld: Power BI afdeling Sociaal Domein."),
    )
    programme = forms.ModelChoiceField(label=_("Programma"), queryset=None, empty_label=None)

    def __init__(self, *args, programmes, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["programme"].queryset = programmes

    def save(self):
        """Issue the token (``rules_feed.issue``): ``(feed_token, token)``,
        or None with the rule's message on the form."""
        return apply_rule(
            self,
            rules_feed.issue,
            self.user,
            self.cleaned_data["programme"],
            self.cleaned_data["name"],
        )
