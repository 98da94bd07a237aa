# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

# GeocodeCache comes from activities with its table and rows
# (activities' 0004_geocodecache_to_organisations renamed the table to
# organisations_geocodecache); only Django's picture of the models changes.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_municipality_letterhead"),
        ("activities", "0004_geocodecache_to_organisations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GeocodeCache",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("query", models.CharField(max_length=40, unique=True)),
                        ("found", models.BooleanField(default=False)),
                        ("latitude", models.FloatField(blank=True, null=True)),
                        ("longitude", models.FloatField(blank=True, null=True)),
                        ("fetched_at", models.DateTimeField(auto_now=True)),
                    ],
                ),
            ],
        ),
    ]
