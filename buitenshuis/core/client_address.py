# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The client's address: the one answer to "who is connecting", used by the
sign-in lockout (django-axes, ``AXES_CLIENT_IP_CALLABLE``) and by the access
log (``buitenshuis.audit.log.client_ip`` is this function).

Without a proxy (``PROXY_COUNT=0``) it is the connecting address
(``REMOTE_ADDR``). Behind ``PROXY_COUNT`` proxies that each append the address
they received the request from to ``X-Forwarded-For`` (nginx:
``$proxy_add_x_forwarded_for``), ``REMOTE_ADDR`` is the last proxy and the
client is the ``PROXY_COUNT``-th entry from the right of that header. Entries
further to the left were sent by the client itself and are never trusted, so
a client cannot choose its address by sending its own header. django-ipware
reads the header; only ``X-Forwarded-For`` is consulted, never headers such as
``X-Real-IP`` or ``Client-IP`` that a client can send and no proxy of ours
overwrites."""

import ipaddress

from django.conf import settings
from ipware import get_client_ip


def _canonical(value):
    """The address as the database gives it back (IPv4 for an IPv4-mapped
    IPv6 address, IPv6 compressed), or None when it is not an address at
    all: a forged value must not break the log or its hash."""
    try:
        address = ipaddress.ip_address(str(value or "").strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


def client_ip(request):
    """The client's address as a string, or None when the request carries
    none that is an address."""
    proxies = getattr(settings, "PROXY_COUNT", 0) or 0
    if proxies > 0:
        # django-ipware counts the proxies that appear in the header; the
        # last proxy is not in it (it is REMOTE_ADDR), hence ``proxies - 1``.
        # Not strict: entries a client put in front of the chain (forged or
        # not an address at all) are skipped, the right-hand end decides.
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
            algorithm="modern",
        )
        if address is not None:
            return _canonical(address)
    # No proxy, or a request that did not come through one (no or too short
    # a header): the connecting address is all that can be vouched for.
    return _canonical(request.META.get("REMOTE_ADDR"))
