"""The e-mail that tells someone that work waits for them in Buitenshuis.

It says nothing else: no names, no family reference, no case content, in
the recipient's own language, and only to users who did not turn it off.
Call it from a rule, on commit, when something starts waiting for people:

    transaction.on_commit(lambda: something_waits(users))
"""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def _wants_mail(user):
    return (
        user is not None
        and getattr(user, "is_active", False)
        and bool(getattr(user, "email", ""))
        and getattr(user, "email_notifications", True)
    )


def something_waits(users):
    """Send each user (once, however often they are named) the content-free
    e-mail. Returns the number of e-mails sent."""
    sent = 0
    seen = set()
    for user in users:
        if user is None or user.pk in seen or not _wants_mail(user):
            continue
        seen.add(user.pk)
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            start = getattr(settings, "SITE_URL", "").rstrip("/") + reverse("portal:start")
            send_mail(
                subject=_("Buitenshuis: er staat werk voor u klaar"),
                message=_(
                    "Er staat in Buitenshuis iets voor u klaar.\n\n"
                    "Log in om te zien wat er op u wacht: %(url)s\n\n"
                    "Deze e-mail bevat bewust geen gegevens over gezinnen. U kunt deze "
                    "e-mails uitzetten bij uw instellingen in Buitenshuis."
                )
                % {"url": start},
                from_email=None,
                recipient_list=[user.email],
            )
        sent += 1
    return sent
