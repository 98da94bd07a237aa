"""A test URLconf: the project's URLs plus the intake and decision pages
of the referral route under their real names (``referrals:...``), so the
tests of ``views.decision`` do not depend on the other parts of
``referrals.urls`` being written."""

from django.urls import include, path

from buitenshuis.referrals.views import decision
from buitenshuis.urls import urlpatterns as project_urlpatterns

decision_patterns = [
    path("", decision.ReferralListView.as_view(), name="list"),
    path("<int:pk>/", decision.ReferralDetailView.as_view(), name="detail"),
    path("<int:pk>/toewijzen/", decision.AssignView.as_view(), name="assign"),
    path("<int:pk>/intake/", decision.IntakeView.as_view(), name="intake"),
    path("<int:pk>/toestemming/", decision.ConsentView.as_view(), name="consent"),
    path("<int:pk>/besluit/", decision.DecideView.as_view(), name="decide"),
    path("<int:pk>/capaciteit/", decision.OverrideCapacityView.as_view(), name="override"),
    path("<int:pk>/beschikking.pdf", decision.DecisionLetterView.as_view(), name="letter"),
    path("taken/", decision.MandateTaskListView.as_view(), name="tasks"),
    path("taken/<int:pk>/", decision.MandateTaskView.as_view(), name="task"),
]

urlpatterns = [
    *[p for p in project_urlpatterns if getattr(p, "namespace", None) != "referrals"],
    path("aanmeldingen/", include((decision_patterns, "referrals"))),
]

handler400 = "buitenshuis.portal.views.bad_request"
handler403 = "buitenshuis.portal.views.permission_denied"
handler404 = "buitenshuis.portal.views.page_not_found"
handler500 = "buitenshuis.portal.views.server_error"
