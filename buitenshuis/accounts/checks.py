"""Deployment checks: ``manage.py check --deploy`` reports the same problems
that stop wsgi.py from serving (see accounts.safety)."""

from django.core.checks import Error, Tags, register
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
