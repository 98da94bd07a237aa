# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
]
