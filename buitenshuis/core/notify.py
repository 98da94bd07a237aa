# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The e-mail that tells someone that work waits for them in Buitenshuis.

It says nothing else: no names, no family reference, no case content, in
the recipient's own language (``User.language``), and only to active users
with an e-mail address who did not turn it off (``User.email_notifications``,
"Mijn instellingen"). Call it when something starts waiting for people, on
commit, so nothing is sent for a change that was rolled back:

    transaction.on_commit(lambda: something_waits(users, actor=user))

or, the same in one call, ``after_commit(users, actor=user)``. ``actor``
(who caused the hand-off) is never mailed about their own action.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _wants_mail(user):
    return (
        user is not None
        and getattr(user, "is_active", False)
        and bool(getattr(user, "email", ""))
        and getattr(user, "email_notifications", True)
    )


def language_of(user):
    """The user's chosen language when the installation offers it, else the
    installation's default (Dutch)."""
    available = {code for code, _name in settings.LANGUAGES}
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in available else settings.LANGUAGE_CODE


def start_url():
    """The start page as an absolute address when ``SITE_URL`` is set (an
    e-mail needs one), else None."""
    site = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return site + reverse("portal:start") if site else None


def message(url=None):
    """(subject, body) in the active language. Fixed text: nothing about
    who or what waits."""
    subject = _("Buitenshuis: er staat werk voor u klaar")
    if url:
        visit = _("Log in om te zien wat er op u wacht: %(url)s") % {"url": url}
    else:
        visit = _("Log in bij Buitenshuis om te zien wat er op u wacht.")
    body = "\n\n".join(
        [
            _("Er staat in Buitenshuis iets voor u klaar."),
            visit,
            _(
                "Deze e-mail bevat bewust geen gegevens over gezinnen. U kunt deze "
                "e-mails uitzetten bij Mijn instellingen in Buitenshuis."
            ),
        ]
    )
    return subject, body + "\n"


def something_waits(users, actor=None):
    """Send each user (once, however often they are named) the content-free
    e-mail, except ``actor``. Returns the number of e-mails sent. A failing
    mail server is logged, never raised: the hand-off itself is stored."""
    sent = 0
    seen = set()
    actor_pk = getattr(actor, "pk", None)
    url = start_url()
    for user in users:
        if user is None or user.pk in seen or user.pk == actor_pk or not _wants_mail(user):
            continue
        seen.add(user.pk)
        language = language_of(user)
        with translation.override(language):
            subject, body = message(url)
        email = EmailMessage(subject, body, to=[user.email], headers={"Content-Language": language})
        try:
            email.send()
        except Exception:  # mail must never undo or break the work itself
            # The user id only: no address in the log.
            logger.exception("Work-queue e-mail to user %s could not be sent", user.pk)
            continue
        sent += 1
    return sent


def after_commit(users, actor=None):
    """Send the e-mail once the current transaction commits (immediately
    outside one). ``users`` may be a callable returning them, evaluated at
    commit, so recipients are taken from the stored state."""

    def send():
        something_waits(users() if callable(users) else users, actor=actor)

    transaction.on_commit(send)
