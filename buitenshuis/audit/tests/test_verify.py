"""The ``verify`` command detects a removed, altered or truncated log. The
tampering is done with raw SQL (and on PostgreSQL with the triggers
disabled, as an attacker with the owner's rights could), because the
application itself refuses it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
    assert f"Laatste regel: 5:{entries[-1].hash}" in out


def test_empty_log_is_intact(db):
    code, out, _ = run_verify()
    assert code == 0
    assert "Toegangslog intact: 0 regels" in out


def test_altered_entry_is_named(entries):
    with owner_rights() as cursor:
        cursor.execute(
            "UPDATE audit_accesslogentry SET reason = %s WHERE seq = %s", ["verzonnen", 3]
        )
    code, _, err = run_verify()
    assert code == 1
    assert "NIET intact" in err
    assert "Regel 3 is gewijzigd" in err
    assert "Regel 2 " not in err and "Regel 4 " not in err


def test_altered_entry_with_recomputed_hash_breaks_the_next_link(entries):
    with owner_rights() as cursor:
        cursor.execute(
            "UPDATE audit_accesslogentry SET username = %s, hash = %s WHERE seq = %s",
            ["iemand-anders", "f" * 64, 2],
        )
    code, _, err = run_verify()
    assert code == 1
    assert "Regel 2 is gewijzigd" in err
    assert "Regel 3 sluit niet aan" in err


def test_altered_subject_is_detected(entries, world):
    with owner_rights() as cursor:
        cursor.execute(
            "UPDATE audit_accesslogsubject SET object_id = %s, family_id = %s WHERE entry_id = %s",
            [world.other_family.pk, world.other_family.pk, entries[0].pk],
        )
    code, _, err = run_verify()
    assert code == 1
    assert "Regel 1 is gewijzigd" in err


def test_removed_subject_is_detected(entries):
    with owner_rights() as cursor:
        cursor.execute("DELETE FROM audit_accesslogsubject WHERE entry_id = %s", [entries[4].pk])
    code, _, err = run_verify()
    assert code == 1
    assert "Regel 5 is gewijzigd" in err


def _delete(cursor, *seqs):
    for seq in seqs:
        cursor.execute(
            "DELETE FROM audit_accesslogsubject WHERE entry_id IN "
            "(SELECT id FROM audit_accesslogentry WHERE seq = %s)",
            [seq],
        )
        cursor.execute("DELETE FROM audit_accesslogentry WHERE seq = %s", [seq])


def test_removed_entry_is_named(entries):
    with owner_rights() as cursor:
        _delete(cursor, 3)
    code, _, err = run_verify()
    assert code == 1
    assert "Regel 3 ontbreekt (verwijderd)" in err
    assert "Regel 4 sluit niet aan" in err


def test_removed_range_is_named(entries):
    with owner_rights() as cursor:
        _delete(cursor, 2, 3)
    code, _, err = run_verify()
    assert code == 1
    assert "Regels 2 t/m 3 ontbreken" in err


def test_removed_first_entry_is_named(entries):
    with owner_rights() as cursor:
        _delete(cursor, 1)
    code, _, err = run_verify()
    assert code == 1
    assert "Regel 1 ontbreekt" in err


def test_removed_tail_is_named(entries):
    with owner_rights() as cursor:
        _delete(cursor, 4, 5)
    code, _, err = run_verify()
    assert code == 1
    assert "Regels 4 t/m 5 ontbreken (het einde is verwijderd)" in err


def test_removed_last_entry_is_named(entries):
    with owner_rights() as cursor:
        _delete(cursor, 5)
    code, _, err = run_verify()
    assert code == 1
    assert "Regel 5 ontbreekt (de laatste regel is verwijderd)" in err


def test_removed_chain_head_is_detected(entries):
    with owner_rights() as cursor:
        cursor.execute("DELETE FROM audit_chainhead")
    code, _, err = run_verify()
    assert code == 1
    assert "kop van de ketting ontbreekt" in err


def test_anchor_detects_a_rewritten_chain(entries):
    code, _, _ = run_verify("--anchor", f"3:{entries[2].hash}")
    assert code == 0
    code, _, err = run_verify("--anchor", f"3:{'a' * 64}")
    assert code == 1
    assert "Regel 3 heeft niet meer de eerder vastgelegde hash" in err


def test_bad_anchor_is_refused(db):
    with pytest.raises(CommandError, match="VOLGNUMMER:HASH"):
        call_command("verify", "--anchor", "drie")
