# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.casework.views import closure, families, handover, transfer

app_name = "casework"

urlpatterns = [
    path("gezinnen/", families.FamilyListView.as_view(), name="family_list"),
    path("gezinnen/<int:pk>/", families.FamilyDetailView.as_view(), name="family_detail"),
    path("gezinnen/<int:pk>/waarneming/", handover.HandoverView.as_view(), name="handover"),
    path("gezinnen/<int:pk>/overdragen/", transfer.TransferView.as_view(), name="transfer"),
    path("gezinnen/<int:pk>/afsluiten/", closure.ClosureView.as_view(), name="closure"),
]
