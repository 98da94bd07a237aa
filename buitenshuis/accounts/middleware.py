# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Middleware for sign-in: the idle rule, the second factor, keeping a
form's text when the session expired while it was being typed, and no
browser cache for signed-in pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.core import signing
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from buitenshuis.accounts.models import UserSession

LAST_USER_COOKIE = "bh_last_user"
STASH_KEY = "bh_expired_form"
# The time (POSIX seconds) of the last recorded activity of a signed-in session.
ACTIVE_AT_KEY = "bh_active_at"
# Sent with the answer to an htmx request: the seconds the session has left,
# so that the idle warning (static/js/session.js) stays right.
SECONDS_LEFT_HEADER = "X-Session-Seconds"
# Never kept across a sign-in, whatever the form.
NOT_KEPT = {"csrfmiddlewaretoken", "password", "password1", "password2", "token"}


class IdleSessionMiddleware:
    """The idle rule, exact on the server, without writing the session on
    every request.

    A signed-in session keeps the time of its last recorded activity. A
    request that comes more than ``SESSION_IDLE_SECONDS`` after it finds the
    session ended: the row is deleted and the request goes on anonymous, as
    when the row itself had expired (a page sends the browser to sign in; a
    posted form is kept by ExpiredSessionFormMiddleware). Any other request
    records the activity again, which writes the session row and renews its
    expiry, but only once the recorded time is ``SESSION_REFRESH_SECONDS``
    old: a signed-in page within that interval writes nothing. Activity is
    thus recorded up to that interval late, so a session ends between the
    idle time minus that interval and the idle time after the last request
    (14 to 15 minutes), never later.

    The row lives ``SESSION_COOKIE_AGE`` (idle plus refresh interval) after
    its last write, so its own expiry never ends a session this rule still
    allows. It runs before AuthenticationMiddleware: nothing of an ended
    session's user is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = timezone.now().timestamp()
            active_at = session.get(ACTIVE_AT_KEY)
            if active_at is not None and now - active_at > settings.SESSION_IDLE_SECONDS:
                _end_session(request)
            else:
                if active_at is None or now - active_at >= settings.SESSION_REFRESH_SECONDS:
                    active_at = record_activity(request)
                request.session_seconds_left = round(
                    settings.SESSION_IDLE_SECONDS - (now - active_at)
                )
        response = self.get_response(request)
        left = getattr(request, "session_seconds_left", None)
        if left is not None and request.headers.get("HX-Request"):
            response[SECONDS_LEFT_HEADER] = str(left)
        return response


def record_activity(request):
    """Record activity now: the session row is written at the end of the
    request with a renewed expiry. Called at sign-in, by the idle warning's
    "stay signed in" button and by IdleSessionMiddleware once a minute."""
    now = timezone.now().timestamp()
    request.session[ACTIVE_AT_KEY] = now
    request.session_seconds_left = settings.SESSION_IDLE_SECONDS
    return now


def _end_session(request):
    """End an idle session: no sign-out entry in the access log (nobody
    signed out; the session ran out, as before when its row expired)."""
    key = request.session.session_key
    request.session.flush()
    UserSession.objects.filter(session_key=key).delete()


class SecondFactorMiddleware:
    """With REQUIRE_SECOND_FACTOR, a session that is authenticated but not
    verified by a second factor is ended (defence in depth: the sign-in views
    only log in after both steps)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if settings.REQUIRE_SECOND_FACTOR and user.is_authenticated and not user.is_verified():
            logout(request)
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class NoStoreMiddleware:
    """Every response to a signed-in user carries ``Cache-Control: no-store``
    (with ``private``, ``no-cache`` and ``max-age=0``): pages, PDF letters and
    exports with special-category data must not stay in the browser's cache
    (or a shared proxy's) after sign-out, where the next user of the computer
    could open them with the back button. The sign-in steps get the same.
    Static files never get here (WhiteNoise answers them earlier)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "public_cacheable", False):
            return response  # the same for everyone, no personal data (a house style)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) or request.path.startswith("/account/"):
            add_never_cache_headers(response)
        return response


def _exempt(path):
    return path.startswith(("/account/", "/static/", "/i18n/"))


class ExpiredSessionFormMiddleware:
    """A form posted after the session expired is not lost.

    The text is kept in the (new, anonymous) session together with the id of
    the user who was signed in in this browser (a signed cookie). After
    signing in again, the same page shows the form with that text, for that
    user only; anybody else signing in gets nothing of it.

    The text is kept in ``process_view``, so after CsrfViewMiddleware has
    checked the post: another site cannot plant text in somebody's form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and request.user.is_authenticated:
            self._restore(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method == "POST"
            and not request.user.is_authenticated
            and not _exempt(request.path)
        ):
            return self._stash(request)
        return None

    def _stash(self, request):
        user_id = last_user_id(request)
        if user_id is None:
            return None
        data = {
            key: request.POST.getlist(key)
            for key in request.POST
            if key not in NOT_KEPT and "password" not in key
        }
        request.session[STASH_KEY] = {"path": request.path, "user": user_id, "data": data}
        messages.warning(
            request,
            _(
                "Uw sessie was verlopen. Log opnieuw in; wat u had ingevuld staat daarna "
                "weer in het formulier (nog niet opgeslagen)."
            ),
        )
        return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.path})}")

    def _restore(self, request):
        stash = request.session.get(STASH_KEY)
        if not stash:
            return
        if stash["user"] != request.user.pk:
            del request.session[STASH_KEY]
            return
        if stash["path"] == request.path:
            del request.session[STASH_KEY]
            data = QueryDict(mutable=True)
            for key, values in stash["data"].items():
                data.setlist(key, values)
            request.restored_form_data = data


def last_user_id(request):
    """The id of the user last signed in in this browser (signed cookie)."""
    try:
        return int(request.get_signed_cookie(LAST_USER_COOKIE, salt=LAST_USER_COOKIE))
    except (KeyError, ValueError, signing.BadSignature):
        return None


def forget_stash_of_others(request, user):
    """Called at sign-in: text kept for another user is dropped at once."""
    stash = request.session.get(STASH_KEY)
    if stash and stash["user"] != user.pk:
        del request.session[STASH_KEY]


def restored_form_data(request):
    """The text of a form that was being typed when the session expired, or
    None. Form views pass it as ``data`` so the user sees it again."""
    return getattr(request, "restored_form_data", None)
