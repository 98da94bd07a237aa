# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The coordinator's confirmation of an address whose postcode check failed
(``rules.confirm_address``)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmAddressForm(forms.Form):
    checked = forms.BooleanField(
        label=_(
            "Ik heb het adres gecontroleerd met de verwijzer of het gezin: het gezin woont in "
            "de gekozen woongemeente."
        ),
        error_messages={"required": _("Vink aan dat u het adres heeft gecontroleerd.")},
    )
