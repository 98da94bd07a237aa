# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from buitenshuis.access import gates, policy


def site(request):
    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_SECONDS": settings.SESSION_IDLE_SECONDS,
        # What the idle warning counts down from: the seconds the session has
        # left (accounts.middleware.IdleSessionMiddleware).
        "SESSION_SECONDS_LEFT": getattr(
            request, "session_seconds_left", settings.SESSION_IDLE_SECONDS
        ),
        "user_roles": sorted(policy.roles(user)) if user is not None else [],
        "nav_links": nav_links(request, user),
        "THEME_CLASS": settings.THEME_CLASS,
        "THEME_CSS": settings.THEME_CSS,
        "house_style": house_style_of(user),
    }


def house_style_of(user):
    """The look of the user's screens: the house style of their first
    programme that has one (from the memberships already loaded; no
    query), else None (the installation's theme alone)."""
    for membership in policy.memberships(user) if user is not None else ():
        style = membership.programme.house_style if membership.programme_id else None
        if style is not None:
            return {
                "name": style.name,
                "stylesheet_url": reverse("portal:house_style_css", args=[style.pk, style.version]),
                "logo": bool(style.logo),
                "logo_url": reverse("portal:house_style_logo", args=[style.pk, style.version]),
            }
    return None


# The main menu, in order: each page appears when its own gate lets the
# user open it (``access.gates``).
MENU = (
    (gettext_lazy("Mijn gezinnen"), "casework:caseload"),
    (gettext_lazy("Gezinnen"), "casework:family_list"),
    (gettext_lazy("Aanmeldingen"), "referrals:list"),
    (gettext_lazy("Mijn aanmeldingen"), "referrals:mine"),
    (gettext_lazy("Kinderen op mijn locatie"), "activities:my_children"),
    (gettext_lazy("Signalen"), "activities:signal_inbox"),
    (gettext_lazy("Locaties"), "activities:location_list"),
    (gettext_lazy("Onderzoek"), "monitoring:research_list"),
    (gettext_lazy("Beheer"), "admin:index"),
)


def nav_links(request, user):
    """The main menu: the pages the user works in most, each only when the
    page itself would let them in (from the memberships already loaded; no
    extra queries). ``current`` marks the page being shown."""
    if user is None or not user.is_authenticated:
        return []
    links = []
    for label, name in MENU:
        url = gates.may_open(user, name)
        if url:
            links.append({"label": label, "url": url, "current": False})
    # The page being shown belongs to the longest link it starts with
    # ("Mijn gezinnen" at /gezinnen/mijn/, not "Gezinnen" at /gezinnen/).
    matching = [link for link in links if request.path.startswith(link["url"])]
    if matching:
        max(matching, key=lambda link: len(link["url"]))["current"] = True
    return links
