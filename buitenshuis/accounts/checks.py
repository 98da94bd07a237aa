# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Deployment checks: ``manage.py check --deploy`` reports the same problems
that stop wsgi.py from serving (see accounts.safety)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from buitenshuis.accounts.safety import configuration_problems, database_problems


@register(Tags.security, deploy=True)
def production_safety(app_configs, **kwargs):
    errors = [Error(text, id="buitenshuis.E001") for text in configuration_problems()]
    return errors


@register(Tags.security, deploy=True)
def no_demo_accounts(app_configs, databases=None, **kwargs):
    try:
        problems = database_problems()
    except DatabaseError:
        return []
    return [Error(text, id="buitenshuis.E002") for text in problems]


@register(Tags.security, deploy=True)
def proxy_count(app_configs, **kwargs):
    """Behind the TLS proxy with PROXY_COUNT=0 every request seems to come
    from the proxy: one lockout would lock everybody out together."""
    if settings.BEHIND_TLS_PROXY and not settings.PROXY_COUNT:
        return [
            Warning(
                "BEHIND_TLS_PROXY is on but PROXY_COUNT is 0: the lockout and the access log "
                "see the proxy's address instead of the client's.",
                id="buitenshuis.W001",
            )
        ]
    return []


@register(Tags.security)
def session_timing(app_configs, **kwargs):
    """The idle rule (accounts.middleware.IdleSessionMiddleware) needs the
    activity recorded more often than the idle time, and a session row that
    lives at least as long as the rule allows: otherwise an active user is
    signed out."""
    idle = settings.SESSION_IDLE_SECONDS
    refresh = settings.SESSION_REFRESH_SECONDS
    if not 0 <= refresh < idle:
        message = "SESSION_REFRESH_SECONDS must be at least 0 and less than SESSION_IDLE_SECONDS."
    elif settings.SESSION_COOKIE_AGE < idle + refresh:
        message = (
            "SESSION_COOKIE_AGE must be at least SESSION_IDLE_SECONDS plus SESSION_REFRESH_SECONDS."
        )
    else:
        return []
    return [Error(message, id="buitenshuis.E003")]
