# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.programmes import views, views_assignment, views_budget

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
]
