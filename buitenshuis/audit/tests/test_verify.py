# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The ``verify`` command detects a removed, altered or truncated log. The
tampering is done with raw SQL (and on PostgreSQL with the triggers
disabled, as an attacker with the owner's rights could), because the
application itself refuses it. The five entries of the ``entries`` fixture
are one user's, so they are one chain; test_chains.py covers the log's
other chains."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from buitenshuis.audit.log import Anchor, heads_digest
from buitenshuis.audit.tests.conftest import owner_rights


def run_verify(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("verify", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def test_intact_log(entries):
    code, out, err = run_verify()
    assert code == 0, err
    assert "Toegangslog intact: 5 regels" in out
    chain = entries[-1].chain
    head = f"heads={chain}:5 sha256={heads_digest([(chain, 5)], {chain: entries[-1].hash})}"
    assert f"Koppen van de kettingen (voor --anchor): {head}" in out
    # What it prints is an anchor that verify takes.
    assert run_verify("--anchor", head)[0] == 0


def test_empty_log_is_intact(db):
    code, out, _ = run_verify()
    assert code == 0
    assert "Toegangslog intact: 0 regels" in out


def test_altered_entry_is_named(entries):
    chain = entries[0].chain
    with owner_rights() as cursor:
        cursor.execute(
            "UPDATE audit_accesslogentry SET reason = %s WHERE chain = %s AND seq = %s",
            ["verzonnen", chain, 3],
        )
    code, _, err = run_verify()
    assert code == 1
    assert "NIET intact" in err
    assert f"Ketting {chain}: regel 3 is gewijzigd" in err
    assert "regel 2 " not in err and "regel 4 " not in err


def test_altered_entry_with_recomputed_hash_breaks_the_next_link(entries):
    chain = entries[0].chain
    with owner_rights() as cursor:
        cursor.execute(
            "UPDATE audit_accesslogentry SET username = %s, hash = %s "
            "WHERE chain = %s AND seq = %s",
            ["iemand-anders", "f" * 64, chain, 2],
        )
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {chain}: regel 2 is gewijzigd" in err
    assert f"Ketting {chain}: regel 3 sluit niet aan" in err


def test_altered_subject_is_detected(entries, world):
    with owner_rights() as cursor:
        cursor.execute(
            "UPDATE audit_accesslogsubject SET object_id = %s, family_id = %s WHERE entry_id = %s",
            [world.other_family.pk, world.other_family.pk, entries[0].pk],
        )
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {entries[0].chain}: regel 1 is gewijzigd" in err


def test_removed_subject_is_detected(entries):
    with owner_rights() as cursor:
        cursor.execute("DELETE FROM audit_accesslogsubject WHERE entry_id = %s", [entries[4].pk])
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {entries[0].chain}: regel 5 is gewijzigd" in err


def _delete(cursor, chain, *seqs):
    for seq in seqs:
        cursor.execute(
            "DELETE FROM audit_accesslogsubject WHERE entry_id IN "
            "(SELECT id FROM audit_accesslogentry WHERE chain = %s AND seq = %s)",
            [chain, seq],
        )
        cursor.execute(
            "DELETE FROM audit_accesslogentry WHERE chain = %s AND seq = %s", [chain, seq]
        )


def test_removed_entry_is_named(entries):
    chain = entries[0].chain
    with owner_rights() as cursor:
        _delete(cursor, chain, 3)
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {chain}: regel 3 ontbreekt (verwijderd)" in err
    assert f"Ketting {chain}: regel 4 sluit niet aan" in err


def test_removed_range_is_named(entries):
    chain = entries[0].chain
    with owner_rights() as cursor:
        _delete(cursor, chain, 2, 3)
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {chain}: regels 2 t/m 3 ontbreken" in err


def test_removed_first_entry_is_named(entries):
    chain = entries[0].chain
    with owner_rights() as cursor:
        _delete(cursor, chain, 1)
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {chain}: regel 1 ontbreekt" in err


def test_removed_tail_is_named(entries):
    chain = entries[0].chain
    with owner_rights() as cursor:
        _delete(cursor, chain, 4, 5)
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {chain}: regels 4 t/m 5 ontbreken (het einde is verwijderd)" in err


def test_removed_last_entry_is_named(entries):
    chain = entries[0].chain
    with owner_rights() as cursor:
        _delete(cursor, chain, 5)
    code, _, err = run_verify()
    assert code == 1
    assert f"Ketting {chain}: regel 5 ontbreekt (de laatste regel is verwijderd)" in err


def test_removed_chain_head_is_detected(entries):
    chain = entries[0].chain
    with owner_rights() as cursor:
        cursor.execute("DELETE FROM audit_chainhead WHERE chain = %s", [chain])
    code, _, err = run_verify()
    assert code == 1
    assert f"De kop van ketting {chain} ontbreekt" in err


def test_anchor_detects_a_rewritten_chain(entries):
    chain = entries[0].chain
    anchor = Anchor.of({chain: (3, entries[2].hash)})
    code, _, _ = run_verify("--anchor", anchor.line())
    assert code == 0
    forged = Anchor(anchor.heads, heads_digest(anchor.heads, {chain: "a" * 64}))
    code, _, err = run_verify("--anchor", forged.line())
    assert code == 1
    assert "De regels die het anker (3 regels) vastlegde, hebben niet meer" in err


def test_bad_anchor_is_refused(db):
    with pytest.raises(CommandError, match="VOLGNUMMER:HASH"):
        call_command("verify", "--anchor", "drie")
