# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The form of a contact with the family. It validates input; the rule
(``casework.rules.contacts.record_contact``) decides and stores."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.casework.models import Contact
from buitenshuis.casework.rules import contacts
from buitenshuis.core.forms import DateInput, apply_rule
from buitenshuis.core.validators import FREE_TEXT_MAX


class ContactForm(forms.Form):
    """Date (today by default), minutes, kind, with whom, notes."""

    date = forms.DateField(
        label=_("Datum"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Minuten"),
        min_value=contacts.MIN_MINUTES,
        max_value=contacts.MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("De tijd die het contact kostte, met voorbereiding en reistijd."),
        error_messages={
            "required": _("Vul het aantal minuten in."),
            "invalid": _("Vul een heel aantal minuten in."),
            "min_value": _("Vul ten minste %(limit_value)s minuut in."),
            "max_value": _("Vul hoogstens %(limit_value)s minuten in."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Soort contact"),
        choices=Contact.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de soort contact.")},
    )
    with_whom = forms.CharField(
        label=_("Met wie"),
        max_length=Contact._meta.get_field("with_whom").max_length,
        required=False,
        help_text=_("Bijvoorbeeld: moeder, beide ouders, de mentor van school."),
    )
    notes = forms.CharField(
        label=_("Verslag"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=FREE_TEXT_MAX,
        required=False,
    )

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        self.fields["date"].initial = timezone.localdate()

    def save(self, user):
        """Record the contact (``contacts.record_contact``); a broken rule
        puts its message on the form and returns None."""
        data = self.cleaned_data
        return apply_rule(
            self,
            contacts.record_contact,
            user,
            self.enrolment,
            date=data["date"],
            minutes=data["minutes"],
            kind=data["kind"],
            with_whom=data["with_whom"],
            notes=data["notes"],
        )
