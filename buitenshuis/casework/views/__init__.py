# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Views of the casework, one module per part:

* ``families``: the list of families and the case hub (one page per
  family, assembled from the panels of ``casework.panels``).
* ``handover``: arranging a colleague who stands in for a period.
* ``caseload``: the linking pin's own families ("Mijn gezinnen").
* ``contacts``: recording a contact with the family.
"""
