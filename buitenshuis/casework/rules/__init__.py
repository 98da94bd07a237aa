# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The rules of the casework, one module per subject:

- ``handover``: a colleague standing in for a period;
- and, for the two years with the family, one module per kind of work
  (contacts, meetings and agreements, goals and reviews, closure).

Functions that change data raise ``RuleError`` with a Dutch message (naming
the form field it is about, when there is one) and store nothing when a
rule is broken. The handover's rules are re-exported here, as
``casework.rules.arrange_handover`` and so on."""

from buitenshuis.casework.rules.handover import (  # noqa: F401
    HANDOVER_STATUSES,
    MAX_HANDOVER_DAYS,
    arrange_handover,
    current_stand_in,
    current_stand_ins,
    display_name,
    handover_period_refusal,
    handover_refusal,
    running_and_planned_handovers,
    stand_in_candidates,
)
