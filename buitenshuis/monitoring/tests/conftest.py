# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The indicators' fixed data set (``test_indicators.data``) for the
dashboard's and the council report's tests too."""

import pytest

from buitenshuis.monitoring import indicator_summary
from buitenshuis.monitoring.tests.test_indicators import data  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def _every_regions_figures_forgotten():
    """Each test starts without the country's figures another test's data
    left in the process (``indicator_summary.read_places`` keeps them for a
    minute; SQLite may give a new row the id of a rolled-back one)."""
    indicator_summary._COUNTRY.clear()
    yield
    indicator_summary._COUNTRY.clear()
