# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Training in trauma-sensitive work (DOMAIN.md; seed 001 "Stap 1 Training").

Linking pins do e-learning, an 8-hour day and a 4-hour return session
months later; location staff (and sports trainers) e-learning and a
face-to-face session. Training comes before guiding families: see
``training.rules``."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buitenshuis.access.policy import register
from buitenshuis.core.validators import FREE_TEXT_MAX
from buitenshuis.organisations.models import Programme, Role


class Module(models.TextChoices):
    LP_ELEARNING = "lp_elearning", _("Linking pin: e-learning")
    LP_DAY = "lp_day", _("Linking pin: trainingsdag (8 uur)")
    LP_RETURN = "lp_return", _("Linking pin: terugkombijeenkomst (4 uur)")
    STAFF_ELEARNING = "staff_elearning", _("Opvangmedewerker: e-learning")
    STAFF_SESSION = "staff_session", _("Opvangmedewerker: bijeenkomst")


# What each role needs before working with families, in order.
REQUIRED = {
    Role.LINKING_PIN: [Module.LP_ELEARNING, Module.LP_DAY, Module.LP_RETURN],
    Role.LOCATION_STAFF: [Module.STAFF_ELEARNING, Module.STAFF_SESSION],
}


class TrainingSession(models.Model):
    """A planned session (a training day, return session, face-to-face
    session) with its attendance."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    module = models.CharField(_("onderdeel"), max_length=20, choices=Module.choices)
    date = models.DateField(_("datum"))
    place = models.CharField(_("plaats"), max_length=160, blank=True)
    trainer = models.CharField(_("trainer"), max_length=160, blank=True)
    # What the session costs the programme (the budget's training post,
    # ``programmes.budget``); exact euros.
    cost = models.DecimalField(
        _("kosten (euro)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Wat deze bijeenkomst het programma kost; telt mee in het budget."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trainingsbijeenkomst")
        verbose_name_plural = _("trainingsbijeenkomsten")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.get_module_display()} {self.date}"


class TrainingRecord(models.Model):
    """One person completed one module (at a session, or e-learning)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        related_name="training_records",
    )
    module = models.CharField(_("onderdeel"), max_length=20, choices=Module.choices)
    completed_on = models.DateField(_("afgerond op"))
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("bijeenkomst"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afgerond trainingsonderdeel")
        verbose_name_plural = _("afgeronde trainingsonderdelen")
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_training_record")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_module_display()}"


class TrainingOverride(models.Model):
    """The coordinator's permission, with a reason, to go ahead before
    training is complete: a placement at a location without trained staff,
    or a family assigned to a linking pin who has not finished training.
    Logged, and counted in monitoring."""

    class Kind(models.TextChoices):
        LOCATION_NOT_READY = "location", _("Plaatsing op locatie zonder getrainde medewerker")
        LINKING_PIN_UNTRAINED = "linking_pin", _("Gezin bij linking pin zonder afgeronde training")

    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    enrolment = models.ForeignKey(
        "casework.Enrolment",
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="training_overrides",
    )
    location = models.ForeignKey(
        "organisations.Location",
        verbose_name=_("locatie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    linking_pin = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linking pin"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reden"), max_length=FREE_TEXT_MAX)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegestaan door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("toegestaan op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uitzondering op de trainingsregel")
        verbose_name_plural = _("uitzonderingen op de trainingsregel")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.enrolment}"


register(TrainingSession, programme="programme")
register(
    TrainingRecord,
    programme="user__memberships__programme",
    location="user__memberships__locations",
)
# Overrides are about a family: monitoring shows them to those who may see
# the programme's (or, for a linking pin, their own) figures.
register(
    TrainingOverride,
    programme="enrolment__family__programme",
    family="enrolment__family",
)
