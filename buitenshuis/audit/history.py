# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Change histories (django-simple-history) as people read them: who
changed what and when, with the value before and after. casework.history
puts a family's together from the family and its members."""

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    when: object
    who: str
    what: str  # the family, or the member's name
    kind: str  # created / changed / deleted, in Dutch
    fields: list = field(default_factory=list)


def _display(model, name, value):
    if value is None or value == "" or value == []:
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, list | tuple):
        return ", ".join(str(item).upper() for item in value)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return str(formats.localize(value))


def _who(record):
    user = record.history_user
    if user is None:
        return _("onbekend (systeem of import)")
    return user.get_full_name() or user.get_username()


KINDS = {
    "+": gettext_lazy("Aangemaakt"),
    "~": gettext_lazy("Gewijzigd"),
    "-": gettext_lazy("Verwijderd"),
}


def changes(records, model, what):
    """Changes for the historical ``records`` of one object, oldest first."""
    previous = None
    for record in records:
        kind = str(KINDS.get(record.history_type, KINDS["~"]))
        fields = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            for change in delta.changes:
                fields.append(
                    FieldChange(
                        label=str(model._meta.get_field(change.field).verbose_name).capitalize(),
                        old=_display(model, change.field, change.old),
                        new=_display(model, change.field, change.new),
                    )
                )
            if not fields:
                previous = record
                continue  # saved without a change: nothing to show
        yield Change(
            when=record.history_date, who=_who(record), what=what(record), kind=kind, fields=fields
        )
        previous = record
