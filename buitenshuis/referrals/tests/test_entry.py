# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Entering a referral, the referrer's own list (status only) and
withdrawing ("Referral"). Every refusal gives its Dutch message
and stores nothing."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework import protected
from buitenshuis.casework.models import Enrolment, Family, Person
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Membership, OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProgrammeFactory,
)
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.referrals.models import Referral, Route

VALID_BSN = "111222333"
OTHER_VALID_BSN = "123456782"


@pytest.fixture(autouse=True)
def _entry_urls(settings):
    settings.ROOT_URLCONF = "buitenshuis.referrals.tests.urls_entry"


@pytest.fixture
def rules_of(world):
    return ProgrammeSettings.for_programme(world.programme)


def years_ago(years, days=0):
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - datetime.timedelta(days=days)


def payload(world, **changes):
    data = {
        "family_name": "Verzonnen",
        "street": "Denkbeeldlaan",
        "house_number": "12a",
        "postcode": "1234ab",
        "city": "Testdorp",
        "municipality": world.programme.municipalities.first().pk,
        "veilig_thuis": "close",
        "worries": "Moeder is opgenomen geweest; de kinderen zijn vaak alleen. ZORGTEKST-42",
        "help_involved": "FACT-team",
        "route": Route.GGZ_KINDCHECK,
        "ouder1-first_name": "Mira",
        "ouder1-last_name": "Verzonnen",
        "ouder1-date_of_birth": "1988-03-04",
        "ouder1-problem_categories": ["kopp"],
        "ouder1-has_parental_authority": "on",
        "ouder2-has_parental_authority": "on",  # a browser sends the checked default
        "referrer_phone": "06 12345678",  # asked while the account has no number
        "kind1-first_name": "Sam",
        "kind1-last_name": "Verzonnen",
        "kind1-date_of_birth": years_ago(7).isoformat(),
        "kind1-bsn": "",
    }
    for key, value in changes.items():
        key = key.replace("__", "-")
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def counts():
    return (
        Family.objects.count(),
        Person.objects.count(),
        Enrolment.objects.count(),
        Referral.objects.count(),
    )


def submit(client, data):
    return client.post(reverse("referrals:create"), data)


# Submitting ----------------------------------------------------------------


def test_the_form_is_shown_in_dutch_without_logging(world, sign_in, rules_of):
    client = sign_in(world.users["referrer"])
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("referrals:create"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Gezin aanmelden", "Woongemeente", "Nog een kind toevoegen", "Route"):
        assert text in page
    # A referrer takes no linking pin's route and enters no "on behalf of".
    assert 'value="phone"' not in page and 'value="caseload"' not in page
    assert "Naam verwijzer" not in page
    assert AccessLogEntry.objects.count() == before


def test_a_referrer_submits_a_referral(world, sign_in, rules_of):
    referrer = world.users["referrer"]
    membership = Membership.objects.get(user=referrer)
    client = sign_in(referrer)
    before = counts()
    data = payload(
        world,
        kind1__bsn=VALID_BSN,
        ouder2__first_name="Joost",
        ouder2__last_name="Verzonnen",
        ouder2__date_of_birth="1985-01-02",
        ouder2__has_parental_authority=None,
        kind2__first_name="Noor",
        kind2__last_name="Verzonnen",
        kind2__date_of_birth=years_ago(18, days=-1).isoformat(),  # 18 tomorrow: still 17
    )
    response = submit(client, data)
    assert response.status_code == 302, response.content.decode()
    assert response.url == reverse("referrals:mine")
    assert counts() == (before[0] + 1, before[1] + 4, before[2] + 1, before[3] + 1)

    referral = Referral.objects.get(referred_by=referrer)
    family = referral.family
    year = timezone.localdate().year
    assert family.reference == f"BH-{year}-0001"
    assert family.created_by == referrer
    assert family.programme == world.programme
    assert family.postcode == "1234 AB"
    assert family.house_number == "12A"
    assert referral.status == Referral.Status.RECEIVED
    assert referral.referrer_organisation == membership.organisation
    assert referral.referrer_name == ""
    assert referral.enrolment.status == Enrolment.Status.REFERRED
    assert referral.enrolment.linking_pin is None
    assert referral.enrolment.family == family
    parents = family.members.filter(kind=Person.Kind.PARENT).order_by("first_name")
    assert [(p.first_name, p.problem_categories, p.has_parental_authority) for p in parents] == [
        ("Joost", [], False),
        ("Mira", ["kopp"], True),
    ]
    sam = family.members.get(first_name="Sam")
    assert sam.kind == Person.Kind.CHILD
    assert sam.bsn_hash == protected.lookup_hash(VALID_BSN)
    assert VALID_BSN not in sam.bsn_encrypted
    assert sam.masked_bsn == "******333"

    entry = AccessLogEntry.objects.filter(action="create", data="referral").get()
    assert entry.username == referrer.username
    assert [(s.kind, s.family_id) for s in entry.subjects.all()] == [("family", family.pk)]

    # The next one in the same year gets the next number.
    response = submit(
        client,
        payload(
            world,
            kind1__first_name="Ander",
            kind1__last_name="Kind",
        ),
    )
    assert response.status_code == 302
    assert Family.objects.filter(reference=f"BH-{year}-0002").exists()


def _refused(client, data, message, status=200):
    before = counts()
    log_before = AccessLogEntry.objects.filter(action="create").count()
    response = submit(client, data)
    assert response.status_code == status
    page = response.content.decode()
    assert message in page, page
    assert counts() == before
    assert AccessLogEntry.objects.filter(action="create").count() == log_before
    return page


@pytest.mark.parametrize(
    "changes, message",
    [
        pytest.param(
            {"kind1__date_of_birth": years_ago(18).isoformat()},
            "Sam is op de aanmelddatum 18 jaar of ouder",
            id="child-18-today",
        ),
        pytest.param(
            {
                "kind2__first_name": "Oud",
                "kind2__last_name": "Kind",
                "kind2__date_of_birth": "1990-01-01",
            },
            "Oud is op de aanmelddatum 18 jaar of ouder",
            id="second-child-adult",
        ),
        pytest.param(
            {
                "kind1__date_of_birth": (
                    timezone.localdate() + datetime.timedelta(days=1)
                ).isoformat()
            },
            "De geboortedatum van Sam ligt in de toekomst.",
            id="child-born-tomorrow",
        ),
        pytest.param({"postcode": "123 AB"}, "Vul een geldige Nederlandse postcode in", id="pc-3"),
        pytest.param({"postcode": "0123 AB"}, "Vul een geldige Nederlandse postcode in", id="pc-0"),
        pytest.param(
            {"postcode": "1234 A1"}, "Vul een geldige Nederlandse postcode in", id="pc-a1"
        ),
        pytest.param(
            {"postcode": "1234 SS"}, "Vul een geldige Nederlandse postcode in", id="pc-ss"
        ),
        pytest.param({"house_number": "A12"}, "Vul een huisnummer in", id="house-number"),
        pytest.param(
            {"kind1__bsn": "123456789"},
            "Dit is geen geldig burgerservicenummer (BSN).",
            id="bsn-11-test",
        ),
        pytest.param(
            {"kind1__bsn": "12345"}, "Dit is geen geldig burgerservicenummer (BSN).", id="bsn-short"
        ),
        pytest.param(
            {
                "kind1__first_name": "",
                "kind1__last_name": "",
                "kind1__date_of_birth": "",
            },
            "Vul ten minste één kind in.",
            id="no-child",
        ),
        pytest.param(
            {"kind1__first_name": ""}, "Kind 1, Voornaam: Dit veld is verplicht.", id="half-child"
        ),
        pytest.param(
            {"ouder1__problem_categories": None},
            "Kies bij ten minste één ouder de problematiek.",
            id="no-problem-category",
        ),
        pytest.param({"worries": ""}, "Zorgen: Dit veld is verplicht.", id="no-worries"),
        pytest.param(
            {"route": Route.PHONE}, "Selecteer een geldige keuze", id="referrer-phone-route"
        ),
    ],
)
def test_each_refusal_says_why_and_stores_nothing(world, sign_in, rules_of, changes, message):
    client = sign_in(world.users["referrer"])
    _refused(client, payload(world, **changes), message)


def test_a_municipality_outside_the_programme_is_refused(world, sign_in, rules_of):
    elsewhere = MunicipalityFactory(name="Buitengemeente")
    client = sign_in(world.users["referrer"])
    page = _refused(
        client,
        payload(world, municipality=elsewhere.pk),
        "De woongemeente Buitengemeente hoort niet bij dit programma",
    )
    assert "Meld het gezin aan bij het programma van de eigen woongemeente." in page


def test_an_organisation_type_the_programme_does_not_allow_is_refused(world, sign_in, rules_of):
    rules_of.referrer_types = [OrganisationType.SCHOOL, OrganisationType.GP]
    rules_of.save()
    client = sign_in(world.users["referrer"])
    response = client.get(reverse("referrals:create"))
    assert response.status_code == 403
    message = "Organisaties van het soort Jeugdhulp"
    assert message in response.content.decode()
    assert "mogen in het programma Programma A geen gezinnen aanmelden" in (
        response.content.decode()
    )
    _refused(client, payload(world), message, status=403)


def test_a_linking_pin_may_not_refer_when_the_programme_says_so(world, sign_in, rules_of):
    rules_of.linking_pin_may_refer = False
    rules_of.save()
    client = sign_in(world.users["linking_pin"])
    response = client.get(reverse("referrals:create"))
    assert response.status_code == 403
    message = "In het programma Programma A voeren linking pins zelf geen aanmeldingen in."
    assert message in response.content.decode()
    _refused(
        client,
        payload(world, route=Route.PHONE, referrer_name="Dr. Verzonnen"),
        message,
        status=403,
    )


def test_roles_that_do_not_refer_get_no_form(world, sign_in, rules_of):
    for role in ("coordinator", "policy_officer", "location_staff", "researcher"):
        client = sign_in(world.users[role])
        assert client.get(reverse("referrals:create")).status_code == 403
        before = counts()
        assert submit(client, payload(world)).status_code == 403
        assert counts() == before


def test_a_linking_pin_refers_on_behalf_of_a_referrer(world, sign_in, rules_of):
    pin = world.users["linking_pin"]
    client = sign_in(pin)
    page = client.get(reverse("referrals:create")).content.decode()
    assert "Naam verwijzer" in page and 'value="phone"' in page

    # The referrer's name is needed for a referral by phone.
    page = _refused(
        client, payload(world, route=Route.PHONE), "Vul de naam in van de verwijzer namens wie"
    )

    before = counts()
    response = submit(client, payload(world, route=Route.PHONE, referrer_name="Huisarts Bakker"))
    assert response.status_code == 302
    referral = Referral.objects.get(referred_by=pin)
    assert response.url == reverse("referrals:detail", args=[referral.pk])
    assert counts() == (before[0] + 1, before[1] + 2, before[2] + 1, before[3] + 1)
    assert referral.enrolment.linking_pin == pin
    assert referral.referrer_name == "Huisarts Bakker"
    assert referral.route == Route.PHONE
    assert referral.referrer_organisation == Membership.objects.get(user=pin).organisation
    assert AccessLogEntry.objects.filter(
        action="create", username=pin.username, subjects__family_id=referral.family_id
    ).exists()


def test_a_linking_pin_needs_no_referrer_name_for_their_own_caseload(world, sign_in, rules_of):
    pin = world.users["linking_pin"]
    response = submit(sign_in(pin), payload(world, route=Route.CASELOAD))
    assert response.status_code == 302
    assert Referral.objects.get(referred_by=pin).referrer_name == ""


def test_with_several_programmes_the_user_chooses_one(world, sign_in, rules_of):
    referrer = world.users["referrer"]
    second = MembershipFactory(
        user=referrer,
        role=Role.REFERRER,
        programme=world.other_programme,
        organisation=OrganisationFactory(name="Tweede wijkteam", type=OrganisationType.SOCIAL_TEAM),
    )
    # A programme where the user holds another role is not offered.
    MembershipFactory(user=referrer, role=Role.RESEARCHER, programme=ProgrammeFactory(name="Z"))
    client = sign_in(referrer)
    page = client.get(reverse("referrals:create")).content.decode()
    assert "Programma A (Verwijzer" in page and "Programma B (Verwijzer" in page
    assert "Z (" not in page

    _refused(client, payload(world), "Programma: Dit veld is verplicht.")
    # The municipality must belong to the chosen programme.
    _refused(
        client,
        payload(world, membership=second.pk),
        "hoort niet bij dit programma",
    )
    response = submit(
        client,
        payload(
            world,
            membership=second.pk,
            municipality=world.other_programme.municipalities.first().pk,
        ),
    )
    assert response.status_code == 302
    referral = Referral.objects.get(referred_by=referrer)
    assert referral.programme == world.other_programme
    assert referral.family.programme == world.other_programme
    assert referral.referrer_organisation.name == "Tweede wijkteam"


# Duplicates ----------------------------------------------------------------
# A referral is always received. A child who may already be known to the
# programme is flagged to the coordinator; the one who refers learns nothing
# they did not enter.


def _fresh_referrer(world, username):
    """A referrer of programme A at the world referrer's organisation,
    with nothing entered yet."""
    organisation = Membership.objects.get(user=world.users["referrer"]).organisation
    return MembershipFactory(
        user=UserFactory(username=username, first_name="Vera", last_name="Wijzer"),
        role=Role.REFERRER,
        programme=world.programme,
        organisation=organisation,
    ).user


def _what_the_referrer_sees(client, user, data):
    """The answer to a submission and the page it leads to, with what differs
    by nature (the new reference, the username) blanked out."""
    response = submit(client, data)
    assert response.status_code == 302, response.content.decode()
    page = client.get(response.url).content.decode()
    referral = Referral.objects.filter(referred_by=user).latest("pk")
    page = page.replace(referral.family.reference, "BH-KENMERK").replace(user.username, "USER")
    page = page.replace(f"/{referral.pk}/", "/PK/")
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return response.url, page, referral


def _known_child(family, bsn=""):
    child = family.members.get(kind=Person.Kind.CHILD)
    if bsn:
        child.set_bsn(bsn)
        child.save()
    return child


@pytest.mark.parametrize("by", ["bsn-under-another-name", "name-and-date-of-birth"])
def test_a_known_child_is_received_exactly_like_an_unknown_one(
    world, sign_in, rules_of, mailoutbox, django_capture_on_commit_callbacks, by
):
    """A referrer learns nothing from typing a BSN under any name, or a name
    with a date of birth, of a child known to the programme (here one of a
    linking pin's families, which the referrer may not open)."""
    from buitenshuis.referrals.models import PossibleDuplicate

    known = _known_child(world.colleague_family, bsn=VALID_BSN)
    if by == "bsn-under-another-name":
        probe = {"kind1__first_name": "Anders", "kind1__bsn": VALID_BSN}
        reason = PossibleDuplicate.Reason.BSN
    else:
        probe = {
            "kind1__first_name": known.first_name.upper(),
            "kind1__last_name": known.last_name.lower(),
            "kind1__date_of_birth": known.date_of_birth.isoformat(),
        }
        reason = PossibleDuplicate.Reason.NAME_BIRTH
    prober, control = _fresh_referrer(world, "verwijzer_a"), _fresh_referrer(world, "verwijzer_b")
    prober_client = sign_in(prober)
    with django_capture_on_commit_callbacks(execute=True):
        probed = _what_the_referrer_sees(prober_client, prober, payload(world, **probe))
    mail_after_probe = [m.to for m in mailoutbox]
    other_client = sign_in(control, on=type(prober_client)())
    with django_capture_on_commit_callbacks(execute=True):
        unknown = _what_the_referrer_sees(
            other_client, control, payload(world, kind1__first_name="Onbekend")
        )

    # Same redirect, same page, same message (apart from the reference).
    assert probed[0] == unknown[0] == reverse("referrals:mine")
    assert "De aanmelding is ontvangen met kenmerk BH-KENMERK." in probed[1]
    assert probed[1] == unknown[1].replace("Onbekend", probe.get("kind1__first_name", "Sam"))
    for hidden in (world.colleague_family.reference, "dubbel", "al aangemeld", "coördinator"):
        assert hidden not in probed[1]
    # No e-mail to the referrer either way.
    assert all(prober.email not in to and control.email not in to for to in mail_after_probe)

    # Stored, and flagged to the coordinator of the programme.
    referral = probed[2]
    assert referral.status == Referral.Status.RECEIVED
    duplicate = PossibleDuplicate.objects.get()
    assert (duplicate.referral, duplicate.existing_child) == (referral, known)
    assert duplicate.existing_family == world.colleague_family
    assert duplicate.programme == world.programme
    assert duplicate.reason == reason
    assert duplicate.status == PossibleDuplicate.Status.OPEN
    assert not PossibleDuplicate.objects.filter(referral=unknown[2]).exists()
    assert [world.users["coordinator"].email] in mail_after_probe
    assert world.other_coordinator.email not in sum(mail_after_probe, [])

    # Each lookup is in the access log, naming the families compared.
    lookups = AccessLogEntry.objects.filter(data="possible_duplicate", action="list")
    probe_entry = lookups.get(username=prober.username)
    assert {s.family_id for s in probe_entry.subjects.all()} == {
        referral.family_id,
        world.colleague_family.pk,
    }
    control_entry = lookups.get(username=control.username)
    assert [s.family_id for s in control_entry.subjects.all()] == [unknown[2].family_id]


def test_a_referral_in_another_programme_never_matches(world, sign_in, rules_of):
    from buitenshuis.referrals.models import PossibleDuplicate

    known = _known_child(world.own_family, bsn=VALID_BSN)
    referrer = world.users["referrer"]
    membership = MembershipFactory(
        user=referrer,
        role=Role.REFERRER,
        programme=world.other_programme,
        organisation=OrganisationFactory(type=OrganisationType.SOCIAL_TEAM),
    )
    response = submit(
        sign_in(referrer),
        payload(
            world,
            membership=membership.pk,
            municipality=world.other_programme.municipalities.first().pk,
            kind1__first_name=known.first_name,
            kind1__last_name=known.last_name,
            kind1__date_of_birth=known.date_of_birth.isoformat(),
            kind1__bsn=VALID_BSN,
        ),
    )
    assert response.status_code == 302
    referral = Referral.objects.get(programme=world.other_programme)
    assert not PossibleDuplicate.objects.exists()
    entry = AccessLogEntry.objects.get(data="possible_duplicate")
    assert [s.family_id for s in entry.subjects.all()] == [referral.family_id]


def test_the_linking_pin_referring_a_known_child_is_answered_as_always(world, sign_in, rules_of):
    from buitenshuis.referrals.models import PossibleDuplicate

    _known_child(world.own_family, bsn=OTHER_VALID_BSN)
    pin = world.users["linking_pin"]
    response = submit(
        sign_in(pin), payload(world, route=Route.CASELOAD, kind1__bsn=OTHER_VALID_BSN)
    )
    referral = Referral.objects.get(referred_by=pin)
    assert response.status_code == 302
    assert response.url == reverse("referrals:detail", args=[referral.pk])
    assert PossibleDuplicate.objects.get().existing_family == world.own_family


def test_a_withdrawn_referral_is_no_duplicate(world, sign_in, rules_of):
    from buitenshuis.referrals.models import PossibleDuplicate

    client = sign_in(world.users["referrer"])
    assert submit(client, payload(world)).status_code == 302
    referral = Referral.objects.get()
    client.post(reverse("referrals:withdraw", args=[referral.pk]))
    assert submit(client, payload(world)).status_code == 302
    assert Referral.objects.count() == 2
    assert not PossibleDuplicate.objects.exists()


# The referrer's own referrals ----------------------------------------------


def test_the_referrer_sees_status_only(world, sign_in, rules_of):
    referrer = world.users["referrer"]
    client = sign_in(referrer)
    assert submit(client, payload(world)).status_code == 302
    referral = Referral.objects.get()
    pin = world.users["linking_pin"]
    pin.first_name, pin.last_name = "Lieke", "Koppelaar"
    pin.save()
    referral.enrolment.linking_pin = pin
    referral.enrolment.save()
    referral.status = Referral.Status.INTAKE
    referral.save()
    # Someone else's referral is not listed.
    other = sign_in(world.users["linking_pin"], on=client.__class__())
    assert (
        submit(other, payload(world, route=Route.CASELOAD, kind1__first_name="X")).status_code
        == 302
    )
    others = Referral.objects.exclude(pk=referral.pk).get()

    response = client.get(reverse("referrals:mine"))
    assert response.status_code == 200
    page = response.content.decode()
    assert referral.family.reference in page
    assert "In intake" in page
    assert others.family.reference not in page
    for hidden in ("ZORGTEKST-42", "FACT-team", "Lieke", "Koppelaar", pin.username, "X)"):
        assert hidden not in page, hidden
    # Until decided: the family name and children's first names they entered.
    assert "Verzonnen (Sam)" in page
    entry = AccessLogEntry.objects.filter(action="list", data="family_identity").latest("pk")
    assert [s.family_id for s in entry.subjects.all()] == [referral.family_id]

    referral.status = Referral.Status.ACCEPTED
    referral.save()
    referral.enrolment.status = Enrolment.Status.ACTIVE
    referral.enrolment.save()
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "Besloten" in page and "Toegekend" not in page
    assert "Verzonnen" not in page and "Sam" not in page
    assert reverse("referrals:withdraw", args=[referral.pk]) not in page


def test_the_list_is_paginated(world, sign_in, rules_of):
    client = sign_in(world.users["referrer"])
    for n in range(26):
        name = f"Kind{'abcdefghijklmnopqrstuvwxyz'[n]}"
        assert submit(client, payload(world, kind1__first_name=name)).status_code == 302
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "26 aanmeldingen" in page
    assert page.count('<tr class="utrecht-table__row">') == 26  # header + 25
    assert "Pagina 1 van 2" in page


# Withdrawing ---------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_first(
    world, sign_in, rules_of, mailoutbox, django_capture_on_commit_callbacks
):
    client = sign_in(world.users["referrer"])
    assert submit(client, payload(world)).status_code == 302
    referral = Referral.objects.get()
    url = reverse("referrals:withdraw", args=[referral.pk])
    page = client.get(url).content.decode()
    assert "Weet u zeker dat u deze aanmelding wilt intrekken?" in page
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("referrals:mine")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
    assert referral.closed_at is not None
    assert referral.enrolment.status == Enrolment.Status.WITHDRAWN
    assert "Ingetrokken" in client.get(reverse("referrals:mine")).content.decode()
    assert AccessLogEntry.objects.filter(
        action="change", data="referral_status", subjects__family_id=referral.family_id
    ).exists()
    assert len(mailoutbox) == 1 and "ZORGTEKST" not in mailoutbox[0].body

    # Once closed, it cannot be withdrawn again.
    response = client.post(url)
    assert response.status_code == 200
    assert "Deze aanmelding kan niet meer worden ingetrokken." in response.content.decode()


def test_a_decided_referral_cannot_be_withdrawn(world, sign_in, rules_of):
    client = sign_in(world.users["referrer"])
    assert submit(client, payload(world)).status_code == 302
    referral = Referral.objects.get()
    referral.status = Referral.Status.ACCEPTED
    referral.save()
    url = reverse("referrals:withdraw", args=[referral.pk])
    assert "Ja, aanmelding intrekken" not in client.get(url).content.decode()
    response = client.post(url)
    assert "Deze aanmelding kan niet meer worden ingetrokken." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED


def test_the_linking_pin_withdraws_their_own(world, sign_in, rules_of):
    referrer_client = sign_in(world.users["referrer"])
    assert submit(referrer_client, payload(world)).status_code == 302
    referral = Referral.objects.get()
    referral.enrolment.linking_pin = world.users["linking_pin"]
    referral.enrolment.save()
    url = reverse("referrals:withdraw", args=[referral.pk])

    # Not someone else's: another referrer or linking pin gets a 404, the
    # coordinator (who only reads the status) a 403.
    stranger = MembershipFactory(
        user=UserFactory(username="verwijzer2"), role=Role.REFERRER, programme=world.programme
    ).user
    for user, status in (
        (stranger, 404),
        (world.other_pin, 404),
        (world.users["coordinator"], 403),
    ):
        client = sign_in(user, on=referrer_client.__class__())
        assert client.post(url).status_code == status
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED

    pin_client = sign_in(world.users["linking_pin"], on=referrer_client.__class__())
    response = pin_client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("referrals:detail", args=[referral.pk])
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN


# The rules themselves (what the view relies on) ----------------------------


def _submission(world):
    family = {
        "family_name": "Verzonnen",
        "street": "Denkbeeldlaan",
        "house_number": "3",
        "postcode": "1234 AB",
        "city": "Testdorp",
        "municipality": world.programme.municipalities.first(),
    }
    parents = [
        {
            "first_name": "Mira",
            "last_name": "Verzonnen",
            "date_of_birth": datetime.date(1988, 3, 4),
            "problem_categories": ["kov"],
            "has_parental_authority": True,
        }
    ]
    children = [
        {
            "first_name": "Sam",
            "last_name": "Verzonnen",
            "date_of_birth": years_ago(3),
            "bsn": VALID_BSN,
        }
    ]
    referral = {"route": Route.SOCIAL_TEAM, "veilig_thuis": "none", "worries": "Zorgen"}
    return family, parents, children, referral


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f, p, c, r: f.update(postcode="1234ab"), "postcode"),
        (lambda f, p, c, r: f.update(municipality=MunicipalityFactory()), "hoort niet bij"),
        (lambda f, p, c, r: c[0].update(date_of_birth=years_ago(18)), "18 jaar of ouder"),
        (lambda f, p, c, r: c[0].update(bsn="123456789"), "geen geldig BSN"),
        (lambda f, p, c, r: c.clear(), "ten minste één kind"),
        (lambda f, p, c, r: p[0].update(problem_categories=[]), "problematiek"),
        (lambda f, p, c, r: r.update(route=Route.CASELOAD), "alleen voor een linking pin"),
    ],
)
def test_submit_referral_checks_every_rule_itself(world, rules_of, change, message):
    from buitenshuis.referrals import rules

    referrer = world.users["referrer"]
    membership = Membership.objects.get(user=referrer)
    family, parents, children, referral = _submission(world)
    change(family, parents, children, referral)
    before = counts()
    with pytest.raises(RuleError, match=message):
        rules.submit_referral(referrer, membership, family, parents, children, referral)
    assert counts() == before


def test_submit_referral_refuses_someone_elses_membership_and_flags_duplicates(world, rules_of):
    from buitenshuis.referrals import rules
    from buitenshuis.referrals.models import PossibleDuplicate

    referrer = world.users["referrer"]
    membership = Membership.objects.get(user=referrer)
    with pytest.raises(RuleError, match="eigen rol"):
        rules.submit_referral(world.users["linking_pin"], membership, *_submission(world))
    created = rules.submit_referral(referrer, membership, *_submission(world))
    assert created.family.members.count() == 2
    before = counts()
    again = rules.submit_referral(referrer, membership, *_submission(world))
    assert counts() == (before[0] + 1, before[1] + 2, before[2] + 1, before[3] + 1)
    duplicate = PossibleDuplicate.objects.get()
    assert duplicate.referral == again
    assert duplicate.existing_child == created.family.members.get(first_name="Sam")
    assert duplicate.reason == PossibleDuplicate.Reason.BOTH
