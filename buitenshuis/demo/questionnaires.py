# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The demo's questionnaires: the default set, and in the running demo
families the questionnaires of the moments passed or due, in turn entered
by the linking pin, answered through a link, or left open; one link made
three weeks ago and not used (a reminder in the linking pin's work queue),
one made yesterday (waiting). Every answer is invented.

A family whose enrolment already has a questionnaire or a link is left
alone, so loading twice changes nothing."""

import datetime

from django.utils import timezone

from buitenshuis.casework.models import Enrolment
from buitenshuis.monitoring import questionnaires as rules
from buitenshuis.monitoring.models_questionnaires import Invitation, Response
from buitenshuis.monitoring.questionnaires_default import ensure_default_instruments

PROFESSIONAL = "Pedagogisch medewerker"
OPEN_TEXT = "Verzonnen antwoord: het gaat steeds beter, fijn dat dit er is."


def load(ctx=None):
    ensure_default_instruments()
    enrolments = (
        Enrolment.objects.filter(
            family__reference__startswith="BH-DEMO-",
            status=Enrolment.Status.ACTIVE,
            start_date__isnull=False,
            linking_pin__isnull=False,
        )
        .select_related("family", "linking_pin")
        .prefetch_related("family__members")
        .order_by("family__reference")
    )
    for number, enrolment in enumerate(enrolments):
        if (
            Response.objects.filter(enrolment=enrolment).exists()
            or Invitation.objects.filter(enrolment=enrolment).exists()
        ):
            continue
        _fill(enrolment, number)


def _answers(instrument, seed):
    """Invented answers, mostly on the better half of each scale."""
    answers = {}
    for item in instrument.items.all():
        if item.scale.free_text:
            if seed % 2:
                answers[item.pk] = OPEN_TEXT
            continue
        values = item.scale.values
        better = values[len(values) // 2 :]
        value = better[(seed + item.order) % len(better)]
        answers[item.pk] = rules.reverse_value(value, values) if item.reversed else value
    return answers


def _at(day, now):
    """15:00 on ``day``, never later than ``now``."""
    return min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0))), now)


def _link(pin, enrolment, slot, made):
    invitation, _token = rules.issue_invitation(
        pin,
        enrolment,
        slot.instrument,
        slot.moment,
        person=slot.person,
        professional="" if slot.person else PROFESSIONAL,
        now=made,
    )
    Invitation.objects.filter(pk=invitation.pk).update(created=made)
    invitation.created = made
    return invitation


def _fill(enrolment, number):
    """The slots of ``enrolment`` whose window has opened, in turn: entered
    by the linking pin, answered through a link, and (window open) left to
    take or with a link made yesterday; (window passed) missed, the first
    of them in every other family with a link made three weeks ago and not
    used (a reminder)."""
    pin = enrolment.linking_pin
    today = timezone.localdate()
    now = timezone.now()
    reminded = number % 2 == 1
    for index, slot in enumerate(rules.slots([enrolment])):
        if slot.first_day > today:
            continue
        turn = (number + index) % 4
        window_open = slot.first_day <= today <= slot.last_day
        answered = _at(min(slot.first_day + datetime.timedelta(days=9), today), now)
        answers = _answers(slot.instrument, number + index)
        professional = "" if slot.person else PROFESSIONAL
        if turn == 0 or (turn == 2 and not window_open):
            rules.enter_answers(
                pin,
                enrolment,
                slot.instrument,
                slot.moment,
                answers,
                person=slot.person,
                professional=professional,
                now=answered,
            )
        elif turn == 1:
            invitation = _link(pin, enrolment, slot, answered - datetime.timedelta(days=3))
            rules.submit_by_link(invitation, answers, now=answered)
        elif window_open:
            if turn == 3:  # a link out since yesterday; turn 2: left to take
                _link(pin, enrolment, slot, now - datetime.timedelta(days=1))
        elif not reminded:
            _link(pin, enrolment, slot, now - datetime.timedelta(days=21))
            reminded = True
