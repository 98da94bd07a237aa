# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The monitoring app's URLs, mounted at the root (``buitenshuis/urls.py``):
its own pages under ``monitoring/``, the pages about one family under
``gezinnen/<pk>/`` (as the case hub's), and the respondent's public page
``vragenlijst/<token>/``."""

from django.urls import include, path

from buitenshuis.monitoring import views_questionnaires as questionnaires

app_name = "monitoring"

# The monitoring pages (``/monitoring/...``).
monitoring_patterns = [
    path("vragenlijsten/", questionnaires.QuestionnaireDueView.as_view(), name="questionnaire_due"),
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
