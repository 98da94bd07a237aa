# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Distances from the family's address to locations, and the municipality
an address lies in, through the Dutch national address service (PDOK
Locatieserver). Distances are cached in the database. Without network the
distance or municipality is unknown and nothing breaks.

Tests replace ``fetch`` and ``fetch_municipality`` with recorded answers
(tests/pdok/*.json and tests/pdok/gemeente/*.json)."""

import http.client
import json
import logging
import math
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from buitenshuis.organisations.models import GeocodeCache

log = logging.getLogger(__name__)
PDOK_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
POINT = re.compile(r"POINT\(([-0-9.]+) ([-0-9.]+)\)")
# After a failed call, do not ask again for this many seconds: a page with
# twenty locations must not wait twenty timeouts when the network is down.
OFFLINE_BACKOFF = 60
_offline_until = 0.0


def reset():
    """Forget an earlier failure (for tests)."""
    global _offline_until
    _offline_until = 0.0


def cache_key(postcode, house_number):
    number = re.match(r"\d+", str(house_number or "").strip())
    return f"{(postcode or '').replace(' ', '').upper()}-{number.group(0) if number else ''}"


def fetch(postcode, house_number):
    """Ask PDOK for one address; returns the parsed JSON, or raises OSError
    when the service cannot be reached."""
    query = urllib.parse.urlencode(
        {
            "q": f"postcode:{postcode.replace(' ', '')} AND huisnummer:{house_number}",
            "fq": "type:adres",
            "fl": "centroide_ll",
            "rows": 1,
        }
    )
    timeout = getattr(settings, "GEOCODER_TIMEOUT", 3)
    with urllib.request.urlopen(f"{PDOK_URL}?{query}", timeout=timeout) as response:
        return json.load(response)


def parse(answer):
    """(latitude, longitude) from a PDOK answer, or None when not found."""
    response = answer.get("response") if isinstance(answer, dict) else None
    docs = response.get("docs") if isinstance(response, dict) else None
    if not docs or not isinstance(docs[0], dict):
        return None
    match = POINT.match(str(docs[0].get("centroide_ll", "")).strip())
    if not match:
        return None
    longitude, latitude = float(match.group(1)), float(match.group(2))
    return latitude, longitude


def _ask(question):
    """The Locatieserver's answer to ``question()``, or None: while the
    service is paused, when it cannot be reached (it is then paused for
    OFFLINE_BACKOFF seconds) or when what came back is not its answer."""
    global _offline_until
    if time.monotonic() < _offline_until:
        return None
    try:
        answer = question()
    except (OSError, urllib.error.URLError, http.client.HTTPException, ValueError) as error:
        log.info("PDOK Locatieserver not reachable: %s", error)
        _offline_until = time.monotonic() + OFFLINE_BACKOFF
        return None
    if not isinstance(answer, dict) or not isinstance(answer.get("response"), dict):
        log.info("PDOK Locatieserver gave an unexpected answer")
        return None
    return answer


def coordinates(postcode, house_number):
    """(latitude, longitude) of an address, or None when unknown (not found,
    or the service unreachable: then nothing is cached, so it is asked again
    later)."""
    key = cache_key(postcode, house_number)
    if not key or key.endswith("-"):
        return None
    cached = GeocodeCache.objects.filter(query=key).first()
    if cached is not None:
        return (cached.latitude, cached.longitude) if cached.found else None
    if not getattr(settings, "GEOCODER_ENABLED", True):
        return None
    number = key.split("-", 1)[1]
    answer = _ask(lambda: fetch(postcode, number))
    if answer is None:
        # Not reached, or not an answer of the Locatieserver: remember nothing.
        return None
    point = parse(answer)
    GeocodeCache.objects.update_or_create(
        query=key,
        defaults={
            "found": point is not None,
            "latitude": point[0] if point else None,
            "longitude": point[1] if point else None,
        },
    )
    return point


# The municipality of an address -----------------------------------------


def fetch_municipality(postcode, house_number):
    """Ask PDOK in which municipality an address lies: the address itself
    (postcode and house number) when it exists, else the postcode alone.
    Returns the parsed JSON of the last question asked, or raises OSError
    when the service cannot be reached."""
    timeout = getattr(settings, "GEOCODER_TIMEOUT", 3)
    compact = postcode.replace(" ", "").upper()
    questions = []
    if house_number:
        questions.append(
            {"q": f"postcode:{compact} AND huisnummer:{house_number}", "fq": "type:adres"}
        )
    questions.append({"q": f"postcode:{compact}", "fq": "type:postcode"})
    answer = None
    for question in questions:
        query = urllib.parse.urlencode({**question, "fl": "gemeentecode,gemeentenaam", "rows": 1})
        with urllib.request.urlopen(f"{PDOK_URL}?{query}", timeout=timeout) as response:
            answer = json.load(response)
        if parse_municipality(answer) is not None:
            break
    return answer


GEMEENTECODE = re.compile(r"^\d{4}$")


def parse_municipality(answer):
    """``("GM0344", "Utrecht")`` from a PDOK answer, or None when the answer
    names no municipality (PDOK's ``gemeentecode`` has 4 digits; the CBS
    code of a Municipality is "GM" and those digits)."""
    response = answer.get("response") if isinstance(answer, dict) else None
    docs = response.get("docs") if isinstance(response, dict) else None
    if not docs or not isinstance(docs[0], dict):
        return None
    code = str(docs[0].get("gemeentecode", "")).strip()
    if not GEMEENTECODE.match(code):
        return None
    return f"GM{code}", str(docs[0].get("gemeentenaam", "")).strip()


ANSWERED_UNKNOWN = "unknown"


def municipality_of(postcode, house_number=""):
    """The municipality of an address as ``(cbs_code, name)``;
    ``ANSWERED_UNKNOWN`` when the service answered but does not know the
    postcode; None when the service did not answer (switched off,
    unreachable, or an answer that is not the Locatieserver's)."""
    if not postcode or not getattr(settings, "GEOCODER_ENABLED", True):
        return None
    number = re.match(r"\d+", str(house_number or "").strip())
    answer = _ask(lambda: fetch_municipality(postcode, number.group(0) if number else ""))
    if answer is None:
        return None
    return parse_municipality(answer) or ANSWERED_UNKNOWN


def distance_km(a, b):
    """Great-circle distance in kilometres between two (lat, lon) points,
    or None when either is unknown."""
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))
