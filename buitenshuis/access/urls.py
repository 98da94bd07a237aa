# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The privacy officer's screens on the access log (under /audit/)."""

from django.urls import path

from buitenshuis.access import membership_log, views

app_name = "access"

urlpatterns = [
    path("gezin/", views.FamilyLogView.as_view(), name="family_log"),
    path("gezin/export/", views.FamilyLogExportView.as_view(), name="family_export"),
    path("gebruiker/", views.UserLogView.as_view(), name="user_log"),
    path("gebruiker/export/", views.UserLogExportView.as_view(), name="user_export"),
    path("lidmaatschappen/", membership_log.MembershipLogView.as_view(), name="membership_log"),
]
