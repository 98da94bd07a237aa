# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The form of a programme's settings (``ProgrammeSettings``)."""

from decimal import Decimal

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from buitenshuis.casework.rules import reviews
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import OrganisationType
from buitenshuis.programmes.models import CapacityKind, ProgrammeSettings, TargetGroup


class CriteriaField(forms.CharField):
    """The inclusion criteria: one per line in a textarea, a list in the model."""

    widget = forms.Textarea(attrs={"rows": 7})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        criteria = []
        for line in text.splitlines():
            line = line.strip().lstrip("-*•").strip()
            if line and line not in criteria:
                criteria.append(line)
        return criteria


class ProgrammeSettingsForm(forms.ModelForm):
    target_groups = forms.MultipleChoiceField(
        label=_("Doelgroep"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies ten minste één doelgroep.")},
    )
    inclusion_criteria = CriteriaField(
        label=_("Inclusiecriteria"),
        help_text=_(
            "Eén criterium per regel. De linking pin vinkt bij de intake aan aan welke "
            "criteria het gezin voldoet."
        ),
        error_messages={"required": _("Geef ten minste één inclusiecriterium, één per regel.")},
    )
    referrer_types = forms.MultipleChoiceField(
        label=_("Organisaties die mogen aanmelden"),
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # The programme's ReviewSchedule (casework), edited with the settings.
    review_months = forms.CharField(
        label=_("Evaluatiemomenten (maanden na de start van het traject)"),
        max_length=200,
        help_text=_(
            "Hele maanden, oplopend, gescheiden door komma's: 0 is bij de intake. De "
            "handreiking: 0, 6, 12, 18, 22. Een gewijzigd schema geldt voor alle lopende "
            "trajecten; gehouden evaluaties blijven staan."
        ),
        error_messages={"required": _("Geef ten minste één evaluatiemoment, bijvoorbeeld 0.")},
    )

    class Meta:
        model = ProgrammeSettings
        fields = [
            "target_groups",
            "inclusion_criteria",
            "referrer_types",
            "linking_pin_may_refer",
            "decider",
            "allow_self_decision",
            "capacity_kind",
            "max_families",
            "budget_ceiling",
            "cost_per_family",
            "enrolment_months",
            "funding_route",
            "municipality_reference",
            "retention_days",
            "start_before_decision",
            "contribution_policy",
            "norm_assign_hours",
            "norm_intake_days",
            "norm_decision_days",
            "norm_start_hours",
        ]
        widgets = {
            "contribution_policy": forms.Textarea(attrs={"rows": 3}),
            "decider": forms.RadioSelect,
            "capacity_kind": forms.RadioSelect,
            "funding_route": forms.RadioSelect,
        }
        error_messages = {
            "enrolment_months": {
                "min_value": _(
                    "Een traject duurt ten minste 1 maand; de handreiking gaat uit van 24 maanden."
                ),
                "required": _("Vul de standaardduur van een traject in (in maanden)."),
            },
            "max_families": {"required": _("Vul het maximum aantal gezinnen in.")},
            "budget_ceiling": {
                "required": _("Vul het budgetplafond in (0 als u dat niet gebruikt).")
            },
            "cost_per_family": {
                "required": _("Vul de geraamde kosten per gezin in."),
                "min_value": _("De kosten per gezin kunnen niet negatief zijn."),
            },
            "retention_days": {
                "required": _("Vul de bewaartermijn in (in dagen)."),
                "min_value": _("De bewaartermijn kan niet negatief zijn."),
            },
            **{
                field: {
                    "required": _("Vul de norm in."),
                    "min_value": _("Een norm is ten minste 1."),
                }
                for field in (
                    "norm_assign_hours",
                    "norm_intake_days",
                    "norm_decision_days",
                    "norm_start_hours",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.programme_id:
            months = reviews.schedule_months(self.instance.programme)
            self.fields["review_months"].initial = ", ".join(str(month) for month in months)

    def clean_review_months(self):
        try:
            return reviews.parse_months(self.cleaned_data["review_months"])
        except RuleError as error:
            raise forms.ValidationError(str(error)) from None

    def save(self, commit=True):
        """The settings and the review schedule, together."""
        with transaction.atomic():
            settings = super().save(commit=commit)
            if commit:
                reviews.set_review_schedule(
                    settings.programme,
                    self.cleaned_data["review_months"],
                    settings.enrolment_months,
                )
        return settings

    def clean_target_groups(self):
        return list(self.cleaned_data["target_groups"])

    def clean_referrer_types(self):
        return list(self.cleaned_data["referrer_types"])

    def clean_municipality_reference(self):
        return self.cleaned_data["municipality_reference"].strip()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("capacity_kind")
        max_families = cleaned.get("max_families")
        ceiling = cleaned.get("budget_ceiling")
        cost = cleaned.get("cost_per_family")
        if kind == CapacityKind.FAMILIES and max_families is not None and max_families < 1:
            self.add_error(
                "max_families",
                _("Vul bij een maximum aantal gezinnen een aantal van ten minste 1 in."),
            )
        if kind == CapacityKind.BUDGET:
            if ceiling is not None and ceiling <= 0:
                self.add_error(
                    "budget_ceiling",
                    _("Vul een budgetplafond in: de capaciteit is nu een budgetplafond."),
                )
            elif cost is not None and cost <= 0:
                self.add_error(
                    "cost_per_family",
                    _(
                        "Vul de geraamde kosten per gezin in: daarmee wordt bij een "
                        "budgetplafond de capaciteit berekend."
                    ),
                )
            elif ceiling is not None and cost is not None and ceiling < Decimal(cost):
                self.add_error(
                    "budget_ceiling",
                    _(
                        "Het budgetplafond is lager dan de kosten van één gezin; zo kan geen "
                        "enkel gezin worden toegekend."
                    ),
                )
        months = cleaned.get("review_months")
        enrolment_months = cleaned.get("enrolment_months")
        if months is not None and enrolment_months is not None:
            problem = reviews.months_problem(months, enrolment_months)
            if problem:
                self.add_error("review_months", problem)
        if (
            "referrer_types" in cleaned
            and not cleaned["referrer_types"]
            and not cleaned.get("linking_pin_may_refer")
        ):
            self.add_error(
                "referrer_types",
                _(
                    "Kies ten minste één soort organisatie die mag aanmelden, of sta toe dat de "
                    "linking pin zelf aanmeldt. Anders kan niemand een gezin aanmelden."
                ),
            )
        return cleaned
