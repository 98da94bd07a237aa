# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.programmes import views, views_meetings, views_partners, views_plan, views_setup

app_name = "programmes"

urlpatterns = [
    path("instellingen/", views.SettingsView.as_view(), name="settings"),
    # The set-up in the guide's three phases.
    path("opzet/", views_setup.ChecklistView.as_view(), name="setup"),
    path("opzet/taak/nieuw/", views_setup.TaskCreateView.as_view(), name="task_create"),
    path("opzet/taak/<int:pk>/", views_setup.TaskEditView.as_view(), name="task_edit"),
    path(
        "opzet/taak/<int:pk>/verwijderen/",
        views_setup.TaskDeleteView.as_view(),
        name="task_delete",
    ),
    # Partners.
    path("partners/", views_partners.PartnerListView.as_view(), name="partner_list"),
    path("partners/nieuw/", views_partners.PartnerCreateView.as_view(), name="partner_create"),
    path("partners/<int:pk>/", views_partners.PartnerDetailView.as_view(), name="partner_detail"),
    path(
        "partners/<int:pk>/wijzigen/",
        views_partners.PartnerEditView.as_view(),
        name="partner_edit",
    ),
    path(
        "partners/<int:pk>/verwijderen/",
        views_partners.PartnerDeleteView.as_view(),
        name="partner_delete",
    ),
    # Meetings.
    path("overleggen/", views_meetings.MeetingListView.as_view(), name="meeting_list"),
    path("overleggen/nieuw/", views_meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("overleggen/<int:pk>/", views_meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "overleggen/<int:pk>/wijzigen/",
        views_meetings.MeetingEditView.as_view(),
        name="meeting_edit",
    ),
    # The project plan.
    path("projectplan/", views_plan.PlanView.as_view(), name="plan"),
    path("projectplan/pdf/", views_plan.PlanPdfView.as_view(), name="plan_pdf"),
]
