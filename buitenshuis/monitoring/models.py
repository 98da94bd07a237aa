# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The monitoring app's tables: the summary tables of the indicators
here, the other kinds in their own modules (imported here so that Django
finds them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from buitenshuis.monitoring.models_exports import FeedToken
from buitenshuis.monitoring.models_questionnaires import (
    Answer,
    Instrument,
    Invitation,
    Item,
    Moment,
    Respondent,
    Response,
    Scale,
)
from buitenshuis.monitoring.models_research import FreeText, ResearchExport

__all__ = [
    "Answer",
    "ContactMonthSummary",
    "FeedToken",
    "FreeText",
    "IndicatorCount",
    "Instrument",
    "Invitation",
    "Item",
    "Moment",
    "Respondent",
    "Response",
    "ResearchExport",
    "Scale",
    "SummaryMark",
]

# Indicators: summary tables ----------------------------------------------------
#
# Aggregating the raw contact table nationally takes seconds at 10 million
# contacts; the national and regional indicators read this summary instead
# (``monitoring.summaries``, ``docs/indicators.md``). One row per programme x
# municipality (the family's) x calendar month x kind of contact, kept up to
# date in the transaction that writes a contact and rebuilt in full by
# ``manage.py rebuild_monitoring_summaries``.


class ContactMonthSummary(models.Model):
    """The contacts of one programme's families living in one municipality,
    of one kind, in one calendar month. Figures only, never a row."""

    programme = models.ForeignKey(
        "organisations.Programme",
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    month = models.DateField(_("maand"))  # the first day of the month
    kind = models.CharField(_("soort"), max_length=20)
    contacts = models.PositiveIntegerField(_("contactmomenten"), default=0)
    minutes = models.PositiveBigIntegerField(_("minuten"), default=0)
    # Families with a contact of this kind in the month: does not add up
    # over kinds (a family with a visit and a call counts in both).
    families = models.PositiveIntegerField(_("gezinnen"), default=0)

    class Meta:
        verbose_name = _("contactmomenten per maand")
        verbose_name_plural = _("contactmomenten per maand")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality", "month", "kind"],
                name="contact_month_summary_cell",
            )
        ]
        indexes = [models.Index(fields=["month", "municipality"], name="contact_summary_month")]

    def __str__(self):
        return f"{self.municipality_id} {self.month:%Y-%m} {self.kind}"


class IndicatorCount(models.Model):
    """One additive part of one indicator's figures, for one programme's
    families living in one municipality (``municipality`` None: the
    programme as a whole, for the programme-wide indicators) in one
    calendar year: a count, a sum, a histogram bar (``indicators``:
    each figure's ``parts``). The figures of a municipality, a region or
    the country are the sums of these rows (``monitoring.indicator_summary``)."""

    programme = models.ForeignKey(
        "organisations.Programme",
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    indicator = models.CharField(_("indicator"), max_length=40)
    # "<figure>:<component>", e.g. "referrals:c.school", "median_days:h.37".
    part = models.CharField(_("deel"), max_length=80)
    value = models.BigIntegerField(_("waarde"))

    class Meta:
        verbose_name = _("deel van een indicator")
        verbose_name_plural = _("delen van indicatoren")
        indexes = [
            models.Index(fields=["year", "indicator"], name="indicator_count_year"),
            models.Index(fields=["programme", "year"], name="indicator_count_programme"),
            models.Index(fields=["municipality", "year"], name="indicator_count_place"),
        ]

    def __str__(self):
        return (
            f"{self.programme_id}/{self.municipality_id} {self.year} {self.indicator} {self.part}"
        )


class SummaryMark(models.Model):
    """A programme's year whose ``IndicatorCount`` rows are out of date: set
    in the transaction of every write that changes a figure, cleared by
    ``manage.py refresh_monitoring_summaries`` once it has recomputed them."""

    programme = models.ForeignKey(
        "organisations.Programme",
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    marked_at = models.DateTimeField(_("gewijzigd op"))

    class Meta:
        verbose_name = _("te herberekenen jaar")
        verbose_name_plural = _("te herberekenen jaren")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"], name="summary_mark_programme_year"
            )
        ]

    def __str__(self):
        return f"{self.programme_id} {self.year}"
