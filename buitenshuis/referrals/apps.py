from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "buitenshuis.referrals"
    verbose_name = _("Aanmeldingen")
