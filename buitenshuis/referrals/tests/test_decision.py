# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Intake, consent and decision on a referral, through the pages:
the whole route for each decision model, each refusal, the capacity
override, the letter (PDF) and the referrer's e-mail."""

import datetime
import shutil
import subprocess

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from buitenshuis.audit.models import AccessLogEntry, Action, Outcome
from buitenshuis.casework.models import Enrolment, Person
from buitenshuis.core.dates import add_months
from buitenshuis.organisations.models import Role
from buitenshuis.organisations.tests.factories import MembershipFactory
from buitenshuis.programmes.models import Decider, ProgrammeSettings
from buitenshuis.referrals import letter, rules
from buitenshuis.referrals.models import (
    Consent,
    Decision,
    Intake,
    LegalBasis,
    MunicipalityTask,
    Referral,
)
from buitenshuis.referrals.tests.factories import give_all_consents, in_intake, make_referral


def url(name, *args):
    return reverse(f"referrals:{name}", args=args)


def programme_settings(world, **changes):
    settings = ProgrammeSettings.for_programme(world.programme)
    for field, value in changes.items():
        setattr(settings, field, value)
    settings.save()
    return settings


def ready_referral(world, **kwargs):
    """A referral assigned to the linking pin, with intake and all consent."""
    kwargs.setdefault("linking_pin", world.users["linking_pin"])
    referral = make_referral(world.programme, world.users["referrer"], **kwargs)
    Intake.objects.create(
        referral=referral,
        conversation="Verzonnen gesprek.",
        criteria_met=[],
        legal_basis=LegalBasis.PUBLIC_TASK,
        held_on=timezone.localdate(),
        recorded_by=world.users["linking_pin"],
    )
    in_intake(referral)
    give_all_consents(referral, world.users["linking_pin"])
    return referral


def accept(client, referral, start=None):
    return client.post(
        url("decide", referral.pk),
        {"outcome": "accepted", "start_date": (start or timezone.localdate()).isoformat()},
    )


def children(referral):
    return list(referral.family.members.filter(kind=Person.Kind.CHILD))


def parents(referral):
    return list(referral.family.members.filter(kind=Person.Kind.PARENT))


# The whole route -----------------------------------------------------------


def walk_to_decision(client, sign_in, world, referral):
    """Coordinator assigns, linking pin takes intake and consent (pages)."""
    pin = world.users["linking_pin"]
    sign_in(world.users["coordinator"])
    response = client.post(url("assign", referral.pk), {"linking_pin": pin.pk})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.enrolment.linking_pin == pin
    assert referral.status == Referral.Status.RECEIVED  # status stays

    sign_in(pin)
    criteria = ProgrammeSettings.for_programme(world.programme).inclusion_criteria
    response = client.get(url("intake", referral.pk))
    assert response.status_code == 200
    assert criteria[0] in response.content.decode()
    response = client.post(
        url("intake", referral.pk),
        {
            "held_on": timezone.localdate().isoformat(),
            "conversation": "Verzonnen intakegesprek met moeder.",
            "criteria_met": [criteria[0], criteria[4]],
            "legal_basis": LegalBasis.PUBLIC_TASK,
        },
    )
    assert response.status_code == 302, response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.INTAKE
    assert referral.enrolment.status == Enrolment.Status.INTAKE
    assert referral.intake.criteria_met == [criteria[0], criteria[4]]
    assert referral.intake.legal_basis == LegalBasis.PUBLIC_TASK

    data = {}
    for child in children(referral):
        people = parents(referral) + ([child] if child.age >= 12 else [])
        data[f"given_by_{child.pk}"] = [str(p.pk) for p in people]
        data[f"given_on_{child.pk}"] = timezone.localdate().isoformat()
    response = client.post(url("consent", referral.pk), data)
    assert response.status_code == 302, response.content.decode()
    assert rules.missing_consents(referral) == []


def test_whole_route_policy_officer_decides(
    client, sign_in, world, django_capture_on_commit_callbacks
):
    programme_settings(world, decider=Decider.POLICY_OFFICER)
    referral = make_referral(world.programme, world.users["referrer"], parents=2)
    walk_to_decision(client, sign_in, world, referral)

    sign_in(world.users["policy_officer"])
    assert client.get(url("decide", referral.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = accept(client, referral)
    assert response.status_code == 302
    decision = Decision.objects.get(referral=referral)
    assert decision.outcome == Decision.Outcome.ACCEPTED
    assert decision.decided_by == world.users["policy_officer"]
    assert not decision.under_mandate
    assert not MunicipalityTask.objects.filter(decision=decision).exists()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.enrolment.status == Enrolment.Status.ACTIVE
    assert any(e.to == [world.users["referrer"].email] for e in mail.outbox)
    entry = AccessLogEntry.objects.get(user=world.users["policy_officer"], action=Action.DECIDE)
    assert list(entry.subjects.values_list("family_id", flat=True)) == [referral.family_id]

    page = client.get(url("detail", referral.pk)).content.decode()
    assert "Toegekend" in page
    assert url("letter", referral.pk) in page


def test_whole_route_linking_pin_decides_under_mandate(client, sign_in, world):
    programme_settings(world, decider=Decider.LINKING_PIN)
    referral = make_referral(world.programme, world.users["referrer"], child_ages=(13,))
    walk_to_decision(client, sign_in, world, referral)

    # Still signed in as the linking pin.
    response = accept(client, referral)
    assert response.status_code == 302
    decision = Decision.objects.get(referral=referral)
    assert decision.under_mandate
    task = MunicipalityTask.objects.get(decision=decision)
    assert task.noted_at is None
    # The start does not wait for the municipality.
    referral.refresh_from_db()
    assert referral.enrolment.status == Enrolment.Status.ACTIVE
    assert "onder mandaat" in client.get(url("detail", referral.pk)).content.decode()

    # The policy officer may not decide here, but takes note.
    sign_in(world.users["policy_officer"])
    page = client.get(url("tasks")).content.decode()
    assert referral.family.reference in page
    assert client.get(url("task", task.pk)).status_code == 200
    response = client.post(url("task", task.pk), {"choice": "note", "objection": ""})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.noted_by == world.users["policy_officer"]
    assert task.objection == ""
    assert referral.family.reference not in client.get(url("tasks")).content.decode()
    assert AccessLogEntry.objects.filter(
        action=Action.CHANGE, data="mandate_review", user=world.users["policy_officer"]
    ).exists()


def test_policy_officer_can_object_to_a_mandate_decision(client, sign_in, world):
    programme_settings(world, decider=Decider.LINKING_PIN)
    referral = ready_referral(world)
    decision = rules.decide(world.users["linking_pin"], referral, Decision.Outcome.ACCEPTED)
    task = decision.task
    sign_in(world.users["policy_officer"])
    response = client.post(url("task", task.pk), {"choice": "object", "objection": ""})
    assert response.status_code == 200
    assert "Beschrijf het bezwaar." in response.content.decode()
    task.refresh_from_db()
    assert task.noted_at is None
    response = client.post(
        url("task", task.pk), {"choice": "object", "objection": "Past niet in de doelgroep."}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.objection == "Past niet in de doelgroep."
    # The enrolment keeps running; the linking pin sees the objection.
    sign_in(world.users["linking_pin"])
    page = client.get(url("detail", referral.pk)).content.decode()
    assert "Past niet in de doelgroep." in page
    referral.enrolment.refresh_from_db()
    assert referral.enrolment.status == Enrolment.Status.ACTIVE


def test_mandate_tasks_are_for_the_policy_officer_of_the_programme(client, sign_in, world):
    programme_settings(world, decider=Decider.LINKING_PIN)
    referral = ready_referral(world)
    task = rules.decide(world.users["linking_pin"], referral, Decision.Outcome.ACCEPTED).task
    for role in ("coordinator", "linking_pin", "referrer"):
        sign_in(world.users[role])
        assert client.get(url("tasks")).status_code == 403
        assert client.get(url("task", task.pk)).status_code == 403
    sign_in(world.other_coordinator)
    assert client.get(url("task", task.pk)).status_code == 403
    other_officer = MembershipFactory(
        role=Role.POLICY_OFFICER, programme=world.other_programme
    ).user
    sign_in(other_officer)
    assert client.get(url("task", task.pk)).status_code == 404
    assert referral.family.reference not in client.get(url("tasks")).content.decode()
    denied = AccessLogEntry.objects.get(user=other_officer, outcome=Outcome.DENIED)
    assert list(denied.subjects.values_list("family_id", flat=True)) == [referral.family_id]


# Missing consent -----------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "consenting", "missing"),
    [
        (8, ["Ouder1"], "Ouder2"),  # under 12: both parents with authority
        (13, ["Ouder1", "Ouder2"], "zelf"),  # 12-15: the child as well
        (13, ["child"], "Ouder1"),  # 12-15: and the parents
        (16, ["Ouder1", "Ouder2"], "zelf"),  # 16+: the young person
    ],
)
def test_missing_consent_names_whose_and_stores_no_decision(
    client, sign_in, world, age, consenting, missing
):
    referral = ready_referral(world, child_ages=(age,), parents=2)
    referral.consents.all().delete()
    child = children(referral)[0]
    people = {p.first_name: p for p in parents(referral)}
    for name in consenting:
        person = child if name == "child" else people[name]
        Consent.objects.create(
            referral=referral,
            child=child,
            given_by=person,
            given_on=timezone.localdate(),
            recorded_by=world.users["linking_pin"],
        )
    sign_in(world.users["policy_officer"])
    response = accept(client, referral)
    assert response.status_code == 200
    page = response.content.decode()
    expected = (
        f"{child.first_name} zelf" if missing == "zelf" else f"{people[missing]} (ouder met gezag)"
    )
    assert f"Toestemming voor {child.first_name} ontbreekt van {expected}" in page
    assert not Decision.objects.filter(referral=referral).exists()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.INTAKE
    assert referral.enrolment.status == Enrolment.Status.INTAKE


def test_consent_page_shows_what_each_age_band_needs(client, sign_in, world):
    referral = make_referral(
        world.programme,
        world.users["referrer"],
        linking_pin=world.users["linking_pin"],
        child_ages=(8, 13, 16),
        parents=2,
        parents_with_authority=1,
    )
    young, middle, old = sorted(children(referral), key=lambda c: c.age)
    mother, father = parents(referral)
    sign_in(world.users["linking_pin"])
    response = client.get(url("consent", referral.pk))
    assert response.status_code == 200
    rows = {row["child"].pk: row for row in response.context["rows"]}
    assert rows[young.pk]["required"] == [mother]  # the father has no authority
    assert rows[middle.pk]["required"] == [middle, mother]
    assert rows[old.pk]["required"] == [old]
    # The child itself may consent from 12 only.
    form = response.context["form"]
    young_choices = {int(v) for v, _ in form.fields[f"given_by_{young.pk}"].choices}
    assert young.pk not in young_choices and mother.pk in young_choices
    assert middle.pk in {int(v) for v, _ in form.fields[f"given_by_{middle.pk}"].choices}

    response = client.post(
        url("consent", referral.pk),
        {
            f"given_by_{young.pk}": [mother.pk],
            f"given_on_{young.pk}": "2026-01-05",
            f"given_by_{middle.pk}": [mother.pk],
            f"given_on_{middle.pk}": "2026-01-05",
            f"given_by_{old.pk}": [],
            f"given_on_{old.pk}": "",
        },
    )
    assert response.status_code == 302
    missing = rules.missing_consents(referral)
    assert sorted(missing) == sorted(
        [
            f"Toestemming voor {middle.first_name} ontbreekt van {middle.first_name} zelf.",
            f"Toestemming voor {old.first_name} ontbreekt van {old.first_name} zelf.",
        ]
    )
    assert Consent.objects.get(child=young).given_on == datetime.date(2026, 1, 5)


def test_consent_needs_a_date(client, sign_in, world):
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=world.users["linking_pin"]
    )
    child, parent = children(referral)[0], parents(referral)[0]
    sign_in(world.users["linking_pin"])
    response = client.post(
        url("consent", referral.pk),
        {f"given_by_{child.pk}": [parent.pk], f"given_on_{child.pk}": ""},
    )
    assert response.status_code == 200
    assert "Vul de datum van de toestemming in." in response.content.decode()
    assert not Consent.objects.filter(referral=referral).exists()


# Capacity ------------------------------------------------------------------


def test_over_capacity_refused_then_coordinator_override_allows(client, sign_in, world):
    # The world holds two active enrolments in the programme.
    programme_settings(world, max_families=2)
    referral = ready_referral(world)
    sign_in(world.users["policy_officer"])
    response = accept(client, referral)
    assert response.status_code == 200
    assert "De capaciteit van het programma is bereikt." in response.content.decode()
    assert not Decision.objects.filter(referral=referral).exists()
    # Only the coordinator overrides.
    assert client.get(url("override", referral.pk)).status_code == 403

    sign_in(world.users["coordinator"])
    response = client.post(url("override", referral.pk), {"reason": "   "})
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.capacity_override_reason == ""
    response = client.post(url("override", referral.pk), {"reason": "Acute situatie thuis."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.capacity_override_reason == "Acute situatie thuis."
    assert referral.capacity_override_by == world.users["coordinator"]
    # One entry; it refers to the reason, which stays in the case.
    [entry] = AccessLogEntry.objects.filter(action=Action.CHANGE, data="decision")
    assert entry.reason == (
        f"Capaciteit overschreden voor aanmelding #{referral.pk}; de reden staat bij de aanmelding."
    )
    assert not AccessLogEntry.objects.filter(reason__contains="Acute situatie").exists()
    assert entry.user == world.users["coordinator"]
    assert list(entry.subjects.values_list("family_id", flat=True)) == [referral.family_id]

    sign_in(world.users["policy_officer"])
    assert accept(client, referral).status_code == 302
    decision = Decision.objects.get(referral=referral)
    assert decision.capacity_overridden
    page = client.get(url("detail", referral.pk)).content.decode()
    assert "Acute situatie thuis." in page


def test_within_capacity_the_decision_is_not_marked(client, sign_in, world):
    referral = ready_referral(world)
    sign_in(world.users["policy_officer"])
    assert accept(client, referral).status_code == 302
    assert not Decision.objects.get(referral=referral).capacity_overridden


# Who may decide ------------------------------------------------------------


@pytest.mark.parametrize(
    ("decider", "role", "reason"),
    [
        (Decider.POLICY_OFFICER, "coordinator", "besluit de beleidsmedewerker"),
        (Decider.POLICY_OFFICER, "linking_pin", "besluit de beleidsmedewerker"),
        (Decider.LINKING_PIN, "policy_officer", "besluit de linking pin"),
        (Decider.LINKING_PIN, "coordinator", "besluit de linking pin"),
    ],
)
def test_a_role_that_may_not_decide_is_refused(client, sign_in, world, decider, role, reason):
    programme_settings(world, decider=decider)
    referral = ready_referral(world)
    sign_in(world.users[role])
    response = client.get(url("decide", referral.pk))
    assert response.status_code == 403
    assert reason in response.content.decode()
    response = accept(client, referral)
    assert response.status_code == 403
    assert not Decision.objects.filter(referral=referral).exists()
    assert url("decide", referral.pk) not in client.get(url("detail", referral.pk)).content.decode()
    assert AccessLogEntry.objects.filter(
        user=world.users[role], outcome=Outcome.DENIED, data="decision"
    ).exists()


def test_roles_without_the_referral_do_not_reach_the_decision(client, sign_in, world):
    programme_settings(world, decider=Decider.LINKING_PIN)
    referral = ready_referral(world)
    sign_in(world.other_pin)  # a linking pin of the programme, not of this family
    assert client.get(url("decide", referral.pk)).status_code == 404
    sign_in(world.other_coordinator)
    assert client.get(url("decide", referral.pk)).status_code == 404
    sign_in(world.users["referrer"])
    assert client.get(url("decide", referral.pk)).status_code == 403
    assert not Decision.objects.exists()


def test_self_entered_referral_refused_unless_allowed_then_marked(client, sign_in, world):
    pin = world.users["linking_pin"]
    programme_settings(world, decider=Decider.LINKING_PIN, allow_self_decision=False)
    referral = make_referral(world.programme, pin, linking_pin=pin)
    Intake.objects.create(
        referral=referral,
        conversation="Gesprek.",
        legal_basis=LegalBasis.CONSENT,
        held_on=timezone.localdate(),
        recorded_by=pin,
    )
    in_intake(referral)
    give_all_consents(referral, pin)
    sign_in(pin)
    response = client.get(url("decide", referral.pk))
    assert response.status_code == 403
    assert "zelf ingevoerd" in response.content.decode()
    assert accept(client, referral).status_code == 403
    assert not Decision.objects.exists()

    programme_settings(world, allow_self_decision=True)
    response = client.get(url("decide", referral.pk))
    assert response.status_code == 200
    assert "zelf ingevoerd" in response.content.decode()
    assert accept(client, referral).status_code == 302
    decision = Decision.objects.get(referral=referral)
    assert decision.own_referral and decision.under_mandate
    assert "eigen aanmelding" in client.get(url("detail", referral.pk)).content.decode().lower()


def test_decided_referral_cannot_be_decided_again(client, sign_in, world):
    referral = ready_referral(world)
    sign_in(world.users["policy_officer"])
    assert accept(client, referral).status_code == 302
    response = client.post(url("decide", referral.pk), {"outcome": "rejected", "reason": "x"})
    assert response.status_code == 403
    assert "al besloten" in response.content.decode()
    assert Decision.objects.get(referral=referral).outcome == Decision.Outcome.ACCEPTED


# Rejecting -----------------------------------------------------------------


def test_reject_requires_a_reason(client, sign_in, world, django_capture_on_commit_callbacks):
    referral = ready_referral(world)
    sign_in(world.users["policy_officer"])
    response = client.post(url("decide", referral.pk), {"outcome": "rejected", "reason": "  "})
    assert response.status_code == 200
    assert "Geef de reden van de afwijzing." in response.content.decode()
    assert not Decision.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("decide", referral.pk),
            {"outcome": "rejected", "reason": "Valt buiten de doelgroep."},
        )
    assert response.status_code == 302
    decision = Decision.objects.get(referral=referral)
    assert decision.outcome == Decision.Outcome.REJECTED
    assert decision.reason == "Valt buiten de doelgroep."
    referral.refresh_from_db()
    assert referral.status == Referral.Status.REJECTED
    assert referral.enrolment.status == Enrolment.Status.REJECTED
    assert "Valt buiten" not in mail.outbox[-1].body
    # A rejection has its letter too, with the reason (test_letter.py).
    response = client.get(url("letter", referral.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


# The accepted enrolment ----------------------------------------------------


def test_accepted_enrolment_has_start_and_end_dates(client, sign_in, world):
    referral = ready_referral(world)
    sign_in(world.users["policy_officer"])
    assert accept(client, referral, start=datetime.date(2026, 3, 31)).status_code == 302
    enrolment = Enrolment.objects.get(pk=referral.enrolment.pk)
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.start_date == datetime.date(2026, 3, 31)
    assert enrolment.end_date == datetime.date(2028, 3, 31)  # 24 months by default
    decision = Decision.objects.get(referral=referral)
    assert (decision.start_date, decision.end_date) == (enrolment.start_date, enrolment.end_date)


def test_start_date_defaults_to_today_and_length_follows_the_setting(client, sign_in, world):
    programme_settings(world, enrolment_months=30)
    referral = ready_referral(world)
    sign_in(world.users["policy_officer"])
    response = client.post(url("decide", referral.pk), {"outcome": "accepted"})
    assert response.status_code == 302
    decision = Decision.objects.get(referral=referral)
    assert decision.start_date == timezone.localdate()
    assert decision.end_date == add_months(timezone.localdate(), 30)


# The decision letter -------------------------------------------------------


def test_letter_pdf_served_and_logged(client, sign_in, world):
    programme_settings(world, municipality_reference="GEM-2026-17", decider=Decider.LINKING_PIN)
    referral = ready_referral(world, child_ages=(4, 9))
    rules.decide(
        world.users["linking_pin"],
        referral,
        Decision.Outcome.ACCEPTED,
        start_date=datetime.date(2026, 2, 1),
    )
    for role in ("linking_pin", "coordinator", "policy_officer"):
        sign_in(world.users[role])
        response = client.get(url("letter", referral.pk))
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
        pdf = response.content
        assert pdf.startswith(b"%PDF")
        entry = AccessLogEntry.objects.filter(user=world.users[role], action=Action.PRINT).get()
        assert entry.data == "decision"
        assert list(entry.subjects.values_list("family_id", flat=True)) == [referral.family_id]

    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Buitenshuisproject" in text
        assert referral.decision.letter_reference in text
        assert "voorlopige voorziening" in text

    html = letter.render_html(referral.decision)
    for expected in [
        "Buitenshuisproject",
        referral.family.municipality.name,
        world.programme.name,
        referral.decision.letter_reference,
        "1 februari 2026",
        "1 februari 2028",
        "GEM-2026-17",
    ]:
        assert expected in html, expected
    for child in children(referral):
        assert child.first_name in html
        assert letter.dutch_date(child.date_of_birth) in html


def test_letter_only_for_those_who_may_see_the_decision(client, sign_in, world):
    referral = ready_referral(world)
    rules.decide(world.users["policy_officer"], referral, Decision.Outcome.ACCEPTED)
    for user in (world.other_pin, world.other_coordinator):
        sign_in(user)
        assert client.get(url("letter", referral.pk)).status_code == 404
    for role in ("referrer", "location_staff", "researcher", "administrator"):
        sign_in(world.users[role])
        assert client.get(url("letter", referral.pk)).status_code in (403, 404), role


def test_no_letter_before_a_decision(client, sign_in, world):
    referral = ready_referral(world)
    sign_in(world.users["linking_pin"])
    assert client.get(url("letter", referral.pk)).status_code == 404


# The referrer is told the status -------------------------------------------


def test_referrer_gets_an_email_with_status_but_no_names(
    client, sign_in, world, django_capture_on_commit_callbacks
):
    referral = ready_referral(world, parents=2)
    sign_in(world.users["policy_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        assert accept(client, referral).status_code == 302
    # One to the referrer (the status); the linking pin gets the work-queue
    # e-mail (children to place), tested in test_handoff_mail.
    to_referrer = [m for m in mail.outbox if m.to == [world.users["referrer"].email]]
    assert len(to_referrer) == 1
    message = to_referrer[0]
    text = message.subject + message.body
    assert referral.family.reference in text
    assert "Besloten" in text
    for person in referral.family.members.all():
        assert person.first_name not in text
    assert referral.family.family_name not in text
    assert referral.family.street not in text


def test_referrer_is_told_when_the_intake_starts(
    client, sign_in, world, django_capture_on_commit_callbacks
):
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=world.users["linking_pin"]
    )
    sign_in(world.users["linking_pin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("intake", referral.pk),
            {
                "held_on": timezone.localdate().isoformat(),
                "conversation": "Gesprek.",
                "legal_basis": LegalBasis.CONSENT,
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "In intake" in mail.outbox[0].body


# List and page -------------------------------------------------------------


def test_list_scoped_filtered_and_logged(client, sign_in, world):
    pin = world.users["linking_pin"]
    own = make_referral(world.programme, world.users["referrer"], linking_pin=pin)
    colleague = make_referral(world.programme, world.users["referrer"], linking_pin=world.other_pin)
    unassigned = make_referral(world.programme, world.users["referrer"])
    other = make_referral(world.other_programme, world.users["referrer"])

    sign_in(pin)
    page = client.get(url("list")).content.decode()
    assert own.family.reference in page
    for hidden in (colleague, unassigned, other):
        assert hidden.family.reference not in page
    entry = AccessLogEntry.objects.filter(user=pin, action=Action.LIST).get()
    assert entry.data == "referral_status"
    assert list(entry.subjects.values_list("family_id", flat=True)) == [own.family_id]

    sign_in(world.users["coordinator"])
    response = client.get(url("list"))
    page = response.content.decode()
    for shown in (own, colleague, unassigned):
        assert shown.family.reference in page
    assert other.family.reference not in page
    assert "nog niet toegewezen" in page
    assert response.context["paginator"].count == 3

    page = client.get(url("list"), {"q": own.family.reference}).content.decode()
    assert own.family.reference in page and colleague.family.reference not in page
    own.status = Referral.Status.INTAKE
    own.save()
    response = client.get(url("list"), {"status": "intake"})
    assert [r["referral"] for r in response.context["rows"]] == [own]

    sign_in(world.users["policy_officer"])
    assert client.get(url("list")).context["paginator"].count == 3


def test_list_is_paginated_by_25(client, sign_in, world):
    for _ in range(26):
        make_referral(world.programme, world.users["referrer"], child_ages=())
    sign_in(world.users["coordinator"])
    response = client.get(url("list"))
    assert len(response.context["rows"]) == 25
    assert client.get(url("list"), {"page": 2}).context["rows"].__len__() == 1


def test_list_refused_for_roles_without_referrals(client, sign_in, world):
    for role in ("location_staff", "researcher", "administrator", "referrer"):
        sign_in(world.users[role])
        assert client.get(url("list")).status_code == 403


def test_detail_shows_what_each_role_may_see(client, sign_in, world):
    referral = ready_referral(world, parents=1)
    child = children(referral)[0]
    child.set_bsn("111222333")
    child.save()
    referral.intake.conversation = "Vertrouwelijk gespreksverslag."
    referral.intake.save()

    sign_in(world.users["linking_pin"])
    response = client.get(url("detail", referral.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vertrouwelijk gespreksverslag." in page
    assert "KOPP" in page
    assert referral.worries in page
    assert "111222333" not in page and child.masked_bsn in page
    assert url("intake", referral.pk) in page and url("consent", referral.pk) in page
    assert AccessLogEntry.objects.filter(
        user=world.users["linking_pin"], action=Action.VIEW, data="family_identity"
    ).exists()

    sign_in(world.users["coordinator"])
    page = client.get(url("detail", referral.pk)).content.decode()
    assert "Vertrouwelijk gespreksverslag." not in page  # intake yes, conversation no
    assert "Grondslag verwerking" in page
    assert referral.worries in page
    assert url("assign", referral.pk) in page
    assert url("intake", referral.pk) not in page

    sign_in(world.users["policy_officer"])
    page = client.get(url("detail", referral.pk)).content.decode()
    assert "Vertrouwelijk gespreksverslag." not in page
    assert "KOPP" in page  # the category only
    assert referral.worries not in page
    assert url("decide", referral.pk) in page

    for user in (world.other_pin, world.other_coordinator):
        sign_in(user)
        assert client.get(url("detail", referral.pk)).status_code == 404


def test_referrer_follows_the_status_elsewhere_not_on_the_worklist(client, sign_in, world):
    """The referrer has their own list (referrals:mine); the worklist and
    the referral page are for who handles the case."""
    referral = ready_referral(world)
    sign_in(world.users["referrer"])
    for response in (client.get(url("list")), client.get(url("detail", referral.pk))):
        assert response.status_code == 403
        assert referral.family.reference not in response.content.decode()
    assert (
        AccessLogEntry.objects.filter(user=world.users["referrer"], outcome=Outcome.DENIED).count()
        == 2
    )


def test_intake_only_for_the_responsible_linking_pin(client, sign_in, world):
    referral = make_referral(
        world.programme, world.users["referrer"], linking_pin=world.users["linking_pin"]
    )
    sign_in(world.users["coordinator"])
    assert client.get(url("intake", referral.pk)).status_code == 403
    assert client.get(url("consent", referral.pk)).status_code == 403
    sign_in(world.other_pin)
    assert client.get(url("intake", referral.pk)).status_code == 404
    assert client.get(url("consent", referral.pk)).status_code == 404
    sign_in(world.users["linking_pin"])
    assert client.get(url("assign", referral.pk)).status_code == 403


def test_assign_offers_only_the_programmes_linking_pins(client, sign_in, world):
    referral = make_referral(world.programme, world.users["referrer"])
    sign_in(world.users["coordinator"])
    response = client.get(url("assign", referral.pk))
    offered = set(response.context["form"].fields["linking_pin"].queryset)
    assert offered == {world.users["linking_pin"], world.other_pin}
    response = client.post(url("assign", referral.pk), {"linking_pin": world.other_coordinator.pk})
    assert response.status_code == 200
    referral.enrolment.refresh_from_db()
    assert referral.enrolment.linking_pin is None
    sign_in(world.other_coordinator)
    assert client.get(url("assign", referral.pk)).status_code == 404


def test_timing_shown_on_the_page(client, sign_in, world):
    referral = ready_referral(world)
    Referral.objects.filter(pk=referral.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=5)
    )
    sign_in(world.users["policy_officer"])
    page = client.get(url("detail", referral.pk)).content.decode()
    assert "5 dagen gewacht" in page
    assert accept(client, referral).status_code == 302
    page = client.get(url("detail", referral.pk)).content.decode()
    assert "5 dagen" in page
    assert "nog niet gestart" in page


def test_accepting_a_referral_whose_children_have_a_bsn(client, sign_in, world):
    """Real referrals carry citizen service numbers; accepting one works and
    still refuses a second enrolment of the same child elsewhere."""
    programme_settings(world, decider=Decider.POLICY_OFFICER)
    referral = ready_referral(world, child_ages=(4, 13))
    first, second = children(referral)
    first.set_bsn("111222333")
    first.save()
    second.set_bsn("123456782")
    second.save()
    sign_in(world.users["policy_officer"])
    response = accept(client, referral)
    assert response.status_code == 302, response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED

    # The same child (same BSN, another name) in a second family is refused.
    other = ready_referral(world, child_ages=(4,))
    twin = children(other)[0]
    twin.set_bsn("111222333")
    twin.save()
    response = accept(client, other)
    assert response.status_code == 200
    assert "al een lopend traject" in response.content.decode()
    other.refresh_from_db()
    assert other.status == Referral.Status.INTAKE
