# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A family's change history: who changed what and when, with the value
before and after, for the family and its members (read with audit.history)."""

from django.utils.translation import gettext as _

from buitenshuis.audit.history import changes
from buitenshuis.casework.models import Family, Person


def family_history(family):
    """Every change to the family and its members, newest first."""
    found = list(
        changes(
            family.history.select_related("history_user").order_by("history_date", "history_id"),
            Family,
            lambda record: _("Gezin"),
        )
    )
    members = (
        Person.history.filter(family_id=family.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    by_person = {}
    for record in members:
        by_person.setdefault(record.id, []).append(record)
    for records in by_person.values():
        found.extend(
            changes(records, Person, lambda record: f"{record.first_name} {record.last_name}")
        )
    found.sort(key=lambda change: change.when, reverse=True)
    return found
