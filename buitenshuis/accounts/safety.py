# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Production refuses to start in an unsafe state.

Apps above accounts add the checks of their own settings with
``register_configuration_check`` in their ``AppConfig.ready`` (casework: the
keys of citizen service numbers), so that this module imports none of them."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEMO_USERNAMES = (
    "coordinator",
    "beleid",
    "linkingpin",
    "opvang",
    "verwijzer",
    "onderzoeker",
    "beheer",
)

_configuration_checks = []


def register_configuration_check(check):
    """Have ``configuration_problems`` also report what ``check()`` returns
    (a list of problem texts, empty when all is well). Called once per
    check from an ``AppConfig.ready``; registering it again changes nothing."""
    if check not in _configuration_checks:
        _configuration_checks.append(check)
    return check


def configuration_problems():
    """Problems that need no database: DEBUG, secret keys (SECRET_KEY,
    ACCESS_LOG_KEY), second factor, and what the registered checks report
    (the keys of citizen service numbers)."""
    if settings.DEMO_MODE:
        return []
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG is on; production runs with DJANGO_DEBUG unset or 0.")
    if settings.INSECURE_SECRET_KEY:
        problems.append("SECRET_KEY is not set; production needs a long random secret.")
    if getattr(settings, "INSECURE_ACCESS_LOG_KEY", True):
        problems.append(
            "ACCESS_LOG_KEY is not set; production needs a long random key for the "
            "access log's chain, kept outside the database."
        )
    elif len(settings.ACCESS_LOG_KEY) < 32:
        problems.append("ACCESS_LOG_KEY is too short; use at least 32 random characters.")
    if not settings.REQUIRE_SECOND_FACTOR:
        problems.append("REQUIRE_SECOND_FACTOR is off; production requires the second factor.")
    for check in _configuration_checks:
        problems += check()
    return problems


def database_problems():
    """Problems in the data: demo accounts present."""
    if settings.DEMO_MODE:
        return []
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    User = get_user_model()
    demo = User.objects.filter(Q(is_demo=True) | Q(username__in=DEMO_USERNAMES))
    if demo.exists():
        names = ", ".join(demo.values_list("username", flat=True)[:10])
        return [f"demo accounts are present ({names}); remove them before going live."]
    return []


def assert_safe_to_serve():
    """Called by wsgi.py before the first request is served. A database that
    cannot be checked for demo accounts is a reason to refuse as well."""
    from django.db import DatabaseError

    problems = configuration_problems()
    try:
        problems += database_problems()
    except DatabaseError as error:
        problems.append(f"the database cannot be checked for demo accounts ({error}).")
    if problems:
        raise ImproperlyConfigured("Refusing to start: " + " ".join(problems))
