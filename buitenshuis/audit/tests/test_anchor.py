# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The keyed chain and its anchor outside the database: entries appended by
someone who may insert rows but has no ACCESS_LOG_KEY, an emptied log, a
removed tail and a rewritten entry are all detected by ``verify``; the
daily ``anchor_access_log`` writes the head to a file and the system log."""

import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from buitenshuis.audit.log import heads_digest, parse_anchor, read_anchor, record
from buitenshuis.audit.models import (
    CHAINS,
    GENESIS_HASH,
    AccessLogEntry,
    Action,
    ChainHead,
    Outcome,
)
from buitenshuis.audit.tests.conftest import owner_rights
from buitenshuis.audit.tests.test_verify import _delete, run_verify


@pytest.fixture
def anchor_file(tmp_path, settings):
    path = tmp_path / "toegangslog-anker.log"
    settings.ACCESS_LOG_ANCHOR_FILE = str(path)
    return path


def run_anchor(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("anchor_access_log", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def forge(chain=0, keyed_with=None, username="verzonnen"):
    """Append an entry to ``chain`` as someone who may insert rows (the ORM
    allows new rows) and knows the chain's rules, but not ACCESS_LOG_KEY: a
    correctly computed SHA-256 chain, or an HMAC with a guessed key. The
    chain's head is moved along, as such a writer would. With the real key
    it is what the application writes (a log from before several chains
    existed is chain 0)."""
    head = ChainHead.objects.filter(chain=chain).first()
    last_seq, last_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    entry = AccessLogEntry(
        chain=chain,
        seq=last_seq + 1,
        timestamp=timezone.now(),
        username=username,
        responsible=username,
        action=Action.VIEW,
        data="family_identity",
        outcome=Outcome.ALLOWED,
        prev_hash=last_hash,
    )
    entry.hash = (
        entry.compute_hash([]) if keyed_with is None else entry.compute_hmac([], key=keyed_with)
    )
    entry.save()
    ChainHead.objects.update_or_create(
        chain=chain, defaults={"last_seq": entry.seq, "last_hash": entry.hash}
    )
    return entry


def _single_chain_of_before(count, settings, unkeyed=0):
    """A log as it was before the chains: ``count`` entries in chain 0 (the
    first ``unkeyed`` of them from before ACCESS_LOG_KEY), with the heads of
    the other chains that the migration creates."""
    made = [
        forge(0, keyed_with=None if n < unkeyed else settings.ACCESS_LOG_KEY, username="pin")
        for n in range(count)
    ]
    ChainHead.objects.bulk_create(
        [ChainHead(chain=chain) for chain in range(CHAINS)], ignore_conflicts=True
    )
    return made


# New entries carry an HMAC; forged appends are detected.


def test_new_entries_carry_the_hmac_of_the_key(entries, settings):
    entry = entries[0]
    keys = [subject.key() for subject in entry.subjects.all()]
    assert entry.hash == entry.compute_hmac(keys)
    assert entry.hash != entry.compute_hash(keys)
    assert entry.hash != entry.compute_hmac(keys, key="een-andere-sleutel")


def test_forged_appends_with_a_correct_sha256_chain_are_detected(entries):
    chain = entries[0].chain
    forge(chain)
    forge(chain)
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {chain}: regel 6 heeft geen HMAC" in err
    assert f"Ketting {chain}: regel 7 heeft geen HMAC" in err
    assert "regel 5 " not in err


def test_forged_append_with_a_guessed_key_is_detected(entries):
    chain = entries[0].chain
    forge(chain, keyed_with="raden-maar")
    code, _, err = run_verify()
    assert code == 1
    assert (
        f"Ketting {chain}: regel 6 is gewijzigd of vervalst: de HMAC past niet bij de inhoud" in err
    )


def test_a_changed_key_makes_every_entry_fail(entries, settings):
    settings.ACCESS_LOG_KEY = "een-andere-sleutel-dan-die-van-het-log"
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {entries[0].chain}: regel 1 is gewijzigd of vervalst" in err


# Entries from before the key: accepted only at the start of chain 0, the
# single chain of before.


def test_unkeyed_entries_before_the_first_hmac_entry_are_accepted(world, settings):
    """A log written before ACCESS_LOG_KEY existed (plain SHA-256) goes on
    with HMAC entries after the upgrade and still verifies."""
    old = _single_chain_of_before(4, settings, unkeyed=3)
    assert all(e.hash == e.compute_hash([]) for e in old[:3])
    record(
        None, Action.VIEW, "family_identity", [world.own_family], user=world.users["coordinator"]
    )
    code, out, err = run_verify()
    assert code == 0, err
    assert "Toegangslog intact: 5 regels" in out
    assert "De eerste 3 regels zijn van vóór de sleutel" in out


def test_unkeyed_entry_after_an_hmac_entry_is_detected(world, settings):
    _single_chain_of_before(2, settings, unkeyed=1)
    forge(0)
    code, _, err = run_verify()
    assert code == 1
    assert (
        "Ketting 0: regel 3 heeft geen HMAC, alleen een hash zonder sleutel, terwijl regel 2" in err
    )


def test_unkeyed_entry_in_a_chain_other_than_0_is_detected(world, settings):
    """Only chain 0 is older than the key; any other chain starts keyed."""
    _single_chain_of_before(2, settings, unkeyed=1)
    forge(5)
    code, _, err = run_verify()
    assert code == 1
    assert "Ketting 5: regel 1 heeft geen HMAC, alleen een hash zonder sleutel: buiten" in err


# The anchor outside the database.


def test_anchor_command_writes_a_line_and_logs_it(entries, anchor_file, caplog):
    chain = entries[-1].chain
    digest = heads_digest([(chain, 5)], {chain: entries[-1].hash})
    with caplog.at_level(logging.INFO, logger="buitenshuis.audit.anchor"):
        code, out, err = run_anchor()
    assert code == 0, err
    [line] = anchor_file.read_text().splitlines()
    assert line.endswith(f" heads={chain}:5 sha256={digest}")
    assert line in out
    assert any(line in message for message in caplog.messages)
    anchor = read_anchor(anchor_file)
    assert (anchor.heads, anchor.digest, anchor.count) == (((chain, 5),), digest, 5)
    assert anchor.written_at.startswith(str(timezone.localdate()))


def test_anchor_command_appends(entries, anchor_file, world):
    run_anchor()
    record(
        None, Action.VIEW, "family_identity", [world.own_family], user=world.users["coordinator"]
    )
    code, _, err = run_anchor()
    assert code == 0, err
    first, second = anchor_file.read_text().splitlines()
    assert f" heads={entries[0].chain}:5 " in first
    assert read_anchor(anchor_file).count == 6


def test_anchor_command_refuses_to_anchor_a_broken_chain(entries, anchor_file):
    chain = entries[0].chain
    forge(chain)
    code, _, err = run_anchor()
    assert code == 1
    assert "geen nieuw anker geschreven" in err
    assert f"Ketting {chain}: regel 6 heeft geen HMAC" in err
    assert not anchor_file.exists()


def test_intact_log_verifies_against_the_anchor(entries, anchor_file, world):
    run_anchor()
    record(
        None, Action.VIEW, "family_identity", [world.own_family], user=world.users["coordinator"]
    )
    code, out, err = run_verify()
    assert code == 0, err
    assert "Toegangslog intact: 6 regels" in out
    assert "Gecontroleerd tegen het anker: 5 regels, vastgelegd op" in out


def _empty_the_log():
    with owner_rights() as cursor:
        cursor.execute("DELETE FROM audit_accesslogsubject")
        cursor.execute("DELETE FROM audit_accesslogentry")
        cursor.execute("DELETE FROM audit_chainhead")


def test_emptied_log_is_detected_against_the_anchor(entries, anchor_file):
    run_anchor()
    _empty_the_log()
    code, _, err = run_verify()
    assert code == 1
    assert "Het toegangslog is leeg, maar volgens het anker" in err
    assert "had het al 5 regels: het log is geleegd" in err


def test_emptied_log_that_the_application_filled_again_is_detected(entries, anchor_file, world):
    run_anchor()
    _empty_the_log()
    for _ in range(6):  # the same chain from 1 again, now longer than the anchored one
        record(
            None,
            Action.VIEW,
            "family_identity",
            [world.own_family],
            user=world.users["linking_pin"],
        )
    code, _, err = run_verify()
    assert code == 1
    assert "De regels die het anker (5 regels, vastgelegd op" in err
    assert "hebben niet meer de vastgelegde waarden" in err


def test_removed_tail_with_a_matching_head_is_detected_against_the_anchor(entries, anchor_file):
    chain = entries[0].chain
    run_anchor()
    with owner_rights() as cursor:
        _delete(cursor, chain, 4, 5)
        cursor.execute(
            "UPDATE audit_chainhead SET last_seq = %s, last_hash = %s WHERE chain = %s",
            [3, entries[2].hash, chain],
        )
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {chain} eindigt bij regel 3, maar het anker" in err
    assert "noemt regel 5: het einde is verwijderd" in err


def test_altered_anchored_entry_is_detected(entries, anchor_file):
    chain = entries[0].chain
    run_anchor()
    with owner_rights() as cursor:
        cursor.execute(
            "UPDATE audit_accesslogentry SET hash = %s WHERE chain = %s AND seq = %s",
            ["e" * 64, chain, 5],
        )
    code, _, err = run_verify()
    assert code == 1
    assert "hebben niet meer de vastgelegde waarden" in err


def test_verify_takes_an_anchor_line_copied_from_the_system_log(entries):
    chain = entries[2].chain
    digest = heads_digest([(chain, 3)], {chain: entries[2].hash})
    line = (
        "Nov 23 03:00:01 host buitenshuis: access log anchor: "
        f"2026-11-23T03:00:00+01:00 heads={chain}:3 sha256={digest}"
    )
    code, out, err = run_verify("--anchor", line)
    assert code == 0, err
    assert "3 regels, vastgelegd op 2026-11-23T03:00:00+01:00" in out
    code, _, err = run_verify("--anchor", line.replace(f"heads={chain}:3", f"heads={chain}:9"))
    assert code == 1
    assert f"Ketting {chain} eindigt bij regel 5, maar het anker" in err
    assert "noemt regel 9" in err


def test_an_anchor_of_the_single_chain_of_before_still_holds_for_chain_0(world, settings):
    """Anchors written before the log had several chains (``SEQ:HASH``,
    ``seq=N hmac=...``) name an entry of chain 0, the chain of before."""
    old = _single_chain_of_before(4, settings)
    for line in (
        f"3:{old[2].hash}",
        f"2026-11-23T03:00:00+01:00 seq=3 hmac={old[2].hash}",
    ):
        code, out, err = run_verify("--anchor", line)
        assert code == 0, err
        assert "ketting 0 tot en met regel 3" in out
    code, _, err = run_verify("--anchor", f"3:{'a' * 64}")
    assert code == 1
    assert "Ketting 0: regel 3 heeft niet meer de eerder vastgelegde hash" in err
    code, _, err = run_verify("--anchor", f"9:{old[2].hash}")
    assert code == 1
    assert "Ketting 0 eindigt bij regel 4, maar het anker" in err


def test_verify_without_an_anchor_says_so(entries):
    code, out, _ = run_verify()
    assert code == 0
    assert "geen ankerbestand ingesteld" in out


def test_verify_with_an_empty_anchor_file_says_so(entries, anchor_file):
    anchor_file.write_text("")
    code, out, _ = run_verify()
    assert code == 0
    assert "geen anker gevonden" in out


def test_parse_anchor_forms():
    digest = "a" * 64
    anchor = parse_anchor(f"2026-01-02T03:04:05+01:00 heads=0:12,3:7 sha256={digest}")
    assert (anchor.heads, anchor.digest, anchor.count) == (((0, 12), (3, 7)), digest, 19)
    assert anchor.written_at == "2026-01-02T03:04:05+01:00" and not anchor.legacy
    assert parse_anchor(anchor.line()) == anchor
    assert parse_anchor(f"heads=- sha256={digest}").count == 0
    # The forms of the single chain of before: chain 0.
    assert parse_anchor(f"12:{digest}").heads == ((0, 12),)
    assert parse_anchor(f"12:{digest.upper()}").digest == digest
    legacy = parse_anchor(f"2026-01-02T03:04:05+01:00 seq=7 hmac={digest}")
    assert legacy.written_at == "2026-01-02T03:04:05+01:00" and legacy.legacy
    assert parse_anchor("drie") is None
    assert parse_anchor(f"seq=x hmac={digest}") is None
    assert parse_anchor(f"heads=0:x sha256={digest}") is None


def test_anchor_file_that_cannot_be_written_is_a_clear_error(entries, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="kan niet worden geschreven"):
        call_command("anchor_access_log", "--file", str(tmp_path / "bestaat-niet" / "anker.log"))
