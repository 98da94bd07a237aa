# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.programmes import (
    views,
    views_assignment,
    views_budget,
    views_meetings,
    views_partners,
    views_plan,
    views_setup,
)

app_name = "programmes"

urlpatterns = [
    path("instellingen/", views.SettingsView.as_view(), name="settings"),
    # Who takes which family: the assignment rules.
    path("toewijzing/", views_assignment.RuleListView.as_view(), name="assignment_rules"),
    path(
        "toewijzing/nieuw/",
        views_assignment.RuleCreateView.as_view(),
        name="assignment_rule_create",
    ),
    path("toewijzing/<int:pk>/", views_assignment.RuleDetailView.as_view(), name="assignment_rule"),
    path(
        "toewijzing/<int:pk>/wijzigen/",
        views_assignment.RuleEditView.as_view(),
        name="assignment_rule_edit",
    ),
    path(
        "toewijzing/<int:pk>/verwijderen/",
        views_assignment.RuleDeleteView.as_view(),
        name="assignment_rule_delete",
    ),
]

# The budget (programmes/views_budget.py).
urlpatterns += [
    path("budget/", views_budget.BudgetView.as_view(), name="budget"),
    path("budget/<int:year>/", views_budget.BudgetEditView.as_view(), name="budget_edit"),
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
