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
    # When the family was last handed to another linking pin for good
    # (``rules.transfer``): the new linking pin sees it in their work queue.
    transferred_at = models.DateTimeField(_("overgedragen op"), null=True, blank=True)
    # A continuation after two years is an enrolment of its own, decided on
    # like a first one; it points at the enrolment it continues.
    previous = models.ForeignKey(
        "self",
        verbose_name=_("vervolg op"),
        on_delete=models.PROTECT,
        related_name="continuations",
        null=True,
        blank=True,
    )

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
        VIDEO = "video", _("Beeldbellen")
        ACTIVITY = "activity", _("Met de locatie")
        NETWORK = "network", _("Netwerkoverleg")
        OTHER = "other", _("Anders")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="contacts"
    )
    date = models.DateField(_("datum"))
    minutes = models.PositiveIntegerField(_("minuten"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    with_whom = models.CharField(
        _("met wie"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: moeder, beide ouders.")
    )
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
        indexes = [models.Index(fields=["enrolment", "date"], name="contact_enrolment_date")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date}"


# The two years with the family ---------------------------------------------
#
# What the linking pin does between the decision and the closure: network
# meetings and their agreements, goals with progress notes, reviews on the
# programme's schedule, support for the parents, the safety plan, the
# registration in the referral index, and the closure with the way on.
# The rules that write them are in ``casework/rules/`` (one module per
# kind of work).


class ReviewSchedule(models.Model):
    """When a programme's enrolments are reviewed: months after the start
    of the enrolment (0 is the intake). Without a row of its own a
    programme uses ``DEFAULT_REVIEW_MONTHS``."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="review_schedule",
    )
    months = models.JSONField(
        _("evaluatiemomenten (maanden na de start)"),
        default=list,
        help_text=_("Bijvoorbeeld 0, 6, 12, 18, 22: bij de intake, elk half jaar en in maand 22."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluatieschema")
        verbose_name_plural = _("evaluatieschema's")

    def __str__(self):
        return ", ".join(str(month) for month in self.months)


DEFAULT_REVIEW_MONTHS = (0, 6, 12, 18, 22)


class NetworkMeeting(models.Model):
    """A meeting of the people and organisations around the family. Its
    date and participants are contact data (the coordinator reads them);
    the minutes are the linking pin's alone (ACCESS.md). The time spent is
    recorded as a contact of the kind "netwerkoverleg" (``contact``)."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    contact = models.OneToOneField(
        Contact,
        verbose_name=_("contactmoment"),
        on_delete=models.SET_NULL,
        related_name="meeting",
        null=True,
        blank=True,
    )
    minutes_text = models.TextField(_("verslag"), max_length=FREE_TEXT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="meetings_recorded",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("netwerkoverleg")
        verbose_name_plural = _("netwerkoverleggen")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{_('Netwerkoverleg')} {self.date}"


class PartnerKind(models.TextChoices):
    """Who sits around the family (seed 001: the network)."""

    FAMILY = "family", _("Gezin")
    LINKING_PIN = "linking_pin", _("Linking pin")
    ADULT_MENTAL_HEALTH = "adult_mental_health", _("Volwassenen-GGZ")
    ADDICTION_CARE = "addiction_care", _("Verslavingszorg")
    DISABILITY_CARE = "disability_care", _("Gehandicaptenzorg")
    SOCIAL_TEAM = "social_team", _("Sociaal team / wijkteam")
    SCHOOL = "school", _("School")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    LOCATION = "location", _("Opvanglocatie")
    MUNICIPALITY = "municipality", _("Gemeente")
    GP = "gp", _("Huisarts / POH-GGZ")
    OTHER = "other", _("Anders")


class MeetingParticipant(models.Model):
    meeting = models.ForeignKey(
        NetworkMeeting,
        verbose_name=_("netwerkoverleg"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    kind = models.CharField(_("namens"), max_length=24, choices=PartnerKind.choices)
    name = models.CharField(_("naam of functie"), max_length=160, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=160, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["meeting", "pk"]

    def __str__(self):
        return self.name or self.get_kind_display()


class Agreement(models.Model):
    """Who does what by when. An open agreement follows the family until
    it is done or dropped; one that falls to the linking pin waits in their
    work queue."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Gedaan")
        DROPPED = "dropped", _("Vervallen")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="agreements"
    )
    meeting = models.ForeignKey(
        NetworkMeeting,
        verbose_name=_("netwerkoverleg"),
        on_delete=models.SET_NULL,
        related_name="agreements",
        null=True,
        blank=True,
    )
    what = models.CharField(_("afspraak"), max_length=300)
    holder_kind = models.CharField(_("wie"), max_length=24, choices=PartnerKind.choices)
    holder_name = models.CharField(_("naam"), max_length=160, blank=True)
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="agreements_recorded",
    )
    created = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["status", "due_date", "pk"]
        indexes = [models.Index(fields=["enrolment", "status"], name="agreement_enrolment_status")]

    def __str__(self):
        return self.what


class GoalDomain(models.TextChoices):
    CALM_AND_STRUCTURE = "calm", _("Rust en structuur thuis")
    SAFETY = "safety", _("Veiligheid")
    TREATMENT = "treatment", _("Behandeling van de ouder")
    NETWORK = "network", _("Netwerk")
    MONEY = "money", _("Geld")
    PARENTING = "parenting", _("Opvoeding")
    CHILD_WELLBEING = "child", _("Welbevinden van het kind")


class Goal(models.Model):
    """A goal for the family, or for one child or parent in it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Loopt")
        REACHED = "reached", _("Bereikt")
        PARTLY = "partly", _("Deels bereikt")
        NOT_REACHED = "not_reached", _("Niet bereikt")
        DROPPED = "dropped", _("Vervallen")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="goals"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("voor"),
        on_delete=models.CASCADE,
        related_name="goals",
        null=True,
        blank=True,
        help_text=_("Leeg: een doel voor het hele gezin."),
    )
    domain = models.CharField(_("leefgebied"), max_length=12, choices=GoalDomain.choices)
    description = models.CharField(_("doel"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="goals_recorded",
    )
    created = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    reached_on = models.DateField(_("bereikt op"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["enrolment", "pk"]

    def __str__(self):
        return self.description


class GoalNote(models.Model):
    """A note on a goal's progress."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("doel"), on_delete=models.CASCADE, related_name="notes"
    )
    date = models.DateField(_("datum"))
    text = models.TextField(_("voortgang"), max_length=FREE_TEXT_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="goal_notes_written",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voortgangsnotitie")
        verbose_name_plural = _("voortgangsnotities")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.goal} {self.date}"


class Review(models.Model):
    """A review held (evaluatiemoment): the progress per goal and the
    decision to continue, adjust or stop, with the criteria used. Which
    reviews are due follows from the programme's ``ReviewSchedule`` and the
    enrolment's start (``casework.rules.reviews``); ``month`` says
    which moment of the schedule this review is."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Doorgaan")
        ADJUST = "adjust", _("Bijstellen")
        STOP = "stop", _("Stoppen")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="reviews"
    )
    month = models.PositiveSmallIntegerField(_("maand van het schema"))
    held_on = models.DateField(_("gehouden op"))
    outcome = models.CharField(_("besluit"), max_length=10, choices=Outcome.choices)
    criteria = models.TextField(_("gebruikte criteria"), max_length=FREE_TEXT_MAX)
    notes = models.TextField(_("toelichting"), max_length=FREE_TEXT_MAX, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="reviews_recorded",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluatiemoment")
        verbose_name_plural = _("evaluatiemomenten")
        ordering = ["enrolment", "month"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "month"], name="one_review_per_moment")
        ]

    def __str__(self):
        return f"{self.enrolment} {self.month}"


class ReviewProgress(models.Model):
    """One goal's progress as judged at a review."""

    class Progress(models.TextChoices):
        BETTER = "better", _("Vooruit")
        SAME = "same", _("Gelijk")
        WORSE = "worse", _("Achteruit")
        REACHED = "reached", _("Bereikt")

    review = models.ForeignKey(
        Review, verbose_name=_("evaluatiemoment"), on_delete=models.CASCADE, related_name="progress"
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("doel"), on_delete=models.CASCADE, related_name="review_progress"
    )
    progress = models.CharField(_("voortgang"), max_length=10, choices=Progress.choices)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voortgang per doel")
        verbose_name_plural = _("voortgang per doel")
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="one_progress_per_goal")
        ]

    def __str__(self):
        return f"{self.goal}: {self.get_progress_display()}"


class SupportAction(models.Model):
    """Support for the parents, tracked: treatment, parenting support, help
    with money, work, network, a course. ``top3`` is the place in the
    parents' own TOP-3 (the TOP-3 method), when the programme works so."""

    class Kind(models.TextChoices):
        TREATMENT = "treatment", _("Behandeling")
        PARENTING = "parenting", _("Opvoedondersteuning")
        MONEY = "money", _("Hulp bij geld of schulden")
        WORK = "work", _("Werk of dagbesteding")
        NETWORK = "network", _("Netwerk")
        COURSE = "course", _("Cursus of training")
        OTHER = "other", _("Anders")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        RUNNING = "running", _("Loopt")
        DONE = "done", _("Afgerond")
        STOPPED = "stopped", _("Gestopt")

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="support_actions",
    )
    parent = models.ForeignKey(
        Person,
        verbose_name=_("ouder"),
        on_delete=models.CASCADE,
        related_name="support_actions",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("omschrijving"), max_length=300)
    provider = models.CharField(_("door"), max_length=160, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    top3 = models.PositiveSmallIntegerField(
        _("plaats in de TOP-3"),
        null=True,
        blank=True,
        choices=[(1, "1"), (2, "2"), (3, "3")],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="support_actions_recorded",
    )
    created = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ondersteuning van de ouders")
        verbose_name_plural = _("ondersteuning van de ouders")
        ordering = ["top3", "pk"]

    def __str__(self):
        return self.description


class SafetyPlan(models.Model):
    """The family's safety and emergency plan. Each change is a new
    version; the highest ``version`` is the plan in force and the earlier
    ones are kept. The linking pin's alone (ACCESS.md)."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="safety_plans",
    )
    version = models.PositiveIntegerField(_("versie"))
    whom_to_call = models.TextField(_("wie bellen we"), max_length=FREE_TEXT_MAX)
    where_children_go = models.TextField(_("waar gaan de kinderen heen"), max_length=FREE_TEXT_MAX)
    agreed_signals = models.TextField(_("afgesproken signalen"), max_length=FREE_TEXT_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="safety_plans_written",
    )
    created = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("veiligheidsplan")
        verbose_name_plural = _("veiligheidsplannen")
        ordering = ["enrolment", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "version"], name="one_plan_per_version")
        ]

    def __str__(self):
        return f"{self.enrolment} v{self.version}"


class ReferralIndexEntry(models.Model):
    """Whether the linking pin registered a child in the referral index for
    youth at risk (Verwijsindex), and when. Nothing of the registration's
    content is kept here. A registration lapses after two years; the
    linking pin is reminded before."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="referral_index_entries",
    )
    child = models.ForeignKey(
        Person,
        verbose_name=_("kind"),
        on_delete=models.CASCADE,
        related_name="referral_index_entries",
    )
    registered = models.BooleanField(_("geregistreerd in de Verwijsindex"))
    registered_on = models.DateField(_("datum registratie"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Verwijsindex")
        verbose_name_plural = _("Verwijsindex")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "child"], name="one_index_entry_per_child")
        ]

    def __str__(self):
        return f"{self.child}: {self.registered_on or '-'}"


class Closure(models.Model):
    """How the enrolment ended and what comes after (seed 001: the four
    ways on after two years), with the professionals' judgement whether an
    out-of-home placement was prevented."""

    class Reason(models.TextChoices):
        COMPLETED = "completed", _("Twee jaar voltooid")
        MOVED = "moved", _("Verhuisd")
        GOALS_REACHED = "goals_reached", _("Doelen bereikt")
        FAMILY_STOPPED = "family_stopped", _("Gezin is gestopt")
        ESCALATION = "escalation", _("Opgeschaald naar zwaardere hulp")
        OUT_OF_HOME = "out_of_home", _("Uithuisplaatsing")

    class WayOn(models.TextChoices):
        CONTINUE = "continue", _("Ongewijzigd voortzetten")
        CONTRIBUTION = "contribution", _("Voortzetten met een opbouwende ouderbijdrage")
        LIGHTER = "lighter", _("Minder intensief of op initiatief van de ouders")
        REFER = "refer", _("Verwijzen naar andere hulp")
        NONE = "none", _("Geen vervolg")

    class Prevented(models.TextChoices):
        YES = "yes", _("Ja")
        NO = "no", _("Nee")
        UNKNOWN = "unknown", _("Onbekend")

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="closure"
    )
    closed_on = models.DateField(_("afgesloten op"))
    reason = models.CharField(_("reden"), max_length=16, choices=Reason.choices)
    way_on = models.CharField(_("vervolg"), max_length=14, choices=WayOn.choices)
    referred_to = models.CharField(_("verwezen naar"), max_length=200, blank=True)
    out_of_home_prevented = models.CharField(
        _("uithuisplaatsing voorkomen"), max_length=8, choices=Prevented.choices
    )
    explanation = models.TextField(_("toelichting"), max_length=FREE_TEXT_MAX, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgesloten door"),
        on_delete=models.PROTECT,
        related_name="closures_made",
    )
    created = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("afsluiting")
        verbose_name_plural = _("afsluitingen")

    def __str__(self):
        return f"{self.enrolment}: {self.get_way_on_display()}"


class ContributionStep(models.Model):
    """A step of the parental contribution of a continuation: from
    ``starts_on`` the parents pay ``monthly_amount`` a month (built up over
    a schedule)."""

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="contribution_steps",
    )
    starts_on = models.DateField(_("vanaf"))
    monthly_amount = models.DecimalField(_("bedrag per maand"), max_digits=8, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stap van de ouderbijdrage")
        verbose_name_plural = _("stappen van de ouderbijdrage")
        ordering = ["enrolment", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "starts_on"], name="one_contribution_step_per_date"
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gte=0), name="contribution_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.starts_on}: {self.monthly_amount}"


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
for _model in (
    NetworkMeeting,
    Agreement,
    Goal,
    Review,
    SupportAction,
    SafetyPlan,
    ReferralIndexEntry,
    Closure,
    ContributionStep,
):
    register(_model, programme="enrolment__family__programme", family="enrolment__family")
register(
    MeetingParticipant,
    programme="meeting__enrolment__family__programme",
    family="meeting__enrolment__family",
)
register(GoalNote, programme="goal__enrolment__family__programme", family="goal__enrolment__family")
register(
    ReviewProgress,
    programme="review__enrolment__family__programme",
    family="review__enrolment__family",
)
register(ReviewSchedule, programme="programme")


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
