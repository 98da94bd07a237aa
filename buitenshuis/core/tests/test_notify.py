# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The "something waits for you" e-mail: content-free, in the recipient's
language, once per recipient, never to whoever caused it, never to someone
who turned it off, only after the change is committed, and a failing mail
server does not break the work."""

import pytest
from django.core import mail
from django.db import transaction

from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.core import notify


@pytest.fixture
def people(db):
    return [
        UserFactory(username="anna", first_name="Anna", last_name="Jansen"),
        UserFactory(username="bram", first_name="Bram", last_name="de Vries"),
    ]


def test_one_mail_per_recipient_however_often_named(people):
    anna, bram = people
    assert notify.something_waits([anna, bram, anna, None]) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([anna.email, bram.email])


def test_the_mail_names_nobody_and_nothing(people, settings):
    settings.SITE_URL = "https://buitenshuis.example.nl/"
    anna, _bram = people
    notify.something_waits([anna])
    message = mail.outbox[0]
    assert message.subject == "Buitenshuis: er staat werk voor u klaar"
    assert "https://buitenshuis.example.nl/" in message.body
    text = message.subject + message.body
    for word in ("Anna", "Jansen", "anna", "BH-"):
        assert word not in text
    assert "geen gegevens over gezinnen" in message.body
    assert "Mijn instellingen" in message.body


def test_without_a_site_address_the_mail_has_no_link(people, settings):
    settings.SITE_URL = ""
    notify.something_waits(people[:1])
    assert "http" not in mail.outbox[0].body
    assert "Log in bij Buitenshuis" in mail.outbox[0].body


def test_written_in_the_recipients_language(people, monkeypatch):
    from django.utils import translation

    anna, bram = people
    anna.language = "en"
    bram.language = "nl"
    languages = []
    original = notify.message

    def spy(url=None):
        languages.append(translation.get_language())
        return original(url)

    monkeypatch.setattr(notify, "message", spy)
    notify.something_waits([anna, bram])
    assert languages == ["en", "nl"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[anna.email].extra_headers["Content-Language"] == "en"
    assert by_address[bram.email].extra_headers["Content-Language"] == "nl"
    # Whatever the mail was written in, the thread is back to Dutch.
    assert translation.get_language() == "nl"


def test_an_unknown_language_falls_back_to_dutch(people):
    people[0].language = "xx"
    assert notify.language_of(people[0]) == "nl"


def test_nobody_who_turned_it_off_or_cannot_receive_it(people):
    anna, bram = people
    anna.email_notifications = False
    bram.email = ""
    disabled = UserFactory(username="carla", is_active=False)
    assert notify.something_waits([anna, bram, disabled]) == 0
    assert mail.outbox == []


def test_not_to_whoever_caused_it(people):
    anna, bram = people
    assert notify.something_waits([anna, bram], actor=anna) == 1
    assert mail.outbox[0].to == [bram.email]


def test_sent_only_when_the_change_is_committed(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify.after_commit(people[:1])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        notify.after_commit(lambda: people[1:])
    assert [m.to for m in mail.outbox] == [[people[1].email]]


def test_a_failing_mail_server_is_logged_not_raised(people, settings, caplog):
    settings.EMAIL_BACKEND = "buitenshuis.core.tests.test_notify.BrokenBackend"
    assert notify.something_waits(people) == 0
    assert "could not be sent" in caplog.text
    assert people[0].email not in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")
