# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The monitoring app's models, one module per subject."""

from buitenshuis.monitoring.models_questionnaires import (  # noqa: F401
    Answer,
    Instrument,
    Invitation,
    Item,
    Moment,
    Respondent,
    Response,
    Scale,
)
