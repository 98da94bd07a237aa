# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Fixtures for the access-log tests."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.models.signals import post_migrate

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
def committed_log(transactional_db):
    """For tests whose writes are committed (threads with their own
    connections, migrations). On PostgreSQL the append-only triggers refuse
    the TRUNCATE with which Django empties the database after such a test:
    they are disabled for that flush and enabled again right after it (the
    flush ends with post_migrate)."""
    yield
    if connection.vendor != "postgresql":
        return

    def enable(**kwargs):
        post_migrate.disconnect(dispatch_uid="audit-tests-enable-triggers")
        with connection.cursor() as cursor:
            for table in AUDIT_TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")

    post_migrate.connect(enable, weak=False, dispatch_uid="audit-tests-enable-triggers")
    with connection.cursor() as cursor:
        for table in AUDIT_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")


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


def new_entries(since_id):
    """The entries written after the one with id ``since_id``, in the order
    they were written (the database hands out ids in that order)."""
    return list(AccessLogEntry.objects.filter(pk__gt=since_id).order_by("pk"))


def last_id():
    entry = AccessLogEntry.objects.order_by("-pk").first()
    return entry.pk if entry else 0
