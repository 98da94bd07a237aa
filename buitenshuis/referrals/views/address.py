# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The coordinator closes a postcode warning after checking the address
with the referrer or the family (``rules.confirm_address``)."""

from django.utils.translation import gettext as _

from buitenshuis.access.policy import Data
from buitenshuis.referrals import rules
from buitenshuis.referrals.forms_address import ConfirmAddressForm
from buitenshuis.referrals.views.common import ReferralFormView


class ConfirmAddressView(ReferralFormView):
    """The coordinator closes a postcode warning (``rules.confirm_address``)."""

    data = Data.ASSIGNMENT
    action = "view"
    form_class = ConfirmAddressForm
    template_name = "referrals/confirm_address.html"

    def refusal(self):
        return rules.confirm_address_refusal(self.request.user, self.object)

    def done(self, form):
        rules.confirm_address(self.request.user, self.object)
        return _("Het adres van %(reference)s is bevestigd; de waarschuwing is gesloten.") % {
            "reference": self.object.family.reference
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Adres bevestigen voor %(reference)s") % {
            "reference": self.object.family.reference
        }
        return context
