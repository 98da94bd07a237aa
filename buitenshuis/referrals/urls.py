from django.urls import path

from buitenshuis.referrals.views import decision, duplicates, entry, handover, programme, start

app_name = "referrals"

urlpatterns = [
    # entry
    path("nieuw/", entry.ReferralCreateView.as_view(), name="create"),
    path("mijn/", entry.MyReferralsView.as_view(), name="mine"),
    path("<int:pk>/intrekken/", entry.WithdrawView.as_view(), name="withdraw"),
    # intake and decision
    path("", decision.ReferralListView.as_view(), name="list"),
    path("<int:pk>/", decision.ReferralDetailView.as_view(), name="detail"),
    path("<int:pk>/toewijzen/", decision.AssignView.as_view(), name="assign"),
    path("<int:pk>/intake/", decision.IntakeView.as_view(), name="intake"),
    path("<int:pk>/toestemming/", decision.ConsentView.as_view(), name="consent"),
    path("<int:pk>/besluit/", decision.DecideView.as_view(), name="decide"),
    path("<int:pk>/capaciteit/", decision.OverrideCapacityView.as_view(), name="override"),
    path(
        "<int:pk>/adres-bevestigen/", decision.ConfirmAddressView.as_view(), name="confirm_address"
    ),
    path("<int:pk>/waarneming/", handover.HandoverRedirectView.as_view(), name="handover"),
    path("<int:pk>/start/", start.ActivityStartView.as_view(), name="activity_start"),
    path("<int:pk>/beschikking.pdf", decision.DecisionLetterView.as_view(), name="letter"),
    path("taken/", decision.MandateTaskListView.as_view(), name="tasks"),
    path("taken/<int:pk>/", decision.MandateTaskView.as_view(), name="task"),
    # the coordinator's checks on incoming referrals (issue 7)
    path("dubbel/", duplicates.PossibleDuplicateListView.as_view(), name="duplicates"),
    path("dubbel/<int:pk>/", duplicates.PossibleDuplicateView.as_view(), name="duplicate"),
    # programme settings
    path("instellingen/", programme.SettingsView.as_view(), name="settings"),
    path("beschikkingsteksten/", programme.LetterTemplateView.as_view(), name="letter_texts"),
    path(
        "beschikkingsteksten/voorbeeld.pdf",
        programme.LetterPreviewPdfView.as_view(),
        name="letter_preview",
    ),
]
