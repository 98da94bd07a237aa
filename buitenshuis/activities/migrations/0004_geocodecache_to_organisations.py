# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

# The cache of the national address service moves to organisations, beside
# the addresses it locates (activities sits above referrals, which needs it
# too). The table is renamed and kept with its rows; organisations'
# 0005_geocodecache takes the model over without touching the database.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0003_free_text_limits"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="geocodecache", table="organisations_geocodecache"),
            ],
            state_operations=[
                migrations.DeleteModel(name="GeocodeCache"),
            ],
        ),
    ]
