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
