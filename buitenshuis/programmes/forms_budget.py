# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The budget's form: the year's posts and, for a regional programme, each
municipality's share. It validates input and hands it to
``programmes.budget.save_budget``, which decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buitenshuis.core.forms import apply_rule
from buitenshuis.programmes import budget
from buitenshuis.programmes.models import Budget

MONEY_ERRORS = {
    "invalid": _("Vul een bedrag in euro's in, bijvoorbeeld 12500,00."),
    "min_value": _("Een bedrag kan niet negatief zijn."),
    "max_digits": _("Dit bedrag is te groot."),
    "max_decimal_places": _("Gebruik hoogstens twee cijfers achter de komma."),
}


def localized_number():
    widget = forms.TextInput(attrs={"inputmode": "decimal"})
    widget.is_localized = True
    return widget


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = [
            "model",
            "families",
            "activity_amount",
            "linking_pin_amount",
            "training_amount",
            "hourly_rate",
            "planned_hours_per_month",
            "note",
        ]
        widgets = {"model": forms.RadioSelect}

    def __init__(self, *args, programme, year, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme, self.year, self.user = programme, year, user
        # Amounts as a Dutch user types them ("12500,00"): a text box, not
        # type="number", which would refuse the comma and show a stored
        # (localized) amount as an empty box.
        for name in budget.POSTS + ("hourly_rate", "planned_hours_per_month"):
            self.fields[name].localize = True
            self.fields[name].widget = localized_number()
            if name != "planned_hours_per_month":
                self.fields[name].error_messages.update(MONEY_ERRORS)
        # A regional programme: a share per municipality (empty: not split).
        self.municipalities = list(programme.municipalities.order_by("name"))
        if len(self.municipalities) < 2:
            self.municipalities = []
        known = (
            {share.municipality_id: share for share in self.instance.shares.all()}
            if (self.instance.pk)
            else {}
        )
        for municipality in self.municipalities:
            share = known.get(municipality.pk)
            self.fields[f"share_{municipality.pk}_amount"] = forms.DecimalField(
                label=_("Aandeel %(municipality)s (euro)") % {"municipality": municipality.name},
                max_digits=12,
                decimal_places=2,
                min_value=0,
                required=False,
                localize=True,
                initial=share.amount if share else None,
                error_messages=MONEY_ERRORS,
            )
            self.fields[f"share_{municipality.pk}_families"] = forms.IntegerField(
                label=_("Gezinnen %(municipality)s") % {"municipality": municipality.name},
                min_value=0,
                required=False,
                initial=share.families if share else None,
                help_text=_("Alleen bij een vast aantal gezinnen."),
            )

    def share_fields(self):
        return [
            (self[f"share_{m.pk}_amount"], self[f"share_{m.pk}_families"])
            for m in self.municipalities
        ]

    def save(self, commit=True):
        values = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        values["note"] = values["note"] or ""
        shares = {
            m.pk: (
                self.cleaned_data.get(f"share_{m.pk}_amount"),
                self.cleaned_data.get(f"share_{m.pk}_families"),
            )
            for m in self.municipalities
        }
        return apply_rule(
            self, budget.save_budget, self.user, self.programme, self.year, values, shares
        )
