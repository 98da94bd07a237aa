"""Fixtures for the access-log tests."""

from contextlib import contextmanager

import pytest
from django.db import connection

from buitenshuis.audit.log import record
from buitenshuis.audit.models import AccessLogEntry, Action

AUDIT_TABLES = ("audit_accesslogentry", "audit_accesslogsubject")


@contextmanager
def owner_rights():
    """A cursor with the rights of the tables' owner: the ORM refuses to
    change the log, and on PostgreSQL the append-only triggers refuse too,
    but an owner can disable them. Disabled inside the test's transaction
    and enabled again afterwards (a rollback would restore them anyway)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Fire the deferred foreign-key checks of this test's inserts
            # first: PostgreSQL refuses ALTER TABLE with events pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in AUDIT_TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        yield cursor
        if connection.vendor == "postgresql":
            for table in AUDIT_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


@pytest.fixture
def entries(world):
    """Five entries about the world's families, as a linking pin wrote them."""
    pin = world.users["linking_pin"]
    made = [
        record(None, Action.VIEW, "family_identity", [world.own_family], user=pin) for _ in range(4)
    ]
    made.append(
        record(
            None,
            Action.LIST,
            "family_identity",
            [world.own_family, world.colleague_family],
            user=pin,
        )
    )
    return made


def new_entries(since_seq):
    return list(AccessLogEntry.objects.filter(seq__gt=since_seq).order_by("seq"))


def last_seq():
    entry = AccessLogEntry.objects.order_by("-seq").first()
    return entry.seq if entry else 0
