# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Writing the access log: append-only, hash-chained, one entry per
personal-data view."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from buitenshuis.audit.log import check_chain, client_ip, record, verify
from buitenshuis.audit.models import (
    DATA_LABELS,
    AccessLogEntry,
    AccessLogSubject,
    Action,
    ImmutableError,
    Outcome,
)
from buitenshuis.audit.tests.conftest import last_id, new_entries


def _families(entry):
    return {s.family_id for s in entry.subjects.all() if s.kind == "family"}


# One entry per request that shows personal data.


def test_family_page_writes_one_entry_about_the_family(world, login):
    client = login(world.users["linking_pin"])
    before = last_id()
    response = client.get(reverse("casework:family_detail", args=[world.own_family.pk]))
    assert response.status_code == 200
    [entry] = new_entries(before)
    assert entry.action == Action.VIEW
    assert entry.outcome == Outcome.ALLOWED
    # The case hub names the panels it showed (casework.panels): on its
    # overview the enrolment and who stands in.
    assert entry.data == "gezin: traject, waarneming"
    assert entry.username == "linkingpin"
    assert entry.user_id == world.users["linking_pin"].pk
    assert entry.responsible == "linkingpin"
    assert entry.role and entry.organisation
    assert entry.ip_address == "127.0.0.1"
    assert entry.path == reverse("casework:family_detail", args=[world.own_family.pk])
    assert _families(entry) == {world.own_family.pk}
    # A section of the hub names its own panels only.
    url = reverse("casework:family_section", args=[world.own_family.pk, "plaatsingen"])
    assert client.get(url).status_code == 200
    [entry] = new_entries(entry.pk)
    assert entry.data == "gezin: plaatsingen, signalen"
    assert entry.path == url
    assert _families(entry) == {world.own_family.pk}


def test_family_list_writes_one_entry_about_the_families_shown(world, login):
    client = login(world.users["linking_pin"])
    before = last_id()
    assert client.get(reverse("casework:family_list")).status_code == 200
    [entry] = new_entries(before)
    assert entry.action == Action.LIST
    assert _families(entry) == {world.own_family.pk}


def test_denied_family_page_writes_a_denied_entry(world, login):
    client = login(world.users["linking_pin"])
    before = last_id()
    url = reverse("casework:family_detail", args=[world.colleague_family.pk])
    assert client.get(url).status_code == 404
    [entry] = new_entries(before)
    assert entry.outcome == Outcome.DENIED
    assert entry.path == url


def test_denied_family_list_writes_a_denied_entry(world, login):
    client = login(world.users["researcher"])
    before = last_id()
    assert client.get(reverse("casework:family_list")).status_code == 403
    [entry] = new_entries(before)
    assert entry.outcome == Outcome.DENIED
    assert entry.username == "onderzoeker"


# Append-only through the application.


def test_entries_cannot_be_changed_or_deleted_through_the_orm(entries):
    entry = AccessLogEntry.objects.get(pk=entries[0].pk)
    entry.reason = "achteraf verzonnen"
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()
    with pytest.raises(ImmutableError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(reason="weg")
    with pytest.raises(ImmutableError):
        AccessLogEntry.objects.all().delete()
    subject = AccessLogSubject.objects.filter(entry=entry).first()
    with pytest.raises(ImmutableError):
        subject.save()
    with pytest.raises(ImmutableError):
        subject.delete()
    with pytest.raises(ImmutableError):
        AccessLogSubject.objects.all().update(family_id=1)
    with pytest.raises(ImmutableError):
        AccessLogSubject.objects.all().delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).reason == ""
    assert verify() == []


def test_the_chain_stays_valid_after_many_records(world):
    users = list(world.users.values())
    families = [world.own_family, world.colleague_family, world.other_family]
    for n in range(150):
        record(
            None,
            Action.VIEW if n % 3 else Action.CHANGE,
            "family_identity",
            [families[n % 3]],
            user=users[n % len(users)],
            reason="Evaluatie" if n % 7 == 0 else "",
        )
    report = check_chain(batch_size=40)  # several batches
    assert report.problems == []
    assert report.count == 150
    # The users' entries went to several chains, each numbered from 1 on.
    places = AccessLogEntry.objects.order_by("chain", "seq").values_list("chain", "seq")
    chains = {}
    for chain, seq in places:
        chains.setdefault(chain, []).append(seq)
    assert len(chains) > 1
    assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in chains.values())
    assert report.heads == {
        chain: (len(seqs), AccessLogEntry.objects.get(chain=chain, seq=len(seqs)).hash)
        for chain, seqs in chains.items()
    }


def test_record_links_each_entry_to_its_predecessor(entries):
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.chain == previous.chain
        assert entry.seq == previous.seq + 1
        assert entry.prev_hash == previous.hash


def test_a_forged_or_odd_address_does_not_break_the_log(world, settings):
    settings.PROXY_COUNT = 1
    factory = RequestFactory()
    # Not an address: the connecting address is all that can be vouched for.
    request = factory.get("/", HTTP_X_FORWARDED_FOR="niet-een-adres", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"
    request = factory.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="niet-een-adres")
    settings.PROXY_COUNT = 0
    assert client_ip(request) is None
    settings.PROXY_COUNT = 1
    request = factory.get("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 2001:DB8:0:0::1")
    assert client_ip(request) == "2001:db8::1"
    request = factory.get("/", HTTP_X_FORWARDED_FOR="::ffff:192.0.2.7")
    assert client_ip(request) == "192.0.2.7"
    request.user = world.users["linking_pin"]
    record(request, Action.VIEW, "family_identity", [world.own_family])
    assert verify() == []


def test_every_kind_of_data_has_a_dutch_label():
    from buitenshuis.access.policy import Data

    assert {str(data) for data in Data} <= set(DATA_LABELS)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite lacks the triggers")
def test_no_triggers_are_installed_on_sqlite(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert not [row for row in cursor.fetchall() if "audit" in row[0]]
