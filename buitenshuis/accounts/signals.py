# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Session bookkeeping: a new session identifier at every sign-in (Django's
login() cycles the key), the first recorded activity for the idle rule
(accounts.middleware.IdleSessionMiddleware), a record of which sessions are
whose, and all of a user's sessions ended when the account is disabled."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from buitenshuis.accounts.middleware import record_activity
from buitenshuis.accounts.models import UserSession
from buitenshuis.audit.log import record
from buitenshuis.audit.models import Action

User = get_user_model()


@receiver(user_logged_in)
def remember_session(sender, request, user, **kwargs):
    record_activity(request)
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.get_or_create(user=user, session_key=request.session.session_key)
    # Sessions that simply expired leave their record behind; tidy up.
    UserSession.objects.filter(user=user).exclude(
        session_key__in=Session.objects.values("session_key")
    ).delete()
    record(request, Action.SIGN_IN, user=user)


@receiver(user_logged_out)
def forget_session(sender, request, user, **kwargs):
    if request is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    if user is not None:
        record(request, Action.SIGN_OUT, user=user)


def end_all_sessions(user):
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()


@receiver(pre_save, sender=User)
def _note_was_active(sender, instance, **kwargs):
    if instance.pk:
        instance._was_active = (
            User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
        )


@receiver(post_save, sender=User)
def end_sessions_of_disabled_user(sender, instance, created, **kwargs):
    if not created and not instance.is_active and getattr(instance, "_was_active", False):
        end_all_sessions(instance)
