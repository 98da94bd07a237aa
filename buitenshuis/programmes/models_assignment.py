# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Who takes which family: a programme's assignment rules, and the record
of every assignment of a linking pin (by a rule or by hand).

``AssignmentRule``: a new referral whose postcode lies in one of the
rule's ranges and that came by one of its routes (none: every route) may
go to the rule's linking pin, unless they already hold ``max_caseload``
running families. The choosing is ``programmes.assignment``; the
referral route applies it when a referral is stored
(``referrals.rules._store_referral``).

``Assignment``: one row per assignment of a linking pin to an enrolment,
with the rule that chose them, or who chose by hand and, when that
differs from the rule's choice, the reason (which stays in the case; the
access log refers to the row).

Areas are postcode ranges only: the national address service's answers
that the product keeps (``organisations.GeocodeCache``) hold coordinates
and the municipality, no neighbourhood (wijk or buurt) code."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buitenshuis.access.policy import register
from buitenshuis.casework.models import Enrolment
from buitenshuis.core.validators import FREE_TEXT_MAX
from buitenshuis.organisations.models import Programme


def empty_list():
    return []


class AssignmentRule(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="assignment_rules",
    )
    linking_pin = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linking pin"),
        on_delete=models.CASCADE,
        related_name="assignment_rules",
    )
    # [[from, to], ...]: whole numbers of the postcode's four digits,
    # from <= to; empty: every postcode.
    postcode_ranges = models.JSONField(_("postcodegebieden"), default=empty_list, blank=True)
    # Route values (``programmes.routes.Route``); empty: every route.
    routes = models.JSONField(_("routes"), default=empty_list, blank=True)
    max_caseload = models.PositiveIntegerField(
        _("maximaal aantal lopende gezinnen"),
        null=True,
        blank=True,
        help_text=_(
            "Heeft de linking pin zoveel lopende gezinnen of meer, dan slaat de regel hem of "
            "haar over. Leeg: geen maximum."
        ),
    )
    order = models.PositiveIntegerField(
        _("volgorde"),
        default=10,
        help_text=_(
            "Regels met een lager nummer gaan voor. Passen er meer regels met hetzelfde "
            "nummer, dan krijgt de linking pin met de minste lopende gezinnen het gezin."
        ),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toewijzingsregel")
        verbose_name_plural = _("toewijzingsregels")
        ordering = ["order", "pk"]

    def __str__(self):
        name = self.linking_pin.get_full_name() or self.linking_pin.get_username()
        return _("Regel %(number)s: %(name)s") % {"number": self.pk or "-", "name": name}


class Assignment(models.Model):
    """One assignment of a linking pin to an enrolment."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    linking_pin = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linking pin"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vorige linking pin"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    automatic = models.BooleanField(_("volgens een toewijzingsregel"), default=False)
    rule = models.ForeignKey(
        AssignmentRule,
        verbose_name=_("toewijzingsregel"),
        on_delete=models.SET_NULL,
        related_name="assignments",
        null=True,
        blank=True,
    )
    # The rule as it read when it chose (a rule may change or go later).
    rule_text = models.CharField(_("regel"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegewezen door"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Bij een toewijzing volgens een regel: wie de aanmelding invoerde."),
    )
    assigned_at = models.DateTimeField(_("toegewezen op"), default=timezone.now)
    reason = models.TextField(
        _("reden voor het afwijken van de regel"), max_length=FREE_TEXT_MAX, blank=True
    )

    class Meta:
        verbose_name = _("toewijzing")
        verbose_name_plural = _("toewijzingen")
        ordering = ["-assigned_at", "-pk"]

    def __str__(self):
        return f"{self.enrolment_id}: {self.linking_pin_id}"


register(AssignmentRule, programme="programme")
register(Assignment, programme="enrolment__family__programme", family="enrolment__family")
