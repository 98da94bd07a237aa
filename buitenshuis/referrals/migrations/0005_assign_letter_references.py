# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.db import migrations


def assign_letter_references(apps, schema_editor):
    """Decisions taken before references existed get one, in the order they
    were taken (the same form as rules.next_letter_reference)."""
    from django.utils import timezone

    Decision = apps.get_model("referrals", "Decision")
    counters = {}
    decisions = Decision.objects.filter(letter_reference="").select_related(
        "referral__family__municipality"
    )
    for decision in decisions.order_by("decided_at", "pk"):
        year = timezone.localtime(decision.decided_at).year
        cbs = decision.referral.family.municipality.cbs_code
        prefix = f"BH-{year}-{cbs}-"
        if prefix not in counters:
            taken = Decision.objects.filter(letter_reference__startswith=prefix).values_list(
                "letter_reference", flat=True
            )
            counters[prefix] = max(
                (int(r[len(prefix) :]) for r in taken if r[len(prefix) :].isdigit()), default=0
            )
        counters[prefix] += 1
        decision.letter_reference = f"{prefix}{counters[prefix]:04d}"
        decision.save(update_fields=["letter_reference"])


class Migration(migrations.Migration):
    dependencies = [("referrals", "0004_letter_template_reference_contribution")]

    operations = [migrations.RunPython(assign_letter_references, migrations.RunPython.noop)]
