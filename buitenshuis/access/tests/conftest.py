# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The privacy officer's screens read the access log: they use the log's
own fixtures."""

from buitenshuis.audit.tests.conftest import entries  # noqa: F401 (a fixture)
