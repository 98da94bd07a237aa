# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Geocoding through the PDOK Locatieserver with a cache, on recorded
answers (tests/pdok/*.json). No test reaches the network: the autouse
fixture in conftest.py turns the geocoder off, and tests that turn it on
replace ``geocoding.fetch``."""

import json
from pathlib import Path

import pytest

from buitenshuis.organisations import geocoding
from buitenshuis.organisations.models import GeocodeCache

PDOK = Path(__file__).parent / "pdok"


def recorded_answer(postcode, house_number):
    path = PDOK / f"{geocoding.cache_key(postcode, house_number)}.json"
    if not path.exists():
        path = PDOK / "not_found.json"
    return json.loads(path.read_text())


class RecordedFetch:
    """A stand-in for ``geocoding.fetch`` that answers from tests/pdok and
    counts its calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, postcode, house_number):
        self.calls.append((postcode, house_number))
        return recorded_answer(postcode, house_number)


def offline_fetch(postcode, house_number):
    raise OSError("Network is unreachable")


@pytest.fixture
def geocoder(settings, monkeypatch):
    """The geocoder on, answering from the recorded answers."""
    settings.GEOCODER_ENABLED = True
    geocoding.reset()
    fetch = RecordedFetch()
    monkeypatch.setattr(geocoding, "fetch", fetch)
    yield fetch
    geocoding.reset()


@pytest.fixture
def offline(settings, monkeypatch):
    """The geocoder on, but the network down."""
    settings.GEOCODER_ENABLED = True
    geocoding.reset()
    calls = []

    def fetch(postcode, house_number):
        calls.append((postcode, house_number))
        return offline_fetch(postcode, house_number)

    monkeypatch.setattr(geocoding, "fetch", fetch)
    yield calls
    geocoding.reset()


def test_the_recorded_answers_have_the_locatieserver_shape():
    for path in PDOK.glob("*.json"):
        answer = json.loads(path.read_text())
        assert set(answer) == {"response"}
        assert {"numFound", "docs"} <= set(answer["response"])


def test_cache_key_normalises_postcode_and_house_number():
    assert geocoding.cache_key("3581 kp", "10A") == "3581KP-10"
    assert geocoding.cache_key("3581KP", " 10 ") == "3581KP-10"
    assert geocoding.cache_key("", "") == "-"


def test_parse_reads_longitude_then_latitude():
    latitude, longitude = geocoding.parse(recorded_answer("3581 KP", "10"))
    assert (latitude, longitude) == (52.08785, 5.13061)


@pytest.mark.parametrize(
    "answer",
    [None, [], {}, {"response": None}, {"response": {"docs": [{}]}}, {"response": {"docs": ["x"]}}],
)
def test_parse_survives_odd_answers(answer):
    assert geocoding.parse(answer) is None


@pytest.mark.django_db
def test_coordinates_come_from_pdok_once_then_from_the_cache(geocoder):
    first = geocoding.coordinates("3581 KP", "10")
    second = geocoding.coordinates("3581KP", "10")
    assert first == second == (52.08785, 5.13061)
    assert len(geocoder.calls) == 1
    cached = GeocodeCache.objects.get(query="3581KP-10")
    assert cached.found and cached.latitude == 52.08785


@pytest.mark.django_db
def test_an_unknown_address_is_cached_as_not_found(geocoder):
    assert geocoding.coordinates("9999 ZZ", "1") is None
    assert geocoding.coordinates("9999 ZZ", "1") is None
    assert len(geocoder.calls) == 1
    assert GeocodeCache.objects.get(query="9999ZZ-1").found is False


@pytest.mark.django_db
def test_offline_the_distance_is_unknown_and_nothing_is_cached(offline):
    assert geocoding.coordinates("3581 KP", "10") is None
    assert not GeocodeCache.objects.exists()
    # The network stays down: the next addresses do not wait for it again.
    assert geocoding.coordinates("3582 AB", "5") is None
    assert len(offline) == 1


@pytest.mark.django_db
def test_after_the_network_returns_the_address_is_asked_again(offline, monkeypatch):
    assert geocoding.coordinates("3581 KP", "10") is None
    geocoding.reset()
    monkeypatch.setattr(geocoding, "fetch", RecordedFetch())
    assert geocoding.coordinates("3581 KP", "10") == (52.08785, 5.13061)


@pytest.mark.django_db
def test_an_unexpected_answer_is_not_cached(geocoder, monkeypatch):
    monkeypatch.setattr(geocoding, "fetch", lambda postcode, number: {"error": "busy"})
    assert geocoding.coordinates("3581 KP", "10") is None
    assert not GeocodeCache.objects.exists()


@pytest.mark.django_db
def test_switched_off_the_geocoder_uses_the_cache_only(monkeypatch):
    def fail(postcode, house_number):
        raise AssertionError("the network was asked")

    monkeypatch.setattr(geocoding, "fetch", fail)
    assert geocoding.coordinates("3581 KP", "10") is None
    GeocodeCache.objects.create(query="3581KP-10", found=True, latitude=52.1, longitude=5.1)
    assert geocoding.coordinates("3581 KP", "10") == (52.1, 5.1)


@pytest.mark.django_db
def test_no_house_number_means_unknown(geocoder):
    assert geocoding.coordinates("3581 KP", "") is None
    assert geocoder.calls == []


def test_the_whole_suite_runs_without_the_geocoder(settings):
    assert settings.GEOCODER_ENABLED is False


def test_distance_km():
    home = (52.08785, 5.13061)
    near = (52.0957, 5.13412)
    far = (52.07108, 5.09541)
    assert round(geocoding.distance_km(home, near), 1) == 0.9
    assert round(geocoding.distance_km(home, far), 1) == 3.0
    # Utrecht Centraal to Amsterdam Centraal, about 35 km as the crow flies.
    assert 34 < geocoding.distance_km((52.0894, 5.1101), (52.3789, 4.9003)) < 36
    assert geocoding.distance_km(home, None) is None
