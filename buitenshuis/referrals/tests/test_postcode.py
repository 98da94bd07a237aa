# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A postcode must lie in the chosen municipality. When the
national address service (PDOK Locatieserver) answers, a postcode outside
it is refused at the postcode field and nothing is stored; when it does not
answer, the referral is accepted and ``manage.py recheck_postcodes`` asks
again later, with a warning for the coordinator when the check fails.

Recorded answers: organisations/tests/pdok/gemeente/*.json. No test reaches
the network (conftest.py turns the geocoder off; these tests replace the
fetch functions)."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.organisations import geocoding
from buitenshuis.organisations.tests.factories import MunicipalityFactory
from buitenshuis.referrals.models import PostcodeCheck, Referral
from buitenshuis.referrals.tests.test_entry import counts, payload
from buitenshuis.referrals.workqueue import postcode_items

ANSWERS = Path(geocoding.__file__).parent / "tests" / "pdok" / "gemeente"


def recorded_answer(postcode, house_number):
    """What PDOK answers for the address, else for the postcode alone."""
    compact = postcode.replace(" ", "").upper()
    for name in (f"{compact}-{house_number}.json", f"{compact}.json", "not_found.json"):
        if (ANSWERS / name).exists():
            return json.loads((ANSWERS / name).read_text())
    raise AssertionError("not_found.json is missing")


@pytest.fixture
def utrecht(world):
    """Programme A's municipality is Utrecht (CBS code GM0344)."""
    municipality = world.programme.municipalities.first()
    municipality.name, municipality.cbs_code = "Utrecht", "GM0344"
    municipality.save()
    return municipality


@pytest.fixture
def pdok(settings, monkeypatch):
    """The address service on, answering from the recorded answers."""
    settings.GEOCODER_ENABLED = True
    geocoding.reset()
    calls = []

    def fetch(postcode, house_number):
        calls.append((postcode, house_number))
        return recorded_answer(postcode, house_number)

    monkeypatch.setattr(geocoding, "fetch_municipality", fetch)
    yield calls
    geocoding.reset()


@pytest.fixture
def offline(settings, monkeypatch):
    """The address service on, but the network down."""
    settings.GEOCODER_ENABLED = True
    geocoding.reset()

    def fetch(postcode, house_number):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(geocoding, "fetch_municipality", fetch)
    yield
    geocoding.reset()


def address(world, postcode, house_number, **changes):
    return payload(world, postcode=postcode, house_number=house_number, **changes)


def postcode_error(page):
    found = re.search(r'id="id_postcode_error">([^<]*)<', page)
    return found.group(1) if found else ""


def test_answered_and_inside_is_accepted(world, utrecht, pdok, sign_in):
    client = sign_in(world.users["referrer"])
    response = client.post(reverse("referrals:create"), address(world, "3581kp", "10"))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.postcode_check == PostcodeCheck.MATCHED
    assert referral.postcode_found_municipality == "Utrecht"
    assert referral.postcode_checked_at is not None
    assert pdok == [("3581 KP", "10")]


def test_answered_and_outside_the_programme_is_refused(world, utrecht, pdok, sign_in):
    client = sign_in(world.users["referrer"])
    before = counts()
    log_before = AccessLogEntry.objects.count()
    response = client.post(reverse("referrals:create"), address(world, "3701 AB", "1"))
    assert response.status_code == 200
    page = response.content.decode()
    message = postcode_error(page)
    assert message.startswith(
        "Postcode 3701 AB ligt volgens de landelijke adresgegevens in de gemeente Zeist. "
        "Die gemeente hoort niet bij dit programma (Utrecht)."
    )
    assert "De aanmelding is niet opgeslagen." in page
    assert '<a class="utrecht-link" href="#id_postcode">Postcode: Postcode 3701 AB' in page
    assert counts() == before
    assert AccessLogEntry.objects.count() == log_before  # no lookup, nothing stored


def test_answered_and_in_another_municipality_of_the_programme(world, utrecht, pdok, sign_in):
    world.programme.municipalities.add(MunicipalityFactory(name="Zeist", cbs_code="GM0355"))
    client = sign_in(world.users["referrer"])
    before = counts()
    page = client.post(reverse("referrals:create"), address(world, "3701 AB", "1")).content.decode()
    assert postcode_error(page) == (
        "Postcode 3701 AB ligt volgens de landelijke adresgegevens in de gemeente Zeist, niet "
        "in Utrecht. Kies de juiste woongemeente of controleer de postcode."
    )
    assert counts() == before


def test_unknown_to_the_service_is_accepted_with_a_warning(world, utrecht, pdok, sign_in):
    client = sign_in(world.users["referrer"])
    response = client.post(reverse("referrals:create"), address(world, "9999 ZZ", "1"))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.postcode_check == PostcodeCheck.NOT_FOUND
    assert postcode_items(world.users["coordinator"])[0].count == 1


def test_no_answer_is_accepted_and_marked_unchecked(world, utrecht, offline, sign_in):
    client = sign_in(world.users["referrer"])
    response = client.post(reverse("referrals:create"), address(world, "3701 AB", "1"))
    assert response.status_code == 302
    assert response.url == reverse("referrals:mine")
    referral = Referral.objects.get()
    assert referral.postcode_check == PostcodeCheck.PENDING
    assert referral.postcode_checked_at is None
    # Not checked is no failure: nothing waits for the coordinator yet.
    assert postcode_items(world.users["coordinator"])[0].count == 0
    page = (
        sign_in(world.users["coordinator"])
        .get(reverse("referrals:detail", args=[referral.pk]))
        .content.decode()
    )
    assert "De postcode is nog niet gecontroleerd" in page
    assert "Postcode past niet bij de gemeente." not in page


def _pending(world, sign_in, postcode, house_number, first_name="Sam"):
    client = sign_in(world.users["referrer"])
    client.post(
        reverse("referrals:create"),
        address(world, postcode, house_number, kind1__first_name=first_name),
        follow=True,
    )
    return Referral.objects.get(family__postcode=postcode)


def test_recheck_later_marks_failure_and_warns_the_coordinator(
    world, utrecht, sign_in, settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    settings.GEOCODER_ENABLED = True
    geocoding.reset()
    monkeypatch.setattr(
        geocoding, "fetch_municipality", lambda *a: (_ for _ in ()).throw(OSError())
    )
    outside = _pending(world, sign_in, "3701 AB", "1")
    inside = _pending(world, sign_in, "3581 KP", "10", first_name="Noor")
    assert {outside.postcode_check, inside.postcode_check} == {PostcodeCheck.PENDING}

    # Still no answer: still pending, nobody told.
    geocoding.reset()
    out = io.StringIO()
    call_command("recheck_postcodes", stdout=out)
    assert "0 postcode(s) gecontroleerd" in out.getvalue() and "2 nog niet" in out.getvalue()

    # The service answers again.
    geocoding.reset()
    monkeypatch.setattr(geocoding, "fetch_municipality", recorded_answer)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recheck_postcodes", stdout=out)
    outside.refresh_from_db()
    inside.refresh_from_db()
    assert outside.postcode_check == PostcodeCheck.MISMATCH
    assert outside.postcode_found_municipality == "Zeist"
    assert inside.postcode_check == PostcodeCheck.MATCHED
    assert "2 postcode(s) gecontroleerd, waarvan 1 niet passend" in out.getvalue()

    # The coordinator: one content-free e-mail, a work item, a warning.
    coordinator = world.users["coordinator"]
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert outside.family.reference not in mailoutbox[0].body
    [item] = postcode_items(coordinator)
    assert (item.label, item.count) == ("Postcode past niet bij de gemeente", 1)
    assert postcode_items(world.other_coordinator)[0].count == 0
    assert postcode_items(world.users["referrer"]) == []
    assert postcode_items(world.users["linking_pin"]) == []

    client = sign_in(coordinator)
    listed = client.get(item.url).content.decode()
    assert outside.family.reference in listed and inside.family.reference not in listed
    page = client.get(reverse("referrals:detail", args=[outside.pk])).content.decode()
    assert "Postcode past niet bij de gemeente." in page
    assert "ligt postcode 3701 AB in de gemeente Zeist, niet in de gekozen woongemeente" in page
    page = client.get(reverse("referrals:detail", args=[inside.pk])).content.decode()
    assert "Postcode past niet bij de gemeente." not in page

    # The command's reading of the addresses is in the access log.
    entry = AccessLogEntry.objects.filter(responsible="recheck_postcodes").get()
    assert {s.family_id for s in entry.subjects.all()} == {outside.family_id, inside.family_id}

    # Checked once: the next run asks nothing.
    monkeypatch.setattr(geocoding, "fetch_municipality", lambda *a: pytest.fail("asked again"))
    call_command("recheck_postcodes", stdout=io.StringIO())


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


def test_the_address_first_then_the_postcode_alone(settings, monkeypatch):
    """An unknown house number: the postcode alone still names the
    municipality (two questions, as fetch_municipality asks them)."""
    settings.GEOCODER_ENABLED = True
    geocoding.reset()
    asked = []

    def urlopen(url, timeout):
        asked.append(url)
        name = "3511AA.json" if "type%3Apostcode" in url else "not_found.json"
        return FakeResponse((ANSWERS / name).read_bytes())

    monkeypatch.setattr(geocoding.urllib.request, "urlopen", urlopen)
    assert geocoding.municipality_of("3511 AA", "999") == ("GM0344", "Utrecht")
    assert len(asked) == 2
    assert "huisnummer%3A999" in asked[0] and "gemeentecode" in asked[0]


@pytest.mark.parametrize(
    "answer",
    [None, {}, {"response": {"docs": []}}, {"response": {"docs": [{"gemeentecode": "GM0344"}]}}],
)
def test_odd_answers_name_no_municipality(answer):
    assert geocoding.parse_municipality(answer) is None


def test_switched_off_nothing_is_asked(monkeypatch):
    monkeypatch.setattr(geocoding, "fetch_municipality", lambda *a: pytest.fail("asked"))
    assert geocoding.municipality_of("3581 KP", "10") is None


def test_the_coordinator_closes_a_warning_after_checking_the_address(world, utrecht, pdok, sign_in):
    client = sign_in(world.users["referrer"])
    client.post(reverse("referrals:create"), address(world, "9999 ZZ", "1"))
    referral = Referral.objects.get()
    url = reverse("referrals:confirm_address", args=[referral.pk])
    detail = reverse("referrals:detail", args=[referral.pk])

    # The linking pin and another programme's coordinator cannot.
    sign_in(world.users["linking_pin"])
    assert client.get(url).status_code in (403, 404)
    sign_in(world.other_coordinator)
    assert client.post(url, {"checked": "on"}).status_code in (403, 404)
    referral.refresh_from_db()
    assert referral.postcode_check == PostcodeCheck.NOT_FOUND

    coordinator = world.users["coordinator"]
    sign_in(coordinator)
    assert url in client.get(detail).content.decode()
    # Without ticking the box nothing changes, and the form says why.
    page = client.post(url, {}).content.decode()
    assert "Vink aan dat u het adres heeft gecontroleerd." in page
    referral.refresh_from_db()
    assert referral.postcode_check == PostcodeCheck.NOT_FOUND

    response = client.post(url, {"checked": "on"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.postcode_check == PostcodeCheck.CONFIRMED
    assert postcode_items(coordinator)[0].count == 0
    page = client.get(detail).content.decode()
    assert 'id="postcode-warning"' not in page
    entry = AccessLogEntry.objects.filter(user=coordinator, action="change").latest("pk")
    assert referral.family_id in {s.family_id for s in entry.subjects.all()}
    # A second confirmation has nothing to close.
    page = client.post(url, {"checked": "on"}).content.decode()
    assert "Er is geen waarschuwing over de postcode" in page
