# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.programmes import views, views_budget

app_name = "programmes"

urlpatterns = [
    path("instellingen/", views.SettingsView.as_view(), name="settings"),
]

# The budget (programmes/views_budget.py).
urlpatterns += [
    path("budget/", views_budget.BudgetView.as_view(), name="budget"),
    path("budget/<int:year>/", views_budget.BudgetEditView.as_view(), name="budget_edit"),
]
