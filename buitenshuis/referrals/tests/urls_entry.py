# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Test-only URLs: the project's URLs plus the three entry views under the
namespace "referrals", so the entry tests do not depend on the decision and
programme views. ``referrals:detail`` is a stand-in here."""

from django.http import HttpResponse
from django.urls import include, path

from buitenshuis import urls as project_urls
from buitenshuis.referrals.views import entry


def detail_stand_in(request, pk):
    return HttpResponse(f"aanmelding {pk}")


referral_patterns = [
    path("nieuw/", entry.ReferralCreateView.as_view(), name="create"),
    path("mijn/", entry.MyReferralsView.as_view(), name="mine"),
    path("<int:pk>/intrekken/", entry.WithdrawView.as_view(), name="withdraw"),
    path("<int:pk>/", detail_stand_in, name="detail"),
]

urlpatterns = [
    *(p for p in project_urls.urlpatterns if getattr(p, "namespace", None) != "referrals"),
    path("aanmeldingen/", include((referral_patterns, "referrals"))),
]

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
