# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Views of the activity, one module per part, each with its own
``urlpatterns`` (joined in activities/urls.py):

* ``locations``: locations and their contracts (coordinator, administrator).
* ``placements``: suggesting locations and placing a child (linking pin),
  the coordinator's override for a location without trained staff.
* ``start``: the first day of the family's activity (linking pin).
* ``children``: the location staff's children and the signal they pass on.
* ``signals``: the linking pin's signal inbox, marking a signal read.

What these pages count and list (also for the start page and the case
hub) is in ``activities.queries``; the case hub's panels in
``activities.panels``.
"""
