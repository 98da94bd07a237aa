from django.conf import settings

from buitenshuis.access import policy


def site(request):
    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_SECONDS": settings.SESSION_IDLE_SECONDS,
        "user_roles": sorted(policy.roles(user)) if user is not None else [],
    }
