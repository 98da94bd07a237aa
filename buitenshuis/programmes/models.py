# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A programme's settings: its choices for the referral route (target group,
inclusion criteria, who may refer, who decides), its capacity (a number of
families or a budget ceiling), the default length of an enrolment, funding,
retention, and its norms (lead-time targets). The rules that read them live
in ``programmes.capacity`` and ``programmes.norms``; the referral route's
own rules in ``referrals.rules``."""

from django.conf import settings as django_settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from buitenshuis.access.policy import register
from buitenshuis.core.dates import add_months
from buitenshuis.core.validators import FREE_TEXT_MAX, SHORT_TEXT_MAX
from buitenshuis.organisations.models import Organisation, OrganisationType, Programme, Role

# Who takes which family: in a module of its own (docs/programmes.md).
from buitenshuis.programmes.models_assignment import Assignment, AssignmentRule  # noqa: F401


class TargetGroup(models.TextChoices):
    KOPP = "kopp", _("KOPP: ouders met psychiatrische problemen")
    KOV = "kov", _("KOV: ouders met een verslaving")
    KOVB = "kovb", _("KOVB: ouders met een (licht) verstandelijke beperking")
    VULNERABLE = "vulnerable", _("Kwetsbare gezinnen in bredere zin")


DEFAULT_CRITERIA = [
    "EPA-cliënt (ernstige psychiatrische aandoening) zonder verbetering op korte termijn",
    "Melding bij Veilig Thuis waarbij vrijwillige hulp geen optie is",
    "Er is sprake van voogdij",
    "Casus van de Jeugdbeschermingstafel",
    "Casus van het sociaal (wijk)team",
]


def default_criteria():
    return list(DEFAULT_CRITERIA)


def default_target_groups():
    return [TargetGroup.KOPP, TargetGroup.KOV, TargetGroup.KOVB]


def default_referrer_types():
    return [
        OrganisationType.ADULT_MENTAL_HEALTH,
        OrganisationType.SOCIAL_TEAM,
        OrganisationType.SCHOOL,
        OrganisationType.GP,
        OrganisationType.VEILIG_THUIS,
        OrganisationType.GUARDIAN,
        OrganisationType.JBT,
        OrganisationType.YOUTH_CARE,
    ]


class Decider(models.TextChoices):
    POLICY_OFFICER = "policy_officer", _("De beleidsmedewerker van de gemeente")
    LINKING_PIN = "linking_pin", _("De linking pin, onder mandaat")


class CapacityKind(models.TextChoices):
    FAMILIES = "families", _("Een maximum aantal gezinnen")
    BUDGET = "budget", _("Een budgetplafond")


class FundingRoute(models.TextChoices):
    BOUGHT_PLACES = "bought_places", _("De gemeente koopt plaatsen in")
    SMI = "smi", _("Regeling SMI (sociaal-medische indicatie)")
    YOUTH_ACT = "youth_act", _("Beschikking Jeugdwet")
    SUBSIDY = "subsidy", _("Subsidie")


class ProgrammeSettings(models.Model):
    """One programme's settings, edited by its coordinator or policy officer
    on the page "Instellingen aanmelding"; every change is kept in the
    history. The table keeps the name it had when the model lived in
    ``referrals`` as ``ReferralSettings``, so no row was copied."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="settings",
    )
    target_groups = models.JSONField(_("doelgroep"), default=default_target_groups)
    inclusion_criteria = models.JSONField(_("inclusiecriteria"), default=default_criteria)
    referrer_types = models.JSONField(
        _("organisaties die mogen aanmelden"), default=default_referrer_types
    )
    linking_pin_may_refer = models.BooleanField(
        _("linking pin mag zelf aanmelden"),
        default=True,
        help_text=_("Een telefonische aanmelding of een gezin uit de eigen caseload."),
    )
    decider = models.CharField(
        _("wie besluit"), max_length=20, choices=Decider.choices, default=Decider.POLICY_OFFICER
    )
    allow_self_decision = models.BooleanField(
        _("besluiten over eigen aanmelding toegestaan"),
        default=False,
        help_text=_("Zo ja, dan wordt zo'n besluit gemarkeerd."),
    )
    capacity_kind = models.CharField(
        _("soort capaciteit"),
        max_length=10,
        choices=CapacityKind.choices,
        default=CapacityKind.FAMILIES,
    )
    max_families = models.PositiveIntegerField(_("maximum aantal gezinnen"), default=10)
    budget_ceiling = models.DecimalField(
        _("budgetplafond (euro)"), max_digits=12, decimal_places=2, default=0
    )
    cost_per_family = models.DecimalField(
        _("geraamde kosten per gezin (euro)"),
        max_digits=10,
        decimal_places=2,
        default=40000,
        help_text=_("De handreiking noemt 34.000 tot 45.000 euro per gezin voor twee jaar."),
        validators=[MinValueValidator(0)],
    )
    enrolment_months = models.PositiveIntegerField(
        _("standaardduur traject (maanden)"),
        default=24,
        validators=[MinValueValidator(1)],
    )
    funding_route = models.CharField(
        _("financieringsroute"),
        max_length=20,
        choices=FundingRoute.choices,
        default=FundingRoute.BOUGHT_PLACES,
    )
    municipality_reference = models.CharField(
        _("kenmerk van de gemeente"),
        max_length=60,
        blank=True,
        help_text=_(
            "Het eigen kenmerk van de gemeente voor de beschikking, "
            "als die elders wordt bijgehouden."
        ),
    )
    retention_days = models.PositiveIntegerField(
        _("bewaartermijn na intrekking of afwijzing (dagen)"),
        default=365,
    )
    # Start before the decision (seed 001 "Voorbeeld 3 en 4").
    start_before_decision = models.BooleanField(
        _("starten vóór het besluit"),
        default=True,
        help_text=_(
            "Na intake en toestemming mag de linking pin het kind voorlopig plaatsen, terwijl "
            "het besluit (de beschikking) nog wordt genomen. Een voorlopige plaatsing telt mee "
            "in de capaciteit en eindigt vanzelf bij een afwijzing."
        ),
    )
    # The parental contribution (seed 001, "Koop opvangplekken in"): each
    # municipality decides whether parents pay a (small) contribution; the
    # amount itself is per decision and placement. The project plan shows it.
    contribution_policy = models.TextField(
        _("beleid ouderbijdrage"),
        max_length=SHORT_TEXT_MAX,
        blank=True,
        help_text=_(
            "Vraagt u de ouders een (kleine) ouderbijdrage, en zo ja: hoeveel en wanneer? "
            "Het bedrag per gezin staat in het besluit. Komt in het projectplan."
        ),
    )
    # The programme's norms (lead-time targets, ``programmes.norms``):
    # "te laat" when one passes.
    norm_assign_hours = models.PositiveIntegerField(
        _("norm: linking pin toegewezen binnen (uur)"),
        default=48,
        validators=[MinValueValidator(1)],
        help_text=_("Gerekend vanaf de ontvangst van de aanmelding."),
    )
    norm_intake_days = models.PositiveIntegerField(
        _("norm: intake binnen (dagen)"),
        default=7,
        validators=[MinValueValidator(1)],
        help_text=_("Gerekend vanaf het toewijzen van de linking pin."),
    )
    norm_decision_days = models.PositiveIntegerField(
        _("norm: besluit binnen (dagen)"),
        default=14,
        validators=[MinValueValidator(1)],
        help_text=_("Gerekend vanaf de ontvangst van de aanmelding."),
    )
    norm_start_hours = models.PositiveIntegerField(
        _("norm: eerste dag van de activiteit binnen (uur)"),
        default=48,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Gerekend vanaf het moment dat intake en toestemming rond zijn (of vanaf het "
            "besluit, als het programma niet vóór het besluit start). De handreiking "
            "noemt 24 tot 48 uur."
        ),
    )

    history = HistoricalRecords(table_name="referrals_historicalreferralsettings")

    class Meta:
        db_table = "referrals_referralsettings"
        verbose_name = _("programma-instellingen")
        verbose_name_plural = _("programma-instellingen")

    def __str__(self):
        return str(self.programme)

    @classmethod
    def for_programme(cls, programme):
        """The programme's settings (created with the defaults when
        missing); uses the programme's cached relation when loaded."""
        try:
            return programme.settings
        except cls.DoesNotExist:
            return cls.objects.get_or_create(programme=programme)[0]

    @property
    def deciding_role(self):
        """The role that decides on a referral: the policy officer, or the
        family's linking pin under mandate."""
        return Role.LINKING_PIN if self.decider == Decider.LINKING_PIN else Role.POLICY_OFFICER

    def enrolment_end(self, start):
        """The last day of an enrolment (or provisional placement) that
        starts on ``start`` and runs the programme's default length."""
        return add_months(start, self.enrolment_months)


register(ProgrammeSettings, programme="programme")


# The budget -----------------------------------------------------------------


class BudgetModel(models.TextChoices):
    """The guide's two ways to budget (seed 001, "Doelgroep en aantal
    gezinnen"): a fixed amount, from which the number of families follows
    from the activities chosen, or a fixed number of families."""

    FIXED_AMOUNT = "fixed_amount", _("Een vast bedrag (het aantal gezinnen volgt uit de kosten)")
    FIXED_FAMILIES = "fixed_families", _("Een vast aantal gezinnen")


def _money(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        **kwargs,
    )


class Budget(models.Model):
    """A programme's budget for one calendar year: the guide's three cost
    posts (the activity, the linking pin's hours, the training), the
    linking pin's hourly rate and planned hours per family, and, in the
    fixed-families model, the number of families. The arithmetic is in
    ``programmes.budget``; a regional programme splits the budget over its
    municipalities with ``BudgetShare`` rows."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programma"), on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    model = models.CharField(
        _("soort budget"),
        max_length=16,
        choices=BudgetModel.choices,
        default=BudgetModel.FIXED_AMOUNT,
    )
    families = models.PositiveIntegerField(
        _("aantal gezinnen"),
        null=True,
        blank=True,
        help_text=_("Bij een vast aantal gezinnen: hoeveel gezinnen dit jaar mogen instromen."),
    )
    activity_amount = _money(_("budget Buitenshuis-activiteit (euro)"))
    linking_pin_amount = _money(_("budget uren linking pin (euro)"))
    training_amount = _money(_("budget training (euro)"))
    hourly_rate = _money(
        _("uurtarief linking pin (euro)"), help_text=_("Wat een uur van de linking pin kost.")
    )
    planned_hours_per_month = models.DecimalField(
        _("geplande uren linking pin per gezin per maand"),
        max_digits=5,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    note = models.TextField(_("toelichting"), max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetten")
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="unique_budget_year")
        ]

    def __str__(self):
        return f"{self.programme} {self.year}"

    @property
    def total(self):
        """The year's budget: the three posts together."""
        return self.activity_amount + self.linking_pin_amount + self.training_amount


class BudgetShare(models.Model):
    """One municipality's share of a regional programme's budget for a
    year: its amount and, in the fixed-families model, its families."""

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="shares"
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="budget_shares",
    )
    amount = _money(_("bedrag (euro)"))
    families = models.PositiveIntegerField(_("aantal gezinnen"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aandeel in het budget")
        verbose_name_plural = _("aandelen in het budget")
        ordering = ["budget", "municipality__name"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "municipality"], name="unique_budget_share")
        ]

    def __str__(self):
        return f"{self.budget}: {self.municipality}"


register(Budget, programme="programme")
register(BudgetShare, programme="budget__programme")
# The set-up of a programme (seed 001: the guide's three phases) -----------


class Phase(models.TextChoices):
    """The guide's three phases of setting up the programme, in order."""

    EXPLORING = "exploring", _("Verkennen")
    PREPARING = "preparing", _("Voorbereiden")
    EXECUTING = "executing", _("Uitvoeren")


class SetupChecklist(models.Model):
    """That a programme's checklist was made (with the guide's tasks), so
    that a default task the coordinator removed does not come back."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="setup_checklist",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("checklist opzet")
        verbose_name_plural = _("checklists opzet")

    def __str__(self):
        return str(self.programme)


class SetupTask(models.Model):
    """One task of setting up the programme: the guide's (``is_default``)
    or one the coordinator added. Changed through ``programmes.rules``."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="setup_tasks",
    )
    phase = models.CharField(_("fase"), max_length=12, choices=Phase.choices)
    # The guide's task this is (``programmes.setup.DEFAULT_TASKS``), or "".
    key = models.CharField(_("sleutel"), max_length=40, blank=True, editable=False)
    title = models.CharField(_("taak"), max_length=160)
    explanation = models.TextField(_("toelichting"), max_length=FREE_TEXT_MAX, blank=True)
    owner = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="setup_tasks",
    )
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True)
    done = models.BooleanField(_("gedaan"), default=False)
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)
    done_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("afgevinkt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notities"), max_length=FREE_TEXT_MAX, blank=True)
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    is_default = models.BooleanField(_("uit de handreiking"), default=False)

    class Meta:
        verbose_name = _("taak opzet")
        verbose_name_plural = _("taken opzet")
        ordering = ["programme", "order", "pk"]
        indexes = [models.Index(fields=["owner", "done", "due_date"])]

    def __str__(self):
        return self.title


class PartnerRole(models.TextChoices):
    """The roles of partners the guide names ("Maak samenwerkingsafspraken")."""

    EXECUTION = "execution", _("Uitvoering")
    REFERRER = "referrer", _("Verwijzer")
    ENVIRONMENT = "environment", _("Omgeving")
    CARE = "care", pgettext_lazy("partner role", "Zorg")


class ProgrammePartner(models.Model):
    """An organisation the programme works with, in a role, with its
    contact person and the date it signed the declaration of intent."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="partners",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="programme_partnerships",
    )
    role = models.CharField(_("rol"), max_length=12, choices=PartnerRole.choices)
    contact_name = models.CharField(_("contactpersoon"), max_length=160, blank=True)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    declaration_signed_on = models.DateField(
        _("intentieverklaring getekend op"), null=True, blank=True
    )
    notes = models.TextField(_("notities"), max_length=SHORT_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["programme", "organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "role"], name="one_partner_role_per_programme"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class MeetingKind(models.TextChoices):
    """The guide's meetings ("Zorg voor betrokkenheid bij de partijen")."""

    KICK_OFF = "kick_off", _("Startbijeenkomst")
    PARTNERS = "partners", _("Partneroverleg")
    LINKING_PINS = "linking_pins", _("Intervisie linking pins")


class ProgrammeMeeting(models.Model):
    """A meeting of the programme: the kick-off, a periodic partner meeting,
    or the linking pins' exchange of experiences."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    kind = models.CharField(_("soort overleg"), max_length=12, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("datum en tijd"))
    place = models.CharField(_("plaats"), max_length=160, blank=True)
    organiser = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("organisator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_programme_meetings",
    )
    attendees = models.ManyToManyField(
        django_settings.AUTH_USER_MODEL,
        verbose_name=_("deelnemers uit het programma"),
        blank=True,
        related_name="programme_meetings",
    )
    other_attendees = models.TextField(
        _("andere deelnemers"),
        max_length=SHORT_TEXT_MAX,
        blank=True,
        help_text=_("Eén per regel, met de organisatie: bijvoorbeeld 'Wijkteam Noord (2)'."),
    )
    notes = models.TextField(_("verslag"), max_length=FREE_TEXT_MAX, blank=True)
    decisions = models.TextField(_("besluiten"), max_length=FREE_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["organiser", "starts_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"

    @property
    def other_attendee_lines(self):
        return [line.strip() for line in self.other_attendees.splitlines() if line.strip()]


register(SetupTask, programme="programme")
register(ProgrammePartner, programme="programme")
register(ProgrammeMeeting, programme="programme")
