# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""On PostgreSQL the database itself refuses UPDATE, DELETE and TRUNCATE on
the access log (migration 0002), whoever asks."""

import pytest
from django.db import DatabaseError, connection, transaction

from buitenshuis.audit.log import verify

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The append-only triggers exist on PostgreSQL only; SQLite is for demos and tests, "
    "where the application's own refusal is tested in test_log.py.",
)

STATEMENTS = [
    "UPDATE audit_accesslogentry SET reason = 'verzonnen'",
    "DELETE FROM audit_accesslogentry",
    "TRUNCATE audit_accesslogentry CASCADE",
    "UPDATE audit_accesslogsubject SET family_id = 1",
    "DELETE FROM audit_accesslogsubject",
    "TRUNCATE audit_accesslogsubject",
]


@pytest.mark.parametrize("sql", STATEMENTS)
def test_database_refuses_changes_to_the_log(entries, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            # TRUNCATE is refused anyway while this test's inserts still have
            # deferred foreign-key checks pending; fire them so that the
            # trigger is what refuses.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(sql)
    assert verify() == []


def test_inserting_is_still_allowed(entries):
    from buitenshuis.audit.log import record

    record(None, "view", "family_identity")
    assert verify() == []
