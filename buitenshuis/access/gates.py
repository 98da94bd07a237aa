# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Which pages a user may open, asked of the pages themselves.

The menu, the start page's links and cards and the work queue never
restate a view's access condition: they ask the view behind the URL
(``PolicyMixin.offered_to``), which is the gate its ``dispatch`` enforces,
so a link is shown exactly when the page would open. Pages that are not
our views (Django's admin site) have their site's gate registered here by
the app that owns the site (``register_site``)."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

# URL namespace -> allows(user): the gate of a whole site of pages.
_SITES = {}


def register_site(namespace, allows):
    """Declare the gate of every page under ``namespace`` (for pages that
    are not ``PolicyMixin`` views, such as the admin site)."""
    _SITES[namespace] = allows


def may_open(user, url_name):
    """The URL of the page ``url_name`` (without arguments) when it is
    offered to ``user``, else None; None too while the page is not
    installed (a test's reduced URLconf)."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    return url if may_open_url(user, url) else None


def may_open_url(user, url):
    """Whether the page at ``url`` (a path of this site, with or without a
    query or fragment) is offered to ``user``."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    offered_to = getattr(getattr(match.func, "view_class", None), "offered_to", None)
    if offered_to is None:
        offered_to = _SITES.get(match.namespaces[0] if match.namespaces else "")
    if offered_to is None:
        raise ImproperlyConfigured(f"{url} does not declare what it needs (PolicyMixin)")
    return offered_to(user)
