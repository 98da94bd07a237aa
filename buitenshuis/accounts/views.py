# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Sign-in in two steps: password, then the second factor (TOTP).

Nobody is logged in (``django.contrib.auth.login``) before both steps are
passed; between them the session only holds the id of the user who passed
the first step, for a few minutes."""

import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from buitenshuis.accounts.forms import PasswordForm, TokenForm
from buitenshuis.accounts.middleware import (
    LAST_USER_COOKIE,
    forget_stash_of_others,
    record_activity,
)
from buitenshuis.audit.log import record
from buitenshuis.audit.models import Action, Outcome

PENDING_KEY = "bh_pending_user"
PENDING_SECONDS = 5 * 60
User = get_user_model()


def _safe_next(request):
    """The ``next`` address if it stays on this site, else an empty string."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _next_url(request):
    return _safe_next(request) or reverse(settings.LOGIN_REDIRECT_URL)


def _step_url(name, request):
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _pending_user(request):
    """The user who passed the password step in this session a few minutes
    ago, and the backend that authenticated them; else (None, None)."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None, None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending["backend"]


def _back_to_first_step(request):
    if request.session.pop(PENDING_KEY, None):
        messages.info(request, _("De tweede stap duurde te lang. Log opnieuw in."))
    else:
        messages.info(request, _("Log eerst in met uw gebruikersnaam en wachtwoord."))
    return redirect(_step_url("accounts:login", request))


def _complete_login(request, user, backend, device=None):
    request.session.pop(PENDING_KEY, None)
    forget_stash_of_others(request, user)
    next_url = _next_url(request)
    login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)
    response = redirect(next_url)
    response.set_signed_cookie(
        LAST_USER_COOKIE,
        str(user.pk),
        salt=LAST_USER_COOKIE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        max_age=12 * 3600,
    )
    return response


def _confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def _verify_code(user, token):
    """Check ``token`` against the user's confirmed device. Returns the device
    when the code is right, and whether django-otp refused to check it
    because of earlier failed attempts (it then waits longer each time)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return None, False
        allowed = device.verify_is_allowed()[0]
        if allowed and device.verify_token(token):
            return device, False
        return None, not allowed


def _record_failed_sign_in(request, username, locked):
    """A failed password step in the access log: the username that was
    tried (not linked to an account: whoever tried is unknown) and the
    client address; never the password. Refused while locked out."""
    record(
        request,
        Action.SIGN_IN,
        user=AnonymousUser(),
        username=username.strip()[:150],
        outcome=Outcome.DENIED if locked else Outcome.FAILED,
        reason=(
            _("Tijdelijk geblokkeerd na te veel mislukte pogingen.")
            if locked
            else _("Gebruikersnaam of wachtwoord onjuist.")
        ),
    )


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = PasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is None:
            locked = getattr(request, "axes_locked_out", False)  # set by django-axes
            _record_failed_sign_in(request, form.cleaned_data["username"], locked)
            if locked:
                return locked_out(request)
            form.add_error(None, _("Gebruikersnaam of wachtwoord is onjuist."))
        else:
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
            }
            if _confirmed_device(user) is not None:
                return redirect(_step_url("accounts:verify", request))
            if settings.REQUIRE_SECOND_FACTOR:
                return redirect(_step_url("accounts:setup", request))
            return _complete_login(request, user, user.backend)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _safe_next(request), "title": _("Inloggen")},
    )


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def verify_view(request):
    user, backend = _pending_user(request)
    if user is None:
        return _back_to_first_step(request)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device, throttled = _verify_code(user, form.cleaned_data["token"])
        if device is not None:
            return _complete_login(request, user, backend, device)
        record(
            request,
            Action.SIGN_IN,
            user=user,
            outcome=Outcome.DENIED if throttled else Outcome.FAILED,
            reason=(
                _("Tweede stap: te vaak een onjuiste code.")
                if throttled
                else _("Tweede stap: code onjuist of verlopen.")
            ),
        )
        if throttled:
            form.add_error(
                "token",
                _("Te vaak een onjuiste code. Wacht even en vul dan de nieuwe code in."),
            )
        else:
            form.add_error(
                "token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code.")
            )
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "next": _next_url(request), "title": _("Tweede stap")},
    )


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def setup_view(request):
    """First sign-in without a second factor: link an authenticator app."""
    user, backend = _pending_user(request)
    if user is None:
        return _back_to_first_step(request)
    if _confirmed_device(user) is not None:
        return redirect(_step_url("accounts:verify", request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return _complete_login(request, user, backend, device)
        record(
            request,
            Action.SIGN_IN,
            user=user,
            outcome=Outcome.FAILED,
            reason=_("Tweede stap instellen: code onjuist."),
        )
        form.add_error("token", _("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": qr.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR-code")),
            "secret": _base32_secret(device),
            "title": _("Tweestapsverificatie instellen"),
        },
    )


def _base32_secret(device):
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def locked_out(request, response=None, credentials=None):
    """django-axes calls this when an account is locked out. A rendered
    response: AxesMiddleware returns it without the view machinery."""
    return render(
        request,
        "accounts/locked_out.html",
        {"title": _("Tijdelijk geblokkeerd"), "minutes": int(settings.AXES_COOLOFF_TIME * 60)},
        status=403,
    )


class LogoutView(auth_views.LogoutView):
    """Sign-out (POST only). Also forgets who was signed in in this browser,
    so a form posted afterwards is not kept for them."""

    template_name = "accounts/logged_out.html"
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response.delete_cookie(LAST_USER_COOKIE, samesite="Lax")
        return response


@never_cache
def keepalive_view(request):
    """The idle warning's "stay signed in" button: the user is there, so
    the activity is recorded now, whenever it was last recorded (the
    session row is written with a renewed expiry)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    record_activity(request)
    return HttpResponse(status=204)
