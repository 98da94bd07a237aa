# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from buitenshuis.training import views

app_name = "training"

urlpatterns = views.urlpatterns
