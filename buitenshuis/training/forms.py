# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms of the training screens: planning a session, its attendance, and a
completed e-learning module. Forms validate input; what counts as trained
lives in ``training.rules``."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.organisations.models import Role
from buitenshuis.training import rules
from buitenshuis.training.models import TrainingRecord, TrainingSession


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def person_name(user):
    return user.get_full_name() or user.get_username()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_name(obj)


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["module", "date", "place", "trainer", "cost"]
        widgets = {"date": DateInput()}
        help_texts = {
            "module": _(
                "De trainingsdag en de terugkombijeenkomst zijn voor linking pins, de "
                "bijeenkomst voor opvangmedewerkers (ook sporttrainers)."
            ),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["module"].choices = [
            (module.value, module.label) for module in rules.SESSION_MODULES
        ]
        self.fields["place"].required = True
        # The cost may be left empty (nothing charged): the budget counts 0.
        cost = self.fields["cost"]
        cost.required = False
        cost.localize = True
        cost.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        cost.error_messages.update(
            {
                "invalid": _("Vul een bedrag in euro's in, bijvoorbeeld 1250,00."),
                "min_value": _("Een bedrag kan niet negatief zijn."),
                "max_decimal_places": _("Gebruik hoogstens twee cijfers achter de komma."),
            }
        )

    def clean_cost(self):
        return self.cleaned_data.get("cost") or Decimal("0")

    def save(self, commit=True):
        self.instance.programme = self.programme
        return super().save(commit)


class AttendanceForm(forms.Form):
    """Who attended: the programme's linking pins or location staff,
    depending on the module. Ticking someone records the module as completed
    on the session's date; unticking removes that record again."""

    present = forms.MultipleChoiceField(
        label=_("Aanwezig"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, session, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.user = user
        role = rules.audience(session.module)
        people = list(rules.programme_members(session.programme, role))
        records = {
            r.user_id: r
            for r in TrainingRecord.objects.filter(
                module=session.module, user__in=[p.pk for p in people]
            )
        }
        # Someone who completed this module elsewhere (another session, or
        # recorded earlier) keeps that record; they are listed, not ticked.
        self.elsewhere = [
            (p, records[p.pk])
            for p in people
            if p.pk in records and records[p.pk].session_id != session.pk
        ]
        self.candidates = [
            p for p in people if p.pk not in records or records[p.pk].session_id == session.pk
        ]
        field = self.fields["present"]
        field.choices = [(str(p.pk), person_name(p)) for p in self.candidates]
        field.initial = [str(p.pk) for p in self.candidates if p.pk in records]
        if role == Role.LINKING_PIN:
            field.help_text = _("De linking pins van het programma.")
        else:
            field.help_text = _("De opvangmedewerkers van het programma, ook sporttrainers.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("present") and self.session.date > timezone.localdate():
            raise forms.ValidationError(
                _("Aanwezigheid legt u vast op of na de dag van de bijeenkomst.")
            )
        return cleaned

    @transaction.atomic
    def save(self):
        """Returns (added, removed): the numbers of people."""
        chosen = {int(pk) for pk in self.cleaned_data["present"]}
        candidate_ids = {p.pk for p in self.candidates}
        current = set(
            TrainingRecord.objects.filter(
                session=self.session, user_id__in=candidate_ids
            ).values_list("user_id", flat=True)
        )
        removed = current - chosen
        TrainingRecord.objects.filter(session=self.session, user_id__in=removed).delete()
        added = (chosen & candidate_ids) - current
        for user_id in added:
            TrainingRecord.objects.create(
                user_id=user_id,
                module=self.session.module,
                completed_on=self.session.date,
                session=self.session,
                recorded_by=self.user,
            )
        return len(added), len(removed)


class RecordForm(forms.Form):
    """A completed e-learning module (no session)."""

    person = PersonChoiceField(
        label=_("Deelnemer"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Kies een deelnemer"),
        help_text=_("Linking pins en opvangmedewerkers van het programma."),
    )
    module = forms.ChoiceField(
        label=_("Onderdeel"),
        choices=[(module.value, module.label) for module in rules.ELEARNING_MODULES],
        widget=forms.RadioSelect,
    )
    completed_on = forms.DateField(label=_("Afgerond op"), widget=DateInput())

    def __init__(self, *args, programme, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.user = user
        ids = set()
        for role in rules.REQUIRED:
            ids |= set(rules.programme_members(programme, role).values_list("pk", flat=True))
        self.fields["person"].queryset = (
            get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name")
        )
        self.fields["completed_on"].initial = timezone.localdate()

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("De datum kan niet in de toekomst liggen."))
        return day

    def clean(self):
        cleaned = super().clean()
        person, module = cleaned.get("person"), cleaned.get("module")
        if person is None or not module:
            return cleaned
        role = rules.audience(module)
        if not rules.programme_members(self.programme, role).filter(pk=person.pk).exists():
            self.add_error(
                "module",
                _("%(name)s is geen %(role)s in dit programma; dit onderdeel is niet voor hen.")
                % {"name": person_name(person), "role": Role(role).label.lower()},
            )
        elif TrainingRecord.objects.filter(user=person, module=module).exists():
            self.add_error(
                "module",
                _("Voor %(name)s is dit onderdeel al vastgelegd.") % {"name": person_name(person)},
            )
        return cleaned

    def save(self):
        return TrainingRecord.objects.create(
            user=self.cleaned_data["person"],
            module=self.cleaned_data["module"],
            completed_on=self.cleaned_data["completed_on"],
            recorded_by=self.user,
        )
