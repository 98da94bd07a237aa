# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The privacy officer's screen of membership changes: who granted, changed,
ended, approved or refused which role for whom, and every refused attempt
(such as an administrator trying to give herself a role). The entries are
the access log's own (data "users", written by accounts.rules); only
an administrator with the privacy-officer permission may read them, and
reading them is itself logged."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buitenshuis.access.forms import PeriodForm
from buitenshuis.access.policy import Data
from buitenshuis.access.views import AccessLogSearchView
from buitenshuis.audit import log
from buitenshuis.audit.models import AccessLogEntry, AccessLogSubject, Action

# Writes about users, organisations and memberships (reading a list is not a change).
CHANGES = [Action.CREATE, Action.CHANGE, Action.DECIDE, Action.DELETE]


class MembershipLogSearchForm(PeriodForm):
    """Changes in a period, optionally of or by one user."""

    username = forms.CharField(
        label=gettext_lazy("Gebruikersnaam"),
        max_length=150,
        required=False,
        help_text=gettext_lazy(
            "Toont de wijzigingen die deze gebruiker deed en die aan deze gebruiker zijn gedaan."
        ),
    )

    field_order = ["username", "start", "end"]
    period_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = None

    @classmethod
    def initial_period(cls):
        today = timezone.localdate()
        return {
            "start": (today - datetime.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
        }

    def clean_username(self):
        username = self.cleaned_data.get("username", "").strip()
        if not username:
            return ""
        user = log.find_user(username)
        if user is None:
            raise forms.ValidationError(_("Er is geen gebruiker met deze gebruikersnaam."))
        self.user = user
        return user.get_username()

    def subject(self):
        return self.user if self.user is not None and self.user.pk is not None else None

    def entries(self):
        entries = AccessLogEntry.objects.filter(data=Data.USERS, action__in=CHANGES)
        if self.user is not None:
            about = Q(username=self.user.get_username())
            if self.user.pk is not None:
                subjects = AccessLogSubject.objects.filter(
                    kind=AccessLogSubject.Kind.USER, object_id=self.user.pk
                ).values("entry_id")
                about = Q(user_id=self.user.pk) | Q(pk__in=subjects)
            entries = entries.filter(about)
        return entries.between(*self.period())


def member_names(entries):
    """Attach ``entry.members``: the usernames of the users the entry is
    about (``#id`` for an account that no longer exists)."""
    ids = {
        s.object_id
        for entry in entries
        for s in entry.subjects.all()
        if s.kind == AccessLogSubject.Kind.USER
    }
    User = get_user_model()
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", User.USERNAME_FIELD))
    for entry in entries:
        entry.members = sorted(
            names.get(s.object_id, f"#{s.object_id}")
            for s in entry.subjects.all()
            if s.kind == AccessLogSubject.Kind.USER
        )
    return entries


class MembershipLogView(AccessLogSearchView):
    form_class = MembershipLogSearchForm
    template_name = "access/membership_log.html"
    log_action = Action.LIST

    @property
    def title(self):
        return _("Toegangslog: wijzigingen in lidmaatschappen")

    def get_form(self):
        if any(name in self.request.GET for name in self.form_class.base_fields):
            return self.form_class(self.request.GET)
        # Without a search: the last 30 days of every user.
        return self.form_class(self.form_class.initial_period())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member_names(context["object_list"])
        return context
