# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path

from buitenshuis.monitoring import views_research

urlpatterns = [
    path("onderzoek/", views_research.ResearchListView.as_view(), name="research_list"),
    path(
        "onderzoek/aanvragen/",
        views_research.ResearchRequestView.as_view(),
        name="research_request",
    ),
    path(
        "onderzoek/<int:pk>/", views_research.ResearchDetailView.as_view(), name="research_detail"
    ),
    path(
        "onderzoek/<int:pk>/vrijgeven/",
        views_research.ResearchReleaseView.as_view(),
        name="research_release",
    ),
    path(
        "onderzoek/<int:pk>/downloaden/",
        views_research.ResearchDownloadView.as_view(),
        name="research_download",
    ),
]
