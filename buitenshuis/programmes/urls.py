# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.programmes import views

app_name = "programmes"

urlpatterns = [
    path("instellingen/", views.SettingsView.as_view(), name="settings"),
]
