# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The family's case record: the family, its members and its enrolment
(traject), with the linking pin who is responsible for it.

Every model here keeps its change history (django-simple-history: who, when,
before and after)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buitenshuis.access import policy
from buitenshuis.access.policy import register
from buitenshuis.audit import log
from buitenshuis.audit.models import AccessLogSubject
from buitenshuis.casework import protected
from buitenshuis.core.validators import FREE_TEXT_MAX, validate_name, validate_phone
from buitenshuis.organisations.models import Municipality, Programme, postcode_validator


class Family(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programma"), on_delete=models.PROTECT, related_name="families"
    )
    reference = models.CharField(
        _("kenmerk"),
        max_length=20,
        unique=True,
        help_text=_("Een kenmerk zonder persoonsgegevens, bijvoorbeeld BH-2026-0001."),
    )
    family_name = models.CharField(_("gezinsnaam"), max_length=120, validators=[validate_name])
    street = models.CharField(_("straat"), max_length=160, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=12)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    city = models.CharField(_("plaats"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("woongemeente"),
        on_delete=models.PROTECT,
        related_name="families",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.PROTECT,
        related_name="families_entered",
        null=True,
        blank=True,
    )
    created = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gezin")
        verbose_name_plural = _("gezinnen")
        ordering = ["reference"]

    def __str__(self):
        return self.reference

    def access_log_subject(self):
        """What the access log records when this family is shown."""
        return AccessLogSubject(
            kind=AccessLogSubject.Kind.FAMILY, object_id=self.pk, family_id=self.pk
        )


class ProblemCategory(models.TextChoices):
    KOPP = "kopp", _("Psychiatrische problemen (KOPP)")
    KOV = "kov", _("Verslaving (KOV)")
    KOVB = "kovb", _("(Licht) verstandelijke beperking (KOVB)")
    OTHER = "other", _("Anders kwetsbaar gezin")


class Person(models.Model):
    class Kind(models.TextChoices):
        PARENT = "parent", _("Ouder / verzorger")
        CHILD = "child", _("Kind")

    family = models.ForeignKey(
        Family, verbose_name=_("gezin"), on_delete=models.CASCADE, related_name="members"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    first_name = models.CharField(_("voornaam"), max_length=80, validators=[validate_name])
    last_name = models.CharField(_("achternaam"), max_length=120, validators=[validate_name])
    # Required for children (their age decides consent and the activity); a
    # referrer may not know a parent's, and the intake completes it.
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    # How to reach a parent ("People can be reached").
    phone = models.CharField(
        _("telefoonnummer"), max_length=30, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("e-mailadres"), max_length=254, blank=True)
    interpreter_needed = models.BooleanField(_("tolk nodig"), default=False)
    interpreter_language = models.CharField(_("taal van de tolk"), max_length=60, blank=True)
    problem_categories = models.JSONField(
        _("problematiek"),
        default=list,
        blank=True,
        help_text=_("Alleen bij ouders: KOPP, KOV, KOVB of anders."),
    )
    has_parental_authority = models.BooleanField(
        _("heeft gezag"),
        default=True,
        help_text=_("Alleen bij ouders: ouder met gezag over de kinderen."),
    )
    # The citizen service number, encrypted; see casework.protected.
    bsn_encrypted = models.TextField(_("BSN (versleuteld)"), blank=True, editable=False)
    bsn_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    history = HistoricalRecords(excluded_fields=["bsn_encrypted", "bsn_hash"])

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["family", "kind", "date_of_birth"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def access_log_subject(self):
        """What the access log records when this person is shown: the
        person, and the family they belong to."""
        return AccessLogSubject(
            kind=AccessLogSubject.Kind.PERSON, object_id=self.pk, family_id=self.family_id
        )

    def age_on(self, day):
        """Age in whole years on ``day``; None when the date of birth is not
        known (only possible for a parent)."""
        if self.date_of_birth is None:
            return None
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years

    @property
    def age(self):
        return self.age_on(timezone.localdate())

    def set_bsn(self, value):
        if value:
            self.bsn_encrypted = protected.encrypt(value)
            self.bsn_hash = protected.lookup_hash(value)
        else:
            self.bsn_encrypted = self.bsn_hash = ""

    @property
    def masked_bsn(self):
        return protected.mask(protected.decrypt(self.bsn_encrypted)) if self.bsn_encrypted else ""


def whole_months(start, day):
    """Whole months from ``start`` to ``day`` (0 within the first month)."""
    months = (day.year - start.year) * 12 + day.month - start.month
    return months - 1 if day.day < start.day else months


class EnrolmentQuerySet(models.QuerySet):
    def responsible(self, user, at=None):
        """Enrolments this user is responsible for as linking pin: assigned,
        or handed over to them for a period that includes ``at``."""
        at = at or timezone.now()
        # One subquery of ids, a UNION of two indexed lookups, rather than a
        # join (duplicates to remove) or "linking_pin = user OR pk IN
        # (handovers)": PostgreSQL cannot use an index for that OR, guesses
        # that half the country's enrolments match and then hash-joins whole
        # tables (placements, signals, people) on every page a linking pin
        # opens; see bench/README.md.
        assigned = Enrolment.objects.filter(linking_pin=user).order_by().values("pk")
        handed_over = (
            Handover.objects.current(at).filter(to_user=user).order_by().values("enrolment_id")
        )
        return self.filter(pk__in=assigned.union(handed_over))


class Enrolment(models.Model):
    """A family's two years (traject)."""

    class Status(models.TextChoices):
        REFERRED = "referred", _("Aangemeld")
        INTAKE = "intake", _("In intake")
        ACTIVE = "active", _("Lopend")
        CLOSED = "closed", _("Afgesloten")
        REJECTED = "rejected", _("Afgewezen")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    family = models.ForeignKey(
        Family, verbose_name=_("gezin"), on_delete=models.CASCADE, related_name="enrolments"
    )
    linking_pin = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linking pin"),
        on_delete=models.PROTECT,
        related_name="enrolments",
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REFERRED
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    first_activity_date = models.DateField(_("eerste dag van de activiteit"), null=True, blank=True)

    history = HistoricalRecords()
    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-start_date", "pk"]
        indexes = [
            # "Waiting for a linking pin" (the coordinator's queue) joins a
            # programme's referrals to their enrolments without one. Without
            # this index PostgreSQL read every unassigned enrolment of the
            # country (8.7 ms at 300,000 families); with it, one probe per
            # referral of the programme (0.5 ms; bench/README.md).
            models.Index(
                fields=["id"],
                condition=models.Q(linking_pin__isnull=True),
                name="enrolment_without_pin",
            ),
        ]

    def __str__(self):
        return f"{self.family} ({self.get_status_display()})"

    def month_on(self, day):
        """(month, months) while the enrolment runs on ``day``: month 1 from
        the start date, of as many months as the enrolment lasts ("maand 7
        van 24"); None before the start, after the end or without dates."""
        if self.start_date is None or self.end_date is None:
            return None
        if not self.start_date <= day <= self.end_date:
            return None
        months = max(whole_months(self.start_date, self.end_date), 1)
        return min(whole_months(self.start_date, day) + 1, months), months


class HandoverQuerySet(models.QuerySet):
    def current(self, at=None):
        """Handovers running at ``at`` (now by default): the stand-in counts
        as responsible from ``starts`` up to, not including, ``ends``."""
        at = at or timezone.now()
        return self.filter(starts__lte=at, ends__gt=at)


def current_enrolment(family):
    """The family's enrolment the case is about now: the latest (a family
    has one per referral), with its linking pin; None before there is one."""
    return family.enrolments.select_related("linking_pin").order_by("-pk").first()


class Handover(models.Model):
    """A temporary handover of an enrolment to another linking pin (holiday,
    illness). During the period the other linking pin counts as 'own'."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="handovers"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("waarnemer"),
        on_delete=models.PROTECT,
        related_name="handovers_received",
    )
    starts = models.DateTimeField(_("van"))
    ends = models.DateTimeField(_("tot"))
    reason = models.CharField(_("reden"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = HandoverQuerySet.as_manager()

    class Meta:
        verbose_name = _("waarneming")
        verbose_name_plural = _("waarnemingen")

    def __str__(self):
        return f"{self.enrolment} -> {self.to_user}"

    @property
    def first_day(self):
        """The first day of the period (it starts at midnight)."""
        return timezone.localtime(self.starts).date()

    @property
    def last_day(self):
        """The last whole day of the period (it ends at the midnight after)."""
        return (timezone.localtime(self.ends) - datetime.timedelta(microseconds=1)).date()


class Contact(models.Model):
    """A contact moment of the linking pin with the family or its network.
    The date, minutes and kind are visible to the coordinator; the notes are
    for the responsible linking pin only (ACCESS.md)."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("Huisbezoek")
        PHONE = "phone", _("Telefonisch")
        ACTIVITY = "activity", _("Op de activiteit")
        NETWORK = "network", _("Netwerkoverleg")
        OTHER = "other", _("Anders")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="contacts"
    )
    date = models.DateField(_("datum"))
    minutes = models.PositiveIntegerField(_("minuten"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    notes = models.TextField(_("verslag"), max_length=FREE_TEXT_MAX, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="contacts_written",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


# How the access policy reaches these rows (buitenshuis.access.policy).
# A referrer sees what they entered "until decided": while no enrolment of
# the family has been decided on (or withdrawn).
_STARTED = [
    Enrolment.Status.ACTIVE,
    Enrolment.Status.CLOSED,
    Enrolment.Status.REJECTED,
    Enrolment.Status.WITHDRAWN,
]
register(
    Family,
    programme="programme",
    family="",
    entered_by="created_by",
    entered_while=~Q(enrolments__status__in=_STARTED),
)


# Location staff see a child from this many days before its first day
# ("The location sees a child before the first day"); keep equal to
# activities.models.ARRIVING_DAYS.
ARRIVING_DAYS = 14


def _placed_now_or_arriving():
    """Placed now, or arriving within ARRIVING_DAYS: the placement has not
    ended (nor been ended by a rejection) and starts within the window. One
    Q, so the conditions hold for one and the same placement."""
    today = timezone.localdate()
    return Q(
        placements__start_date__lte=today + datetime.timedelta(days=ARRIVING_DAYS),
        placements__end_date__gte=today,
        placements__ended_at__isnull=True,
    ) & Q(placements__end_date__gte=F("placements__start_date"))


register(
    Person,
    programme="family__programme",
    family="family",
    entered_by="family__created_by",
    entered_while=~Q(family__enrolments__status__in=_STARTED),
    # Location staff see a child while placed at their location, and from
    # two weeks before its first day.
    location="placements__location",
    location_while=_placed_now_or_arriving,
)
register(Enrolment, programme="family__programme", family="family")
register(Contact, programme="enrolment__family__programme", family="enrolment__family")


def own_families(user, at):
    """The ids of the families ``user`` is responsible for as linking pin
    at ``at`` (assigned, or handed over to them): the access policy's OWN
    scope. Two indexed lookups: as one ``id IN (a UNION b)`` PostgreSQL
    hash-joined every enrolment at 20,000 families (bench/README.md)."""
    assigned = Enrolment.objects.filter(linking_pin=user).values_list("family_id", flat=True)
    handed_over = (
        Handover.objects.current(at)
        .filter(to_user=user)
        .values_list("enrolment__family_id", flat=True)
    )
    return {*assigned, *handed_over}


policy.register_own_families(own_families)
log.register_family_model(Family)
