# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""People who sign in. What they may see follows from their memberships."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An account of one person. Roles come from ``organisations.Membership``.

    ``language`` and ``email_notifications`` are the person's own settings
    ("Mijn instellingen"): the language of their e-mails (and screens), and
    whether they get the e-mail that work waits for them (``core.notify``)."""

    class Language(models.TextChoices):
        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"

    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    language = models.CharField(
        _("taal"),
        max_length=5,
        choices=Language.choices,
        default=Language.DUTCH,
        help_text=_("De taal van de schermen en van de e-mails die u van Buitenshuis krijgt."),
    )
    email_notifications = models.BooleanField(
        _("e-mail als er werk voor mij klaarstaat"),
        default=True,
        help_text=_(
            "Een korte e-mail zonder gegevens over gezinnen wanneer er in Buitenshuis iets "
            "op u wacht."
        ),
    )
    # The day the daily digest of what waits was last sent to this user
    # (casework's send_digests: at most one a day).
    digest_sent_on = models.DateField(
        _("overzicht laatst verstuurd op"), null=True, blank=True, editable=False
    )
    is_demo = models.BooleanField(
        _("demo-account"),
        default=False,
        help_text=_("Aangemaakt door de demodata; productie start niet zolang deze bestaan."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username


class UserSession(models.Model):
    """Which sessions belong to which user, so that disabling an account ends
    all of them at once (see ``accounts.signals``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="user_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")

    def __str__(self):
        return f"{self.user} ({self.created:%Y-%m-%d %H:%M})"
