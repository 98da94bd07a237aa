# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The linking pin's form for what was done with a signal: a contact (one
of the family's, or a new one), a goal of the family, or nothing needed.
It validates input; ``activities.rules.follow_up_signal`` decides and
stores."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.activities import rules
from buitenshuis.activities.models import Signal
from buitenshuis.casework.models import Contact, Goal
from buitenshuis.casework.rules import contacts as contact_rules
from buitenshuis.core.forms import DateInput

DATE_ERRORS = {"invalid": _("Vul een geldige datum in.")}


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, contact):
        return f"{contact.date:%d-%m-%Y}: {contact.get_kind_display()} ({contact.minutes} min.)"


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, goal):
        return f"{goal.get_domain_display()}: {goal.description}"


class SignalFollowUpForm(forms.Form):
    follow_up = forms.ChoiceField(
        label=_("Wat is er met het signaal gedaan?"),
        choices=Signal.FollowUp.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat er met het signaal is gedaan.")},
    )
    contact = ContactChoiceField(
        label=_("Contactmoment"),
        queryset=Contact.objects.none(),
        required=False,
        empty_label=_("Een nieuw contactmoment (hieronder)"),
        help_text=_("Bij “Contact met het gezin”: kies er een, of vul hieronder een nieuw in."),
    )
    contact_date = forms.DateField(
        label=_("Datum van het nieuwe contactmoment"),
        widget=DateInput(),
        required=False,
        error_messages=DATE_ERRORS,
    )
    contact_minutes = forms.IntegerField(
        label=_("Duur in minuten"),
        required=False,
        min_value=1,
        max_value=contact_rules.MAX_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Vul een heel aantal minuten in.")},
    )
    contact_kind = forms.ChoiceField(
        label=_("Soort contact"),
        choices=[("", _("Kies…")), *Contact.Kind.choices],
        required=False,
    )
    goal = GoalChoiceField(
        label=_("Doel"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("Kies een doel"),
        help_text=_("Bij “Een doel”: het doel van het gezin waaraan het signaal is gekoppeld."),
    )

    def __init__(self, *args, contacts, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].choices = Signal.FollowUp.choices
        self.fields["contact"].queryset = contacts
        self.fields["goal"].queryset = goals
        self.fields["contact_date"].initial = timezone.localdate()

    def new_contact(self):
        """The new contact's fields, when a contact was chosen as follow-up
        and no existing one was picked; else None."""
        data = self.cleaned_data
        if data.get("follow_up") != Signal.FollowUp.CONTACT or data.get("contact") is not None:
            return None
        return {
            "date": data.get("contact_date"),
            "minutes": data.get("contact_minutes"),
            "kind": data.get("contact_kind"),
        }

    def save(self, user, signal):
        """Record the follow-up (``rules.follow_up_signal``); a broken rule
        raises ``RuleError`` naming the field it is about."""
        data = self.cleaned_data
        follow_up = data["follow_up"]
        return rules.follow_up_signal(
            user,
            signal,
            follow_up,
            contact=data.get("contact") if follow_up == Signal.FollowUp.CONTACT else None,
            goal=data.get("goal") if follow_up == Signal.FollowUp.GOAL else None,
            new_contact=self.new_contact(),
        )
