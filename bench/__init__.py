# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Benchmarks of Buitenshuis (see README.md beside this file). Not part of
the product: nothing under ``buitenshuis/`` imports from here."""
