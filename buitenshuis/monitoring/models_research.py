# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A research export: requested by a programme's coordinator, released by
them after the k-anonymity report, downloaded by the programme's
researchers until it expires (docs/research-export.md).

The file (a ZIP with the data and its codebook) is built once, when it is
requested, so that the report the coordinator confirms is the report of
the file the researcher receives. It holds pseudonymised data only and is
deleted from the database once the export has expired."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.access.policy import register
from buitenshuis.organisations.models import Programme


class FreeText(models.TextChoices):
    EXCLUDED = "excluded", _("Weglaten")
    DEDUCE = "deduce", _("Opnemen, ontdaan van persoonsgegevens met Deduce")


class ResearchExport(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Aangevraagd")
        RELEASED = "released", _("Vrijgegeven")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        related_name="research_exports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="research_exports_requested",
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    free_text = models.CharField(
        _("vrije tekst"), max_length=10, choices=FreeText.choices, default=FreeText.EXCLUDED
    )
    generalised = models.BooleanField(
        _("extra gegeneraliseerd"),
        default=False,
        help_text=_("Leeftijd in klassen en geen postcodecijfers, alleen de gemeente."),
    )
    codebook_version = models.CharField(_("versie codeboek"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    # The k-anonymity report over the quasi-identifiers, made with the file.
    k = models.PositiveSmallIntegerField(_("k"), default=5)
    rows = models.PositiveIntegerField(_("rijen"), default=0)
    families = models.PositiveIntegerField(_("gezinnen"), default=0)
    classes = models.PositiveIntegerField(_("klassen"), default=0)
    smallest_class = models.PositiveIntegerField(_("kleinste klasse"), default=0)
    rows_below_k = models.PositiveIntegerField(_("rijen in klassen kleiner dan k"), default=0)
    # The same report over questionnaires.csv (codebook version 2;
    # research.KReport.as_dict()); empty for an export of version 1.
    questionnaire_report = models.JSONField(
        _("k-anonimiteit van de vragenlijsten"), default=dict, blank=True, editable=False
    )
    # The families whose data went into the file, for the access log only
    # (never in the file, never shown to the researcher).
    family_ids = models.JSONField(default=list, editable=False)
    content = models.BinaryField(_("bestand"), null=True, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vrijgegeven door"),
        on_delete=models.PROTECT,
        related_name="research_exports_released",
        null=True,
        blank=True,
    )
    released_at = models.DateTimeField(_("vrijgegeven op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("te downloaden tot"), null=True, blank=True)
    downloads = models.PositiveIntegerField(_("keren gedownload"), default=0)

    class Meta:
        verbose_name = _("onderzoeksexport")
        verbose_name_plural = _("onderzoeksexports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Onderzoeksexport #{self.pk}"

    @property
    def released(self):
        return self.status == self.Status.RELEASED

    def is_expired(self, now=None):
        return self.expires_at is not None and (now or timezone.now()) >= self.expires_at

    @property
    def below_k(self):
        return self.rows_below_k > 0

    @property
    def questionnaires_below_k(self):
        return self.questionnaire_report.get("rows_in_classes_below_k", 0) > 0

    @property
    def filename(self):
        return f"onderzoeksexport-{self.pk}-{self.requested_at:%Y%m%d}.zip"


register(ResearchExport, programme="programme")
