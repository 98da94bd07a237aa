# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The monitoring app's models, one module per subject."""

from buitenshuis.monitoring.models_research import FreeText, ResearchExport

__all__ = ["FreeText", "ResearchExport"]
