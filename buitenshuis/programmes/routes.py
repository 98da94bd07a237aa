# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The routes by which a family is referred (DOMAIN.md, "The flow of one
family", step 1). A programme's configuration speaks of them (which linking
pin takes a route's referrals: ``programmes.assignment``), and a referral
records the one it came by (``referrals.models.Referral.route``, which
imports them from here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Route(models.TextChoices):
    GGZ_KINDCHECK = "ggz_kindcheck", _("GGZ/VGZ via de Kindcheck")
    SOCIAL_TEAM = "social_team", _("Sociaal (wijk)team")
    SCHOOL = "school", _("School")
    GP = "gp", _("Huisarts")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    GUARDIAN = "guardian", _("Voogd / gecertificeerde instelling")
    JBT = "jbt", _("Jeugdbeschermingstafel")
    CASELOAD = "caseload", _("Eigen caseload van de linking pin")
    PHONE = "phone", _("Telefonische aanmelding")
    CASE_MEETING = "case_meeting", _("Casusoverleg")
    # A follow-up after two years (the closure's way on), decided on like
    # a first referral.
    CONTINUATION = "continuation", _("Vervolg na twee jaar")
