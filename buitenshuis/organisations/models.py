# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Who is who: regions, municipalities, programmes, organisations, locations
and the memberships that give people their roles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    name = models.CharField(_("naam"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self):
        return self.name


LOGO_MAX_BYTES = 1024 * 1024


def validate_logo_size(file):
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(_("Het logo is te groot: het mag hoogstens 1 MB zijn."))


def relative_luminance(hex_colour):
    """WCAG 2.1 relative luminance of "#rrggbb"."""

    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(first, second):
    """WCAG 2.1 contrast ratio of two "#rrggbb" colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


WHITE, BLACK = "#ffffff", "#000000"
MIN_CONTRAST = 4.5  # WCAG 2.1 AA, normal text

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$",
    _("Geef een kleur als # gevolgd door zes tekens 0-9 of a-f, bijv. #00436a."),
)


class FontChoice(models.TextChoices):
    """Fonts every computer has: a house style never makes the browser fetch
    a font from elsewhere (the content policy allows none)."""

    THEME = "", _("Lettertype van het thema")
    SANS = "sans", _("Schreefloos (Arial, Helvetica)")
    VERDANA = "verdana", _("Verdana")
    SYSTEM = "system", _("Systeemlettertype")
    SERIF = "serif", _("Met schreef (Georgia)")


FONT_STACKS = {
    FontChoice.SANS: "Arial, Helvetica, sans-serif",
    FontChoice.VERDANA: "Verdana, Geneva, sans-serif",
    FontChoice.SYSTEM: "system-ui, sans-serif",
    FontChoice.SERIF: "Georgia, 'Times New Roman', serif",
}


class HouseStyle(models.Model):
    """A programme's or a municipality's own look on top of the
    installation's theme: a brand colour (the page header and the primary
    buttons), a link colour, a font and a logo, which the functional
    administrator edits. Served as a generated stylesheet
    (``portal:house_style_css``), never as inline styles; the decision
    letter uses the same colours and logo (``referrals.letter``)."""

    name = models.CharField(_("naam"), max_length=120, help_text=_("Bijv. Gemeente Voorbeeldstad."))
    brand_colour = models.CharField(
        _("huiskleur"),
        max_length=7,
        blank=True,
        validators=[colour_validator],
        help_text=_(
            "Voor de kopbalk, de hoofdknoppen en de koppen van de beschikking; de tekstkleur "
            "erop (wit of zwart) kiest Buitenshuis zelf, zodat het leesbaar blijft."
        ),
    )
    link_colour = models.CharField(
        _("kleur van links"),
        max_length=7,
        blank=True,
        validators=[colour_validator],
        help_text=_("Moet op wit goed leesbaar zijn (contrast ten minste 4,5 : 1)."),
    )
    font = models.CharField(
        _("lettertype"), max_length=10, choices=FontChoice.choices, default="", blank=True
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="huisstijl/logo/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo_size],
        help_text=_("Voor de kopbalk en de beschikking: PNG of JPEG, hoogstens 1 MB."),
    )
    updated = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("huisstijl")
        verbose_name_plural = _("huisstijlen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.link_colour and not colour_validator.regex.match(self.link_colour):
            return  # the field's own message
        if self.link_colour and contrast_ratio(self.link_colour, WHITE) < MIN_CONTRAST:
            raise ValidationError(
                {
                    "link_colour": _(
                        "Deze kleur is op wit niet goed leesbaar (contrast %(ratio)s : 1, "
                        "nodig is ten minste 4,5 : 1). Kies een donkerder kleur."
                    )
                    % {"ratio": f"{contrast_ratio(self.link_colour, WHITE):.1f}".replace(".", ",")}
                }
            )

    @property
    def version(self):
        """Changes with every edit: part of the stylesheet's and the logo's
        address, so that a browser may keep them for good."""
        return f"{int(self.updated.timestamp() * 1_000_000):x}" if self.updated else "0"

    @property
    def brand_text_colour(self):
        """White or black, whichever reads better on the brand colour
        (one of the two always reaches 4.5 : 1)."""
        if not self.brand_colour:
            return ""
        on_white = contrast_ratio(self.brand_colour, WHITE)
        on_black = contrast_ratio(self.brand_colour, BLACK)
        return WHITE if on_white >= on_black else BLACK

    @property
    def font_stack(self):
        return FONT_STACKS.get(self.font, "")


class Municipality(models.Model):
    name = models.CharField(_("naam"), max_length=120)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^GM\d{4}$", _("Een CBS-gemeentecode is GM gevolgd door 4 cijfers."))
        ],
        help_text=_("Bijvoorbeeld GM0344 (Utrecht)."),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )
    # The letterhead of the decision letter (referrals.letter).
    logo = models.ImageField(
        _("logo"),
        upload_to="gemeenten/logo/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo_size],
        help_text=_(
            "Voor het briefhoofd van de beschikking: PNG of JPEG, hoogstens 1 MB, "
            "bij voorkeur liggend en ten minste 600 pixels breed."
        ),
    )
    postal_address = models.TextField(
        _("postadres"),
        max_length=300,
        blank=True,
        help_text=_(
            "Voor het briefhoofd en de bezwaarclausule, bijvoorbeeld "
            "'Postbus 16200' en op de volgende regel '3500 CE Utrecht'."
        ),
    )
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    house_style = models.ForeignKey(
        HouseStyle,
        verbose_name=_("huisstijl"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="municipalities",
        help_text=_("De kleuren en het logo op de beschikkingen aan de inwoners van de gemeente."),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.cbs_code})"

    @property
    def postal_address_lines(self):
        return [line.strip() for line in self.postal_address.splitlines() if line.strip()]


def _municipality_field(related_name):
    """The optional municipality of an organisation or a location; a
    municipality that still has them cannot be deleted."""
    return models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )


class Programme(models.Model):
    """A Buitenshuisproject run by one municipality or a regional collaboration."""

    name = models.CharField(_("naam"), max_length=160, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        on_delete=models.PROTECT,
        related_name="programmes",
        null=True,
        blank=True,
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("gemeenten"), related_name="programmes"
    )
    is_active = models.BooleanField(_("actief"), default=True)
    house_style = models.ForeignKey(
        HouseStyle,
        verbose_name=_("huisstijl"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        help_text=_(
            "Het uiterlijk van de schermen voor wie in dit programma werkt, en van de "
            "beschikkingen wanneer de gemeente geen eigen huisstijl heeft."
        ),
    )

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Gemeente")
    ADULT_MENTAL_HEALTH = "ggz", _("Volwassenen-GGZ (FACT/preventie)")
    GGD_CJG = "ggd_cjg", _("GGD / CJG")
    SOCIAL_TEAM = "social_team", _("Sociaal (wijk)team")
    MEE = "mee", _("MEE")
    CHILDCARE = "childcare", _("Kinderopvang / BSO")
    SPORTS_CLUB = "sports_club", _("Sportvereniging")
    YOUTH_WORK = "youth_work", _("Jongerenwerk")
    DISABILITY_CARE = "disability_care", _("Gehandicaptenzorg")
    ADDICTION_CARE = "addiction_care", _("Verslavingszorg")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    JBT = "jbt", _("Jeugdbeschermingstafel")
    POLICE = "police", _("Politie")
    REFUGEE_WORK = "refugee_work", _("Vluchtelingenwerk")
    SCHOOL = "school", _("School")
    YOUTH_CARE = "youth_care", _("Jeugdhulp")
    GP = "gp", _("Huisarts")
    GUARDIAN = "guardian", _("Gecertificeerde instelling (voogdij)")
    RESEARCH = "research", _("Onderzoeksinstituut")
    OTHER = "other", _("Anders")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=160)
    type = models.CharField(_("soort"), max_length=30, choices=OrganisationType.choices)
    municipality = _municipality_field("organisations")
    kvk_number = models.CharField(
        _("KvK-nummer"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Een KvK-nummer bestaat uit 8 cijfers."))],
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "type"], name="unique_organisation_name_type")
        ]

    def __str__(self):
        return self.name


postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?(?!SA|SD|SS)[A-Z]{2}$",
    _("Vul een geldige Nederlandse postcode in, bijvoorbeeld 1234 AB."),
)


class ActivityType(models.TextChoices):
    DAY_CARE = "day_care", _("Kinderdagverblijf")
    AFTER_SCHOOL = "after_school", _("Buitenschoolse opvang (BSO)")
    CHILDMINDER = "childminder", _("Gastouder")
    TODDLER_GROUP = "toddler_group", _("Peuteropvang")
    SPORTS_CLUB = "sports_club", _("Sportvereniging")
    HOMEWORK = "homework", _("Huiswerkbegeleiding")
    YOUTH_CLUB = "youth_club", _("Jongerenclub / jongerenwerk")


# Childcare under the Childcare Act: registered in the national register
# (LRK) with a registration number.
CHILDCARE_TYPES = {
    ActivityType.DAY_CARE,
    ActivityType.AFTER_SCHOOL,
    ActivityType.CHILDMINDER,
    ActivityType.TODDLER_GROUP,
}


class Location(models.Model):
    """A place where an organisation runs activities: a childcare location,
    a childminder, a club. Places for a programme are bought per contract
    (activities.Contract)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="locations",
    )
    name = models.CharField(_("naam"), max_length=160)
    street = models.CharField(_("straat"), max_length=160, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=12, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("plaats"), max_length=120, blank=True)
    municipality = _municipality_field("locations")
    activity_type = models.CharField(
        _("soort activiteit"),
        max_length=20,
        choices=ActivityType.choices,
        default=ActivityType.DAY_CARE,
    )
    lrk_number = models.CharField(
        _("LRK-nummer"),
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(
                r"^\d{9}$",
                _("Een registratienummer in het Landelijk Register Kinderopvang heeft 9 cijfers."),
            )
        ],
        help_text=_("Verplicht voor kinderopvang: dagopvang, BSO, gastouder, peuteropvang."),
    )
    age_min = models.PositiveSmallIntegerField(_("leeftijd vanaf"), default=0)
    age_max = models.PositiveSmallIntegerField(_("leeftijd tot en met"), default=17)

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return f"{self.organisation} - {self.name}"

    def clean(self):
        from django.core.exceptions import ValidationError

        # Every problem at once, several per field if need be: one submit
        # shows them all (a dict of single messages used to hide
        # the second age problem until the first was fixed).
        errors = {}
        if self.activity_type in CHILDCARE_TYPES and not self.lrk_number:
            errors["lrk_number"] = [_("Vul voor kinderopvang het LRK-nummer in (9 cijfers).")]
        for field in ("age_min", "age_max"):
            if getattr(self, field) is not None and getattr(self, field) > 17:
                errors.setdefault(field, []).append(
                    _("Het Buitenshuisproject is voor kinderen tot en met 17 jaar.")
                )
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors.setdefault("age_max", []).append(
                _("De hoogste leeftijd is lager dan de laagste.")
            )
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Projectleider / coördinator")
    POLICY_OFFICER = "policy_officer", _("Beleidsmedewerker")
    LINKING_PIN = "linking_pin", _("Linking pin")
    LOCATION_STAFF = "location_staff", _("Opvangmedewerker / trainer")
    REFERRER = "referrer", _("Verwijzer")
    RESEARCHER = "researcher", _("Onderzoeker")
    ADMINISTRATOR = "administrator", _("Functioneel beheerder")


# Roles whose membership must name a programme; the administrator's works
# for the whole installation, location staff's is tied to a location.
PROGRAMME_ROLES = {
    Role.COORDINATOR,
    Role.POLICY_OFFICER,
    Role.LINKING_PIN,
    Role.LOCATION_STAFF,
    Role.REFERRER,
    Role.RESEARCHER,
}


# Roles whose membership gives access to case data: granting one needs a
# second administrator's approval (accounts.rules.needs_approval).
CASE_DATA_ROLES = PROGRAMME_ROLES


class Approval(models.TextChoices):
    APPROVED = "approved", _("Goedgekeurd")
    PENDING = "pending", _("Wacht op goedkeuring")
    REFUSED = "refused", _("Afgewezen")


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """Memberships that give rights now: active, of an active account,
        and approved (a pending or refused membership grants nothing)."""
        return self.filter(is_active=True, user__is_active=True, approval=Approval.APPROVED)

    def pending(self):
        return self.filter(is_active=True, approval=Approval.PENDING)


class Membership(models.Model):
    """Person x organisation x role x programme: the only source of rights."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    locations = models.ManyToManyField(
        Location,
        verbose_name=_("locaties"),
        related_name="memberships",
        blank=True,
        help_text=_("Voor opvangmedewerkers: de locatie(s) waar zij werken."),
    )
    is_privacy_officer = models.BooleanField(
        _("privacyfunctionaris"),
        default=False,
        help_text=_("Mag het toegangslog inzien (alleen voor functioneel beheerders)."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    approval = models.CharField(
        _("goedkeuring"),
        max_length=10,
        choices=Approval.choices,
        default=Approval.APPROVED,
        help_text=_(
            "Een lidmaatschap met toegang tot dossiers werkt pas na goedkeuring door een "
            "tweede functioneel beheerder."
        ),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "programme"],
                name="unique_membership",
            )
        ]

    def __str__(self):
        parts = [str(self.user), self.get_role_display(), str(self.organisation)]
        if self.programme_id:
            parts.append(str(self.programme))
        return " / ".join(parts)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.role in PROGRAMME_ROLES and not self.programme_id:
            errors["programme"] = _("Deze rol hoort bij een programma; kies er een.")
        if self.is_privacy_officer and self.role != Role.ADMINISTRATOR:
            errors["is_privacy_officer"] = _(
                "Alleen een functioneel beheerder kan privacyfunctionaris zijn."
            )
        if errors:
            raise ValidationError(errors)


def memberships_of(user):
    """The user's current memberships with their programme, organisation and
    locations, fetched once per request: kept on the user object, which
    lives as long as the request. Empty for an anonymous or disabled user.
    The access policy reads rights from these (``access.policy.memberships``).

    Only location staff work at locations (their scope is LOCATION), so only
    their memberships' locations are fetched: every other user's request,
    the great majority, is spared that query."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_bh_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.current()
            .filter(user=user)
            .select_related("programme__house_style", "organisation")
        )
        prefetch_related_objects([m for m in cached if m.role == Role.LOCATION_STAFF], "locations")
        user._bh_memberships = cached
    return cached


class GeocodeCache(models.Model):
    """Answers of the national address service (PDOK Locatieserver) per
    postcode and house number; ``found`` False remembers a miss."""

    query = models.CharField(max_length=40, unique=True)
    found = models.BooleanField(default=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    fetched_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.query
