# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The product's settings with the bench's own URLconf, so that the floor
views exist only while measuring (``bench.urls``), never in the product."""

from pathlib import Path

from buitenshuis.settings import *  # noqa: F403
from buitenshuis.settings import TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]
