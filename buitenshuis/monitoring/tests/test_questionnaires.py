# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Questionnaires: scoring, the default set, the single-use link, the
linking pin entering answers, who may see a person's answers, and the
work queue's reminders."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework.models import Person
from buitenshuis.casework.panels import hub_url
from buitenshuis.core.errors import RuleError
from buitenshuis.monitoring import questionnaires as rules
from buitenshuis.monitoring import workqueue
from buitenshuis.monitoring.models_questionnaires import (
    Instrument,
    Invitation,
    Item,
    Moment,
    Respondent,
    Response,
    Scale,
)
from buitenshuis.monitoring.questionnaires_default import INSTRUMENTS, ensure_default_instruments
from buitenshuis.monitoring.views_questionnaires import LINK_USERNAME, RATE_LIMIT

# Scoring ---------------------------------------------------------------------

FIVE = [1, 2, 3, 4, 5]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def test_the_mean_counts_reversed_items_the_other_way_round():
    items = [(5, FIVE, False), (1, FIVE, True), (3, FIVE, False)]
    assert rules.score_values("mean", items) == Decimal("4.33")
    assert rules.score_values("sum", items) == Decimal("13.00")
    assert rules.score_values("none", items) is None


def test_a_sum_needs_every_item_and_a_mean_at_least_one():
    assert rules.score_values("sum", [(5, FIVE, False), (None, FIVE, False)]) is None
    assert rules.score_values("mean", [(4, FIVE, False), (None, FIVE, False)]) == Decimal("4.00")
    assert rules.score_values("mean", [(None, FIVE, False)]) is None


answered = st.lists(
    st.tuples(st.integers(1, 5), st.booleans()).map(lambda t: (t[0], FIVE, t[1])),
    min_size=1,
    max_size=10,
)


@given(answered)
def test_a_mean_stays_on_the_scale(items):
    score = rules.score_values("mean", items)
    assert Decimal(1) <= score <= Decimal(5)
    assert isinstance(score, Decimal)


@given(answered)
def test_reversing_an_item_and_its_answer_changes_nothing(items):
    flipped = [(rules.reverse_value(value, FIVE), values, not rev) for value, values, rev in items]
    assert rules.score_values("mean", flipped) == rules.score_values("mean", items)
    assert rules.score_values("sum", flipped) == rules.score_values("sum", items)


@given(answered)
def test_the_sum_is_the_mean_times_the_number_of_items(items):
    total = rules.score_values("sum", items)
    mean = rules.score_values("mean", items)
    assert abs(total - mean * len(items)) <= Decimal("0.005") * len(items)


# The default set and licensed instruments --------------------------------------


@pytest.mark.django_db
def test_the_default_set_is_loaded_once_and_is_short():
    assert ensure_default_instruments() == len(INSTRUMENTS)
    assert ensure_default_instruments() == 0
    assert Instrument.objects.count() == len(INSTRUMENTS)
    for key in ("welzijn-ouder", "welzijn-kind-8-11", "welzijn-jongere-12-17"):
        assert 5 <= Item.objects.filter(instrument__key=key).count() <= 8
    rating = Instrument.objects.get(key="rapportcijfer-ouder").items.get()
    assert rating.scale.values == list(range(1, 11))
    names = " ".join(Instrument.objects.values_list("name", flat=True)).upper()
    for licensed in ("SDQ", "KIDSCREEN", "ORS"):
        assert licensed not in names
    assert not Instrument.objects.exclude(licence_note="").exists()


@pytest.mark.django_db
def test_a_licensed_instrument_can_be_held_and_scored(q_world):
    w = q_world
    scale = Scale.objects.create(
        key="waar-3",
        name="Niet waar - zeker waar",
        choices=[[0, "Niet"], [1, "Enigszins"], [2, "Zeker"]],
    )
    instrument = Instrument.objects.create(
        key="gelicentieerd",
        name="Een gekochte vragenlijst",
        respondent=Respondent.PARENT,
        moments=[Moment.START],
        scoring=Instrument.Scoring.SUM,
        licence_note="Licentie van de gemeente tot 31-12-2027.",
    )
    first = Item.objects.create(instrument=instrument, order=1, text="Vraag een", scale=scale)
    second = Item.objects.create(
        instrument=instrument, order=2, text="Vraag twee", scale=scale, reversed=True
    )
    response = rules.enter_answers(
        w.pin, w.enrolment, instrument, "start", {first.pk: 2, second.pk: 0}, person=w.parent
    )
    assert response.score == Decimal("4.00")
    assert rules.score(response) == Decimal("4.00")


# The single-use link -----------------------------------------------------------


@pytest.fixture
def q_world(world):
    """The world's own family, its enrolment started three weeks ago (the
    start questionnaires are due), and the default set."""
    cache.clear()  # the rate limit of the respondent's page
    ensure_default_instruments()
    enrolment = world.own_enrolment
    enrolment.start_date = timezone.localdate() - datetime.timedelta(days=21)
    enrolment.end_date = enrolment.start_date + datetime.timedelta(days=730)
    enrolment.save()
    world.enrolment = enrolment
    world.pin = world.users["linking_pin"]
    world.parent = world.own_family.members.get(kind=Person.Kind.PARENT)
    world.child = world.own_family.members.get(kind=Person.Kind.CHILD)
    world.child.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 9)
    world.child.save()
    return world


def _invite(w, key="welzijn-ouder", person="parent", moment="start"):
    instrument = Instrument.objects.get(key=key)
    return rules.issue_invitation(
        w.pin, w.enrolment, instrument, moment, person=getattr(w, person) if person else None
    )


def _all_answers(instrument, value="4"):
    data = {}
    for item in instrument.items.all():
        data[f"item_{item.pk}"] = "" if item.scale.free_text else value
    return data


def test_only_the_hash_of_the_token_is_stored(q_world):
    invitation, token = _invite(q_world)
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert token not in str(stored)
    assert invitation.token_hash == rules.token_hash(token)
    assert rules.find_invitation(token) == invitation


def test_the_respondent_sees_the_questionnaire_and_nothing_of_the_case(q_world, client):
    w = q_world
    invitation, token = _invite(w)
    response = client.get(reverse("monitoring:questionnaire_respond", args=[token]))
    assert response.status_code == 200
    body = response.content.decode()
    for item in invitation.instrument.items.all():
        assert item.text in body
    for secret in (
        w.own_family.family_name,
        w.own_family.reference,
        w.parent.first_name,
        w.child.first_name,
        w.pin.username,
        w.own_family.postcode,
    ):
        assert secret not in body
    assert 'class="utrecht-radio-button' in body
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"


def test_the_link_works_once(q_world, client):
    w = q_world
    invitation, token = _invite(w)
    url = reverse("monitoring:questionnaire_respond", args=[token])
    posted = client.post(url, _all_answers(invitation.instrument))
    assert posted.status_code == 302
    assert posted.url == reverse("monitoring:questionnaire_thanks")
    stored = Response.objects.get(invitation=invitation)
    assert stored.person == w.parent and stored.entered_by is None
    # Six items of 4, two of them reversed (4 -> 2): (4*4 + 2*2) / 6.
    assert stored.score == Decimal("3.33")
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    again = client.get(url)
    assert again.status_code == 404
    assert "Deze link opent geen vragenlijst" in again.content.decode()
    # A second answer through the same link is refused.
    client.post(url, _all_answers(invitation.instrument, "1"))
    assert Response.objects.filter(invitation=invitation).count() == 1


def test_used_expired_and_unknown_links_get_the_same_page(q_world, client):
    w = q_world
    used, used_token = _invite(w)
    rules.submit_by_link(used, {})
    expired, expired_token = _invite(w, key="welzijn-kind-8-11", person="child")
    Invitation.objects.filter(pk=expired.pk).update(expires=timezone.now())
    pages = [
        client.get(reverse("monitoring:questionnaire_respond", args=[token]))
        for token in (used_token, expired_token, "onbekend-" + "x" * 30)
    ]
    assert {page.status_code for page in pages} == {404}
    # The same page but for the path and the (masked, per request) form token
    # of the language switch.
    bodies = {
        CSRF.sub("", page.content.decode().replace(page.wsgi_request.path, "")) for page in pages
    }
    assert len(bodies) == 1


def test_an_address_that_tries_many_links_gets_the_neutral_page(q_world, client, settings):
    invitation, token = _invite(q_world)
    for number in range(RATE_LIMIT):
        client.get(reverse("monitoring:questionnaire_respond", args=[f"geraden-{number}"]))
    refused = client.get(reverse("monitoring:questionnaire_respond", args=[token]))
    assert refused.status_code == 404
    assert "Deze link opent geen vragenlijst" in refused.content.decode()
    cache.clear()
    url = reverse("monitoring:questionnaire_respond", args=[token])
    assert client.get(url).status_code == 200


def test_the_questionnaire_says_in_dutch_what_is_missing(q_world, client):
    invitation, token = _invite(q_world)
    response = client.post(reverse("monitoring:questionnaire_respond", args=[token]), {})
    assert response.status_code == 200
    assert "Kies een antwoord." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_an_answer_through_the_link_is_in_the_access_log(q_world, client):
    w = q_world
    invitation, token = _invite(w)
    client.post(
        reverse("monitoring:questionnaire_respond", args=[token]),
        _all_answers(invitation.instrument),
    )
    entry = AccessLogEntry.objects.filter(username=LINK_USERNAME).get()
    assert entry.user is None
    assert entry.responsible == w.pin.username
    assert entry.action == "create" and entry.data == "questionnaires"
    subjects = list(entry.subjects.values_list("kind", "object_id"))
    assert subjects == [("person", w.parent.pk)]


def test_a_child_answers_only_the_questionnaire_of_its_age(q_world):
    with pytest.raises(RuleError):
        _invite(q_world, key="welzijn-jongere-12-17", person="child")
    with pytest.raises(RuleError):
        _invite(q_world, key="welzijn-kind-8-11", person="parent")
    invitation, _token = _invite(q_world, key="welzijn-kind-8-11", person="child")
    assert invitation.person == q_world.child


def test_a_professional_answers_without_being_a_person_of_the_family(q_world):
    w = q_world
    instrument = Instrument.objects.get(key="ervaring-professional")
    with pytest.raises(RuleError):
        rules.issue_invitation(w.pin, w.enrolment, instrument, "start", person=None)
    invitation, _token = rules.issue_invitation(
        w.pin, w.enrolment, instrument, "12", person=None, professional="Pedagogisch medewerker"
    )
    assert invitation.person is None and invitation.professional == "Pedagogisch medewerker"


# The linking pin ---------------------------------------------------------------


def test_the_linking_pin_makes_a_link_and_sees_it_once(q_world, client, sign_in):
    w = q_world
    sign_in(w.pin)
    url = reverse("monitoring:questionnaire_invite", args=[w.own_family.pk])
    instrument = Instrument.objects.get(key="welzijn-ouder")
    response = client.post(
        url, {"instrument": instrument.pk, "moment": "start", "respondent": str(w.parent.pk)}
    )
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    body = response.content.decode()
    link = response.context["link"]
    assert link in body and "<svg" in body
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert rules.find_invitation(token) == invitation
    assert token not in client.get(url).content.decode()


def test_the_linking_pin_enters_the_answers(q_world, client, sign_in):
    w = q_world
    sign_in(w.pin)
    instrument = Instrument.objects.get(key="rapportcijfer-ouder")
    url = reverse("monitoring:questionnaire_enter", args=[w.own_family.pk, instrument.pk])
    assert client.get(url).status_code == 200
    data = {"wie-moment": "12", "wie-respondent": str(w.parent.pk)}
    data.update(_all_answers(instrument, "8"))
    response = client.post(url, data)
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.entered_by == w.pin and stored.score == Decimal("8.00")
    shown = client.get(
        reverse("monitoring:questionnaire_response", args=[w.own_family.pk, stored.pk])
    )
    assert shown.status_code == 200
    assert "Welk rapportcijfer" in shown.content.decode()
    entry = (
        AccessLogEntry.objects.filter(user=w.pin, action="view", data="questionnaires")
        .order_by("pk")
        .last()
    )
    assert ("person", w.parent.pk) in set(entry.subjects.values_list("kind", "object_id"))


def test_the_hub_shows_what_is_due(q_world, client, sign_in):
    w = q_world
    sign_in(w.pin)
    page = client.get(hub_url(w.own_family.pk, "questionnaires"))
    panel = next(p for p in page.context["panels"] if p.key == "questionnaires")
    due = {
        (row["slot"].instrument.key, row["slot"].person)
        for row in panel.context["rows"]
        if row["state"] == rules.State.DUE
    }
    assert ("welzijn-ouder", w.parent) in due
    assert ("welzijn-kind-8-11", w.child) in due
    assert panel.context["invite_url"]


@pytest.mark.parametrize("role", ["coordinator", "policy_officer", "researcher", "referrer"])
def test_nobody_else_sees_a_persons_answers(role, q_world, client, sign_in):
    w = q_world
    instrument = Instrument.objects.get(key="welzijn-ouder")
    stored = rules.enter_answers(w.pin, w.enrolment, instrument, "start", {}, person=w.parent)
    sign_in(w.users[role])
    url = reverse("monitoring:questionnaire_response", args=[w.own_family.pk, stored.pk])
    assert client.get(url).status_code in (403, 404)
    hub = client.get(hub_url(w.own_family.pk, "questionnaires"))
    if hub.status_code == 200:
        assert all(p.key != "questionnaires" for p in hub.context["panels"])


def test_a_colleague_does_not_see_the_answers(q_world, client, sign_in):
    w = q_world
    instrument = Instrument.objects.get(key="welzijn-ouder")
    stored = rules.enter_answers(w.pin, w.enrolment, instrument, "start", {}, person=w.parent)
    sign_in(w.other_pin)
    url = reverse("monitoring:questionnaire_response", args=[w.own_family.pk, stored.pk])
    assert client.get(url).status_code == 404


# The work queue ------------------------------------------------------------------


def _items(user):
    return {item.key: item for item in workqueue.work_items(user)}


def test_the_work_queue_counts_the_due_questionnaires_of_the_list(q_world, client, sign_in):
    w = q_world
    items = _items(w.pin)
    due = items["monitoring.questionnaires_due"]
    # At the start: the parent's and the child's wellbeing check.
    assert due.count == 2
    sign_in(w.pin)
    listed = client.get(due.url)
    assert listed.context["paginator"].count == due.count
    assert items["monitoring.questionnaires_unanswered"].count == 0
    assert _items(w.users["coordinator"]) == {}


def test_a_link_out_waits_and_an_unused_one_reminds_after_two_weeks(q_world):
    w = q_world
    invitation, _token = _invite(w)
    items = _items(w.pin)
    assert items["monitoring.questionnaires_due"].count == 1
    assert items["monitoring.questionnaires_unanswered"].count == 0
    Invitation.objects.filter(pk=invitation.pk).update(
        created=timezone.now() - datetime.timedelta(days=rules.UNANSWERED_DAYS)
    )
    items = _items(w.pin)
    assert items["monitoring.questionnaires_unanswered"].count == 1
    rules.submit_by_link(invitation, {})
    items = _items(w.pin)
    assert items["monitoring.questionnaires_unanswered"].count == 0
    assert items["monitoring.questionnaires_due"].count == 1


def test_nothing_is_due_between_the_moments(q_world):
    w = q_world
    w.enrolment.start_date = timezone.localdate() - datetime.timedelta(days=120)
    w.enrolment.save()
    assert _items(w.pin)["monitoring.questionnaires_due"].count == 0
