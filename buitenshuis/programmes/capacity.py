# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A programme's capacity: how many places its families hold, against the
year's budget (``programmes.budget``) or, without one, a maximum number of
families or a budget ceiling (``ProgrammeSettings``).

A family holds a place while its enrolment is accepted and running, and
also before the decision when a higher app says so: the activities app
registers its provisional placements (the start before the decision counts
against capacity) with ``register_place_holder`` in its ``AppConfig.ready``,
so this module needs no import from above."""

from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buitenshuis.casework.models import Enrolment
from buitenshuis.programmes import budget
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


def holding_counter(programme):
    """The number of families holding a place, in the programme or, given
    a municipality id, in that municipality (for a split budget)."""

    def count(municipality_id=None):
        enrolments = Enrolment.objects.filter(family__programme=programme)
        if municipality_id is not None:
            enrolments = enrolments.filter(family__municipality_id=municipality_id)
        return holding_place(enrolments).count()

    return count


def budget_room(programme, enrolment=None, day=None):
    """``budget.room`` for one more family (of ``enrolment``'s
    municipality) on ``day`` (today), or None without a budget that year."""
    day = day or timezone.localdate()
    municipality_id = None
    if enrolment is not None:
        municipality_id = (
            Enrolment.objects.filter(pk=enrolment.pk)
            .values_list("family__municipality_id", flat=True)
            .first()
        )
    return budget.room(programme, day, municipality_id, holding_counter(programme))


def capacity(programme, enrolment=None, day=None):
    """(used, limit, unit) of the programme's capacity; unit is 'families'
    or 'budget' (euros). With a budget for ``day``'s year (today) the
    budget decides (``programmes.budget``: committed cost against the
    amount, or families against the fixed number, the municipality's share
    of a split budget for ``enrolment``'s family); otherwise the settings'
    maximum number of families or budget ceiling. Provisionally placed
    families count."""
    room = budget_room(programme, enrolment, day)
    if room is not None:
        return room.used, room.limit, room.unit
    settings = ProgrammeSettings.for_programme(programme)
    holding = holding_counter(programme)()
    if settings.capacity_kind == CapacityKind.BUDGET:
        return holding * settings.cost_per_family, settings.budget_ceiling, "budget"
    return holding, settings.max_families, "families"


FULL = _("De capaciteit van het programma is bereikt.")


def capacity_refusal(programme, enrolment=None, day=None):
    """Why one more family does not fit (a Dutch sentence), or None. A
    family that already holds a place (``enrolment``, e.g. provisionally
    placed) needs no new one. Every decision and provisional start asks
    this (``referrals.rules``)."""
    if enrolment is not None and holds_place(enrolment):
        return None
    room = budget_room(programme, enrolment, day)
    if room is not None:
        return room.refusal
    settings = ProgrammeSettings.for_programme(programme)
    used, limit, unit = capacity(programme, day=day)
    step = settings.cost_per_family if unit == "budget" else 1
    if Decimal(used) + Decimal(step) <= Decimal(limit):
        return None
    return str(FULL)


def has_capacity(programme, enrolment=None, day=None):
    """Is there room for one more family? (``capacity_refusal`` is None.)"""
    return capacity_refusal(programme, enrolment, day) is None
