from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.organisations.models import Role

CASE_ROLES = {Role.LINKING_PIN, Role.COORDINATOR, Role.POLICY_OFFICER}


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
    }


def nav_links(request, user):
    """The main menu: the pages the user works in most, each only when the
    policy lets them open it (from the memberships already loaded; no extra
    queries). ``current`` marks the page being shown."""
    if user is None or not user.is_authenticated:
        return []
    roles = policy.roles(user)
    candidates = [
        (
            roles & CASE_ROLES and policy.can(user, "view", Data.FAMILY_IDENTITY),
            _("Gezinnen"),
            "casework:family_list",
        ),
        (
            roles & CASE_ROLES and policy.can(user, "view", Data.REFERRAL_STATUS),
            _("Aanmeldingen"),
            "referrals:list",
        ),
        (
            Role.REFERRER in roles and policy.can(user, "view", Data.REFERRAL_STATUS),
            _("Mijn aanmeldingen"),
            "referrals:mine",
        ),
        (
            policy.can(user, "view", Data.PLACED_CHILD),
            _("Kinderen op mijn locatie"),
            "activities:my_children",
        ),
        (
            roles & {Role.LINKING_PIN, Role.COORDINATOR} and policy.can(user, "view", Data.SIGNALS),
            _("Signalen"),
            "activities:signal_inbox",
        ),
        (
            roles & (CASE_ROLES | {Role.ADMINISTRATOR})
            and policy.can(user, "view", Data.LOCATIONS),
            _("Locaties"),
            "activities:location_list",
        ),
        (policy.can(user, "view", Data.ADMIN_SITE), _("Beheer"), "admin:index"),
    ]
    links = []
    for allowed, label, name in candidates:
        if allowed:
            try:
                url = reverse(name)
            except NoReverseMatch:  # a test's reduced URLconf
                continue
            links.append({"label": label, "url": url, "current": request.path.startswith(url)})
    return links
