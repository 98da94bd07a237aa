# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A programme's capacity: how many places its families hold, against a
maximum number of families or a budget ceiling (``ProgrammeSettings``).

A family holds a place while its enrolment is accepted and running, and
also before the decision when a higher app says so: the activities app
registers its provisional placements (the start before the decision counts
against capacity) with ``register_place_holder`` in its ``AppConfig.ready``,
so this module needs no import from above."""

from decimal import Decimal

from django.db.models import Q

from buitenshuis.casework.models import Enrolment
from buitenshuis.programmes.models import CapacityKind, ProgrammeSettings

# Enrolments that hold a place: accepted and not yet closed.
HOLDING_PLACE = [Enrolment.Status.ACTIVE]
# Enrolments not yet decided on: they hold a place only through a
# registered place holder (a provisional placement).
UNDECIDED = [Enrolment.Status.REFERRED, Enrolment.Status.INTAKE]

_PLACE_HOLDERS = []


def register_place_holder(enrolment_ids):
    """Register ``enrolment_ids()``: a callable returning the ids (a
    ``values("enrolment_id")`` queryset) of undecided enrolments that hold a
    place all the same."""
    if enrolment_ids not in _PLACE_HOLDERS:
        _PLACE_HOLDERS.append(enrolment_ids)
    return enrolment_ids


def holding_place(enrolments):
    """The enrolments of the queryset ``enrolments`` that hold a place:
    accepted and running, or still undecided with a registered place holder
    (a provisional placement that has not ended)."""
    condition = Q(status__in=HOLDING_PLACE)
    for enrolment_ids in _PLACE_HOLDERS:
        condition |= Q(status__in=UNDECIDED, pk__in=enrolment_ids())
    return enrolments.filter(condition)


def holds_place(enrolment):
    return holding_place(Enrolment.objects.filter(pk=enrolment.pk)).exists()


def capacity(programme):
    """(used, limit, unit) of the programme's capacity; unit is 'families'
    or 'budget' (euros). Provisionally placed families count."""
    settings = ProgrammeSettings.for_programme(programme)
    holding = holding_place(Enrolment.objects.filter(family__programme=programme)).count()
    if settings.capacity_kind == CapacityKind.BUDGET:
        return holding * settings.cost_per_family, settings.budget_ceiling, "budget"
    return holding, settings.max_families, "families"


def has_capacity(programme, enrolment=None):
    """Is there room for one more family? A family that already holds a
    place (``enrolment``, e.g. provisionally placed) needs no new one."""
    if enrolment is not None and holds_place(enrolment):
        return True
    used, limit, unit = capacity(programme)
    step = ProgrammeSettings.for_programme(programme).cost_per_family if unit == "budget" else 1
    return Decimal(used) + Decimal(step) <= Decimal(limit)
