# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Questionnaires (docs/questionnaires.md): instruments with their items,
answer scales and scoring; invitations with a single-use link; responses
and their answers.

An instrument is defined in the product (``Instrument``, ``Item``,
``Scale``), not in code: the default set is ours
(``questionnaires.ensure_default_instruments``), and a municipality with a
licence for an instrument such as the SDQ can enter it with its licence
note. The answers of a person are ``Data.QUESTIONNAIRES``: only the
responsible linking pin reads and writes them (ACCESS.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buitenshuis.access.policy import register
from buitenshuis.casework.models import Enrolment, Person

FREE_TEXT_MAX = 1000


class Respondent(models.TextChoices):
    PARENT = "parent", _("Ouder / verzorger")
    CHILD = "child", _("Kind")
    # Location staff, the linking pin, a partner's professional.
    PROFESSIONAL = "professional", _("Professional")


class Moment(models.TextChoices):
    """When a questionnaire is taken, counted from the enrolment's start."""

    START = "start", _("Start")
    MONTH_12 = "12", _("Na 12 maanden")
    MONTH_24 = "24", _("Na 24 maanden")


class Scale(models.Model):
    """An answer scale: choices with a value each (``[[1, "Nooit"], ...]``),
    or free text (``free_text``; no value, never scored)."""

    key = models.SlugField(_("sleutel"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    free_text = models.BooleanField(_("open antwoord"), default=False)
    choices = models.JSONField(_("antwoordmogelijkheden"), default=list, blank=True)

    class Meta:
        verbose_name = _("antwoordschaal")
        verbose_name_plural = _("antwoordschalen")

    def __str__(self):
        return self.name

    @property
    def values(self):
        return [int(value) for value, _label in self.choices]

    def label_of(self, value):
        return next((label for option, label in self.choices if int(option) == value), "")


class Instrument(models.Model):
    """A questionnaire: who answers it (a parent, a child of an age band,
    a professional), at which moments, and how it is scored
    (``scoring``: ``"mean"``, ``"sum"`` or ``"none"``; items marked
    ``reversed`` count the other way round; ``questionnaires.score``)."""

    class Scoring(models.TextChoices):
        MEAN = "mean", _("Gemiddelde van de items")
        SUM = "sum", _("Som van de items")
        NONE = "none", _("Geen score")

    key = models.SlugField(_("sleutel"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=160)
    description = models.TextField(_("toelichting voor de invuller"), blank=True)
    respondent = models.CharField(_("wie vult in"), max_length=14, choices=Respondent.choices)
    min_age = models.PositiveSmallIntegerField(_("vanaf leeftijd"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("tot en met leeftijd"), null=True, blank=True)
    moments = models.JSONField(_("momenten"), default=list)
    scoring = models.CharField(
        _("score"), max_length=8, choices=Scoring.choices, default=Scoring.MEAN
    )
    # The licence of an instrument the municipality bought (SDQ, KIDSCREEN,
    # ORS, ...): who holds it, until when. Empty for our own instruments.
    licence_note = models.TextField(_("licentie"), blank=True)
    is_default = models.BooleanField(_("standaardset"), default=False)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["respondent", "min_age", "name"]

    def __str__(self):
        return self.name

    def fits_age(self, age):
        """Whether a child of ``age`` answers this instrument."""
        if age is None:
            return False
        return (self.min_age is None or age >= self.min_age) and (
            self.max_age is None or age <= self.max_age
        )


class Item(models.Model):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("vragenlijst"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("volgorde"))
    text = models.CharField(_("vraag"), max_length=300)
    scale = models.ForeignKey(Scale, verbose_name=_("schaal"), on_delete=models.PROTECT)
    reversed = models.BooleanField(_("omgekeerd gescoord"), default=False)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "order"], name="item_order_unique")
        ]

    def __str__(self):
        return self.text


class QuestionnaireFor(models.Model):
    """What an invitation and a response share: whose questionnaire, which
    one, at which moment (each names its own enrolment)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("invuller"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # For a professional (no person of the family): a function, never a name.
    professional = models.CharField(_("functie van de professional"), max_length=120, blank=True)
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("vragenlijst"), on_delete=models.PROTECT, related_name="+"
    )
    moment = models.CharField(_("moment"), max_length=8, choices=Moment.choices)

    class Meta:
        abstract = True


class Invitation(QuestionnaireFor):
    """A single-use link for one respondent: only the hash of its token is
    stored; the token itself is shown once to the linking pin who made it."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="questionnaire_invitations",
    )
    due_date = models.DateField(_("graag ingevuld voor"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires = models.DateTimeField(_("verloopt"))
    used_at = models.DateTimeField(_("ingevuld op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitnodiging voor een vragenlijst")
        verbose_name_plural = _("uitnodigingen voor een vragenlijst")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.instrument} ({self.get_moment_display()})"

    @property
    def family_id(self):
        return self.enrolment.family_id


class Response(QuestionnaireFor):
    """A filled-in questionnaire: through a link (``invitation``; no user)
    or entered by the linking pin (``entered_by``)."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="questionnaire_responses",
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("uitnodiging"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ingevuld op"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("ingevulde vragenlijst")
        verbose_name_plural = _("ingevulde vragenlijsten")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.instrument} ({self.get_moment_display()})"

    @property
    def family_id(self):
        return self.enrolment.family_id

    def access_log_subject(self):
        """The person who answered (or, for a professional, the family)."""
        return (self.person or self.enrolment.family).access_log_subject()


class Answer(models.Model):
    response = models.ForeignKey(
        Response,
        verbose_name=_("ingevulde vragenlijst"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    item = models.ForeignKey(Item, verbose_name=_("vraag"), on_delete=models.PROTECT)
    value = models.SmallIntegerField(_("waarde"), null=True, blank=True)
    text = models.TextField(_("antwoord"), max_length=FREE_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["response", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_once_per_item")
        ]

    def __str__(self):
        return f"{self.item}: {self.value if self.value is not None else self.text}"


for _model in (Invitation, Response):
    register(_model, programme="enrolment__family__programme", family="enrolment__family")
register(
    Answer,
    programme="response__enrolment__family__programme",
    family="response__enrolment__family",
)
