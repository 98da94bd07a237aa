# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The settings moved from ``referrals.ReferralSettings`` to
``programmes.ProgrammeSettings`` without copying a row: a database that
had settings and their history before the move keeps them, in the same
tables, on SQLite and PostgreSQL alike."""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from buitenshuis.programmes.models import ProgrammeSettings

LAST_BEFORE_THE_MOVE = ("referrals", "0007_postcode_confirmed_by_coordinator")
BEFORE_THE_MOVE = [LAST_BEFORE_THE_MOVE, ("programmes", None)]

# SQLite cannot migrate inside the test's transaction, so there the test
# commits (and the database is emptied afterwards). PostgreSQL migrates
# inside it and rolls back: emptying would truncate the access log, which
# its triggers refuse.
ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


@pytest.mark.django_db(transaction=ON_SQLITE)
def test_a_database_from_before_the_move_keeps_its_settings_and_their_history():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(LAST_BEFORE_THE_MOVE).apps
    programme = old.get_model("organisations", "Programme").objects.create(
        name="Buitenshuisproject Verzonnenland"
    )
    before = old.get_model("referrals", "ReferralSettings").objects.create(
        programme=programme,
        decider="linking_pin",
        max_families=7,
        municipality_reference="VERZ-BH-2026",
        norm_decision_days=10,
    )
    old.get_model("referrals", "HistoricalReferralSettings").objects.create(
        id=before.pk,
        programme_id=programme.pk,
        max_families=7,
        history_date=timezone.now(),
        history_type="+",
    )
    content_type = ContentType.objects.get(app_label="referrals", model="referralsettings")
    if not ON_SQLITE:
        # The rows' deferred foreign-key checks would still be pending when
        # a later migration alters their table in this same transaction
        # (PostgreSQL refuses that); a real migration runs after a commit.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    moved = ProgrammeSettings.objects.get(pk=before.pk)
    assert moved.programme_id == programme.pk
    assert (moved.decider, moved.max_families, moved.norm_decision_days) == ("linking_pin", 7, 10)
    assert moved.municipality_reference == "VERZ-BH-2026"
    assert [h.max_families for h in moved.history.all()] == [7]
    # The content type moved with the model (same row), as with a rename.
    assert ContentType.objects.get_for_model(ProgrammeSettings).pk == content_type.pk
    assert not ContentType.objects.filter(app_label="referrals", model="referralsettings").exists()
