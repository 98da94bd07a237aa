# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The rules of questionnaires (docs/questionnaires.md).

* When a questionnaire is due (``window``, ``due_slots``): at the start
  (from the enrolment's start date for ``START_WEEKS`` weeks), and at 12
  and 24 months (one month either side). Per moment, each instrument of the
  set for each respondent it fits: every parent, every child whose age on
  the moment falls in the instrument's band, and one professional.
* A single-use link (``issue_invitation``): a random token, of which only
  a keyed hash is stored; it expires after ``INVITATION_DAYS`` days and is
  used up by the first answer (``submit_by_link``).
* The linking pin enters the answers themselves (``enter_answers``).
* ``score(response)``: the mean or sum of the item values, reversed items
  counted the other way round (``score_values``)."""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.core.dates import add_months
from buitenshuis.core.errors import RuleError
from buitenshuis.monitoring.models_questionnaires import (
    Answer,
    Instrument,
    Invitation,
    Moment,
    Respondent,
    Response,
)

START_WEEKS = 6  # the start questionnaires: within six weeks of the start
AROUND_MONTHS = 1  # 12 and 24 months: one month either side
INVITATION_DAYS = 28  # a link works four weeks
UNANSWERED_DAYS = 14  # a link not used in two weeks is a reminder
MOMENT_MONTHS = {Moment.START: 0, Moment.MONTH_12: 12, Moment.MONTH_24: 24}


# Scoring ---------------------------------------------------------------------


def reverse_value(value, values):
    """``value`` counted the other way round on a scale of ``values``."""
    return min(values) + max(values) - value


def score_values(scoring, items):
    """The score of answered items: ``items`` is a list of ``(value,
    scale_values, reversed)`` (``value`` None when not answered). ``"mean"``
    averages the answered items (None when none is answered), ``"sum"``
    adds them (None unless every item is answered), ``"none"`` gives None.
    A Decimal with two decimals."""
    if scoring == Instrument.Scoring.NONE or not items:
        return None
    counted = [
        reverse_value(value, values) if is_reversed else value
        for value, values, is_reversed in items
        if value is not None
    ]
    if not counted:
        return None
    if scoring == Instrument.Scoring.SUM:
        if len(counted) < len(items):
            return None
        return Decimal(sum(counted)).quantize(Decimal("0.01"))
    return (Decimal(sum(counted)) / Decimal(len(counted))).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def score(response):
    """The score of a stored ``response`` (its instrument's definition)."""
    answers = {answer.item_id: answer.value for answer in response.answers.all()}
    return _score(response.instrument, answers)


def _score(instrument, values_by_item):
    items = [
        (values_by_item.get(item.pk), item.scale.values, item.reversed)
        for item in instrument.items.all()
        if not item.scale.free_text
    ]
    return score_values(instrument.scoring, items)


# When a questionnaire is due --------------------------------------------------


def window(enrolment, moment):
    """(first day, last day) in which ``moment`` of ``enrolment`` is due;
    None without a start date."""
    start = enrolment.start_date
    if start is None:
        return None
    if moment == Moment.START:
        return start, start + datetime.timedelta(weeks=START_WEEKS)
    middle = add_months(start, MOMENT_MONTHS[Moment(moment)])
    return add_months(middle, -AROUND_MONTHS), add_months(middle, AROUND_MONTHS)


def moment_day(enrolment, moment):
    """The day a moment is about (for the age of a child)."""
    return add_months(enrolment.start_date, MOMENT_MONTHS[Moment(moment)])


def respondents_for(instrument, members, day):
    """Who of ``members`` (the family's persons) answers ``instrument`` on
    ``day``: a list of persons, or ``[None]`` for a professional."""
    if instrument.respondent == Respondent.PROFESSIONAL:
        return [None]
    if instrument.respondent == Respondent.PARENT:
        return [m for m in members if m.kind == Person.Kind.PARENT]
    return [
        m for m in members if m.kind == Person.Kind.CHILD and instrument.fits_age(m.age_on(day))
    ]


def fits_refusal(instrument, person, day):
    """Why ``person`` (None: a professional) does not answer ``instrument``
    on ``day``, or None."""
    if instrument.respondent == Respondent.PROFESSIONAL:
        return None if person is None else _("Deze vragenlijst is voor een professional.")
    if person is None:
        return _("Kies wie de vragenlijst invult.")
    if instrument.respondent == Respondent.PARENT and person.kind != Person.Kind.PARENT:
        return _("Deze vragenlijst is voor een ouder of verzorger.")
    if instrument.respondent == Respondent.CHILD:
        if person.kind != Person.Kind.CHILD:
            return _("Deze vragenlijst is voor een kind.")
        if not instrument.fits_age(person.age_on(day)):
            return _("Deze vragenlijst past niet bij de leeftijd van dit kind.")
    return None


WAITING_DUE = "due"
WAITING_UNANSWERED = "unanswered"


class State:
    ANSWERED = "answered"
    LINK_SENT = "link_sent"
    DUE = "due"
    LATER = "later"
    MISSED = "missed"


@dataclass
class Slot:
    """One questionnaire to take: an instrument, at a moment, by a
    respondent (a person, or None for a professional), with its window and
    what happened (``response``, the latest ``invitation``)."""

    enrolment: object
    instrument: object
    moment: str
    person: object
    first_day: datetime.date
    last_day: datetime.date
    response: object = None
    invitation: object = None

    @property
    def key(self):
        return slot_key(self.enrolment.pk, self.instrument.pk, self.moment, self.person)

    @property
    def moment_label(self):
        return Moment(self.moment).label

    def invitation_waiting(self, now):
        """An unused link that still works and is younger than
        ``UNANSWERED_DAYS`` (no reminder yet)."""
        invitation = self.invitation
        return (
            invitation is not None
            and invitation.used_at is None
            and invitation.expires > now
            and invitation.created > now - datetime.timedelta(days=UNANSWERED_DAYS)
        )

    def state(self, today, now):
        """Where the slot stands: answered, a link out, due now, later or
        missed (the window passed without an answer)."""
        if self.response is not None:
            return State.ANSWERED
        invitation = self.invitation
        if invitation is not None and invitation.used_at is None and invitation.expires > now:
            return State.LINK_SENT
        if today < self.first_day:
            return State.LATER
        if today > self.last_day:
            return State.MISSED
        return State.DUE

    def waiting_kind(self, today, now):
        """What the slot waits for, for the work queue: ``WAITING_DUE`` (its
        window is open, no answer, no link out), ``WAITING_UNANSWERED`` (a
        link made ``UNANSWERED_DAYS`` days ago or more, not used), or None."""
        if self.response is not None:
            return None
        if self.invitation_unanswered(now):
            return WAITING_UNANSWERED
        if self.first_day <= today <= self.last_day and not self.invitation_waiting(now):
            return WAITING_DUE
        return None

    @property
    def pk(self):
        """The slot's identity (for lists and their tests)."""
        return self.key

    def invitation_unanswered(self, now):
        """A link made ``UNANSWERED_DAYS`` days ago or more and not used."""
        invitation = self.invitation
        return (
            invitation is not None
            and invitation.used_at is None
            and invitation.created <= now - datetime.timedelta(days=UNANSWERED_DAYS)
        )


def slot_key(enrolment_id, instrument_id, moment, person):
    person_id = person.pk if isinstance(person, Person) else person
    return (enrolment_id, instrument_id, str(moment), person_id)


def default_instruments():
    return list(
        Instrument.objects.filter(active=True, is_default=True).prefetch_related("items__scale")
    )


def slots(enrolments, instruments=None, members=None):
    """Every slot of ``enrolments`` (with ``family.members`` prefetched, or
    ``members``: the persons of the one family), with its response and
    latest invitation: three queries whatever the number of enrolments."""
    enrolments = list(enrolments)
    instruments = default_instruments() if instruments is None else instruments
    ids = [enrolment.pk for enrolment in enrolments]
    responses = {}
    for response in Response.objects.filter(enrolment_id__in=ids).order_by("submitted_at"):
        key = slot_key(
            response.enrolment_id, response.instrument_id, response.moment, response.person_id
        )
        responses[key] = response
    invitations = {}
    for invitation in Invitation.objects.filter(enrolment_id__in=ids).order_by("created", "pk"):
        key = slot_key(
            invitation.enrolment_id,
            invitation.instrument_id,
            invitation.moment,
            invitation.person_id,
        )
        invitations[key] = invitation
    found = []
    for enrolment in enrolments:
        if enrolment.start_date is None:
            continue
        persons = members if members is not None else list(enrolment.family.members.all())
        for moment in Moment:
            first, last = window(enrolment, moment)
            day = moment_day(enrolment, moment)
            for instrument in instruments:
                if moment.value not in instrument.moments:
                    continue
                for person in respondents_for(instrument, persons, day):
                    slot = Slot(enrolment, instrument, moment.value, person, first, last)
                    slot.response = responses.get(slot.key)
                    slot.invitation = invitations.get(slot.key)
                    found.append(slot)
    return found


def _running(queryset):
    return queryset.filter(status=Enrolment.Status.ACTIVE, start_date__isnull=False)


def waiting(user, today=None, now=None):
    """(to take, unanswered links) for ``user``: the slots of the running
    enrolments whose questionnaires the user may change (a linking pin's
    own families) that are due today without an answer or a waiting link,
    and those whose link was not used in ``UNANSWERED_DAYS`` days."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    enrolments = policy.scope(user, "change", Data.QUESTIONNAIRES, _running(Enrolment.objects))
    enrolments = enrolments.select_related("family").prefetch_related("family__members")
    due, unanswered = [], []
    for slot in slots(enrolments):
        kind = slot.waiting_kind(today, now)
        if kind == WAITING_DUE:
            due.append(slot)
        elif kind == WAITING_UNANSWERED:
            unanswered.append(slot)
    due.sort(key=lambda slot: (slot.last_day, slot.enrolment.family_id, slot.instrument.pk))
    unanswered.sort(key=lambda slot: (slot.invitation.created, slot.invitation.pk))
    return due, unanswered


# Writing ---------------------------------------------------------------------


def questionnaire_refusal(user, enrolment):
    """Why ``user`` cannot ask for or enter answers for ``enrolment`` now
    (a Dutch message), or None: the responsible linking pin, while the
    enrolment runs."""
    if not policy.can(user, "change", Data.QUESTIONNAIRES, enrolment.family):
        return _("U kunt voor dit gezin geen vragenlijsten afnemen.")
    if enrolment.status != Enrolment.Status.ACTIVE or enrolment.start_date is None:
        return _("Vragenlijsten worden afgenomen zolang het traject loopt.")
    return None


def _check(user, enrolment, instrument, moment, person):
    refusal = questionnaire_refusal(user, enrolment)
    if refusal:
        raise RuleError(refusal)
    if not instrument.active:
        raise RuleError(_("Deze vragenlijst is niet meer in gebruik."), field="instrument")
    if moment not in instrument.moments:
        raise RuleError(_("Deze vragenlijst hoort niet bij dit moment."), field="moment")
    if person is not None and person.family_id != enrolment.family_id:
        raise RuleError(_("Kies een lid van dit gezin."), field="respondent")
    problem = fits_refusal(instrument, person, moment_day(enrolment, moment))
    if problem:
        raise RuleError(problem, field="respondent")


def token_hash(token):
    """The keyed hash stored for a token: HMAC-SHA-256 with the site's
    secret key, so that a copy of the database does not open the links."""
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


def issue_invitation(user, enrolment, instrument, moment, person=None, professional="", now=None):
    """A single-use link for one respondent: returns (invitation, token).
    Only the token's hash is stored; show the token once."""
    _check(user, enrolment, instrument, moment, person)
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    first, last = window(enrolment, moment)
    due = max(last, timezone.localdate(now) + datetime.timedelta(days=UNANSWERED_DAYS))
    invitation = Invitation.objects.create(
        enrolment=enrolment,
        person=person,
        professional=professional if person is None else "",
        instrument=instrument,
        moment=moment,
        due_date=due,
        token_hash=token_hash(token),
        expires=now + datetime.timedelta(days=INVITATION_DAYS),
        created_by=user,
    )
    return invitation, token


def find_invitation(token, now=None):
    """The invitation that ``token`` opens now, or None: unknown, expired
    and used tokens are all None. The lookup is by the token's keyed hash
    (an equality on an index, which leaks nothing about other tokens), and
    the stored hash is compared in constant time."""
    now = now or timezone.now()
    if not token or len(token) > 100:
        token = ""
    wanted = token_hash(token)
    invitation = Invitation.objects.select_related("instrument").filter(token_hash=wanted).first()
    stored = invitation.token_hash if invitation is not None else "0" * 64
    if not hmac.compare_digest(stored, wanted) or invitation is None:
        return None
    if invitation.used_at is not None or invitation.expires <= now:
        return None
    return invitation


def _clean_answers(instrument, answers):
    """``answers`` maps an item's pk to an int value or a text: checked
    against each item's scale."""
    checked = {}
    for item in instrument.items.all():
        given = answers.get(item.pk)
        if given in (None, ""):
            continue
        if item.scale.free_text:
            checked[item.pk] = (None, str(given)[:1000])
        else:
            value = int(given)
            if value not in item.scale.values:
                raise RuleError(_("Kies een van de antwoorden."), field=f"item_{item.pk}")
            checked[item.pk] = (value, "")
    return checked


def _store(enrolment, instrument, moment, person, answers, now, **extra):
    checked = _clean_answers(instrument, answers)
    response = Response.objects.create(
        enrolment=enrolment,
        person=person,
        instrument=instrument,
        moment=moment,
        submitted_at=now,
        **extra,
    )
    Answer.objects.bulk_create(
        Answer(response=response, item_id=item_id, value=value, text=text)
        for item_id, (value, text) in checked.items()
    )
    response.score = _score(instrument, {pk: value for pk, (value, _t) in checked.items()})
    response.save(update_fields=["score"])
    return response


def submit_by_link(invitation, answers, now=None):
    """Store the answers given through ``invitation``'s link and use the
    link up, in one transaction; a link used or expired in the meantime
    is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update()
            .select_related("enrolment", "instrument")
            .get(pk=invitation.pk)
        )
        if locked.used_at is not None or locked.expires <= now:
            raise RuleError(_("Deze link werkt niet meer."))
        response = _store(
            locked.enrolment,
            locked.instrument,
            locked.moment,
            locked.person,
            answers,
            now,
            professional=locked.professional,
            invitation=locked,
        )
        locked.used_at = now
        locked.save(update_fields=["used_at"])
    return response


def enter_answers(
    user, enrolment, instrument, moment, answers, person=None, professional="", now=None
):
    """The linking pin enters the answers a respondent gave them."""
    _check(user, enrolment, instrument, moment, person)
    now = now or timezone.now()
    with transaction.atomic():
        return _store(
            enrolment,
            instrument,
            moment,
            person,
            answers,
            now,
            professional=professional if person is None else "",
            entered_by=user,
        )
