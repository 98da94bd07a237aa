"""Middleware for sign-in: the second factor, keeping a form's text when
the session expired while it was being typed, and no browser cache for
signed-in pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core import signing
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

LAST_USER_COOKIE = "bh_last_user"
STASH_KEY = "bh_expired_form"
# Never kept across a sign-in, whatever the form.
NOT_KEPT = {"csrfmiddlewaretoken", "password", "password1", "password2", "token"}


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
