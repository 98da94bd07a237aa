# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms of the programme's set-up: a checklist task, a partner, a
meeting. They validate input; whether the change may happen is the rule's
(``programmes.rules``), called by the view through ``core.forms.apply_rule``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buitenshuis.core.forms import DateInput
from buitenshuis.core.validators import normalise_phone, validate_phone
from buitenshuis.organisations.models import Organisation
from buitenshuis.programmes import queries
from buitenshuis.programmes.models import (
    Phase,
    ProgrammeMeeting,
    ProgrammePartner,
    SetupTask,
)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _owner_field(programme):
    return PersonChoiceField(
        label=_("Eigenaar"),
        queryset=queries.members(programme, "change"),
        required=False,
        empty_label=_("Nog niemand"),
        help_text=_("Wie van het programma zorgt dat deze taak gebeurt."),
    )


class TaskForm(forms.ModelForm):
    """Owner, date, done and notes of a task (``rules.update_task``)."""

    class Meta:
        model = SetupTask
        fields = ["owner", "due_date", "done", "notes"]
        widgets = {"due_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 4})}
        labels = {"due_date": _("Uiterlijk"), "done": _("Gedaan"), "notes": _("Notities")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(self.instance.programme)


class TaskCreateForm(forms.ModelForm):
    """A task of the coordinator's own (``rules.add_task``)."""

    class Meta:
        model = SetupTask
        fields = ["phase", "title", "explanation", "owner", "due_date"]
        widgets = {
            "phase": forms.RadioSelect,
            "due_date": DateInput(),
            "explanation": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"title": _("Taak"), "explanation": _("Toelichting"), "due_date": _("Uiterlijk")}
        error_messages = {"title": {"required": _("Geef de taak een titel.")}}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = Phase.choices
        self.fields["owner"] = _owner_field(programme)


class PartnerForm(forms.ModelForm):
    """A partner (``rules.add_partner`` / ``update_partner``)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        error_messages={"required": _("Kies de organisatie.")},
        help_text=_("Staat de organisatie er niet bij? De functioneel beheerder voegt haar toe."),
    )

    class Meta:
        model = ProgrammePartner
        fields = [
            "organisation",
            "role",
            "contact_name",
            "contact_email",
            "contact_phone",
            "declaration_signed_on",
            "notes",
        ]
        widgets = {
            "role": forms.RadioSelect,
            "declaration_signed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "role": _("Rol"),
            "contact_name": _("Contactpersoon"),
            "contact_email": _("E-mailadres"),
            "contact_phone": _("Telefoonnummer"),
            "declaration_signed_on": _("Intentieverklaring getekend op"),
            "notes": _("Notities"),
        }
        help_texts = {
            "declaration_signed_on": _("Leeg laten zolang de verklaring niet getekend is."),
        }
        error_messages = {"role": {"required": _("Kies de rol van de partner.")}}

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"].strip()
        validate_phone(value)
        return normalise_phone(value) if value else ""

    def clean_contact_name(self):
        return self.cleaned_data["contact_name"].strip()


class MeetingForm(forms.ModelForm):
    """A meeting (``rules.save_meeting``)."""

    class Meta:
        model = ProgrammeMeeting
        fields = [
            "kind",
            "starts_at",
            "place",
            "organiser",
            "attendees",
            "other_attendees",
            "notes",
            "decisions",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "starts_at": DateTimeInput(),
            "other_attendees": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "kind": _("Soort overleg"),
            "starts_at": _("Datum en tijd"),
            "place": _("Plaats"),
            "other_attendees": _("Andere deelnemers"),
            "notes": _("Agenda en verslag"),
            "decisions": _("Besluiten"),
        }
        error_messages = {
            "kind": {"required": _("Kies de soort overleg.")},
            "starts_at": {
                "required": _("Vul de datum en tijd van het overleg in."),
                "invalid": _("Vul een datum en tijd in, bijvoorbeeld 2026-12-01 14:00."),
            },
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        people = queries.members(programme, "view")
        self.fields["organiser"] = PersonChoiceField(
            label=_("Organisator"),
            queryset=people,
            required=False,
            empty_label=_("Nog niemand"),
            help_text=_("Ziet het overleg twee weken vooraf in 'Wat op u wacht'."),
        )
        self.fields["attendees"] = PeopleChoiceField(
            label=_("Deelnemers uit het programma"),
            queryset=people,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
