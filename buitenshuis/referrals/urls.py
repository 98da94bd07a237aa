# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import path
from django.views.generic import RedirectView

from buitenshuis.referrals.views import (
    address,
    decision,
    detail,
    duplicates,
    entry,
    handover,
    intake,
    lists,
    mandate,
    programme,
)

app_name = "referrals"

urlpatterns = [
    # entry
    path("nieuw/", entry.ReferralCreateView.as_view(), name="create"),
    path("mijn/", entry.MyReferralsView.as_view(), name="mine"),
    path("<int:pk>/intrekken/", entry.WithdrawView.as_view(), name="withdraw"),
    # the list and the referral's page
    path("", lists.ReferralListView.as_view(), name="list"),
    path("<int:pk>/", detail.ReferralDetailView.as_view(), name="detail"),
    # intake
    path("<int:pk>/toewijzen/", intake.AssignView.as_view(), name="assign"),
    path("<int:pk>/intake/", intake.IntakeView.as_view(), name="intake"),
    path("<int:pk>/toestemming/", intake.ConsentView.as_view(), name="consent"),
    # decision
    path("<int:pk>/besluit/", decision.DecideView.as_view(), name="decide"),
    path("<int:pk>/capaciteit/", decision.OverrideCapacityView.as_view(), name="override"),
    path("<int:pk>/beschikking.pdf", decision.DecisionLetterView.as_view(), name="letter"),
    path(
        "<int:pk>/adres-bevestigen/", address.ConfirmAddressView.as_view(), name="confirm_address"
    ),
    path("<int:pk>/waarneming/", handover.HandoverRedirectView.as_view(), name="handover"),
    path("taken/", mandate.MandateTaskListView.as_view(), name="tasks"),
    path("taken/<int:pk>/", mandate.MandateTaskView.as_view(), name="task"),
    # the coordinator's checks on incoming referrals
    path("dubbel/", duplicates.PossibleDuplicateListView.as_view(), name="duplicates"),
    path("dubbel/<int:pk>/", duplicates.PossibleDuplicateView.as_view(), name="duplicate"),
    # the programme's settings moved to /programmas/instellingen/
    path(
        "instellingen/",
        RedirectView.as_view(pattern_name="programmes:settings", query_string=True, permanent=True),
        name="settings",
    ),
    # the programme's decision letter texts
    path("beschikkingsteksten/", programme.LetterTemplateView.as_view(), name="letter_texts"),
    path(
        "beschikkingsteksten/voorbeeld.pdf",
        programme.LetterPreviewPdfView.as_view(),
        name="letter_preview",
    ),
]
