# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Forms for locations and their contracts ("Locations and
contracts"). The model's ``clean()`` holds the location rules (LRK number
for childcare, ages); ``ModelForm`` runs ``full_clean`` so they show as
Dutch messages at their field. The contract rules that span rows (no two
contracts for one location and programme at the same time) live here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buitenshuis.activities.models import LEGAL_MAX_HOURLY_RATE, Contract
from buitenshuis.core.formats import euro, long_date
from buitenshuis.organisations.models import (
    ActivityType,
    Location,
    Organisation,
    Programme,
    postcode_validator,
)

REFERENCE_YEAR = max(LEGAL_MAX_HOURLY_RATE)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def legal_max_rate(activity_type, year=None):
    """The legal maximum hourly rate for ``activity_type`` in ``year`` (the
    latest known year when ``year`` has none), or None."""
    rates = LEGAL_MAX_HOURLY_RATE.get(year) or LEGAL_MAX_HOURLY_RATE[REFERENCE_YEAR]
    return rates.get(activity_type)


def reference_text(activity_type=None):
    """The legal maximum hourly rate(s) as a reference for the tariff."""
    if activity_type is not None:
        rate = legal_max_rate(activity_type)
        if rate is None:
            return ""
        return _(
            "Ter referentie: het wettelijk maximum uurtarief %(year)s voor %(type)s is "
            "%(rate)s. Dit is geen grens."
        ) % {"year": REFERENCE_YEAR, "type": ActivityType(activity_type).label, "rate": euro(rate)}
    rates = LEGAL_MAX_HOURLY_RATE[REFERENCE_YEAR]
    listed = ", ".join(
        f"{ActivityType(kind).label.lower()} {euro(rate)}" for kind, rate in rates.items()
    )
    return _(
        "Ter referentie: de wettelijke maximum uurtarieven %(year)s zijn %(rates)s. "
        "Dit is geen grens."
    ) % {"year": REFERENCE_YEAR, "rates": listed}


def tariff_warning(contract, activity_type):
    """A Dutch warning (not an error) when an hourly tariff is above the
    legal maximum hourly rate for the location's type, else None."""
    if contract.tariff is None or contract.tariff_unit != Contract.TariffUnit.HOUR:
        return None
    year = contract.valid_from.year if contract.valid_from else None
    rate = legal_max_rate(activity_type, year)
    if rate is None or contract.tariff <= rate:
        return None
    return _(
        "Het uurtarief van %(tariff)s ligt boven het wettelijk maximum uurtarief van "
        "%(rate)s voor %(type)s. Ouders met kinderopvangtoeslag betalen het verschil zelf; "
        "controleer of dit tarief klopt."
    ) % {
        "tariff": euro(contract.tariff),
        "rate": euro(rate),
        "type": ActivityType(activity_type).label,
    }


def overlapping_contracts(location, programme, valid_from, valid_to, exclude=None):
    """Contracts for ``location`` and ``programme`` that are valid at some
    day of the period (``valid_to`` None: open-ended)."""
    contracts = Contract.objects.filter(location=location, programme=programme)
    if exclude is not None and exclude.pk:
        contracts = contracts.exclude(pk=exclude.pk)
    if valid_to is not None:
        contracts = contracts.filter(valid_from__lte=valid_to)
    return contracts.exclude(valid_to__lt=valid_from)


def overlap_message(other):
    until = long_date(other.valid_to) if other.valid_to else _("onbepaalde tijd")
    return _(
        "Er is al een contract met deze locatie voor %(programme)s van %(start)s tot en met "
        "%(end)s. Contracten voor dezelfde locatie en hetzelfde programma mogen elkaar niet "
        "overlappen; laat het ene eindigen voordat het andere begint."
    ) % {"programme": other.programme, "start": long_date(other.valid_from), "end": until}


class LocationForm(forms.ModelForm):
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        required=False,
        help_text=_("Bijvoorbeeld 3511 AB."),
    )

    class Meta:
        model = Location
        fields = [
            "organisation",
            "name",
            "activity_type",
            "street",
            "house_number",
            "postcode",
            "city",
            "municipality",
            "lrk_number",
            "age_min",
            "age_max",
        ]
        error_messages = {
            "organisation": {"required": _("Kies de organisatie van deze locatie.")},
            "name": {"required": _("Vul de naam van de locatie in.")},
            "activity_type": {"required": _("Kies de soort activiteit.")},
            "age_min": {"required": _("Vul de laagste leeftijd in.")},
            "age_max": {"required": _("Vul de hoogste leeftijd in.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        for name in ("age_min", "age_max"):
            self.fields[name].error_messages["invalid"] = _("Vul een leeftijd in hele jaren in.")
            self.fields[name].error_messages["min_value"] = _(
                "Een leeftijd kan niet negatief zijn."
            )
        self.fields["age_min"].widget.attrs.update({"min": 0, "max": 17})
        self.fields["age_max"].widget.attrs.update({"min": 0, "max": 17})

    def clean_postcode(self):
        postcode = " ".join(self.cleaned_data["postcode"].upper().split())
        if not postcode:
            return ""
        if len(postcode) == 6 and " " not in postcode:
            postcode = f"{postcode[:4]} {postcode[4:]}"
        postcode_validator(postcode)
        return postcode

    def clean_lrk_number(self):
        return self.cleaned_data["lrk_number"].strip()


class ContractForm(forms.ModelForm):
    """A contract for places at ``location``. ``programmes``: the programmes
    the user may contract for (the policy decides; see the views).
    ``location`` may be None while the location is created in the same
    form; the view then sets it before saving."""

    class Meta:
        model = Contract
        fields = [
            "programme",
            "places",
            "tariff",
            "tariff_unit",
            "invoicing",
            "valid_from",
            "valid_to",
        ]
        localized_fields = ["tariff"]  # "10,50" as people type it
        widgets = {
            "tariff_unit": forms.RadioSelect,
            "invoicing": forms.RadioSelect,
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }
        error_messages = {
            "programme": {
                "required": _("Kies het programma waarvoor de plaatsen zijn."),
                "invalid_choice": _("Kies een programma waarvoor u contracten mag afsluiten."),
            },
            "places": {
                "required": _("Vul het aantal plaatsen voor het programma in."),
                "min_value": _("Een contract is voor ten minste 1 plaats."),
                "invalid": _("Vul het aantal plaatsen in als heel getal."),
            },
            "tariff": {
                "required": _("Vul het tarief in euro in."),
                "min_value": _("Het tarief kan niet negatief zijn."),
                "invalid": _("Vul het tarief in als bedrag, bijvoorbeeld 10,50."),
                "max_digits": _("Dit tarief is te hoog."),
                "max_decimal_places": _("Vul het tarief in hele centen in."),
                "max_whole_digits": _("Dit tarief is te hoog."),
            },
            "tariff_unit": {"required": _("Kies of het tarief per uur of per maand is.")},
            "invoicing": {"required": _("Kies maandelijks of jaarlijks factureren.")},
            "valid_from": {
                "required": _("Vul in vanaf wanneer het contract geldt."),
                "invalid": _("Vul een geldige datum in."),
            },
            "valid_to": {"invalid": _("Vul een geldige datum in.")},
        }
        help_texts = {
            "valid_to": _("Leeg laten als het contract voor onbepaalde tijd geldt."),
        }

    def __init__(self, *args, location=None, programmes=None, activity_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = location
        if self.instance.pk:
            # The programme of an existing contract does not change.
            del self.fields["programme"]
        else:
            queryset = programmes if programmes is not None else Programme.objects.none()
            self.fields["programme"].queryset = queryset
            if queryset.count() == 1:
                self.fields["programme"].initial = queryset.first().pk
        self.fields["places"].widget.attrs["min"] = 1
        if activity_type is None and location is not None:
            activity_type = location.activity_type
        if location is None:
            self.fields["tariff"].help_text = reference_text()
        else:
            self.fields["tariff"].help_text = reference_text(activity_type)
        self.warning = None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("De einddatum ligt vóór de begindatum van het contract."))
        return cleaned

    def check_overlap(self, location):
        """Add the overlap error for ``location``; True when there is none."""
        contract = self.instance
        if not contract.valid_from:
            return True
        programme = contract.programme
        other = overlapping_contracts(
            location, programme, contract.valid_from, contract.valid_to, exclude=contract
        ).first()
        if other is None:
            return True
        self.add_error(None, overlap_message(other))
        return False

    def _post_clean(self):
        super()._post_clean()
        if self.location is not None and not self.errors and self.instance.programme_id:
            self.check_overlap(self.location)
            if not self.errors:
                self.warning = tariff_warning(self.instance, self.location.activity_type)
