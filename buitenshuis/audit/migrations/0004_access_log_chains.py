# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The access log becomes 16 chains side by side, each with its own head, so
that requests writing to different chains do not wait for one lock.

The existing single chain becomes chain 0: its entries keep their sequence
numbers and chain values (the HMAC leaves chain 0 out, see
``AccessLogEntry.canonical``), and its head row becomes the head of chain 0,
so ``verify`` stays green and earlier anchors (``SEQ:HASH``) still hold for
chain 0. The heads of chains 1-15 are created empty when the log has begun;
on an empty log ``record()`` creates them with the first entry.

No row of the log is updated (the new column is added with its default),
so the append-only triggers of 0002 stay in force throughout."""

from django.core.management.color import no_style
from django.db import migrations, models

CHAINS = 16  # audit.models.CHAINS when this migration was written


def create_heads(apps, schema_editor):
    ChainHead = apps.get_model("audit", "ChainHead")
    if not ChainHead.objects.filter(chain=0).exists():
        # An empty log, or one whose head was removed: verify reports the
        # latter, and creating heads here would not hide it.
        return
    # The single head was created with an explicit id (1), so on PostgreSQL
    # the id sequence may never have moved: set it past the existing ids,
    # or the new heads would collide with it.
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [ChainHead]):
            cursor.execute(sql)
    ChainHead.objects.bulk_create([ChainHead(chain=chain) for chain in range(1, CHAINS)])


def remove_heads(apps, schema_editor):
    AccessLogEntry = apps.get_model("audit", "AccessLogEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    if AccessLogEntry.objects.exclude(chain=0).exists():
        raise RuntimeError(
            "The access log has entries in chains other than 0; they cannot be put back "
            "into a single chain without rewriting it."
        )
    ChainHead.objects.exclude(chain=0).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_access_log_data_names_panels"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="accesslogentry",
            options={
                "get_latest_by": ["timestamp", "id"],
                "ordering": ["-timestamp", "-id"],
                "verbose_name": "toegangslogregel",
                "verbose_name_plural": "toegangslog",
            },
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="chain",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="ketting"
            ),
        ),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.UniqueConstraint(
                fields=("chain", "seq"), name="audit_entry_chain_seq_unique"
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, verbose_name="volgnummer"),
        ),
        migrations.AddField(
            model_name="chainhead",
            name="chain",
            field=models.PositiveSmallIntegerField(default=0, unique=True),
        ),
        migrations.RunPython(create_heads, remove_heads, elidable=False),
    ]
