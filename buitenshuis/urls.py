# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from buitenshuis.accounts.admin_site import admin_site

urlpatterns = [
    path("", include("buitenshuis.portal.urls")),
    path("account/", include("buitenshuis.accounts.urls")),
    path("", include("buitenshuis.casework.urls")),
    path("aanmeldingen/", include("buitenshuis.referrals.urls")),
    path("programmas/", include("buitenshuis.programmes.urls")),
    path("logboek/", include("buitenshuis.access.urls")),
    path("activiteiten/", include("buitenshuis.activities.urls")),
    path("training/", include("buitenshuis.training.urls")),
    # monitoring/..., gezinnen/<pk>/vragenlijsten/... and the public
    # vragenlijst/<token>/ (monitoring/urls.py).
    path("", include("buitenshuis.monitoring.urls")),
    path("beheer/", admin_site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    # Every prefix is Dutch; the English ones of 0.1 answer with a permanent
    # redirect so that bookmarks and links in earlier e-mails keep working.
    re_path(
        r"^casework/(?P<rest>.*)$",
        RedirectView.as_view(url="/%(rest)s", permanent=True, query_string=True),
        name="old_casework",
    ),
    re_path(
        r"^audit/(?P<rest>.*)$",
        RedirectView.as_view(url="/logboek/%(rest)s", permanent=True, query_string=True),
        name="old_audit",
    ),
]

handler400 = "buitenshuis.portal.views.bad_request"
handler403 = "buitenshuis.portal.views.permission_denied"
handler404 = "buitenshuis.portal.views.page_not_found"
handler500 = "buitenshuis.portal.views.server_error"
