# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.casework.views import caseload, contacts, families, handover

app_name = "casework"

urlpatterns = [
    path("gezinnen/", families.FamilyListView.as_view(), name="family_list"),
    path("gezinnen/mijn/", caseload.CaseloadView.as_view(), name="caseload"),
    path("gezinnen/<int:pk>/", families.FamilyDetailView.as_view(), name="family_detail"),
    path("gezinnen/<int:pk>/waarneming/", handover.HandoverView.as_view(), name="handover"),
    path("gezinnen/<int:pk>/contact/", contacts.ContactCreateView.as_view(), name="contact"),
]
