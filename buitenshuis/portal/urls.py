# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path(
        "huisstijl/<int:pk>/<str:version>/stijl.css",
        views.house_style_css,
        name="house_style_css",
    ),
    path(
        "huisstijl/<int:pk>/<str:version>/logo",
        views.house_style_logo,
        name="house_style_logo",
    ),
]
