# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What the access policy computes once per request (``policy.request_cache``):
the user's own families, asked by every OWN scope and per-object check of
the request."""

from buitenshuis.access import policy


class AccessCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with policy.request_cache():
            return self.get_response(request)
