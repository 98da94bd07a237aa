"""The application's PostgreSQL connections run without the JIT compiler
(docs/production.md: it compiled a 25-row page's query for up to 761 ms)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_have_jit_off():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting; SQLite has none (CI runs this on PostgreSQL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
