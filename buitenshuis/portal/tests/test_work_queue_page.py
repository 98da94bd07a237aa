# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The start page's "Wat op u wacht": each role sees what waits
for them with counts and links, a clear sentence when nothing does, and the
page's number of queries does not grow with the families in the country."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from buitenshuis.activities.models import Signal
from buitenshuis.activities.tests.test_staff import place
from buitenshuis.casework.models import Person
from buitenshuis.casework.tests.factories import EnrolmentFactory, FamilyFactory, PersonFactory
from buitenshuis.referrals.models import Intake, LegalBasis, Referral
from buitenshuis.referrals.tests.factories import (
    DecisionFactory,
    MunicipalityTaskFactory,
    give_all_consents,
    in_intake,
    make_referral,
)


def start(client):
    response = client.get(reverse("portal:start"))
    assert response.status_code == 200
    return response


def ready(referral, pin):
    Intake.objects.create(
        referral=referral,
        conversation="Verzonnen.",
        criteria_met=[],
        legal_basis=LegalBasis.PUBLIC_TASK,
        held_on=timezone.localdate(),
        recorded_by=pin,
    )
    in_intake(referral)
    give_all_consents(referral, pin)
    return referral


def test_nothing_waiting_is_said_plainly(world, client, sign_in):
    sign_in(world.users["coordinator"])
    response = start(client)
    body = response.content.decode()
    assert response.context["work_items"] == []
    assert '<h2 class="utrecht-heading-2" id="work-queue">Wat op u wacht</h2>' in body
    assert "Er wacht nu niets op u." in body


def test_each_role_sees_its_work_with_count_and_link(world, client, sign_in):
    referrer, pin = world.users["referrer"], world.users["linking_pin"]
    make_referral(world.programme, referrer, parents=2)
    make_referral(world.programme, referrer, linking_pin=pin, parents=2)
    late = ready(make_referral(world.programme, referrer, linking_pin=pin, parents=2), pin)
    Referral.objects.filter(pk=late.pk).update(
        received_at=timezone.now() - timezone.timedelta(days=30)
    )
    mandate = make_referral(world.programme, referrer)
    MunicipalityTaskFactory(decision=DecisionFactory(referral=mandate, under_mandate=True))

    sign_in(world.users["coordinator"])
    body = start(client).content.decode()
    assert (
        f'<a class="utrecht-link" href="{reverse("referrals:list")}?wacht=toewijzen">'
        "Aanmeldingen zonder linking pin: <strong>2</strong></a>"
    ) in body  # the open one and the mandate one (no linking pin)

    sign_in(pin)
    body = start(client).content.decode()
    assert "Aanmeldingen die wachten op uw intake: <strong>1</strong>" in body
    assert "Er wacht nu niets op u." not in body

    sign_in(world.users["policy_officer"])
    response = start(client)
    body = response.content.decode()
    assert "Aanmeldingen die wachten op uw besluit: <strong>1</strong>" in body
    assert "(waarvan 1 te laat)" in body
    assert "Besluiten onder mandaat om kennis van te nemen: <strong>1</strong>" in body
    keys = [item.key for item in response.context["work_items"]]
    assert keys == ["referrals.besluit", "referrals.mandate_tasks"]
    # The work queue comes first, before the other sections.
    assert body.index('id="work-queue"') < body.index('id="quick-links"')


@pytest.mark.parametrize("role", ["referrer", "location_staff", "researcher", "administrator"])
def test_roles_without_hand_offs_see_that_nothing_waits(world, client, sign_in, role):
    make_referral(world.programme, world.users["referrer"], parents=2)
    sign_in(world.users[role])
    assert "Er wacht nu niets op u." in start(client).content.decode()


def _country(world, copies):
    """Families at every step for other linking pins and another
    programme, ``copies`` times over: work that waits for others."""
    referrer, other_pin = world.users["referrer"], world.other_pin
    for _ in range(copies):
        make_referral(world.other_programme, referrer, parents=2, child_ages=(2, 9, 14))
        ready(make_referral(world.other_programme, referrer, parents=2), other_pin)
        make_referral(world.programme, referrer, linking_pin=other_pin, parents=2)
        ready(make_referral(world.programme, referrer, linking_pin=other_pin, parents=2), other_pin)
        decided = make_referral(world.programme, referrer, linking_pin=other_pin)
        MunicipalityTaskFactory(decision=DecisionFactory(referral=decided, under_mandate=True))
        family = FamilyFactory(programme=world.other_programme)
        child = PersonFactory(family=family, kind=Person.Kind.CHILD)
        enrolment = EnrolmentFactory(family=family, linking_pin=other_pin)
        signal_about = place(child, world.location, enrolment)
        Signal.objects.create(
            placement=signal_about,
            kind=Signal.Kind.WORRY,
            text="Verzonnen.",
            created_by=world.users["location_staff"],
        )


@pytest.mark.parametrize(
    "role", ["coordinator", "linking_pin", "policy_officer", "location_staff", "referrer"]
)
def test_the_start_page_does_not_slow_down_with_the_country(world, client, sign_in, role):
    pin = world.users["linking_pin"]
    # Some work of the user's own, so every item is computed.
    make_referral(world.programme, world.users["referrer"], parents=2)
    make_referral(world.programme, world.users["referrer"], linking_pin=pin, parents=2)
    ready(make_referral(world.programme, world.users["referrer"], linking_pin=pin), pin)
    _country(world, 1)
    sign_in(world.users[role])
    start(client)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        start(client)
    _country(world, 6)
    with CaptureQueriesContext(connection) as many:
        start(client)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_lead_times_on_the_start_page_cost_no_query_per_referral(world, client, sign_in):
    """The coordinator's recent lead times (intake date of each referral)
    come with the referrals, not one query per row: the page costs the
    same with one decided referral of their programme or five."""
    pin, referrer = world.users["linking_pin"], world.users["referrer"]

    def decided_referral():
        referral = ready(make_referral(world.programme, referrer, linking_pin=pin), pin)
        DecisionFactory(referral=referral)
        Referral.objects.filter(pk=referral.pk).update(
            status=Referral.Status.ACCEPTED, decided_at=timezone.now()
        )

    decided_referral()
    sign_in(world.users["coordinator"])
    start(client)
    with CaptureQueriesContext(connection) as few:
        start(client)
    for _ in range(4):
        decided_referral()
    with CaptureQueriesContext(connection) as many:
        response = start(client)
    assert len(response.context["recent_durations"]) == 5
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
