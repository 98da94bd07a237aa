# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.casework.views import families, handover, meetings

app_name = "casework"

urlpatterns = [
    path("gezinnen/", families.FamilyListView.as_view(), name="family_list"),
    path("gezinnen/<int:pk>/", families.FamilyDetailView.as_view(), name="family_detail"),
    path("gezinnen/<int:pk>/waarneming/", handover.HandoverView.as_view(), name="handover"),
    *meetings.urlpatterns,
]
