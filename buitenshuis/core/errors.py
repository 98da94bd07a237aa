# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The one error type of the product's rules."""


class RuleError(Exception):
    """A broken rule; ``str(error)`` is the Dutch message for the user.

    ``field``: the form field the message belongs to, when there is one, so
    that a form shows the rule's own message at that field (``core.forms``)
    and never restates it."""

    def __init__(self, message="", field=None):
        super().__init__(message)
        self.field = field
