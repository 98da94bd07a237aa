# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Test helpers for training: give a user the completed training of a role."""

import datetime

from buitenshuis.training.models import REQUIRED, TrainingRecord


def train(user, role, on=datetime.date(2025, 9, 1), modules=None):
    """Record that ``user`` completed the modules ``role`` needs (or only
    ``modules``), so they may guide families (linking pin) or make their
    location ready (location staff)."""
    for module in modules if modules is not None else REQUIRED[role]:
        TrainingRecord.objects.get_or_create(
            user=user, module=module, defaults={"completed_on": on, "recorded_by": user}
        )
    return user
