# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The dashboard and the council report: which level and period a user
asks for, and the indicators (``indicators.indicators_for``) made into
sections for the screen and the PDF: a Dutch label and explanation, the
figures as text, each breakdown as a server-drawn SVG chart with the same
numbers in a table beside it, and for exact figures inside the programme a
link to the list of the rows counted (``monitoring:indicator_rows``, the
same queryset as the figure: ``indicators.figure_rows``).

Levels (ACCESS.md): ``programma`` for whoever has ``Data.MONITORING`` in
a programme (the coordinator and the policy officer the programme, exact;
a linking pin their own caseload); ``gemeente`` (a municipality of the
user's regions), ``regio`` and ``landelijk`` for
whoever has ``Data.COUNCIL_REPORT``: aggregates only, always suppressed,
whole calendar years only."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data, Scope
from buitenshuis.core.formats import euro
from buitenshuis.monitoring import charts, indicators
from buitenshuis.monitoring.indicators import Level, Period
from buitenshuis.organisations.models import Municipality, Programme, Region

# The levels as the query string names them.
PROGRAMME, MUNICIPALITY, REGION, NATIONAL = "programma", "gemeente", "regio", "landelijk"
LEVELS = {
    PROGRAMME: Level.PROGRAMME,
    MUNICIPALITY: Level.MUNICIPALITY,
    REGION: Level.REGION,
    NATIONAL: Level.NATIONAL,
}

# A short explanation per indicator, in Dutch, from its definition
# (docs/indicators.md); the screens and the council report show it.
EXPLANATIONS = {
    "referrals_by_route": gettext_lazy(
        "Het aantal aanmeldingen dat in de periode binnenkwam, per route waarlangs het gezin is "
        "aangemeld. Elke aanmelding is één gezin."
    ),
    "referrals_by_referrer_type": gettext_lazy(
        "Dezelfde aanmeldingen, naar het soort organisatie dat het gezin aanmeldde."
    ),
    "decisions": gettext_lazy(
        "De besluiten die in de periode zijn genomen: toegekend of afgewezen."
    ),
    "time_to_decision": gettext_lazy(
        "Hoeveel dagen het duurde van aanmelding tot besluit (de mediaan), en welk deel van de "
        "besluiten binnen de norm van het programma viel."
    ),
    "time_to_first_day": gettext_lazy(
        "Hoe lang het duurde tot de eerste dag van de activiteit, gerekend vanaf het besluit of, "
        "als het programma eerder start, vanaf intake en toestemming; en welk deel binnen de "
        "startnorm (standaard 48 uur) viel."
    ),
    "provisional_starts": gettext_lazy(
        "Gezinnen van wie een kind al naar de activiteit ging voordat over de aanmelding was "
        "besloten: een voorlopige start na intake en toestemming."
    ),
    "children_by_age_band": gettext_lazy(
        "Kinderen die in de periode minstens één dag een plaatsing hadden, naar leeftijd op de "
        "laatste dag van de periode. Elk kind telt één keer."
    ),
    "children_by_activity_type": gettext_lazy(
        "Dezelfde kinderen, naar het soort activiteit van hun laatst begonnen plaatsing."
    ),
    "minutes_per_family_per_month": gettext_lazy(
        "De tijd die linking pins gemiddeld per gezin per maand aan contact besteedden: alle "
        "minuten contact gedeeld door de maanden dat de trajecten liepen."
    ),
    "network_meetings": gettext_lazy(
        "Netwerkoverleggen die in de periode zijn gehouden, de afspraken die daarbij zijn "
        "gemaakt en de afspraken die zijn nagekomen, met het aantal gezinnen."
    ),
    "goals_reached": gettext_lazy(
        "Doelen van gezinnen die in de periode zijn bereikt, met het aantal gezinnen."
    ),
    "reviews_on_time": gettext_lazy(
        "Evaluaties die in de periode zijn gehouden, en welk deel op of vóór de datum in het "
        "schema van het programma."
    ),
    "closures": gettext_lazy(
        "Trajecten die in de periode zijn afgesloten: hoe het gezin verder ging, de reden van "
        "afsluiten (verhuizen, stoppen, escalatie en uithuisplaatsing zijn vroege stops) en of "
        "een uithuisplaatsing naar het oordeel van de professionals is voorkomen."
    ),
    "training_coverage": gettext_lazy(
        "Op de laatste dag van de periode: welk deel van de linking pins alle verplichte "
        "modules traumasensitief werken heeft afgerond, en welk deel van de locaties minstens "
        "één getrainde medewerker heeft."
    ),
    "overrides": gettext_lazy(
        "Hoe vaak in de periode van een regel is afgeweken: capaciteit, training van locatie of "
        "linking pin, de toewijzingsregel, leeftijd en startmoment van een kind."
    ),
    "budget": gettext_lazy(
        "De kosten die voor de periode zijn vastgelegd (activiteit, uren van de linking pin, "
        "training, min ouderbijdragen) en wat daarvan tot vandaag is besteed."
    ),
    "cost_per_family": gettext_lazy(
        "Alle vastgelegde kosten sinds de start van het programma gedeeld door de gezinnen, en "
        "de kosten van twee kinderen naast de richtlijn van € 34.000 tot € 45.000 per gezin "
        "met twee kinderen over twee jaar."
    ),
}

# The Dutch name of each figure (by its name in the registry).
FIGURE_LABELS = {
    "referrals": gettext_lazy("Aanmeldingen"),
    "decisions": gettext_lazy("Besluiten"),
    "median_days": gettext_lazy("Mediaan in dagen"),
    "within_norm": gettext_lazy("Binnen de norm"),
    "families": gettext_lazy("Gezinnen"),
    "children": gettext_lazy("Kinderen"),
    "minutes": gettext_lazy("Minuten per gezin per maand"),
    "contact_minutes": gettext_lazy("Minuten contact in totaal"),
    "meetings": gettext_lazy("Netwerkoverleggen"),
    "agreements_made": gettext_lazy("Afspraken gemaakt"),
    "agreements_done": gettext_lazy("Afspraken nagekomen"),
    "goals": gettext_lazy("Bereikte doelen"),
    "on_time": gettext_lazy("Op tijd gehouden"),
    "way_on": gettext_lazy("Vervolg"),
    "reason": gettext_lazy("Reden van afsluiten"),
    "out_of_home_prevented": gettext_lazy("Uithuisplaatsing voorkomen"),
    "early_stops": gettext_lazy("Vroege stops"),
    "linking_pins": gettext_lazy("Getrainde linking pins"),
    "locations": gettext_lazy("Locaties met getrainde medewerker"),
    "capacity": gettext_lazy("Capaciteit overschreden"),
    "training_location": gettext_lazy("Locatie zonder getrainde medewerker"),
    "training_linking_pin": gettext_lazy("Linking pin zonder afgeronde training"),
    "assignment_rule": gettext_lazy("Andere linking pin dan de toewijzingsregel"),
    "age": gettext_lazy("Buiten de leeftijden van de locatie"),
    "readiness": gettext_lazy("Start voordat het kind er klaar voor was"),
    "committed": gettext_lazy("Vastgelegd"),
    "provisional": gettext_lazy("Waarvan voorlopige plaatsingen"),
    "spent": gettext_lazy("Besteed tot vandaag"),
    "per_family": gettext_lazy("Per gezin"),
    "two_children": gettext_lazy("Twee kinderen"),
}

NOTES = {
    "below": gettext_lazy("onder de richtlijn van € 34.000 tot € 45.000"),
    "within": gettext_lazy("binnen de richtlijn van € 34.000 tot € 45.000"),
    "above": gettext_lazy("boven de richtlijn van € 34.000 tot € 45.000"),
}

FIRST_YEAR = 2000


# Who may see which level ---------------------------------------------------------


def monitoring_programmes(user):
    """The programmes in which ``user`` has ``Data.MONITORING`` (any scope:
    a linking pin their caseload in it), by name."""
    ids = {
        membership.programme_id
        for membership in policy.memberships(user)
        if membership.programme_id
        and policy.POLICY.get(membership.role, {}).get(Data.MONITORING, {}).get("view")
    }
    return list(Programme.objects.filter(pk__in=ids).order_by("name"))


def report_programmes(user):
    """The programmes whose council report ``user`` may make: those in which
    they see the programme's monitoring exactly (the coordinator and the
    policy officer; not a linking pin's caseload)."""
    ids = {
        membership.programme_id
        for membership in policy.memberships(user)
        if membership.programme_id
        and policy.POLICY.get(membership.role, {}).get(Data.MONITORING, {}).get("view")
        == Scope.PROGRAMME
    }
    return list(Programme.objects.filter(pk__in=ids).order_by("name"))


def user_regions(user):
    """The regions of the user's programmes (and their municipalities)."""
    ids = [m.programme_id for m in policy.memberships(user) if m.programme_id]
    programmes = Programme.objects.filter(pk__in=ids)
    regions = Region.objects.filter(pk__in=programmes.values("region_id")) | Region.objects.filter(
        municipalities__programmes__in=programmes
    )
    return list(regions.distinct().order_by("name"))


def user_municipalities(regions):
    """The municipalities of ``regions`` (the user's), by region and name."""
    return list(
        Municipality.objects.filter(region__in=regions)
        .select_related("region")
        .order_by("region__name", "name")
    )


@dataclass
class Selection:
    """What a page shows: the level, the programme or region (None
    nationally), the period, and the choices offered."""

    level: str  # PROGRAMME, MUNICIPALITY, REGION or NATIONAL
    selection: object
    period: Period
    custom: bool  # a from/to period inside the programme
    programmes: list
    regions: list
    national: bool
    municipalities: list = field(default_factory=list)

    @property
    def published_only(self):
        return self.level != PROGRAMME

    @property
    def name(self):
        if self.level == NATIONAL:
            return _("Landelijk")
        return str(self.selection)

    def query(self, year_only=False, **extra):
        """The query string naming this selection (and ``extra``); with
        ``year_only`` its calendar year, never a from/to period."""
        params = {"niveau": self.level}
        if self.level == PROGRAMME:
            params["programme"] = self.selection.pk
        elif self.level == MUNICIPALITY:
            params["gemeente"] = self.selection.pk
        elif self.level == REGION:
            params["regio"] = self.selection.pk
        if self.custom and not year_only:
            params["van"] = self.period.start.isoformat()
            params["tot"] = self.period.end.isoformat()
        else:
            params["jaar"] = self.period.start.year
        params.update(extra)
        return "?" + urlencode(params)


def _pick(objects, wanted):
    if wanted in (None, ""):
        return objects[0] if objects else None
    for obj in objects:
        if str(obj.pk) == wanted:
            return obj
    raise Http404


def _year(query, today):
    raw = query.get("jaar") or str(today.year)
    try:
        year = int(raw)
    except ValueError:
        raise Http404 from None
    if not FIRST_YEAR <= year <= today.year + 1:
        raise Http404
    return year


def _dates(query):
    """(first, last) from ``?van=&tot=`` (ISO dates), or None."""
    first, last = query.get("van"), query.get("tot")
    if not first or not last:
        return None
    try:
        start, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    except ValueError:
        raise Http404 from None
    if end < start or start.year < FIRST_YEAR:
        raise Http404
    return Period(start, end)


def choose(request, programmes, *, custom_periods=True):
    """The ``Selection`` of ``request``: ``?niveau=programma|regio|landelijk``
    (default: the programme when the user has one in ``programmes``), the
    programme (``?programme=``) or region (``?regio=``) among the user's,
    and the period: ``?jaar=`` (default this year), inside the programme
    also ``?van=&tot=`` when ``custom_periods``. A level the user may not
    see is a 403, a programme or region not theirs a 404."""
    user, query = request.user, request.GET
    above = policy.can(user, "view", Data.COUNCIL_REPORT)
    regions = user_regions(user) if above else []
    level = query.get("niveau") or (PROGRAMME if programmes else REGION if regions else NATIONAL)
    if level not in LEVELS:
        raise Http404
    if level == PROGRAMME and not programmes:
        raise PermissionDenied
    if level != PROGRAMME and not above:
        raise PermissionDenied
    today = timezone.localdate()
    custom = None
    if level == PROGRAMME and custom_periods:
        custom = _dates(query)
    period = custom or Period.year(_year(query, today))
    if level == PROGRAMME:
        selection = _pick(programmes, query.get("programme"))
    elif level == REGION:
        selection = _pick(regions, query.get("regio"))
        if selection is None:
            raise PermissionDenied
    else:
        selection = None
    municipalities = user_municipalities(regions) if regions else []
    if level == MUNICIPALITY:
        selection = _pick(municipalities, query.get("gemeente"))
        if selection is None:
            raise PermissionDenied
    return Selection(
        level, selection, period, bool(custom), programmes, regions, above, municipalities
    )


# Figures as text -----------------------------------------------------------------


def number(value):
    """A count as the screens write it: 1.234, or a suppressed text."""
    if isinstance(value, str):
        return value
    return f"{value:,}".replace(",", ".")


def _decimal(value):
    return str(value).replace(".", ",")


def text_of(name, figure):
    """One figure (not a breakdown) as Dutch text."""
    value = figure.get("value")
    if "part" in figure:  # a share
        if value is None:
            return _("geen gegevens")
        if isinstance(value, str):
            return _("{value} (van {whole})").format(value=value, whole=number(figure["whole"]))
        return _("{percent}% ({part} van {whole})").format(
            percent=round(value * 100), part=number(figure["part"]), whole=number(figure["whole"])
        )
    if "people" in figure:  # a measure
        if value is None:
            return _("geen gegevens")
        shown = value if isinstance(value, str) else _decimal(value)
        unit = _("minuten") if name == "minutes" else _("dagen")
        if isinstance(value, str):
            return _("{value} (over {people})").format(value=shown, people=number(figure["people"]))
        return _("{value} {unit} (over {people})").format(
            value=shown, unit=unit, people=number(figure["people"])
        )
    if "note" in figure:  # an amount
        if value is None:
            return _("geen gegevens")
        shown = value if isinstance(value, str) else euro(value)
        note = NOTES.get(figure["note"])
        text = _("{value} ({families} gezinnen)").format(
            value=shown, families=number(figure["families"])
        )
        return f"{text}; {note}" if note else text
    if "families" in figure:  # events
        return _("{value} (over {families} gezinnen)").format(
            value=number(value), families=number(figure["families"])
        )
    return number(value)


# Sections --------------------------------------------------------------------------


def rows_url(selection, key, name, cell=None):
    """The list of the rows behind a figure (the same period, programme and
    cell), inside the programme only."""
    extra = {"van": selection.period.start.isoformat(), "tot": selection.period.end.isoformat()}
    if cell is not None:
        extra["cel"] = cell
    params = {"programme": selection.selection.pk, **extra}
    url = reverse("monitoring:indicator_rows", kwargs={"key": key, "name": name})
    return f"{url}?{urlencode(params)}"


def _linkable(user, selection, key, name, exact):
    if not exact or selection.level != PROGRAMME:
        return False
    source = indicators.ROW_SOURCES.get(key)
    return source is not None and name in source.fields and policy.can(user, "view", source.data)


def sections(user, selection, rows, *, exact, links=True):
    """The indicators' ``rows`` as sections for a template: per indicator its
    label, explanation and figures; a breakdown with its chart, table rows
    (label, value, link) and total."""
    found = []
    for row in rows:
        key = row["key"]
        figures = []
        for name, figure in row["figures"].items():
            label = FIGURE_LABELS.get(name, name)
            link = links and _linkable(user, selection, key, name, exact)
            if "cells" in figure:
                names = row["labels"].get(name, {})
                cells = [
                    {
                        "label": str(names.get(value, value if value else _("Onbekend"))),
                        "value": number(count),
                        "url": rows_url(selection, key, name, value)
                        if link and value is not None
                        else None,
                    }
                    for value, count in figure["cells"].items()
                ]
                chart_id = f"grafiek-{key}-{name}".replace("_", "-")
                title = f"{row['label']}: {label}"
                figures.append(
                    {
                        "name": name,
                        "label": label,
                        "breakdown": True,
                        "chart": charts.bar_chart(
                            chart_id,
                            title,
                            [
                                (cell["label"], count)
                                for cell, count in zip(cells, figure["cells"].values(), strict=True)
                            ],
                        ),
                        "chart_id": chart_id,
                        "cells": cells,
                        "total": number(figure["total"]),
                        "total_url": rows_url(selection, key, name) if link else None,
                        "withheld": figure["withheld"],
                    }
                )
            else:
                figures.append(
                    {
                        "name": name,
                        "label": label,
                        "breakdown": False,
                        "text": text_of(name, figure),
                    }
                )
        found.append(
            {
                "key": key,
                "label": row["label"],
                "explanation": EXPLANATIONS.get(key, ""),
                "figures": figures,
                "values": any(not figure["breakdown"] for figure in figures),
            }
        )
    return found


def indicator_rows_for(user, selection, *, published):
    """``indicators_for`` over the selection."""
    return indicators.indicators_for(
        user,
        LEVELS[selection.level],
        selection.selection,
        selection.period,
        published=published,
    )
