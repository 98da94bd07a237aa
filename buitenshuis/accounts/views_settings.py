# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

""" "Mijn instellingen": the signed-in user's own settings.

The language of the screens and e-mails, and whether the user gets the
content-free e-mail when work waits for them (``core.notify``). Only the
user's own account; no case data, so no access-log entry."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import UpdateView

from buitenshuis.accounts.forms import SettingsForm


def set_language_cookie(response, language):
    """The same cookie Django's ``set_language`` sets, so the screens follow
    the chosen language (``portal.middleware.ChosenLanguageMiddleware``)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class SettingsView(LoginRequiredMixin, UpdateView):
    form_class = SettingsForm
    template_name = "accounts/settings.html"

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        user = form.save()
        with translation.override(user.language):
            messages.success(self.request, _("Uw instellingen zijn opgeslagen."))
        return set_language_cookie(redirect("accounts:settings"), user.language)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Mijn instellingen")
        return context
