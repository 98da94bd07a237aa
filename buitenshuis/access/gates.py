"""Which pages a user may open, asked of the pages themselves.

The menu and the start page's links never restate a view's access
condition: they ask the view behind the URL (``PolicyMixin.offered_to``),
which is the gate its ``dispatch`` enforces, so a link is shown exactly
when the page would open."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, Resolver404, resolve, reverse


def may_open(user, url_name):
    """The URL of the page ``url_name`` (without arguments) when it is
    offered to ``user``, else None; None too while the page is not
    installed (a test's reduced URLconf)."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None
    view_class = getattr(resolve(url).func, "view_class", None)
    offered_to = getattr(view_class, "offered_to", None)
    if offered_to is None:
        raise ImproperlyConfigured(f"{url_name} does not declare what it needs (PolicyMixin)")
    return url if offered_to(user) else None


def may_open_url(user, url):
    """Whether the page at ``url`` (a path of this site, with or without a
    query or fragment) is offered to ``user``: for links built elsewhere,
    such as the work queue's."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return False
    offered_to = getattr(getattr(match.func, "view_class", None), "offered_to", None)
    if offered_to is None:
        raise ImproperlyConfigured(f"{url} does not declare what it needs (PolicyMixin)")
    return offered_to(user)
