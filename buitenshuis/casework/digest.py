# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The daily digest: one e-mail a day to each active linking pin and
coordinator with what is due (``manage.py send_digests``, run by a timer;
docs/production.md).

What it lists is the start page's work queue, ``core.workqueue.collect``:
every app's items, counted from the rows the access policy lets the
recipient open, so the digest shows exactly what their start page shows
and nothing another user may see. Each line is an item's label and count
(and how many are past the programme's norm): never a name, a family's
reference or anything else personal, and a fixed subject. It is written
in the recipient's language (``core.notify.language_of``), only to users
with an e-mail address who did not turn the work-queue e-mails off
(``User.email_notifications``, "Mijn instellingen"), and not at all when
nothing is due. ``User.digest_sent_on`` makes it once a day: a second run
the same day sends nothing to who already had theirs."""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.core import notify
from buitenshuis.core.workqueue import collect
from buitenshuis.organisations.models import Membership, Role

logger = logging.getLogger(__name__)

DIGEST_ROLES = (Role.LINKING_PIN, Role.COORDINATOR)


def recipients():
    """The active linking pins and coordinators (a current membership) with
    an e-mail address and the work-queue e-mails on."""
    holders = Membership.objects.current().filter(role__in=DIGEST_ROLES)
    return (
        get_user_model()
        .objects.filter(pk__in=holders.values("user_id"), is_active=True, email_notifications=True)
        .exclude(email="")
        .order_by("pk")
    )


def message(items, url=None):
    """(subject, body) in the active language for the work items ``items``:
    labels and counts only."""
    subject = _("Buitenshuis: uw overzicht van vandaag")
    lines = []
    for item in items:
        line = f"- {item.label}: {item.count}"
        if item.overdue:
            line += " " + _("(waarvan %(n)d over de norm)") % {"n": item.overdue}
        lines.append(line)
    if url:
        visit = _("Log in om het werk te bekijken: %(url)s") % {"url": url}
    else:
        visit = _("Log in bij Buitenshuis om het werk te bekijken.")
    body = "\n\n".join(
        [
            _("Dit wacht vandaag in Buitenshuis op u:"),
            "\n".join(lines),
            visit,
            _(
                "Deze e-mail bevat bewust geen gegevens over gezinnen. U kunt deze "
                "e-mails uitzetten bij Mijn instellingen in Buitenshuis."
            ),
        ]
    )
    return subject, body + "\n"


def send_digest(user, today=None):
    """Send ``user`` today's digest when something is due and they have not
    had it today. Returns True when it was sent. A failing mail server is
    logged (the user id only) and the day left open for a later run."""
    today = today or timezone.localdate()
    if user.digest_sent_on == today:
        return False
    language = notify.language_of(user)
    with policy.request_cache(), translation.override(language):
        items = collect(user)
        if not items:
            return False
        subject, body = message(items, notify.start_url())
    users = get_user_model().objects.filter(pk=user.pk)
    # Claim the day first: two runs at once send one digest.
    if not users.exclude(digest_sent_on=today).update(digest_sent_on=today):
        return False
    email = EmailMessage(subject, body, to=[user.email], headers={"Content-Language": language})
    try:
        email.send()
    except Exception:  # one failing address must not stop the others
        logger.exception("Digest to user %s could not be sent", user.pk)
        users.filter(digest_sent_on=today).update(digest_sent_on=user.digest_sent_on)
        return False
    user.digest_sent_on = today
    return True


def send_digests(today=None):
    """Send every recipient their digest; returns how many were sent."""
    today = today or timezone.localdate()
    return sum(1 for user in recipients().iterator() if send_digest(user, today))
