# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from buitenshuis.activities.views import (
    budget_costs,
    children,
    locations,
    placements,
    signals,
    start,
)

app_name = "activities"

urlpatterns = (
    locations.urlpatterns
    + placements.urlpatterns
    + start.urlpatterns
    + children.urlpatterns
    + signals.urlpatterns
    + budget_costs.urlpatterns
)
