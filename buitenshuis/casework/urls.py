# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

import re

from django.urls import path, re_path

from buitenshuis.casework.panels import OVERVIEW, SECTIONS
from buitenshuis.casework.views import (
    caseload,
    closure,
    contacts,
    families,
    goals,
    handover,
    meetings,
    referral_index,
    reviews,
    safety,
    transfer,
)

app_name = "casework"

SECTION_SLUGS = "|".join(re.escape(item.slug) for item in SECTIONS if item.slug != OVERVIEW)

urlpatterns = [
    path("gezinnen/", families.FamilyListView.as_view(), name="family_list"),
    path("gezinnen/mijn/", caseload.CaseloadView.as_view(), name="caseload"),
    path("gezinnen/<int:pk>/", families.FamilyDetailView.as_view(), name="family_detail"),
    # The hub's other sections (casework.panels.SECTIONS); no other is a page.
    re_path(
        rf"^gezinnen/(?P<pk>[0-9]+)/(?P<section>{SECTION_SLUGS})/$",
        families.FamilyDetailView.as_view(),
        name="family_section",
    ),
    path("gezinnen/<int:pk>/waarneming/", handover.HandoverView.as_view(), name="handover"),
    # Goals, reviews, support for the parents, safety, the Verwijsindex.
    path("gezinnen/<int:pk>/doelen/nieuw/", goals.GoalCreateView.as_view(), name="goal_create"),
    path(
        "gezinnen/<int:pk>/doelen/<int:goal>/", goals.GoalDetailView.as_view(), name="goal_detail"
    ),
    path("gezinnen/<int:pk>/evaluaties/<int:month>/", reviews.ReviewView.as_view(), name="review"),
    path("evaluaties/", reviews.ReviewsDueView.as_view(), name="reviews_due"),
    path(
        "gezinnen/<int:pk>/ondersteuning/nieuw/",
        goals.SupportCreateView.as_view(),
        name="support_create",
    ),
    path(
        "gezinnen/<int:pk>/ondersteuning/<int:support>/",
        goals.SupportUpdateView.as_view(),
        name="support_update",
    ),
    path("gezinnen/<int:pk>/veiligheidsplan/", safety.SafetyPlanView.as_view(), name="safety_plan"),
    path(
        "gezinnen/<int:pk>/veiligheidsplan/nieuw/",
        safety.SafetyPlanCreateView.as_view(),
        name="safety_plan_create",
    ),
    path(
        "gezinnen/<int:pk>/veiligheidsplan/<int:version>/",
        safety.SafetyPlanView.as_view(),
        name="safety_plan_version",
    ),
    path(
        "gezinnen/<int:pk>/verwijsindex/",
        referral_index.ReferralIndexView.as_view(),
        name="referral_index",
    ),
    path(
        "verwijsindex/",
        referral_index.ReferralIndexDueView.as_view(),
        name="referral_index_due",
    ),
    path("gezinnen/<int:pk>/overdragen/", transfer.TransferView.as_view(), name="transfer"),
    path("gezinnen/<int:pk>/afsluiten/", closure.ClosureView.as_view(), name="closure"),
    *meetings.urlpatterns,
    path("gezinnen/<int:pk>/contact/", contacts.ContactCreateView.as_view(), name="contact"),
]
