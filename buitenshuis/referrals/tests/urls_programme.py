"""A test urlconf while buitenshuis/urls.py does not yet include
referrals.urls: the whole site plus the settings page, with stand-ins for
the other referral pages the start page links to (same names and paths)."""

from django.http import HttpResponse
from django.urls import include, path

from buitenshuis.referrals.views import programme


def _stand_in(request, pk=None):
    return HttpResponse("stand-in")


referral_patterns = (
    [
        path("nieuw/", _stand_in, name="create"),
        path("mijn/", _stand_in, name="mine"),
        path("", _stand_in, name="list"),
        path("<int:pk>/", _stand_in, name="detail"),
        path("taken/", _stand_in, name="tasks"),
        path("instellingen/", programme.SettingsView.as_view(), name="settings"),
    ],
    "referrals",
)

urlpatterns = [
    path("aanmeldingen/", include(referral_patterns, namespace="referrals")),
    path("", include("buitenshuis.urls")),
]


def use_referral_urls(settings):
    """Point the test at this urlconf unless the real one already has the
    referral pages."""
    from django.urls import NoReverseMatch, clear_url_caches, reverse

    try:
        reverse("referrals:settings")
        reverse("referrals:detail", args=[1])
    except (NoReverseMatch, ImportError, AttributeError):
        settings.ROOT_URLCONF = __name__
        clear_url_caches()
