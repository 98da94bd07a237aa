# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The privacy officer's screens: only for an administrator with the
privacy-officer permission, every visit logged, clear Dutch messages for bad
input, and a CSV export of the same selection."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.access.tests.test_url_matrix import ROLES
from buitenshuis.audit.log import record
from buitenshuis.audit.models import AccessLogEntry, Action, Outcome
from buitenshuis.audit.tests.conftest import (
    last_id,
    new_entries,
)

SCREENS = ["access:family_log", "access:family_export", "access:user_log", "access:user_export"]
OTHER_ROLES = [role for role in ROLES if role != "administrator"]


def _search(name, world):
    if name.startswith("access:family"):
        return {"reference": world.own_family.reference}
    today = timezone.localdate().isoformat()
    return {"username": "linkingpin", "start": today, "end": today}


@pytest.mark.parametrize("name", SCREENS)
def test_privacy_officer_may_open_the_screens(world, login, entries, name):
    client = login(world.users["administrator"])
    response = client.get(reverse(name), _search(name, world))
    assert response.status_code == 200


@pytest.mark.parametrize("name", SCREENS)
@pytest.mark.parametrize("role", [*OTHER_ROLES, "plain_admin"])
def test_everybody_else_is_refused_and_the_attempt_logged(world, login, entries, name, role):
    user = world.plain_admin if role == "plain_admin" else world.users[role]
    client = login(user)
    before = last_id()
    response = client.get(reverse(name), _search(name, world))
    assert response.status_code == 403
    body = response.content.decode()
    # Nothing of the log (the query itself is echoed only in the language form).
    assert "utrecht-table" not in body and "Resultaten" not in body
    assert "Gezinsgegevens" not in body
    [entry] = new_entries(before)
    assert entry.outcome == Outcome.DENIED
    assert entry.data == "access_log"
    assert entry.user_id == user.pk


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("access:family_log"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_who_saw_this_family(world, login, entries):
    record(None, Action.VIEW, "family_identity", [world.other_family], user=world.other_coordinator)
    # Another user, so another chain of the log: the page orders by time.
    later = record(
        None, Action.VIEW, "family_identity", [world.own_family], user=world.users["coordinator"]
    )
    assert later.chain != entries[0].chain
    client = login(world.users["administrator"])
    before = last_id()
    response = client.get(reverse("access:family_log"), {"reference": world.own_family.reference})
    assert response.status_code == 200
    shown = list(response.context["object_list"])
    # Newest first.
    assert [entry.pk for entry in shown] == [later.pk] + [entry.pk for entry in entries[::-1]]
    body = response.content.decode()
    assert "Gezinsgegevens" in body and "Inzien" in body and "Toegestaan" in body
    assert "coordinator_b" not in body
    # Reading the log is itself logged, with the family as subject.
    [entry] = new_entries(before)
    assert entry.action == Action.VIEW
    assert entry.data == "access_log"
    assert entry.username == "beheer"
    assert [(s.kind, s.object_id) for s in entry.subjects.all()] == [
        ("family", world.own_family.pk)
    ]


def test_family_search_is_case_insensitive_and_includes_members(world, login, entries):
    person = world.own_family.members.first()
    record(None, Action.VIEW, "family_identity", [person], user=world.users["linking_pin"])
    client = login(world.users["administrator"])
    response = client.get(
        reverse("access:family_log"), {"reference": f"  {world.own_family.reference.lower()} "}
    )
    assert response.context["paginator"].count == 6


def test_a_deleted_family_can_still_be_searched(world, login, entries):
    from buitenshuis.casework.tests.factories import FamilyFactory

    gone = FamilyFactory(programme=world.programme)
    record(None, Action.VIEW, "family_identity", [gone], user=world.users["coordinator"])
    reference, pk = gone.reference, gone.pk
    gone.delete()
    client = login(world.users["administrator"])
    response = client.get(reverse("access:family_log"), {"reference": reference})
    assert response.status_code == 200
    assert response.context["paginator"].count == 1
    assert AccessLogEntry.objects.order_by("-pk").first().subjects.get().object_id == pk


def test_everything_one_user_did_in_a_period(world, login, entries):
    record(None, Action.VIEW, "family_identity", [world.other_family], user=world.other_coordinator)
    client = login(world.users["administrator"])
    before = last_id()
    today = timezone.localdate()
    response = client.get(
        reverse("access:user_log"),
        {"username": "LinkingPin", "start": today.isoformat(), "end": today.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["paginator"].count == 5
    body = response.content.decode()
    assert world.own_family.reference in body and world.colleague_family.reference in body
    [entry] = new_entries(before)
    assert entry.data == "access_log" and entry.action == Action.VIEW
    assert [(s.kind, s.object_id) for s in entry.subjects.all()] == [
        ("user", world.users["linking_pin"].pk)
    ]
    # A period without activity.
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    response = client.get(
        reverse("access:user_log"), {"username": "linkingpin", "start": yesterday, "end": yesterday}
    )
    assert response.context["paginator"].count == 0
    assert "Geen regels gevonden" in response.content.decode()


def test_the_user_screen_suggests_the_last_thirty_days(world, login):
    client = login(world.users["administrator"])
    response = client.get(reverse("access:user_log"))
    assert response.status_code == 200
    assert not response.context["searched"]
    assert response.context["form"]["end"].value() == timezone.localdate()


def test_pagination_keeps_the_search(world, login):
    pin = world.users["linking_pin"]
    for _ in range(55):
        record(None, Action.VIEW, "family_identity", [world.own_family], user=pin)
    client = login(world.users["administrator"])
    url = reverse("access:family_log")
    response = client.get(url, {"reference": world.own_family.reference})
    assert response.context["page_obj"].paginator.num_pages == 2
    body = response.content.decode()
    assert f"reference={world.own_family.reference}&amp;page=2" in body
    second = client.get(url, {"reference": world.own_family.reference, "page": "2"})
    # 55 entries, and the privacy officer's first look is now one more.
    assert len(second.context["object_list"]) == 6
    beyond = client.get(url, {"reference": world.own_family.reference, "page": "zeven"})
    assert beyond.status_code == 200


@pytest.mark.parametrize(
    "name,params,message",
    [
        ("access:family_log", {"reference": ""}, "Vul het kenmerk van het gezin in."),
        (
            "access:family_log",
            {"reference": "BH-BESTAAT-NIET"},
            "Er is geen gezin met dit kenmerk.",
        ),
        (
            "access:family_log",
            {"reference": "X", "start": "2026-02-31"},
            "Vul een geldige datum in",
        ),
        (
            "access:user_log",
            {"username": "niemand"},
            "Er is geen gebruiker met deze gebruikersnaam.",
        ),
        (
            "access:user_log",
            {"username": "linkingpin", "start": "2026-03-02", "end": "2026-03-01"},
            "De einddatum ligt vóór de begindatum.",
        ),
        (
            "access:user_log",
            {"username": "linkingpin", "start": "gisteren", "end": "2026-03-01"},
            "Vul een geldige datum in, bijvoorbeeld 31-12-2026.",
        ),
        ("access:user_log", {"username": "linkingpin"}, "Vul de begindatum in."),
        ("access:user_export", {"username": "niemand"}, "Er is geen gebruiker met"),
        ("access:family_export", {"reference": "BH-BESTAAT-NIET"}, "Er is geen gezin met"),
    ],
)
def test_bad_input_gets_a_clear_dutch_message(world, login, name, params, message):
    client = login(world.users["administrator"])
    before = last_id()
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert message in body
    assert not response.context["searched"]
    # The visit is logged, without a subject, and not as an export.
    [entry] = new_entries(before)
    assert entry.action == Action.VIEW
    assert not entry.subjects.exists()


def test_dutch_date_notation_is_accepted(world, login, entries):
    client = login(world.users["administrator"])
    today = timezone.localdate().strftime("%d-%m-%Y")
    response = client.get(
        reverse("access:user_log"), {"username": "linkingpin", "start": today, "end": today}
    )
    assert response.context["searched"]
    assert response.context["paginator"].count == 5


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_family_export(world, login, entries):
    later = record(
        None,
        Action.VIEW,
        "family_identity",
        [world.own_family],
        user=world.users["coordinator"],
        reason='=HYPERLINK("http://kwaadaardig.invalid")',
    )
    client = login(world.users["administrator"])
    before = last_id()
    response = client.get(
        reverse("access:family_export"), {"reference": world.own_family.reference}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:4] == ["Ketting", "Volgnummer", "Tijdstip", "Gebruiker"]
    # Oldest first, by time, over the chains: the linking pin's five, then
    # the coordinator's, each with its place in its chain.
    written = [*entries, later]
    assert [row[:2] for row in rows[1:]] == [[str(e.chain), str(e.seq)] for e in written]
    assert [row[3] for row in rows[1:]] == ["linkingpin"] * 5 + ["coordinator"]
    assert rows[1][7] == "Inzien"
    assert world.own_family.reference in rows[1][9]
    assert rows[6][11].startswith("'=")  # no formula in a spreadsheet
    [entry] = new_entries(before)
    assert entry.action == Action.EXPORT
    assert entry.data == "access_log"
    assert entry.subjects.get().object_id == world.own_family.pk


def test_user_export(world, login, entries):
    client = login(world.users["administrator"])
    before = last_id()
    today = timezone.localdate().isoformat()
    response = client.get(
        reverse("access:user_export"), {"username": "linkingpin", "start": today, "end": today}
    )
    rows = _csv(response)
    assert len(rows) == 6
    assert {row[3] for row in rows[1:]} == {"linkingpin"}
    [entry] = new_entries(before)
    assert entry.action == Action.EXPORT
    assert entry.subjects.get().kind == "user"


def test_the_result_page_links_to_the_export(world, login, entries):
    client = login(world.users["administrator"])
    response = client.get(reverse("access:family_log"), {"reference": world.own_family.reference})
    expected = f"{reverse('access:family_export')}?reference={world.own_family.reference}"
    assert expected in response.content.decode()
