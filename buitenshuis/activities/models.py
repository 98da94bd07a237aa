# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The activity: contracts for places at locations, placements of children,
and signals from the location's staff (DOMAIN.md step 4; seed 001 "Koop
opvangplekken in", "Voorbeeld 4"). Rules in ``activities.rules``."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buitenshuis.access.policy import register
from buitenshuis.casework.models import Contact, Enrolment, Goal, Person
from buitenshuis.core.validators import FREE_TEXT_MAX
from buitenshuis.organisations.models import ActivityType, Location, Programme

# The legal maximum hourly rates for childcare allowance, 2026: a reference
# for the coordinator when agreeing a tariff (not a limit on it).
LEGAL_MAX_HOURLY_RATE = {
    2026: {
        ActivityType.DAY_CARE: Decimal("11.23"),
        ActivityType.AFTER_SCHOOL: Decimal("9.98"),
        ActivityType.CHILDMINDER: Decimal("8.49"),
    }
}


class Contract(models.Model):
    """Places bought at a location for a programme, with the tariff."""

    class TariffUnit(models.TextChoices):
        HOUR = "hour", _("per uur")
        MONTH = "month", _("per maand")

    class Invoicing(models.TextChoices):
        MONTHLY = "monthly", _("maandelijks")
        YEARLY = "yearly", _("jaarlijks")

    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="contracts"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programma"), on_delete=models.PROTECT, related_name="contracts"
    )
    places = models.PositiveIntegerField(
        _("plaatsen voor het programma"), validators=[MinValueValidator(1)]
    )
    tariff = models.DecimalField(
        _("tarief (euro)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    tariff_unit = models.CharField(
        _("tarief per"), max_length=5, choices=TariffUnit.choices, default=TariffUnit.HOUR
    )
    invoicing = models.CharField(
        _("facturering"), max_length=8, choices=Invoicing.choices, default=Invoicing.YEARLY
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        ordering = ["location", "-valid_from"]

    def __str__(self):
        return f"{self.location} ({self.programme})"

    def covers(self, day):
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Weekday(models.TextChoices):
    MON = "mon", _("maandag")
    TUE = "tue", _("dinsdag")
    WED = "wed", _("woensdag")
    THU = "thu", _("donderdag")
    FRI = "fri", _("vrijdag")
    SAT = "sat", _("zaterdag")
    SUN = "sun", _("zondag")


# How far ahead location staff see a child arriving.
ARRIVING_DAYS = 14


class PlacementQuerySet(models.QuerySet):
    def current(self, day=None):
        """Placements running on ``day``; a provisional placement ended by a
        rejection is over for the location on the decision day itself."""
        day = day or timezone.localdate()
        return self.filter(start_date__lte=day, end_date__gte=day, ended_at__isnull=True)

    def arriving(self, day=None, days=ARRIVING_DAYS):
        """Placements starting after ``day`` and within ``days`` days."""
        day = day or timezone.localdate()
        return self.filter(
            start_date__gt=day,
            start_date__lte=day + datetime.timedelta(days=days),
            end_date__gte=models.F("start_date"),
            ended_at__isnull=True,
        )

    def provisional(self):
        """Provisional placements still running towards the decision."""
        return self.filter(provisional=True, ended_at__isnull=True)

    def overlapping(self, start, end):
        return self.filter(start_date__lte=end, end_date__gte=start)


class Placement(models.Model):
    """One child at one activity at one location, for a period."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="placements"
    )
    child = models.ForeignKey(
        Person, verbose_name=_("kind"), on_delete=models.CASCADE, related_name="placements"
    )
    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="placements"
    )
    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="placements"
    )
    activity_type = models.CharField(
        _("soort activiteit"), max_length=20, choices=ActivityType.choices
    )
    days = models.JSONField(_("dagen"), default=list)
    hours_per_week = models.DecimalField(
        _("uren per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    start_date = models.DateField(_("eerste dag"))
    end_date = models.DateField(_("laatste dag"))
    parental_contribution = models.DecimalField(
        _("ouderbijdrage per maand (euro)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    pickup_arrangements = models.TextField(
        _("afspraken over halen en brengen"),
        max_length=FREE_TEXT_MAX,
        blank=True,
        help_text=_("Wie het kind mag ophalen en brengen; dit ziet de opvanglocatie."),
    )
    age_override_reason = models.TextField(
        _("reden afwijkende activiteit voor leeftijd"), max_length=FREE_TEXT_MAX, blank=True
    )
    readiness_override_reason = models.TextField(
        _("reden plaatsing op locatie zonder getrainde medewerker"),
        max_length=FREE_TEXT_MAX,
        blank=True,
    )
    readiness_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("goedgekeurd door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="placements_made"
    )
    created = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    # Start before the decision (seed 001 "Voorbeeld 3 en 4"): a
    # provisional placement is made after intake and consent, before the
    # decision. Accepting makes it a regular placement; a rejection ends it.
    provisional = models.BooleanField(
        _("voorlopig geplaatst"),
        default=False,
        help_text=_("Geplaatst na intake en toestemming, vóór het besluit."),
    )
    ended_at = models.DateTimeField(_("beëindigd door afwijzing op"), null=True, blank=True)
    days_used = models.PositiveIntegerField(
        _("gebruikte opvangdagen"),
        null=True,
        blank=True,
        help_text=_("Bij een voorlopige plaatsing die eindigde door een afwijzing."),
    )

    history = HistoricalRecords()
    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.child.first_name} @ {self.location}"


class Signal(models.Model):
    """An observation of the location's staff for the linking pin."""

    class FollowUp(models.TextChoices):
        CONTACT = "contact", _("Contact met het gezin")
        GOAL = "goal", _("Een doel")
        NOTHING = "nothing", _("Niets nodig")

    class Kind(models.TextChoices):
        WORRY = "worry", _("Zorg")
        ABSENCE = "absence", _("Afwezigheid")
        POSITIVE = "positive", _("Iets positiefs")

    placement = models.ForeignKey(
        Placement, verbose_name=_("plaatsing"), on_delete=models.CASCADE, related_name="signals"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("toelichting"), max_length=FREE_TEXT_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        on_delete=models.PROTECT,
        related_name="signals_made",
    )
    created = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gelezen door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    acknowledged_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    # What the linking pin did with it. The location sees only that it was
    # picked up ("opgepakt"), never what was done.
    follow_up = models.CharField(
        _("opvolging"), max_length=10, choices=FollowUp.choices, blank=True
    )
    follow_up_contact = models.ForeignKey(
        Contact,
        verbose_name=_("contactmoment"),
        on_delete=models.SET_NULL,
        related_name="signals_followed_up",
        null=True,
        blank=True,
    )
    follow_up_goal = models.ForeignKey(
        Goal,
        verbose_name=_("doel"),
        on_delete=models.SET_NULL,
        related_name="signals_followed_up",
        null=True,
        blank=True,
    )
    followed_up_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.created:%d-%m-%Y})"


register(Contract, programme="programme")
register(
    Placement,
    programme="enrolment__family__programme",
    family="enrolment__family",
    location="location",
)
register(
    Signal,
    programme="placement__enrolment__family__programme",
    family="placement__enrolment__family",
    location="placement__location",
    entered_by="created_by",
)
