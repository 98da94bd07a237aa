# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.accounts import views, views_settings

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.verify_view, name="verify"),
    path("inloggen/instellen/", views.setup_view, name="setup"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("sessie/", views.keepalive_view, name="keepalive"),
    path("instellingen/", views_settings.SettingsView.as_view(), name="settings"),
]
