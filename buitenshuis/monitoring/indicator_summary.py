# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The indicators above programme level, from summary rows: a national
dashboard must not aggregate raw rows on request (``docs/indicators.md``,
"National scale").

Writing. For every programme and calendar year, the indicators are
computed by their one definition (``indicators``) over each municipality's
part of the programme (its families living there) and, for the
programme-wide ones (training, and nationally the budget), over the
programme as a whole; each figure is taken apart into additive ``parts``
and stored as ``IndicatorCount`` rows. A write that changes a figure marks
its programme's year (``SummaryMark``, in the same transaction: signals
below); ``manage.py refresh_monitoring_summaries``, run every minute,
recomputes the marked years. The contact figures never wait for it: the
minutes are read from ``ContactMonthSummary``, which the contact's own
transaction keeps current (``monitoring.summaries``).

Reading. A municipality's, region's or the country's figures are the sums
of the parts of its rows (one grouped query), put together again by each
figure's ``from_parts`` with the figures of an empty selection as the
template; then published (suppressed) as any figure leaving the case
workers. A figure computed this way equals the one computed from the raw
rows, except a median time, which is that of the times rounded to the hour
(``tests/test_indicator_summary.py`` compares the two).

Reading many places at once (``read_places``): the figures of every region
(or of every municipality of one region) in one grouped query over the rows
and one over the contact summary, for the geographic suppression
(``monitoring.geography``), which needs a place's neighbours.
"""

import datetime
import threading
import time
from collections import OrderedDict, defaultdict
from functools import cache

from django.db import transaction
from django.db.models import Case, F, IntegerField, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save, pre_delete
from django.utils import timezone

from buitenshuis.activities.models import Contract
from buitenshuis.casework.models import Family, Person
from buitenshuis.monitoring import indicators
from buitenshuis.monitoring.indicators import FAMILY, REGISTRY, Context, Level, Period
from buitenshuis.monitoring.models import ContactMonthSummary, IndicatorCount, SummaryMark
from buitenshuis.organisations.models import Membership, Municipality, Programme
from buitenshuis.programmes.models import Budget, BudgetShare, ProgrammeSettings
from buitenshuis.referrals.models import Referral
from buitenshuis.training.models import TrainingRecord, TrainingSession

# Programme-wide indicators that a municipality's part of a programme has
# (its share of the budget); nationally the programme's whole is taken.
SPLIT_BY_MUNICIPALITY = ("budget", "cost_per_family")
MINUTES = "minutes_per_family_per_month"
FIRST_YEAR = 2000


def part_keys():
    """The indicators stored per programme x municipality."""
    return [
        key
        for key, item in REGISTRY.items()
        if not item.programme_wide or key in SPLIT_BY_MUNICIPALITY
    ]


def whole_keys():
    """The indicators stored per programme as a whole."""
    return [key for key, item in REGISTRY.items() if item.programme_wide]


@cache
def template():
    """The figures of an empty selection: each figure's type, cells and
    labels (no query)."""
    return indicators.compute(Context(Level.PROGRAMME, None, Period.year(2000), empty=True))


# Writing ----------------------------------------------------------------------------


def _rows(programme_id, municipality_id, year, found):
    for key, figures in found.items():
        for name, figure in figures.items():
            for part, value in figure.parts().items():
                if value:
                    yield IndicatorCount(
                        programme_id=programme_id,
                        municipality_id=municipality_id,
                        year=year,
                        indicator=key,
                        part=f"{name}:{part}",
                        value=value,
                    )


def years_of(programme_id, today=None):
    """The years a programme has figures for: from its first referral's
    year to next year (budgets are made ahead)."""
    today = today or timezone.localdate()
    first = Referral.objects.filter(programme_id=programme_id).aggregate(first=Min("received_at"))[
        "first"
    ]
    start = timezone.localtime(first).year if first else today.year
    return range(max(start, FIRST_YEAR), today.year + 2)


def refresh_programme(programme_id, years=None, memo=None):
    """Recompute the programme's rows of ``years`` (default: every year it
    has figures for) from the raw rows; returns the number of rows."""
    years = list(years_of(programme_id) if years is None else years)
    memo = {} if memo is None else memo
    places = sorted(
        set(
            Family.objects.filter(programme_id=programme_id)
            .values_list("municipality_id", flat=True)
            .distinct()
        )
        - {None}
    )
    written = 0
    for year in years:
        period = Period.year(year)
        rows = []
        for municipality_id in places:
            context = Context(
                Level.MUNICIPALITY, municipality_id, period, programme_id=programme_id, memo=memo
            )
            found = indicators.compute(context, part_keys())
            rows += _rows(programme_id, municipality_id, year, found)
        whole = Context(Level.PROGRAMME, programme_id, period, memo=memo)
        rows += _rows(programme_id, None, year, indicators.compute(whole, whole_keys()))
        with transaction.atomic():
            IndicatorCount.objects.filter(programme_id=programme_id, year=year).delete()
            IndicatorCount.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    return written


def refresh_marked():
    """Recompute every marked year and clear its mark, unless it was marked
    again meanwhile; returns the (programme, year) pairs done."""
    marks = list(SummaryMark.objects.values_list("pk", "programme_id", "year", "marked_at"))
    by_programme = defaultdict(list)
    for _pk, programme_id, year, _at in marks:
        by_programme[programme_id].append(year)
    for programme_id, years in sorted(by_programme.items()):
        refresh_programme(programme_id, sorted(years))
    for pk, _programme_id, _year, marked_at in marks:
        SummaryMark.objects.filter(pk=pk, marked_at=marked_at).delete()
    return [(programme_id, year) for _pk, programme_id, year, _at in marks]


def rebuild_all(progress=None):
    """Recompute every programme's rows of every year (after a bulk load, or
    nightly, so that what the day changed by itself, such as the spending up
    to today, is current); returns the number of rows."""
    started = timezone.now()
    written = 0
    for programme_id in Programme.objects.order_by("pk").values_list("pk", flat=True):
        written += refresh_programme(programme_id)
        if progress:
            progress(programme_id, written)
    SummaryMark.objects.filter(marked_at__lte=started).delete()
    return written


# Reading ----------------------------------------------------------------------------


def read(level, pk, period, keys=None):
    """{key: {name: Figure}} of ``level`` (municipality, region or national)
    and ``pk`` for the calendar year of ``period``, from the summary rows:
    one grouped query over the rows, one over the contact summary."""
    level = Level(level)
    year = period.start.year
    wanted = [key for key in REGISTRY if keys is None or key in keys]
    if level == Level.NATIONAL:
        from_parts = [key for key in wanted if not REGISTRY[key].programme_wide]
        place = Q(municipality__isnull=False)
        programmes = Q()
    else:
        from_parts = [
            key
            for key in wanted
            if not REGISTRY[key].programme_wide or key in SPLIT_BY_MUNICIPALITY
        ]
        place = _place_of(level, pk)
        programmes = _programmes_of_place(place, year)
    from_wholes = [key for key in wanted if key not in from_parts]
    rows = IndicatorCount.objects.filter(year=year).filter(
        (place & Q(indicator__in=from_parts))
        | (Q(municipality__isnull=True) & programmes & Q(indicator__in=from_wholes))
    )
    sums = defaultdict(lambda: defaultdict(dict))
    for key, part, value in (
        rows.values_list("indicator", "part").annotate(value=Sum("value")).order_by()
    ):
        name, component = part.split(":", 1)
        sums[key][name][component] = value
    if MINUTES in wanted:
        minutes = _minutes(level, pk, period)
        sums[MINUTES]["minutes"]["total"] = minutes
        sums[MINUTES]["contact_minutes"]["n"] = minutes
    return _figures(sums, wanted)


NO_REGION = 0  # the municipalities without a region, as one place
WHOLES = -1  # the programmes as a whole (the national budget), and contacts without a place
EVERY_REGION = object()


def _place():
    """The place of a row: its municipality's region (``NO_REGION``), or
    ``WHOLES`` for a row of no municipality."""
    return Case(
        When(municipality__isnull=True, then=Value(WHOLES)),
        default=Coalesce("municipality__region_id", Value(NO_REGION)),
        output_field=IntegerField(),
    )


def read_places(period, keys, region=EVERY_REGION, municipalities=None):
    """The figures of many places at once, for the calendar year of
    ``period``: one grouped query over the rows (without the histograms of
    the medians: their people are enough here) and one over the contact
    summary.

    - ``region`` left out: ``({region id or NO_REGION: figures}, the
      country's figures)``; the country's are the places' sums, its budget
      that of the programmes as a whole (as ``read`` gives them).
    - ``region`` a region's id, or ``NO_REGION``: ``({municipality id:
      figures}, None)`` for the municipalities of that region (the ids in
      ``municipalities`` when the caller has them).

    Only the indicators stored per municipality (``part_keys``) of
    ``keys``; a place without rows is left out.

    The figures are kept in the process for ``COUNTRY_SECONDS``, as long as
    no refresh wrote rows (the highest row id is the same): every region's
    (what a municipality's page needs to know of the country's table) take
    a grouped query over the whole year's rows of the country. So the
    contact minutes in them may be up to a minute old; a place's own
    figures (``read``) never are."""
    year = period.start.year
    wanted = [key for key in part_keys() if key in keys]
    version = (
        year,
        tuple(wanted),
        "country" if region is EVERY_REGION else region,
        tuple(municipalities) if municipalities is not None else None,
        IndicatorCount.objects.aggregate(v=Max("pk"))["v"],
    )
    with _LOCK:
        kept = _COUNTRY.get(version)
    if kept and time.monotonic() - kept[0] < COUNTRY_SECONDS:
        return kept[1]
    found = _read_places(period, wanted, region, municipalities)
    with _LOCK:
        _COUNTRY[version] = (time.monotonic(), found)
        while len(_COUNTRY) > 64:
            _COUNTRY.pop(next(iter(_COUNTRY)))
    return found


# The places' figures, by (year, indicators, place, highest row id): (when, figures).
_COUNTRY = {}
COUNTRY_SECONDS = 60


def _read_places(period, wanted, region, municipalities):
    year = period.start.year
    split = [key for key in wanted if key in SPLIT_BY_MUNICIPALITY]
    rows = IndicatorCount.objects.filter(year=year).exclude(part__contains=":h.")
    minutes = ContactMonthSummary.objects.filter(
        month__gte=period.start.replace(day=1), month__lte=period.end
    )
    if region is EVERY_REGION:
        rows = rows.filter(
            Q(municipality__isnull=False, indicator__in=wanted)
            | Q(municipality__isnull=True, indicator__in=split)
        ).annotate(place=_place())
        minutes = minutes.annotate(place=_place())
    else:
        if municipalities is None:
            inside = Q(region__isnull=True) if region == NO_REGION else Q(region_id=region)
            municipalities = Municipality.objects.filter(inside).values_list("pk", flat=True)
        # A list, not a subquery: the rows are then read by their place's index.
        municipalities = list(municipalities)
        rows = rows.filter(indicator__in=wanted, municipality__in=municipalities).annotate(
            place=F("municipality_id")
        )
        minutes = minutes.filter(municipality__in=municipalities).annotate(
            place=F("municipality_id")
        )
    counted = tuple(
        rows.values_list("place", "indicator", "part").annotate(value=Sum("value")).order_by()
    )
    timed = ()
    if MINUTES in wanted:
        timed = tuple(minutes.values_list("place").annotate(total=Sum("minutes")).order_by())
    # The same rows give the same figures: kept for the next page (the
    # country's are read for every municipality's page).
    memo = (region is EVERY_REGION, region, tuple(wanted), counted, timed)
    with _LOCK:
        if memo in _PLACES:
            _PLACES.move_to_end(memo)
            return _PLACES[memo]
    found = _places(counted, timed, wanted, split, region is EVERY_REGION)
    with _LOCK:
        _PLACES[memo] = found
        while len(_PLACES) > 64:
            _PLACES.popitem(last=False)
    return found


_PLACES = OrderedDict()
_LOCK = threading.Lock()


def _places(counted, timed, wanted, split, every_region):
    sums = defaultdict(lambda: defaultdict(lambda: defaultdict(dict)))
    for place, key, part, value in counted:
        name, component = part.split(":", 1)
        sums[place][key][name][component] = value
    for place, total in timed:
        sums[place][MINUTES]["minutes"]["total"] = total
        sums[place][MINUTES]["contact_minutes"]["n"] = total
    national = None
    if every_region:
        national = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        for place, found in sums.items():
            whole = place == WHOLES
            for key, figures in found.items():
                # The budget of the programmes as a whole; everything else
                # from the places; the minutes of contacts without a place too.
                if whole != (key in split) and not (whole and key == MINUTES):
                    continue
                for name, parts in figures.items():
                    for component, value in parts.items():
                        national[key][name][component] += value
        national = _figures(national, wanted)
    places = {place: _figures(found, wanted) for place, found in sums.items() if place != WHOLES}
    return places, national


def _figures(sums, wanted):
    """The figures of ``wanted`` from the sums of their parts
    ({key: {name: {component: sum}}}), each put together by its class."""
    shapes = template()
    return {
        key: {
            name: type(shape).from_parts(sums[key][name], shape)
            for name, shape in shapes[key].items()
        }
        for key in wanted
    }


def _programmes_of_place(place, year):
    """The programmes of a place (``place``: a condition on the
    municipality), as subqueries: those serving it, and any with families
    living there that year."""
    serving = Programme.municipalities.through.objects.filter(place).values("programme_id")
    living = IndicatorCount.objects.filter(place, year=year).values("programme_id")
    return Q(programme_id__in=serving) | Q(programme_id__in=living)


def _place_of(level, pk):
    """The condition on a summary row's municipality for a selection: one
    municipality, the municipalities of a region, or the country (none)."""
    if level == Level.MUNICIPALITY:
        return Q(municipality_id=pk)
    if level == Level.REGION:
        return Q(municipality__region_id=pk)
    return Q()


def _minutes(level, pk, period):
    """The period's contact minutes of the selection, from the contact
    summary (current with every contact)."""
    return (
        ContactMonthSummary.objects.filter(
            _place_of(level, pk), month__gte=period.start.replace(day=1), month__lte=period.end
        ).aggregate(total=Sum("minutes"))["total"]
        or 0
    )


# Marking -------------------------------------------------------------------------------


def _programmes_of(instance):
    """The programmes whose figures a write of ``instance`` may change."""
    model = type(instance)
    if model in FAMILY:
        path = FAMILY[model]
        return set(
            model._default_manager.filter(pk=instance.pk).values_list(
                f"{path}__programme_id", flat=True
            )
        )
    if model is Person:
        return set(
            Family.objects.filter(pk=instance.family_id).values_list("programme_id", flat=True)
        )
    if model is BudgetShare:
        return set(
            Budget.objects.filter(pk=instance.budget_id).values_list("programme_id", flat=True)
        )
    if model is TrainingRecord:
        return set(
            Membership.objects.filter(user_id=instance.user_id).values_list(
                "programme_id", flat=True
            )
        )
    return {instance.programme_id}


def _years_of(instance, today):
    """This year, and the year of every date on the instance (a placement's
    start and end, a review's day, ...)."""
    years = {today.year}
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
        if isinstance(value, datetime.date):
            years.add(value.year)
    return {year for year in years if FIRST_YEAR <= year <= today.year + 1}


def mark(programme_ids, years):
    """Mark the programmes' years as out of date (an upsert per pair)."""
    now = timezone.now()
    marks = [
        SummaryMark(programme_id=programme_id, year=year, marked_at=now)
        for programme_id in programme_ids
        if programme_id is not None
        for year in years
    ]
    if marks:
        SummaryMark.objects.bulk_create(
            marks,
            update_conflicts=True,
            unique_fields=["programme", "year"],
            update_fields=["marked_at"],
        )


def _written(sender, instance, raw=False, **kwargs):
    if raw:
        return
    mark(_programmes_of(instance), _years_of(instance, timezone.localdate()))


# The models whose rows change a figure: those the indicators count (by the
# family they are about), the people (ages), and what the programme-wide
# indicators read. Contacts are not here: their minutes are read live.
MARKED = [
    *(model for model in FAMILY),
    Family,
    Person,
    Membership,
    TrainingRecord,
    Contract,
    Budget,
    BudgetShare,
    TrainingSession,
    ProgrammeSettings,
]


def connect():
    """Called by ``MonitoringConfig.ready``."""
    for model in MARKED:
        uid = f"indicator_summary_{model._meta.label_lower}"
        post_save.connect(_written, sender=model, dispatch_uid=uid + "_saved")
        pre_delete.connect(_written, sender=model, dispatch_uid=uid + "_deleted")
