# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The summary tables the indicators above programme level read, so that a
national or regional dashboard never aggregates raw rows on request
(``docs/indicators.md``, "National scale").

``ContactMonthSummary`` holds, per programme x municipality x month x kind,
the contacts, minutes and families. It is kept up to date in the same
transaction as the contact: a signal on every save or delete of a
``casework.Contact`` (whatever wrote it: the rule, the admin, the demo)
recomputes the one or two cells the contact was and is in, from the raw
rows of that one municipality and month. The cell's row is locked first
(``select_for_update``), so two contacts written at once in the same cell
are counted one after the other: under READ COMMITTED the second
recomputation sees the first's contact once that has committed. Nothing
needs a scheduler; a new contact is in the figures the moment it is saved.

A family that moves to another municipality (or programme) takes its
contacts along: a signal on ``casework.Family`` recomputes the cells of its
contacts' months in the old and the new place.

Rows written around the signals (``bulk_create`` by the bench's generator,
``QuerySet.update``, raw SQL) are repaired by
``manage.py rebuild_monitoring_summaries``, which recomputes the whole
table in one grouped query.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_save, pre_save

from buitenshuis.casework.models import Contact, Enrolment, Family
from buitenshuis.core.dates import add_months
from buitenshuis.monitoring.models import ContactMonthSummary


def _month(day):
    return day.replace(day=1)


def _cell_of(enrolment_id, day, kind):
    """(programme id, municipality id, month, kind) of a contact."""
    programme_id, municipality_id = (
        Enrolment.objects.filter(pk=enrolment_id)
        .values_list("family__programme_id", "family__municipality_id")
        .get()
    )
    return programme_id, municipality_id, _month(day), kind


def refresh_cell(programme_id, municipality_id, month, kind):
    """Recompute one summary cell from the raw contacts."""
    with transaction.atomic():
        row, _created = ContactMonthSummary.objects.select_for_update().get_or_create(
            programme_id=programme_id, municipality_id=municipality_id, month=month, kind=kind
        )
        found = Contact.objects.filter(
            enrolment__family__programme_id=programme_id,
            enrolment__family__municipality_id=municipality_id,
            date__gte=month,
            date__lt=add_months(month, 1),
            kind=kind,
        ).aggregate(
            contacts=Count("pk"),
            minutes=Sum("minutes"),
            families=Count("enrolment__family_id", distinct=True),
        )
        if not found["contacts"]:
            row.delete()
            return
        row.contacts = found["contacts"]
        row.minutes = found["minutes"] or 0
        row.families = found["families"]
        row.save(update_fields=["contacts", "minutes", "families"])


def _remember_old_cell(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._monitoring_old_cell = None
        return
    old = Contact.objects.filter(pk=instance.pk).values_list("enrolment_id", "date", "kind").first()
    instance._monitoring_old_cell = _cell_of(*old) if old else None


def _contact_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    cells = {_cell_of(instance.enrolment_id, instance.date, instance.kind)}
    old = getattr(instance, "_monitoring_old_cell", None)
    if old is not None:
        cells.add(old)
    for cell in sorted(cells, key=str):
        refresh_cell(*cell)


def _contact_deleted(sender, instance, **kwargs):
    try:
        cell = _cell_of(instance.enrolment_id, instance.date, instance.kind)
    except Enrolment.DoesNotExist:  # deleted with its enrolment: rebuild repairs
        return
    refresh_cell(*cell)


def _remember_old_place(sender, instance, raw=False, **kwargs):
    instance._monitoring_old_place = None
    if raw or instance.pk is None:
        return
    instance._monitoring_old_place = (
        Family.objects.filter(pk=instance.pk).values_list("programme_id", "municipality_id").first()
    )


def _family_saved(sender, instance, raw=False, **kwargs):
    old = getattr(instance, "_monitoring_old_place", None)
    new = (instance.programme_id, instance.municipality_id)
    if raw or old is None or tuple(old) == new:
        return
    moments = set(
        Contact.objects.filter(enrolment__family_id=instance.pk)
        .annotate(month=TruncMonth("date"))
        .values_list("month", "kind")
        .distinct()
    )
    for month, kind in sorted(moments):
        for programme_id, municipality_id in (old, new):
            refresh_cell(programme_id, municipality_id, _as_date(month), kind)


def connect():
    """Called by ``MonitoringConfig.ready``."""
    pre_save.connect(_remember_old_place, sender=Family, dispatch_uid="monitoring_family_old")
    post_save.connect(_family_saved, sender=Family, dispatch_uid="monitoring_family_saved")
    pre_save.connect(_remember_old_cell, sender=Contact, dispatch_uid="monitoring_contact_old")
    post_save.connect(_contact_saved, sender=Contact, dispatch_uid="monitoring_contact_saved")
    post_delete.connect(_contact_deleted, sender=Contact, dispatch_uid="monitoring_contact_deleted")


@transaction.atomic
def rebuild_contact_summary():
    """Recompute the whole contact summary from the raw contacts in one
    grouped query; returns the number of cells."""
    ContactMonthSummary.objects.all().delete()
    grouped = (
        Contact.objects.annotate(month=TruncMonth("date"))
        .values(
            "enrolment__family__programme_id",
            "enrolment__family__municipality_id",
            "month",
            "kind",
        )
        .annotate(
            contacts=Count("pk"),
            minutes=Sum("minutes"),
            families=Count("enrolment__family_id", distinct=True),
        )
        .order_by()
    )
    rows = [
        ContactMonthSummary(
            programme_id=cell["enrolment__family__programme_id"],
            municipality_id=cell["enrolment__family__municipality_id"],
            month=_as_date(cell["month"]),
            kind=cell["kind"],
            contacts=cell["contacts"],
            minutes=cell["minutes"] or 0,
            families=cell["families"],
        )
        for cell in grouped.iterator(chunk_size=5000)
    ]
    ContactMonthSummary.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value
