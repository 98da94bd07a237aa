# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The monitoring app's models, one module per kind (imported here so that
Django finds them)."""

from buitenshuis.monitoring.models_exports import FeedToken

__all__ = ["FeedToken"]
