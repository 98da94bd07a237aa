# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The portal's middleware: the language, and htmx sent to sign in.

Language: Dutch unless the user chose English with the language chooser.
Django's LocaleMiddleware would follow the browser's Accept-Language, so a
caseworker with an English browser would get English dates among Dutch
texts. Here only the explicit choice (the language cookie set by
set_language) counts."""

from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import translation

REDIRECTS = {301, 302, 303, 307, 308}


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the previous language afterwards, so a
        # request's choice never leaks into the next work of this thread.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class HtmxSignInRedirectMiddleware:
    """An htmx request whose answer sends the browser to sign in (the
    session ended) loads the sign-in page as a whole page: htmx would follow
    the redirect itself and put the part of the sign-in page it looks for
    (none) in place of the list or the row it asked for. ``HX-Redirect``
    tells htmx to go there instead. Other redirects are followed as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.headers.get("HX-Request") and response.status_code in REDIRECTS:
            location = response.get("Location", "")
            if urlsplit(location).path == resolve_url(settings.LOGIN_URL):
                response.status_code = 200
                del response["Location"]
                response["HX-Redirect"] = location
        return response
