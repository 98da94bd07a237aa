# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Which programmes' training records a user may read or change: the
training pages choose among them, and the start page links to the
training overview only when there is one."""

from buitenshuis.access import programme_choice
from buitenshuis.access.policy import Data


def programmes_for(user, action):
    """The programmes whose training records ``user`` may do ``action`` on,
    by name (``access.programme_choice.programmes_for``)."""
    return programme_choice.programmes_for(user, action, Data.LOCATIONS)
