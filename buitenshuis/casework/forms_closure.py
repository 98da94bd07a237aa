# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The forms of closing an enrolment and of handing a family to another
linking pin for good. They validate input; the rules
(``casework.rules.closure``, ``casework.rules.transfer``) decide and store."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.casework.models import Closure
from buitenshuis.casework.rules import closure as closure_rules
from buitenshuis.casework.rules import transfer as transfer_rules
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError
from buitenshuis.core.forms import DateInput, add_rule_error
from buitenshuis.core.validators import FREE_TEXT_MAX

STEPS = range(1, closure_rules.MAX_CONTRIBUTION_STEPS + 1)


def step_months(today=None):
    """The months a contribution step may start in, as (value, label)
    choices: from two months ago to two years ahead (the rule checks that
    a step starts after the closure)."""
    first = add_months((today or timezone.localdate()).replace(day=1), -2)
    months = [add_months(first, n) for n in range(27)]
    return [("", _("Kies een maand"))] + [
        (month.isoformat(), formats.date_format(month, "F Y")) for month in months
    ]


class ClosureForm(forms.Form):
    """The closure: date, reason, way on, the judgement on an out-of-home
    placement, an explanation and, for a continuation with a parental
    contribution, up to four steps of its schedule."""

    closed_on = forms.DateField(
        label=_("Datum van afsluiting"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum in."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=Closure.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de reden van de afsluiting.")},
        help_text=_("Vóór de laatste maand van het traject: de reden waarom het eerder stopt."),
    )
    way_on = forms.ChoiceField(
        label=_("Vervolg"),
        choices=Closure.WayOn.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies het vervolg.")},
        help_text=_(
            "Voortzetten wordt een nieuw traject, waarover de gemeente besluit zoals over een "
            "eerste aanmelding. Geen vervolg kan alleen bij een eerdere afsluiting."
        ),
    )
    referred_to = forms.CharField(
        label=_("Verwezen naar"),
        max_length=200,
        required=False,
        help_text=_("Bij verwijzen naar andere hulp: welke hulp of organisatie."),
    )
    out_of_home_prevented = forms.ChoiceField(
        label=_("Is een uithuisplaatsing voorkomen?"),
        choices=Closure.Prevented.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Geef aan of een uithuisplaatsing is voorkomen.")},
        help_text=_("Het oordeel van de betrokken professionals."),
    )
    explanation = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=FREE_TEXT_MAX,
        required=False,
    )

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        self.fields["closed_on"].initial = timezone.localdate()
        months = step_months()
        for n in STEPS:
            self.fields[f"step_{n}_month"] = forms.ChoiceField(
                label=_("Stap %(n)d: vanaf") % {"n": n},
                choices=months,
                required=False,
            )
            self.fields[f"step_{n}_amount"] = forms.DecimalField(
                label=_("Stap %(n)d: bedrag per maand (euro)") % {"n": n},
                required=False,
                min_value=0,
                max_digits=8,
                decimal_places=2,
                localize=True,
                error_messages={"invalid": _("Vul een bedrag in, bijvoorbeeld 25,00.")},
            )
        self.fields["step_1_month"].help_text = _(
            "Alleen bij voortzetten met een ouderbijdrage: de ouderbijdrage per maand vanaf "
            "de gekozen maand, in hoogstens vier stappen opgebouwd."
        )

    def clean(self):
        data = super().clean()
        steps = []
        for n in STEPS:
            month, amount = data.get(f"step_{n}_month"), data.get(f"step_{n}_amount")
            if f"step_{n}_amount" in self.errors:
                continue
            if month and amount is None:
                self.add_error(f"step_{n}_amount", _("Vul het bedrag per maand in."))
            elif amount is not None and not month:
                self.add_error(f"step_{n}_month", _("Kies de maand waarin deze stap begint."))
            elif month:
                steps.append((forms.DateField().to_python(month), amount))
        data["steps"] = steps
        return data

    def rule_kwargs(self):
        data = self.cleaned_data
        return {
            "closed_on": data["closed_on"],
            "reason": data["reason"],
            "way_on": data["way_on"],
            "referred_to": data["referred_to"],
            "steps": data["steps"],
        }

    def check(self):
        """Whether the rules allow this closure (nothing is stored); a
        refusal is shown at its field. For the confirmation step."""
        try:
            closure_rules.check_closure(self.enrolment, **self.rule_kwargs())
        except RuleError as error:
            self.show(error)
            return False
        return True

    def save(self, user):
        """Close the enrolment; None (with the rule's message on the form)
        when a rule refuses."""
        data = self.cleaned_data
        try:
            return closure_rules.close_enrolment(
                user,
                self.enrolment,
                out_of_home_prevented=data["out_of_home_prevented"],
                explanation=data["explanation"],
                **self.rule_kwargs(),
            )
        except RuleError as error:
            self.show(error)
            return None

    def show(self, error):
        if error.field == "steps":
            self.add_error("step_1_month", str(error))
        else:
            add_rule_error(self, error)

    def summary(self):
        """What the confirmation step shows: (label, value) pairs."""
        data = self.cleaned_data
        rows = [
            (self.fields["closed_on"].label, formats.date_format(data["closed_on"], "j F Y")),
            (self.fields["reason"].label, Closure.Reason(data["reason"]).label),
            (self.fields["way_on"].label, Closure.WayOn(data["way_on"]).label),
        ]
        if data["way_on"] == Closure.WayOn.REFER:
            rows.append((self.fields["referred_to"].label, data["referred_to"]))
        rows.append(
            (
                self.fields["out_of_home_prevented"].label,
                Closure.Prevented(data["out_of_home_prevented"]).label,
            )
        )
        return rows


class TransferForm(forms.Form):
    """Another linking pin of the programme takes the family over for good."""

    to_user = forms.ModelChoiceField(
        label=_("Nieuwe linking pin"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Kies een linking pin"),
        error_messages={"required": _("Kies wie het gezin overneemt.")},
    )
    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=transfer_rules.TransferReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de reden van de overdracht.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        max_length=80,
        required=False,
        help_text=_("Verplicht bij een andere reden. Geen gegevens over het gezin."),
    )

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        self.fields["to_user"].queryset = transfer_rules.transfer_candidates(enrolment)

    def save(self, user):
        """Transfer (``transfer_rules.transfer_enrolment``); returns the old
        linking pin, or None with the rule's message on the form."""
        data = self.cleaned_data
        try:
            return transfer_rules.transfer_enrolment(
                user, self.enrolment, data["to_user"], data["reason"], note=data["note"]
            )
        except RuleError as error:
            add_rule_error(self, error)
            return None
