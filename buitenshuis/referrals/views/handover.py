# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The old address of arranging a handover (per referral): handovers are
the casework's (``casework:handover``, per family). The old address sends
who may arrange one there; anyone else gets the 404 of a referral that
does not exist."""

from django.shortcuts import redirect
from django.views.generic import DetailView

from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.referrals.models import Referral


class HandoverRedirectView(PolicyObjectMixin, DetailView):
    model = Referral
    data = Data.HANDOVER
    action = "change"

    def get(self, request, *args, **kwargs):
        referral = self.get_object()
        return redirect("casework:handover", pk=referral.family_id)
