# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""On PostgreSQL, refuse UPDATE, DELETE and TRUNCATE on the access log to
every database user (not only through the application). On other databases
nothing happens: SQLite is for demos and tests; the application itself
refuses changes there (AppendOnlyQuerySet, save() and delete()).

The table owner can still disable a trigger; docs/privacy.md explains how to
run the application as a user that owns nothing and may only INSERT."""

from django.db import migrations

FUNCTION = "buitenshuis_audit_append_only"
TABLES = ("audit_accesslogentry", "audit_accesslogsubject")


def _is_postgresql(schema_editor):
    return schema_editor.connection.vendor == "postgresql"


def add_triggers(apps, schema_editor):
    if not _is_postgresql(schema_editor):
        return
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'access log is append-only (NEN 7513): % on % refused', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$
        """,
        params=None,  # the % signs are PL/pgSQL's, not placeholders
    )
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {quote(table + '_append_only')} BEFORE UPDATE OR DELETE "
            f"ON {quote(table)} FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {quote(table + '_no_truncate')} BEFORE TRUNCATE "
            f"ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def remove_triggers(apps, schema_editor):
    if not _is_postgresql(schema_editor):
        return
    quote = schema_editor.quote_name
    for table in TABLES:
        for suffix in ("_append_only", "_no_truncate"):
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {quote(table + suffix)} ON {quote(table)}"
            )
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_triggers, remove_triggers, elidable=False),
    ]
