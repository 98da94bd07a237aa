from django.urls import include, path
from django.views.i18n import set_language

from buitenshuis.accounts.admin_site import admin_site

urlpatterns = [
    path("", include("buitenshuis.portal.urls")),
    path("account/", include("buitenshuis.accounts.urls")),
    path("casework/", include("buitenshuis.casework.urls")),
    path("aanmeldingen/", include("buitenshuis.referrals.urls")),
    path("audit/", include("buitenshuis.access.urls")),
    path("activiteiten/", include("buitenshuis.activities.urls")),
    path("training/", include("buitenshuis.training.urls")),
    path("beheer/", admin_site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler400 = "buitenshuis.portal.views.bad_request"
handler403 = "buitenshuis.portal.views.permission_denied"
handler404 = "buitenshuis.portal.views.page_not_found"
handler500 = "buitenshuis.portal.views.server_error"
