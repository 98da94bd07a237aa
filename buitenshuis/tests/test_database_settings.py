# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The application's PostgreSQL connections run without the JIT compiler
(docs/production.md: it compiled a 25-row page's query for up to 761 ms);
the setting is for PostgreSQL only and never reaches another database."""

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_jit_is_off_on_postgresql_and_left_out_elsewhere():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
    else:
        # SQLite would refuse an unknown "options" connection argument.
        assert "jit" not in str(options.get("options", ""))
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone()[0] == 1
