# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The log is several chains side by side, so that requests of different
users do not wait for one lock; the tamper evidence covers every chain,
the single chain of before migrates to chain 0 and still verifies, and on
PostgreSQL concurrent writers lose no entry and leave none unchained."""

import hashlib
import hmac
import json
import threading
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory
from django.utils import timezone

from buitenshuis.accounts.models import User
from buitenshuis.audit.log import check_chain, record
from buitenshuis.audit.models import (
    CHAINS,
    GENESIS_HASH,
    AccessLogEntry,
    AccessLogSubject,
    Action,
    ChainHead,
    Outcome,
)
from buitenshuis.audit.tests.conftest import owner_rights
from buitenshuis.audit.tests.test_verify import _delete, run_verify

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time into the whole database and ignores "
    "SELECT ... FOR UPDATE, so there is no per-chain lock to contend for or to hold; "
    "concurrency is tested on PostgreSQL.",
)


def _view(user, family=None, **kwargs):
    subjects = [family] if family is not None else []
    return record(None, Action.VIEW, "family_identity", subjects, user=user, **kwargs)


# Which chain an entry goes to.


def test_each_user_writes_to_the_chain_of_their_id(world):
    users = list(world.users.values())
    for user in users:
        assert _view(user, world.own_family).chain == user.pk % CHAINS
    assert len({user.pk % CHAINS for user in users}) > 1
    assert check_chain().problems == []


def test_every_entry_of_one_request_goes_to_one_chain(world):
    """A request holds at most one chain's lock, so two requests cannot
    wait for each other's lock in opposite order."""
    pin, coordinator = world.users["linking_pin"], world.users["coordinator"]
    assert pin.pk % CHAINS != coordinator.pk % CHAINS
    request = RequestFactory().get("/")
    request.user = pin
    first = record(request, Action.VIEW, "family_identity", [world.own_family])
    second = record(request, Action.CHANGE, "users", [pin], user=coordinator)
    assert first.chain == second.chain == pin.pk % CHAINS
    assert (second.seq, second.prev_hash) == (first.seq + 1, first.hash)


def test_sign_ins_without_an_account_spread_over_the_chains(db):
    tried = [f"poging-{n}" for n in range(40)]
    chains = [
        record(None, Action.SIGN_IN, outcome=Outcome.FAILED, username=name).chain for name in tried
    ]
    again = record(None, Action.SIGN_IN, outcome=Outcome.FAILED, username=tried[0])
    assert again.chain == chains[0]
    assert len(set(chains)) > CHAINS // 2
    assert check_chain().problems == []


def test_the_heads_of_every_chain_exist_once_the_log_has_begun(world):
    assert not ChainHead.objects.exists()
    entry = _view(world.users["coordinator"])
    assert sorted(ChainHead.objects.values_list("chain", flat=True)) == list(range(CHAINS))
    head = ChainHead.objects.get(chain=entry.chain)
    assert (head.last_seq, head.last_hash) == (1, entry.hash)


# The tamper evidence covers every chain.


@pytest.fixture
def two_chains(world):
    """Three entries by the linking pin and two by the coordinator, who
    write to different chains, interleaved in time."""
    pin, coordinator = world.users["linking_pin"], world.users["coordinator"]
    made = [_view(user, world.own_family) for user in (pin, coordinator, pin, coordinator, pin)]
    a, b = made[0].chain, made[1].chain
    assert a != b
    return SimpleNamespace(a=a, b=b, entries=made)


def test_two_chains_verify_together(two_chains):
    report = check_chain()
    assert report.problems == []
    assert report.count == 5
    last = two_chains.entries
    assert report.heads == {two_chains.a: (3, last[4].hash), two_chains.b: (2, last[3].hash)}


def test_a_chain_removed_with_its_head_is_detected_without_an_anchor(two_chains):
    with owner_rights() as cursor:
        _delete(cursor, two_chains.b, 1, 2)
        cursor.execute("DELETE FROM audit_chainhead WHERE chain = %s", [two_chains.b])
    code, _, err = run_verify()
    assert code == 1
    assert f"De kop van ketting {two_chains.b} ontbreekt" in err
    assert f"ketting {two_chains.a} " not in err.lower()


def test_the_tail_of_one_chain_removed_is_named(two_chains):
    with owner_rights() as cursor:
        _delete(cursor, two_chains.b, 2)
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {two_chains.b}: regel 2 ontbreekt (de laatste regel is verwijderd)" in err


def test_an_entry_moved_to_another_chain_is_detected(two_chains):
    """The chain is part of the HMAC: an entry cannot be passed off as one
    of another chain, even at the right place with the right link."""
    moved = two_chains.entries[4]  # the last of chain a
    head_b = ChainHead.objects.get(chain=two_chains.b)
    with owner_rights() as cursor:
        cursor.execute(
            "UPDATE audit_accesslogentry SET chain = %s, seq = %s, prev_hash = %s WHERE id = %s",
            [two_chains.b, 3, head_b.last_hash, moved.pk],
        )
        cursor.execute(
            "UPDATE audit_chainhead SET last_seq = 3, last_hash = %s WHERE chain = %s",
            [moved.hash, two_chains.b],
        )
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {two_chains.b}: regel 3 is gewijzigd of vervalst" in err
    assert f"Ketting {two_chains.a}: regel 3 ontbreekt" in err


def test_the_anchor_covers_every_chain(two_chains):
    anchor = check_chain().head_anchor("2026-12-01T03:15:00+01:00")
    assert anchor.heads == tuple(sorted(((two_chains.a, 3), (two_chains.b, 2))))
    assert check_chain(anchor=anchor).problems == []
    # Chain b's tail removed and its head reset: only the anchor shows it.
    with owner_rights() as cursor:
        _delete(cursor, two_chains.b, 2)
        cursor.execute(
            "UPDATE audit_chainhead SET last_seq = 1, last_hash = %s WHERE chain = %s",
            [two_chains.entries[1].hash, two_chains.b],
        )
    assert check_chain().problems == []
    problems = check_chain(anchor=anchor).problems
    assert len(problems) == 1
    assert f"Ketting {two_chains.b} eindigt bij regel 1, maar het anker" in problems[0]


def test_a_chain_emptied_with_its_head_reset_is_detected_against_the_anchor(two_chains):
    anchor = check_chain().head_anchor()
    with owner_rights() as cursor:
        _delete(cursor, two_chains.b, 1, 2)
        cursor.execute(
            "UPDATE audit_chainhead SET last_seq = 0, last_hash = %s WHERE chain = %s",
            [GENESIS_HASH, two_chains.b],
        )
    assert check_chain().problems == []
    [problem] = check_chain(anchor=anchor).problems
    assert f"Ketting {two_chains.b} is leeg, maar het anker (5 regels) noemt regel 2" in problem


# The single chain of before becomes chain 0.


def _hmac_as_before(fields, subjects):
    """The chain value as the single-chain log computed it (0003): the same
    fields, without a chain."""
    text = json.dumps(
        {**fields, "subjects": sorted(subjects)}, sort_keys=True, separators=(",", ":")
    )
    key = django_settings.ACCESS_LOG_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


BEFORE = [("audit", "0003_access_log_data_names_panels")]
AFTER = [("audit", "0004_access_log_chains")]


@pytest.mark.django_db(transaction=True)
def test_the_single_chain_of_before_migrates_to_chain_0_and_still_verifies(committed_log):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        OldEntry = old.get_model("audit", "AccessLogEntry")
        OldSubject = old.get_model("audit", "AccessLogSubject")
        OldHead = old.get_model("audit", "ChainHead")
        previous = GENESIS_HASH
        for seq in range(1, 6):
            now = timezone.now()
            fields = {
                "seq": seq,
                "timestamp": now.isoformat(),
                "user": None,
                "username": "pin",
                "role": "Linking pin",
                "organisation": "Wijkteam",
                "responsible": "pin",
                "action": "view",
                "data": "family_identity",
                "path": f"/gezinnen/{seq}/",
                "ip_address": "10.0.0.1",
                "reason": "",
                "outcome": "allowed",
                "prev_hash": previous,
            }
            value = _hmac_as_before(fields, [f"family:{seq}:{seq}"])
            entry = OldEntry.objects.create(
                **{k: v for k, v in fields.items() if k not in ("user", "timestamp")},
                timestamp=now,
                hash=value,
            )
            OldSubject.objects.create(entry=entry, kind="family", object_id=seq, family_id=seq)
            previous = value
        # As the single-chain code did (get_or_create(pk=1)): an explicit
        # id, so on PostgreSQL the id sequence never moved.
        OldHead.objects.create(pk=1, last_seq=5, last_hash=previous)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('audit_chainhead', 'id'), 1, false)"
                )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)

    report = check_chain(anchor=(5, previous))  # an anchor written before the chains
    assert report.problems == []
    assert (report.count, report.unkeyed) == (5, 0)
    assert report.heads == {0: (5, previous)}
    assert set(AccessLogEntry.objects.values_list("chain", flat=True)) == {0}
    assert sorted(ChainHead.objects.values_list("chain", flat=True)) == list(range(CHAINS))
    # The log goes on, in chain 0 after the old entries and in the others.
    users = User.objects.bulk_create(User(username=f"na-de-migratie-{n}") for n in range(CHAINS))
    for user in users:
        _view(user)
    report = check_chain(anchor=(5, previous))
    assert report.problems == []
    assert report.count == 5 + CHAINS
    assert report.heads[0][0] == 6
    assert AccessLogEntry.objects.get(chain=0, seq=6).prev_hash == previous


# Concurrent writers (PostgreSQL).


def _in_thread(work):
    """Run ``work`` in a thread with its own database connection; return
    what it raised, if anything, through the list it fills."""
    failures = []

    def run():
        try:
            work()
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, failures


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_concurrent_records_lose_nothing_and_leave_nothing_unchained(committed_log):
    threads, per_thread = 8, 50
    users = User.objects.bulk_create(User(username=f"gelijktijdig-{n}") for n in range(24))
    start = threading.Barrier(threads)

    def writer(number):
        def work():
            start.wait(timeout=30)
            for n in range(per_thread):
                # Each thread writes as several users, so threads both share
                # chains (and wait for each other) and use different ones.
                user = users[(number * 7 + n) % len(users)]
                family = SimpleNamespace(family_id=number * 1000 + n)
                _view(user, family, reason=f"schrijver {number}, regel {n}")

        return work

    running = [_in_thread(writer(number)) for number in range(threads)]
    for thread, _failures in running:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread, _ in running)
    assert [failure for _, failures in running for failure in failures] == []

    expected = {f"schrijver {t}, regel {n}" for t in range(threads) for n in range(per_thread)}
    assert set(AccessLogEntry.objects.values_list("reason", flat=True)) == expected
    assert AccessLogEntry.objects.count() == threads * per_thread  # none lost, none twice
    assert AccessLogSubject.objects.count() == threads * per_thread
    report = check_chain()
    assert report.problems == []  # every entry chained, every head right
    assert report.count == threads * per_thread
    assert len(report.heads) > 1
    heads = {head.chain: (head.last_seq, head.last_hash) for head in ChainHead.objects.all()}
    assert {chain: heads[chain] for chain in report.heads} == report.heads
    assert sum(seq for seq, _ in report.heads.values()) == threads * per_thread


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_a_held_chain_does_not_hold_up_a_record_on_another_chain(committed_log):
    """While one transaction holds chain A's head (a record inside a longer
    transaction), a record on chain B completes; one on chain A waits."""
    user_a, user_b = User.objects.bulk_create(
        [User(username="houdt-ketting-a"), User(username="schrijft-op-ketting-b")]
    )
    assert user_a.pk % CHAINS != user_b.pk % CHAINS
    _view(user_a)  # the heads exist before the test proper
    held, release = threading.Event(), threading.Event()

    def holder():
        with transaction.atomic():
            _view(user_a)
            held.set()
            release.wait(timeout=60)

    def record_with_lock_timeout(user, timeout):
        def work():
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{timeout}'")
                _view(user)

        return work

    holding, holder_failures = _in_thread(holder)
    try:
        assert held.wait(timeout=30)
        # Chain B: completes while A is still held (it would fail on the
        # lock timeout if it had to wait for A).
        other, failures = _in_thread(record_with_lock_timeout(user_b, "10s"))
        other.join(timeout=30)
        assert not other.is_alive() and failures == []
        assert holding.is_alive() and not release.is_set()
        # Chain A: waits for the holder, and gives up at its lock timeout.
        same, failures = _in_thread(record_with_lock_timeout(user_a, "300ms"))
        same.join(timeout=30)
        assert [type(failure) for failure in failures] == [OperationalError]
        assert "lock timeout" in str(failures[0])
    finally:
        release.set()
        holding.join(timeout=30)
    assert holder_failures == []
    report = check_chain()
    assert report.problems == []
    assert report.count == 3
    assert report.heads[user_a.pk % CHAINS][0] == 2
    assert report.heads[user_b.pk % CHAINS][0] == 1
