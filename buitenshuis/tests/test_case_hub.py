# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The case hub (``casework:family_detail``, its sections
``casework:family_section``): the family's pages, assembled from the panels
of the apps that own the data, one section per page. Each role is offered
the sections it may see something of and sees exactly the panels of the
kinds of data ACCESS.md gives it, each page's access-log entry names the
panels it showed, the overview costs a fixed small number of queries
without assembling another section, and every page costs the same number
of queries however many children, placements and signals the family has.

These tests cross the apps (casework, referrals, activities), so they live
with the project's shared tests rather than in one app."""

import dataclasses
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from buitenshuis.activities.models import Contract, Placement, Signal
from buitenshuis.audit.models import AccessLogEntry, Outcome
from buitenshuis.casework import panels, rules
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.casework.tests.factories import ContactFactory
from buitenshuis.casework.views.families import FamilyDetailView
from buitenshuis.organisations.models import ActivityType
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.factories import (
    DecisionFactory,
    IntakeFactory,
    give_all_consents,
    make_referral,
)

TODAY = timezone.localdate()
# Invented citizen service numbers that pass the 11-test.
BSNS = ["111222333", "123456782", "099000011", "099000023", "099000035"]
NOTES = "Verzonnen verslag: moeder vertelde over de nachten."
SIGNAL = "Verzonnen: was vandaag stil en wilde niet naar huis."

# The panels each role sees of a running family of their own programme
# (the linking pin: their own family), by heading, per section of the hub
# (its slug; "" is the overview). A section offered with nothing recorded
# yet (the closure of a running family) has no panels.
SECTIONS = {
    "linking_pin": {
        "": ["Traject", "Waarneming"],
        "aanmelding": ["Aanmelding en besluit", "Intake en toestemming", "Verwijsindex"],
        "plaatsingen": ["Plaatsingen", "Signalen van de opvanglocaties"],
        "contacten": ["Contactmomenten", "Netwerkoverleg", "Afspraken"],
        "doelen": [
            "Doelen",
            "Ondersteuning ouders",
            "Evaluaties",
            "Veiligheidsplan",
            "Vragenlijsten",
        ],
        "afsluiting": [],
        "geschiedenis": ["Wijzigingsgeschiedenis"],
    },
    "coordinator": {
        "": ["Traject", "Waarneming"],
        "aanmelding": ["Aanmelding en besluit", "Intake en toestemming", "Verwijsindex"],
        "plaatsingen": ["Plaatsingen", "Signalen van de opvanglocaties"],
        "contacten": ["Contactmomenten", "Netwerkoverleg", "Afspraken"],
        "doelen": ["Doelen", "Ondersteuning ouders", "Evaluaties"],
        "afsluiting": [],
    },
    "policy_officer": {
        "": ["Traject"],
        "aanmelding": ["Aanmelding en besluit", "Intake en toestemming", "Verwijsindex"],
        "plaatsingen": ["Plaatsingen"],
        "afsluiting": [],
    },
}
# Every panel a role sees, over all its sections.
PANELS = {
    role: [title for titles in sections.values() for title in titles]
    for role, sections in SECTIONS.items()
}
# What the access log records of each section's page.
# The overview's queries at most, per role (see the test).
# Measured on this data with today's sign-in and access log: the family and
# its members alone take 14, 12 and 12 queries; the family page before the
# hub (commit 1ae8730: also the enrolments, the contacts for who may see
# them and the history for who may change the family) 18, 14 and 13. The
# overview adds to the family and its members the enrolment and, for who
# may see it, the handovers: one indexed query each.
OVERVIEW_QUERIES = {"linking_pin": 16, "coordinator": 14, "policy_officer": 13}
LOGGED = {
    "linking_pin": {
        "": "gezin: traject, waarneming",
        "aanmelding": "gezin: aanmelding, besluit, intake, toestemming, verwijsindex",
        "plaatsingen": "gezin: plaatsingen, signalen",
        "contacten": "gezin: contactmomenten met verslagen, netwerkoverleggen, afspraken",
        "doelen": "gezin: doelen, ondersteuning ouders, evaluaties, veiligheidsplan, vragenlijsten",
        "afsluiting": "family_identity",
        "geschiedenis": "gezin: wijzigingen",
    },
    "coordinator": {
        "": "gezin: traject, waarneming",
        "aanmelding": "gezin: aanmelding, besluit, intake, toestemming, verwijsindex",
        "plaatsingen": "gezin: plaatsingen, signalen",
        "contacten": "gezin: contactmomenten, netwerkoverleggen, afspraken",
        "doelen": "gezin: doelen, ondersteuning ouders, evaluaties",
        "afsluiting": "family_identity",
    },
    "policy_officer": {
        "": "gezin: traject",
        "aanmelding": "gezin: aanmelding, besluit, intake, toestemming, verwijsindex",
        "plaatsingen": "gezin: plaatsingen",
        "afsluiting": "family_identity",
    },
}


def running_family(world, child_ages=(3, 9, 15), placed=None):
    """An accepted family of the world's linking pin: both parents, one
    child per age, everyone with a BSN; intake, every consent, a decision
    under mandate half a year ago, the enrolment running; the children
    ``placed`` (all by default) at the world's location, a signal about
    each placed child, a contact with notes."""
    pin = world.users["linking_pin"]
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=pin,
        child_ages=child_ages,
        parents=2,
        status=Referral.Status.ACCEPTED,
    )
    family = referral.family
    for person, bsn in zip(family.members.order_by("pk"), BSNS * 2, strict=False):
        person.set_bsn(bsn)
        person.save()
    IntakeFactory(referral=referral, recorded_by=pin)
    give_all_consents(referral, pin)
    start = TODAY - datetime.timedelta(days=200)
    DecisionFactory(
        referral=referral,
        decided_by=pin,
        under_mandate=True,
        start_date=start,
        end_date=start.replace(year=start.year + 2),
        letter_reference=f"BH-2026-GM0001-{referral.pk:04d}",
    )
    enrolment = referral.enrolment
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status=Enrolment.Status.ACTIVE,
        start_date=start,
        end_date=start.replace(year=start.year + 2),
    )
    enrolment.refresh_from_db()
    contract, _ = Contract.objects.get_or_create(
        location=world.location,
        programme=world.programme,
        defaults={"places": 10, "tariff": "9.98", "valid_from": start},
    )
    children = list(family.members.filter(kind=Person.Kind.CHILD))
    for child in children if placed is None else children[:placed]:
        placement = Placement.objects.create(
            enrolment=enrolment,
            child=child,
            location=world.location,
            contract=contract,
            activity_type=ActivityType.AFTER_SCHOOL,
            days=["mon", "wed"],
            hours_per_week=6,
            start_date=start,
            end_date=enrolment.end_date,
            created_by=pin,
        )
        Signal.objects.create(
            placement=placement,
            kind=Signal.Kind.WORRY,
            text=SIGNAL,
            created_by=world.users["location_staff"],
        )
    ContactFactory(enrolment=enrolment, notes=NOTES)
    return referral


def hub_url(family, section=panels.OVERVIEW):
    return panels.section_url(family.pk, section)


def hub_pages(client, family):
    """Every section of the hub the user is offered (from the overview's
    navigation), opened: {slug: response}."""
    overview = client.get(hub_url(family))
    pages = {panels.OVERVIEW: overview}
    for item in overview.context["sections"]:
        slug = resolve(item["url"]).kwargs.get("section", panels.OVERVIEW)
        if slug != panels.OVERVIEW:
            pages[slug] = client.get(item["url"])
    return pages


def all_headings(pages):
    return [title for response in pages.values() for title in headings(response)]


def headings(response):
    return [shown.title for shown in response.context["panels"]]


def new_entries(before):
    return list(AccessLogEntry.objects.filter(pk__gt=before).order_by("pk"))


def last_id():
    entry = AccessLogEntry.objects.order_by("-pk").first()
    return entry.pk if entry else 0


@pytest.mark.parametrize("role", ["linking_pin", "coordinator", "policy_officer"])
def test_each_role_sees_exactly_its_panels_and_the_log_names_them(world, sign_in, role):
    referral = running_family(world)
    family = referral.family
    client = sign_in(world.users[role])
    before = last_id()
    pages = hub_pages(client, family)
    assert {slug: response.status_code for slug, response in pages.items()} == dict.fromkeys(
        SECTIONS[role], 200
    )
    assert {slug: headings(response) for slug, response in pages.items()} == SECTIONS[role]
    bodies = {slug: response.content.decode() for slug, response in pages.items()}
    for slug, titles in SECTIONS[role].items():
        for title in titles:
            assert f">{title}</h2>" in bodies[slug]
        # The family's heading on every section; the members on the overview.
        assert f">Gezin {family.reference}</h1>" in bodies[slug]
        assert (">Gezinsleden</h2>" in bodies[slug]) == (slug == panels.OVERVIEW)
        # A section offered with nothing in it says so.
        assert ("Nog niets vastgelegd." in bodies[slug]) == (not titles)
    # One entry per page, naming what that page showed.
    entries = new_entries(before)
    assert [entry.data for entry in entries] == list(LOGGED[role].values())
    for entry in entries:
        assert (entry.action, entry.outcome) == ("view", Outcome.ALLOWED)
        assert {s.family_id for s in entry.subjects.all()} == {family.pk}
    # Contact notes for the responsible linking pin only (ACCESS.md).
    assert (NOTES in bodies.get("contacten", "")) == (role == "linking_pin")
    # Signals never for the policy officer.
    assert (SIGNAL in bodies["plaatsingen"]) == (role != "policy_officer")


@pytest.mark.parametrize("role", ["linking_pin", "coordinator", "policy_officer"])
def test_the_navigation_offers_the_sections_the_role_may_see(world, sign_in, role):
    family = running_family(world).family
    client = sign_in(world.users[role])
    titles = {item.slug: str(item.title) for item in panels.SECTIONS}
    for slug in SECTIONS[role]:
        response = client.get(hub_url(family, slug))
        nav = [(str(i["title"]), i["url"], i["current"]) for i in response.context["sections"]]
        assert nav == [
            (titles[other], hub_url(family, other), other == slug) for other in SECTIONS[role]
        ]
        body = response.content.decode()
        # Each page its own title; the heading stays the family's.
        title = f"Gezin {family.reference}" + (f": {titles[slug]}" if slug else "")
        assert f"<title>{title} - Buitenshuis</title>" in body
        for other in SECTIONS[role]:
            current = f'href="{hub_url(family, other)}" aria-current="page"' in body
            assert current == (other == slug), (slug, other)


@pytest.mark.parametrize(
    "role,slug",
    [
        ("policy_officer", "contacten"),
        ("policy_officer", "doelen"),
        ("coordinator", "geschiedenis"),
    ],
)
def test_a_section_the_role_may_see_nothing_of_is_refused(world, sign_in, role, slug):
    family = running_family(world).family
    client = sign_in(world.users[role])
    before = last_id()
    response = client.get(hub_url(family, slug))
    assert response.status_code == 403
    assert family.family_name not in response.content.decode()
    [entry] = new_entries(before)
    assert entry.outcome == Outcome.DENIED
    assert {s.family_id for s in entry.subjects.all()} == {family.pk}


def test_an_unknown_section_is_not_a_page(world, sign_in):
    family = running_family(world).family
    client = sign_in(world.users["linking_pin"])
    assert client.get(f"{hub_url(family)}onbekend/").status_code == 404
    # Every section's URL is the hub's, not another page of the family.
    for item in panels.SECTIONS:
        match = resolve(hub_url(family, item.slug))
        assert match.func.view_class is FamilyDetailView, item.slug


def test_each_section_shows_only_its_panels(world, sign_in):
    family = running_family(world).family
    client = sign_in(world.users["linking_pin"])
    for item in panels.SECTIONS:
        response = client.get(hub_url(family, item.slug))
        assert response.status_code == 200
        shown = [shown.key for shown in response.context["panels"]]
        assert set(shown) <= set(item.keys), item.slug
        assert shown == [key for key in item.keys if key in shown], item.slug


def test_the_overview_costs_no_more_than_the_thin_family_page(world, sign_in, monkeypatch):
    """The hub's first page: the family, its members, the enrolment and
    who is responsible now, in a fixed small number of queries; no other
    section's panel is assembled (their contexts are never called), and
    the access log names only what the overview showed."""
    family = running_family(world).family
    called = []
    for panel in panels.registered():
        if panel.section.slug != panels.OVERVIEW:
            monkeypatch.setitem(
                panels._PANELS,
                panel.key,
                dataclasses.replace(panel, context=lambda hub, key=panel.key: called.append(key)),
            )
    for role in ("linking_pin", "coordinator", "policy_officer"):
        client = sign_in(world.users[role])
        client.get(hub_url(family))  # warm caches (session, sites)
        before = last_id()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(hub_url(family)).status_code == 200
        assert len(queries) <= OVERVIEW_QUERIES[role], (role, len(queries))
        [entry] = new_entries(before)
        assert entry.data == LOGGED[role][panels.OVERVIEW]
    assert called == []


def test_what_the_panels_hold(world, sign_in):
    referral = running_family(world, placed=2)
    family, enrolment = referral.family, referral.enrolment
    pages = hub_pages(sign_in(world.users["linking_pin"]), family)
    body = pages[panels.OVERVIEW].content.decode()
    # The members with their masked BSN, both parents and all children.
    assert body.count("*****") >= 5
    assert "111222333" not in body
    # The enrolment: its month of the two years.
    month, months = enrolment.month_on(TODAY)
    assert (month, months) == (7, 24)
    assert "maand 7 van 24" in body
    # The handover, with its action.
    assert reverse("casework:handover", args=[family.pk]) in body
    assert "Er neemt nu niemand waar." in body
    body = pages["aanmelding"].content.decode()
    # The decision with its letter, and the record of the referral.
    assert reverse("referrals:letter", args=[referral.pk]) in body
    assert reverse("referrals:detail", args=[referral.pk]) in body
    assert f"Beschikking BH-2026-GM0001-{referral.pk:04d} (PDF)" in body
    body = pages["plaatsingen"].content.decode()
    # The placements and the placement buttons: one per child, and the
    # first day of the activity.
    placed = set(Placement.objects.values_list("child_id", flat=True))
    for child in family.members.filter(kind=Person.Kind.CHILD):
        url = reverse("activities:placement_suggest", args=[enrolment.pk, child.pk])
        assert url in body
        label = "Nog een activiteit" if child.pk in placed else "Kind plaatsen"
        assert f"{label}: {child.first_name}" in body
    assert len(placed) == 2
    assert reverse("activities:activity_start", args=[referral.enrolment_id]) in body
    assert "Eerste dag activiteit vastleggen" in body
    for placement in Placement.objects.filter(enrolment=enrolment):
        assert reverse("activities:placement_detail", args=[placement.pk]) in body
    # Two unread signals, each to be marked read.
    assert "2 ongelezen signalen." in body
    assert body.count("Markeer als gelezen</button>") == 2


def test_the_coordinator_reads_but_is_offered_no_placing(world, sign_in):
    referral = running_family(world)
    client = sign_in(world.users["coordinator"])
    body = client.get(hub_url(referral.family, "plaatsingen")).content.decode()
    assert "Kind plaatsen" not in body and "Nog een activiteit" not in body
    assert reverse("activities:activity_start", args=[referral.enrolment_id]) not in body
    assert "Markeer als gelezen</button>" not in body
    # Arranging a stand-in is the coordinator's too.
    body = client.get(hub_url(referral.family)).content.decode()
    assert reverse("casework:handover", args=[referral.family_id]) in body


@pytest.mark.parametrize(
    "who,status",
    [
        ("location_staff", 403),
        ("researcher", 403),
        ("administrator", 403),
        # The referrer saw what they entered until the decision.
        ("referrer", 404),
        ("other_pin", 404),
        ("other_coordinator", 404),
    ],
)
def test_who_may_not_open_the_hub_learns_nothing(world, sign_in, who, status):
    referral = running_family(world)
    user = getattr(world, who, None) or world.users[who]
    client = sign_in(user)
    before = last_id()
    for slug in ("", "aanmelding", "plaatsingen"):
        response = client.get(hub_url(referral.family, slug))
        assert response.status_code == status
        body = response.content.decode()
        assert referral.family.reference not in body and referral.family.family_name not in body
    entries = new_entries(before)
    assert [entry.outcome for entry in entries] == [Outcome.DENIED] * 3


def test_a_referrer_sees_only_the_family_until_the_decision(world, sign_in):
    referral = make_referral(world.programme, world.users["referrer"], child_ages=(4, 8))
    client = sign_in(world.users["referrer"])
    before = last_id()
    response = client.get(hub_url(referral.family))
    assert response.status_code == 200
    assert headings(response) == []
    # Only the overview: no navigation to sections with nothing to see.
    assert [item["url"] for item in response.context["sections"]] == [hub_url(referral.family)]
    assert "bh-tabs" not in response.content.decode()
    assert client.get(hub_url(referral.family, "aanmelding")).status_code == 403
    entry = new_entries(before)[0]
    assert entry.data == "family_identity"


def test_a_family_before_the_decision_shows_a_provisional_placement(world, sign_in):
    referral = running_family(world, child_ages=(6,), placed=0)
    Enrolment.objects.filter(pk=referral.enrolment_id).update(
        status=Enrolment.Status.INTAKE, start_date=None, end_date=None
    )
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.INTAKE)
    referral.decision.delete()
    enrolment = Enrolment.objects.get(pk=referral.enrolment_id)
    child = referral.family.members.get(kind=Person.Kind.CHILD)
    Placement.objects.create(
        enrolment=enrolment,
        child=child,
        location=world.location,
        contract=Contract.objects.get(),
        activity_type=ActivityType.AFTER_SCHOOL,
        days=["tue"],
        hours_per_week=4,
        start_date=TODAY,
        end_date=TODAY + datetime.timedelta(days=60),
        provisional=True,
        created_by=world.users["linking_pin"],
    )
    pages = hub_pages(sign_in(world.users["policy_officer"]), referral.family)
    assert "begint na het besluit" in pages[panels.OVERVIEW].content.decode()
    assert "Er is nog niet besloten." in pages["aanmelding"].content.decode()
    assert "Voorlopig geplaatst" in pages["plaatsingen"].content.decode()


def test_marking_a_signal_read_on_the_hub_returns_to_the_hub(world, sign_in):
    referral = running_family(world, child_ages=(9,))
    signal = Signal.objects.get()
    client = sign_in(world.users["linking_pin"])
    # The signals panel links back to its own section.
    back = panels.hub_url(referral.family_id, "signals")
    assert back == hub_url(referral.family, "plaatsingen") + "#signals"
    page = client.get(hub_url(referral.family, "plaatsingen")).content.decode()
    assert f'name="next" value="{back}"' in page
    response = client.post(
        reverse("activities:signal_acknowledge", args=[signal.pk]), {"next": back}
    )
    assert response.status_code == 302
    assert response.url == back
    signal.refresh_from_db()
    assert signal.acknowledged_by == world.users["linking_pin"]
    # Elsewhere is never a destination.
    other = Signal.objects.create(
        placement=signal.placement, kind="worry", text=SIGNAL, created_by=signal.created_by
    )
    response = client.post(
        reverse("activities:signal_acknowledge", args=[other.pk]),
        {"next": "https://elders.invalid/"},
    )
    assert response.url == reverse("activities:signal_inbox")


def test_a_stand_in_sees_the_family_as_their_own(world, sign_in):
    referral = running_family(world, child_ages=(9,))
    rules.arrange_handover(
        world.users["linking_pin"], referral.enrolment, world.other_pin, TODAY, TODAY
    )
    pages = hub_pages(sign_in(world.other_pin), referral.family)
    assert all_headings(pages) == PANELS["linking_pin"]
    assert NOTES in pages["contacten"].content.decode()
    overview = pages[panels.OVERVIEW].content.decode()
    assert f"Nu neemt {world.other_pin.get_full_name()} waar." in overview


@pytest.mark.parametrize("role", ["linking_pin", "coordinator", "policy_officer"])
def test_the_number_of_queries_does_not_grow_with_the_family(world, sign_in, role):
    small = running_family(world, child_ages=(9,))
    large = running_family(world, child_ages=(2, 6, 9, 13, 16))
    Signal.objects.create(
        placement=Placement.objects.filter(enrolment=large.enrolment).first(),
        kind=Signal.Kind.POSITIVE,
        text=SIGNAL,
        created_by=world.users["location_staff"],
    )
    client = sign_in(world.users[role])
    for slug in SECTIONS[role]:
        counts = []
        for referral in (small, large):
            client.get(hub_url(referral.family, slug))  # warm caches (session, sites)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(hub_url(referral.family, slug)).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], (slug, counts)
        assert counts[1] <= 25, (slug, counts)


def test_the_registry_keeps_one_panel_per_key_in_page_order():
    keys = [panel.key for panel in panels.registered()]
    assert keys == [
        "enrolment",
        "handover",
        "context",
        "referral",
        "intake",
        "referral_index",
        "placements",
        "signals",
        "contacts",
        "meetings",
        "agreements",
        "goals",
        "support",
        "reviews",
        "safety",
        "questionnaires",
        "closure",
        "history",
    ]
    assert [panel.order for panel in panels.registered()] == sorted(
        panel.order for panel in panels.registered()
    )
    existing = panels.registered()[0]
    panels.register(existing)  # the same panel again: nothing changes
    # Every panel has its place in one section, in the sections' order.
    assert [panel.section.slug for panel in panels.registered()] == [
        item.slug for item in panels.SECTIONS for key in item.keys
    ]
    with pytest.raises(Exception, match="has a place for"):
        panels.register(dataclasses.replace(existing, key="elders"))
    with pytest.raises(Exception, match="enrolment"):
        panels.register(
            panels.Panel(
                key="enrolment",
                title="Anders",
                order=1,
                data=existing.data,
                context=lambda hub: {},
                template=existing.template,
                log_name="anders",
            )
        )


def test_pages_that_mention_a_family_link_to_its_hub(world, sign_in):
    referral = running_family(world, child_ages=(9,))
    family = referral.family
    url = hub_url(family)
    placement = Placement.objects.get(enrolment=referral.enrolment)
    pin = sign_in(world.users["linking_pin"])
    for page in (
        reverse("referrals:list"),
        reverse("referrals:detail", args=[referral.pk]),
        reverse("activities:signal_inbox"),
        reverse("activities:placement_detail", args=[placement.pk]),
        reverse("casework:family_list"),
    ):
        assert url in pin.get(page).content.decode(), page
    officer = sign_in(world.users["policy_officer"])
    task = referral.decision.task if hasattr(referral.decision, "task") else None
    if task is None:
        from buitenshuis.referrals.tests.factories import MunicipalityTaskFactory

        task = MunicipalityTaskFactory(decision=referral.decision)
    for page in (reverse("referrals:tasks"), reverse("referrals:task", args=[task.pk])):
        assert url in officer.get(page).content.decode(), page
    # The location staff's own page never links to a hub they cannot open.
    staff = sign_in(world.users["location_staff"])
    assert url not in staff.get(reverse("activities:my_children")).content.decode()


def test_the_hub_is_fine_without_a_referral_or_enrolment(world, sign_in):
    family = world.colleague_family
    family.enrolments.all().delete()
    client = sign_in(world.users["coordinator"])
    response = client.get(hub_url(family))
    assert response.status_code == 200
    # Nothing to show of the casework yet: no empty panels.
    assert headings(response) == []
    assert family.family_name in response.content.decode()
    # A section offered by the policy says there is nothing yet.
    response = client.get(hub_url(family, "contacten"))
    assert headings(response) == []
    assert "Nog niets vastgelegd." in response.content.decode()


def test_the_log_is_written_in_dutch_whatever_the_users_language(world, sign_in):
    referral = running_family(world, child_ages=(9,))
    client = sign_in(world.users["policy_officer"])
    client.cookies["django_language"] = "en"
    before = last_id()
    response = client.get(hub_url(referral.family, "aanmelding"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    [entry] = new_entries(before)
    assert entry.data == LOGGED["policy_officer"]["aanmelding"]
