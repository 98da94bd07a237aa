# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The monitoring app's pages, mounted at /monitoring/; one module of
paths per subject."""

from django.urls import include, path

app_name = "monitoring"

urlpatterns = [
    path("", include("buitenshuis.monitoring.urls_research")),
]
