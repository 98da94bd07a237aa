# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""From referral to decision (DOMAIN.md steps 1-3).

A ``Referral`` carries one family from submission through intake
(``Intake``, ``Consent``) to a ``Decision``. The programme's choices for the
route (target group, inclusion criteria, who may refer, who decides,
capacity, enrolment length, retention) are its ``programmes.ProgrammeSettings``.
The rules that connect them live in ``referrals.rules``."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buitenshuis.access.policy import register
from buitenshuis.casework.models import Enrolment, Family, Person
from buitenshuis.core.validators import FREE_TEXT_MAX, validate_name
from buitenshuis.organisations.models import Organisation, Programme
from buitenshuis.programmes.routes import Route  # the routes are programme configuration too
from buitenshuis.referrals import letter_texts


class VeiligThuisStatus(models.TextChoices):
    REPORTED = "reported", _("Gemeld bij Veilig Thuis")
    CLOSE = "close", _("Dicht bij een melding")
    NONE = "none", _("Geen melding")


class PostcodeCheck(models.TextChoices):
    """Whether the national address service places the family's postcode in
    the chosen municipality (``referrals.rules.check_postcode``)."""

    NOT_CHECKED = "", _("Niet gecontroleerd")  # entered before the check existed
    PENDING = "pending", _("Nog te controleren")  # the service did not answer
    MATCHED = "matched", _("Past bij de woongemeente")
    MISMATCH = "mismatch", _("Past niet bij de woongemeente")
    NOT_FOUND = "not_found", _("Niet gevonden in de landelijke adresgegevens")
    # The coordinator checked the address with the referrer or the family
    # after a failed check (the warning is closed, the finding is kept).
    CONFIRMED = "confirmed", _("Adres bevestigd door de coördinator")


class Referral(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Ontvangen")
        INTAKE = "intake", _("In intake")
        ACCEPTED = "accepted", _("Toegekend")
        REJECTED = "rejected", _("Afgewezen")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programma"), on_delete=models.PROTECT, related_name="referrals"
    )
    # A family has one referral per enrolment: the first, and one for each
    # continuation after two years.
    family = models.ForeignKey(
        Family, verbose_name=_("gezin"), on_delete=models.CASCADE, related_name="referrals"
    )
    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="referral"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.PROTECT,
        related_name="referrals_entered",
    )
    referrer_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("verwijzende organisatie"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    referrer_name = models.CharField(
        _("naam verwijzer"),
        max_length=160,
        blank=True,
        validators=[validate_name],
        help_text=_("Als een linking pin namens een verwijzer aanmeldt."),
    )
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    veilig_thuis = models.CharField(
        _("Veilig Thuis"), max_length=10, choices=VeiligThuisStatus.choices
    )
    worries = models.TextField(_("zorgen"), max_length=FREE_TEXT_MAX)
    help_involved = models.TextField(_("betrokken hulp"), max_length=FREE_TEXT_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    assigned_at = models.DateTimeField(
        _("linking pin toegewezen op"),
        null=True,
        blank=True,
        help_text=_("Leeg als de linking pin zelf aanmeldde: dan telt de ontvangst."),
    )
    ready_at = models.DateTimeField(
        _("intake en toestemming rond op"),
        null=True,
        blank=True,
        help_text=_("Vanaf hier loopt de norm voor de eerste dag van de activiteit."),
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ingetrokken of afgewezen op"), null=True, blank=True)
    capacity_override_reason = models.TextField(
        _("reden overschrijding capaciteit"), max_length=FREE_TEXT_MAX, blank=True
    )
    capacity_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("capaciteit overschreden door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    purged_at = models.DateTimeField(_("persoonsgegevens verwijderd op"), null=True, blank=True)
    postcode_check = models.CharField(
        _("controle postcode"),
        max_length=10,
        choices=PostcodeCheck.choices,
        default=PostcodeCheck.NOT_CHECKED,
        blank=True,
    )
    postcode_checked_at = models.DateTimeField(
        _("postcode gecontroleerd op"), null=True, blank=True
    )
    postcode_found_municipality = models.CharField(
        _("gemeente volgens de adresgegevens"),
        max_length=120,
        blank=True,
        help_text=_("De gemeente waarin de landelijke adresgegevens de postcode plaatsen."),
    )

    OPEN = (Status.RECEIVED, Status.INTAKE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["-received_at"]

    def __str__(self):
        return self.family.reference

    @property
    def referrer_status(self):
        """What the referrer sees: received, in intake, decided, withdrawn."""
        if self.status in (self.Status.ACCEPTED, self.Status.REJECTED):
            return _("Besloten")
        return self.get_status_display()

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def postcode_warning(self):
        """True when the postcode check failed (outside the municipality, or
        unknown to the national address service)."""
        return self.postcode_check in (PostcodeCheck.MISMATCH, PostcodeCheck.NOT_FOUND)


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Toestemming (AVG art. 6 lid 1a en 9 lid 2a)")
    PUBLIC_TASK = "public_task", _("Publieke taak gemeente, Jeugdwet (AVG art. 6 lid 1e)")
    VITAL_INTEREST = "vital_interest", _("Vitaal belang van het kind (AVG art. 6 lid 1d)")


class Intake(models.Model):
    referral = models.OneToOneField(
        Referral, verbose_name=_("aanmelding"), on_delete=models.CASCADE, related_name="intake"
    )
    conversation = models.TextField(_("verslag intakegesprek"), max_length=FREE_TEXT_MAX)
    criteria_met = models.JSONField(_("inclusiecriteria waaraan is voldaan"), default=list)
    legal_basis = models.CharField(
        _("grondslag verwerking"), max_length=20, choices=LegalBasis.choices
    )
    held_on = models.DateField(_("datum intake"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")

    def __str__(self):
        return f"{self.referral}"


class Consent(models.Model):
    """One person's consent for one child (the child itself from 12)."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("aanmelding"), on_delete=models.CASCADE, related_name="consents"
    )
    child = models.ForeignKey(
        Person, verbose_name=_("kind"), on_delete=models.CASCADE, related_name="consents_about"
    )
    given_by = models.ForeignKey(
        Person,
        verbose_name=_("gegeven door"),
        on_delete=models.CASCADE,
        related_name="consents_given",
    )
    given_on = models.DateField(_("datum"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        # Per referral: a continuation after two years asks the consent
        # again, of the same people for the same children.
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "child", "given_by"], name="unique_consent_per_referral"
            )
        ]

    def __str__(self):
        return f"{self.given_by} -> {self.child}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Toegekend")
        REJECTED = "rejected", _("Afgewezen")

    referral = models.OneToOneField(
        Referral, verbose_name=_("aanmelding"), on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("besluit"), max_length=10, choices=Outcome.choices)
    reason = models.TextField(_("motivering"), max_length=FREE_TEXT_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decided_at = models.DateTimeField(_("besloten op"), auto_now_add=True)
    under_mandate = models.BooleanField(_("onder mandaat"), default=False)
    own_referral = models.BooleanField(
        _("besluit over eigen aanmelding"),
        default=False,
        help_text=_(
            "De beslisser heeft de aanmelding zelf ingevoerd (toegestaan door het programma)."
        ),
    )
    capacity_overridden = models.BooleanField(_("capaciteit overschreden"), default=False)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    municipality_reference = models.CharField(_("kenmerk gemeente"), max_length=60, blank=True)
    # The letter's own reference, e.g. BH-2026-GM0344-0007: a sequence per
    # municipality and year, assigned by rules.decide.
    letter_reference = models.CharField(
        _("kenmerk beschikking"), max_length=40, blank=True, editable=False
    )
    parental_contribution = models.DecimalField(
        _("ouderbijdrage per maand (euro)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        constraints = [
            models.UniqueConstraint(
                fields=["letter_reference"],
                condition=~models.Q(letter_reference=""),
                name="unique_letter_reference",
            )
        ]

    def __str__(self):
        return f"{self.referral}: {self.get_outcome_display()}"


TEXT_MAX_LENGTH = 3000


class LetterTemplate(models.Model):
    """A programme's texts for the decision letter (beschikking), edited by
    the coordinator or policy officer on the page "Beschikkingsteksten".
    Plain text with ``{placeholders}`` (``letter_texts.PLACEHOLDERS``); the
    letterhead comes from the family's municipality."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="letter_template",
    )
    introduction = models.TextField(
        _("inleiding"), max_length=TEXT_MAX_LENGTH, default=letter_texts.DEFAULT_INTRODUCTION
    )
    acceptance_text = models.TextField(
        _("tekst bij toekenning"),
        max_length=TEXT_MAX_LENGTH,
        default=letter_texts.DEFAULT_ACCEPTANCE,
    )
    rejection_text = models.TextField(
        _("tekst bij afwijzing"),
        max_length=TEXT_MAX_LENGTH,
        default=letter_texts.DEFAULT_REJECTION,
    )
    remedies_clause = models.TextField(
        _("bezwaarclausule"), max_length=TEXT_MAX_LENGTH, default=letter_texts.DEFAULT_REMEDIES
    )
    signature_text = models.TextField(
        _("ondertekening"), max_length=500, default=letter_texts.DEFAULT_SIGNATURE
    )
    signer_name = models.CharField(_("naam ondertekenaar"), max_length=120, blank=True)
    signer_function = models.CharField(_("functie ondertekenaar"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beschikkingsteksten")
        verbose_name_plural = _("beschikkingsteksten")

    def __str__(self):
        return str(self.programme)

    @classmethod
    def for_programme(cls, programme):
        """The programme's texts (created with our defaults when missing)."""
        try:
            return programme.letter_template
        except cls.DoesNotExist:
            return cls.objects.get_or_create(programme=programme)[0]


class MunicipalityTask(models.Model):
    """A decision under a linking pin's mandate: the municipality takes note
    and can still object; the start does not wait for it."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("besluit"), on_delete=models.CASCADE, related_name="task"
    )
    created = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kennisgenomen door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    noted_at = models.DateTimeField(_("kennisgenomen op"), null=True, blank=True)
    objection = models.TextField(_("bezwaar van de gemeente"), max_length=FREE_TEXT_MAX, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("taak voor de gemeente")
        verbose_name_plural = _("taken voor de gemeente")

    def __str__(self):
        return f"{self.decision}"


class PossibleDuplicate(models.Model):
    """A child of a new referral who may be a child already known to the
    same programme (same BSN, or same name and date of birth). The referral
    is always received; the programme's coordinator compares the two and
    links them (the same child: both records stay, never merged) or
    dismisses the match. The referrer never learns of it."""

    class Reason(models.TextChoices):
        BSN = "bsn", _("Zelfde burgerservicenummer")
        NAME_BIRTH = "name_birth", _("Zelfde naam en geboortedatum")
        BOTH = "both", _("Zelfde burgerservicenummer, naam en geboortedatum")

    class Status(models.TextChoices):
        OPEN = "open", _("Te beoordelen")
        LINKED = "linked", _("Gekoppeld: hetzelfde kind")
        DISMISSED = "dismissed", _("Afgewezen: een ander kind")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="possible_duplicates",
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("nieuwe aanmelding"),
        on_delete=models.CASCADE,
        related_name="possible_duplicates",
    )
    child = models.ForeignKey(
        Person,
        verbose_name=_("kind in de nieuwe aanmelding"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    existing_child = models.ForeignKey(
        Person, verbose_name=_("bekend kind"), on_delete=models.CASCADE, related_name="+"
    )
    existing_family = models.ForeignKey(
        Family,
        verbose_name=_("bekend gezin"),
        on_delete=models.CASCADE,
        related_name="possible_duplicates_of",
    )
    reason = models.CharField(_("waarom"), max_length=12, choices=Reason.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    note = models.TextField(_("toelichting"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    created = models.DateTimeField(_("gesignaleerd op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mogelijke dubbele aanmelding")
        verbose_name_plural = _("mogelijke dubbele aanmeldingen")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "existing_child"], name="unique_possible_duplicate"
            )
        ]

    def __str__(self):
        return f"{self.referral} ~ {self.existing_family}"


register(
    Referral,
    programme="programme",
    family="family",
    entered_by="referred_by",
    entered_while=None,  # the referrer always sees the status of their own
)
register(Intake, programme="referral__programme", family="referral__family")
register(Consent, programme="referral__programme", family="referral__family")
register(Decision, programme="referral__programme", family="referral__family")
register(LetterTemplate, programme="programme")
register(MunicipalityTask, programme="decision__referral__programme")
# The coordinator's check: the new referral's programme (matching never
# crosses programmes, so both families are of that programme).
register(PossibleDuplicate, programme="programme", family="referral__family")
