# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The monitoring app's URLs, mounted at the root (``buitenshuis/urls.py``):
its own pages under ``monitoring/`` (the dashboard, the rows behind a
figure, the council report, questionnaires due, the case-list exports, the
indicators as CSV and XLSX, the exports' data dictionaries, the aggregated
feed and its tokens, the research export), the pages about one family
under ``gezinnen/<pk>/`` (as the case hub's), and the respondent's public
page ``vragenlijst/<token>/``."""

from django.urls import include, path

from buitenshuis.monitoring import views_dashboard, views_exports, views_feed
from buitenshuis.monitoring import views_questionnaires as questionnaires

app_name = "monitoring"

# The monitoring pages (``/monitoring/...``).
monitoring_patterns = [
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
    path("vragenlijsten/", questionnaires.QuestionnaireDueView.as_view(), name="questionnaire_due"),
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
        "export/cijfers.csv",
        views_exports.IndicatorExportView.as_view(fmt="csv"),
        name="export_indicators_csv",
    ),
    path(
        "export/cijfers.xlsx",
        views_exports.IndicatorExportView.as_view(fmt="xlsx"),
        name="export_indicators_xlsx",
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
    path("", include("buitenshuis.monitoring.urls_research")),
]

urlpatterns = [
    path("monitoring/", include(monitoring_patterns)),
    path(
        "gezinnen/<int:pk>/vragenlijsten/link/",
        questionnaires.QuestionnaireInviteView.as_view(),
        name="questionnaire_invite",
    ),
    path(
        "gezinnen/<int:pk>/vragenlijsten/invullen/<int:instrument>/",
        questionnaires.QuestionnaireEnterView.as_view(),
        name="questionnaire_enter",
    ),
    path(
        "gezinnen/<int:pk>/vragenlijsten/<int:response>/",
        questionnaires.QuestionnaireResponseView.as_view(),
        name="questionnaire_response",
    ),
    # Public: the respondent has no account (the link is the key).
    path("vragenlijst/bedankt/", questionnaires.questionnaire_thanks, name="questionnaire_thanks"),
    path(
        "vragenlijst/<str:token>/",
        questionnaires.QuestionnaireRespondView.as_view(),
        name="questionnaire_respond",
    ),
]
