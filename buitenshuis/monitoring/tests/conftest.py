# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The indicators' fixed data set (``test_indicators.data``) for the
dashboard's and the council report's tests too."""

from buitenshuis.monitoring.tests.test_indicators import data  # noqa: F401 (a fixture)
