# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What every app's forms share: a date field's widget, and showing a
rule's own message (``core.errors.RuleError``) on a form.

A form validates input (is it a date, is the text short enough) and hands
the cleaned data to a rule function; the rule decides whether the change
may happen. When it may not, the rule's message is shown at the field it
names (``RuleError.field``), or above the form when it names none. A form
never restates a rule's message."""

from django import forms

from buitenshuis.core.errors import RuleError


class DateInput(forms.DateInput):
    """The browser's date picker, with the value as yyyy-mm-dd."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def add_rule_error(form, error):
    """Show ``error`` (a RuleError) on ``form``: at the field it names when
    the form has that field, else above the form. Returns the field's name,
    or None when the message is shown above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))
    return field


def apply_rule(form, rule, *args, **kwargs):
    """Call ``rule(*args, **kwargs)`` and return what it returns. A
    RuleError it raises (nothing is stored then) becomes an error of
    ``form`` (``add_rule_error``) and None is returned: check
    ``form.errors`` afterwards."""
    try:
        return rule(*args, **kwargs)
    except RuleError as error:
        add_rule_error(form, error)
        return None
