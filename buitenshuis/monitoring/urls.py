# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Monitoring's pages, under /monitoring/: the dashboard, the rows
behind a figure, the council report (page and PDF), the case-list exports and
their data dictionaries, the aggregated feed and its tokens."""

from django.urls import path

from buitenshuis.monitoring import views_dashboard, views_exports, views_feed

app_name = "monitoring"

urlpatterns = [
    path("", views_dashboard.DashboardView.as_view(), name="dashboard"),
    path(
        "cijfer/<slug:key>/<slug:name>/",
        views_dashboard.IndicatorRowsView.as_view(),
        name="indicator_rows",
    ),
    path("raadsrapportage/", views_dashboard.CouncilReportView.as_view(), name="council_report"),
    path(
        "raadsrapportage/pdf/",
        views_dashboard.CouncilReportPdfView.as_view(),
        name="council_report_pdf",
    ),
    path("export/gezinnen/", views_exports.FamilyExportView.as_view(), name="export_families"),
    path(
        "export/aanmeldingen/",
        views_exports.ReferralExportView.as_view(),
        name="export_referrals",
    ),
    path(
        "export/mijn-gezinnen/",
        views_exports.CaseloadExportView.as_view(),
        name="export_caseload",
    ),
    path(
        "woordenboek/<slug:export>/",
        views_exports.DictionaryView.as_view(),
        name="export_dictionary",
    ),
    path("feed/tokens/", views_feed.FeedTokensView.as_view(), name="feed_tokens"),
    path(
        "feed/tokens/<int:pk>/intrekken/",
        views_feed.FeedTokenRevokeView.as_view(),
        name="feed_token_revoke",
    ),
    path("feed/odata/", views_feed.FeedODataView.as_view(), name="feed_odata_service"),
    path("feed/odata/<slug:name>", views_feed.FeedODataView.as_view(), name="feed_odata"),
    path("feed/<slug:name>.csv", views_feed.FeedCsvView.as_view(), name="feed_csv"),
]
