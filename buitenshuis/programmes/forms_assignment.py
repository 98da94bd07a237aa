# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The form of an assignment rule and of the preview ("Deze postcode gaat
naar ..."). The form hands its data to ``programmes.assignment.save_rule``;
a refusal is shown at the field it names (``core.forms``)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from buitenshuis.core.errors import RuleError
from buitenshuis.core.forms import apply_rule
from buitenshuis.programmes import assignment
from buitenshuis.programmes.routes import Route


class LinkingPinField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class AssignmentRuleForm(forms.Form):
    linking_pin = LinkingPinField(
        label=_("Linking pin"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Kies een linking pin"),
        help_text=_(
            "Een linking pin die de training nog niet heeft afgerond, krijgt geen gezinnen "
            "via de regels; de coördinator wijst dan zelf toe."
        ),
    )
    postcode_ranges = forms.CharField(
        label=_("Postcodegebieden"),
        required=False,
        max_length=1000,
        help_text=_(
            "De vier cijfers van de postcode, van laag naar hoog, gescheiden door komma's: "
            "bijvoorbeeld 3500-3599, 3620-3629 of 3511. Leeg: alle postcodes."
        ),
    )
    routes = forms.MultipleChoiceField(
        label=_("Routes"),
        choices=Route.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Geen route gekozen: alle routes."),
    )
    max_caseload = forms.IntegerField(
        label=_("Maximaal aantal lopende gezinnen"),
        required=False,
        min_value=1,
        help_text=_(
            "Heeft de linking pin zoveel lopende gezinnen of meer, dan slaat de regel hem of "
            "haar over. Leeg: geen maximum."
        ),
    )
    order = forms.IntegerField(
        label=_("Volgorde"),
        min_value=0,
        initial=10,
        help_text=_(
            "Regels met een lager nummer gaan voor. Passen er meer regels met hetzelfde nummer, "
            "dan krijgt de linking pin met de minste lopende gezinnen het gezin."
        ),
    )
    is_active = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    def __init__(self, *args, rule, **kwargs):
        if rule.pk and "initial" not in kwargs:
            kwargs["initial"] = {
                "linking_pin": rule.linking_pin_id,
                "postcode_ranges": assignment.format_postcode_ranges(rule.postcode_ranges),
                "routes": list(rule.routes),
                "max_caseload": rule.max_caseload,
                "order": rule.order,
                "is_active": rule.is_active,
            }
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.fields["linking_pin"].queryset = assignment.programme_linking_pins(rule.programme)

    def clean_postcode_ranges(self):
        text = self.cleaned_data["postcode_ranges"]
        try:
            assignment.parse_postcode_ranges(text)
        except RuleError as error:
            raise forms.ValidationError(str(error)) from None
        return text

    def save(self, user):
        """Store the rule (``assignment.save_rule``); returns it, or None
        with the refusal shown at its field."""
        data = self.cleaned_data
        return apply_rule(
            self,
            assignment.save_rule,
            user,
            self.rule,
            linking_pin=data["linking_pin"],
            postcode_ranges=data["postcode_ranges"],
            routes=data["routes"],
            max_caseload=data["max_caseload"],
            order=data["order"],
            is_active=data["is_active"],
        )


class PreviewForm(forms.Form):
    """Try the rules: which linking pin would a referral from this postcode
    by this route go to now?"""

    postcode = forms.CharField(
        label=_("Postcode"), max_length=7, help_text=_("Bijvoorbeeld 3511 AB of 3511.")
    )
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices)

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"]
        if assignment.postcode_number(postcode) is None:
            raise forms.ValidationError(
                _("Vul een postcode in die met vier cijfers begint, bijvoorbeeld 3511 AB.")
            )
        return postcode
