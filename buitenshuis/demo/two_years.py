# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The demo's two years with the families: what the linking pin records
between the decision and the closure, written by the casework's own rules
(contacts, network meetings with agreements, goals with progress notes,
reviews on the schedule, support for the parents, the safety plan, the
Verwijsindex, a signal followed up, the closures and a continuation).

Each family is worked on once: a family whose enrolment already has a goal
is left alone, so loading twice changes nothing. Timestamps the rules set
to "now" are moved to the day the work was done."""

import datetime
from decimal import Decimal

from django.utils import timezone

from buitenshuis.activities import rules as activity_rules
from buitenshuis.activities.models import Signal
from buitenshuis.casework.models import (
    Agreement,
    Closure,
    Family,
    Goal,
    PartnerKind,
    SafetyPlan,
    SupportAction,
)
from buitenshuis.casework.rules import closure as closure_rules
from buitenshuis.casework.rules import contacts as contact_rules
from buitenshuis.casework.rules import goals as goal_rules
from buitenshuis.casework.rules import meetings as meeting_rules
from buitenshuis.casework.rules import referral_index as index_rules
from buitenshuis.casework.rules import reviews as review_rules
from buitenshuis.casework.rules import safety as safety_rules
from buitenshuis.core.dates import add_months

CRITERIA = "Verzonnen: voortgang op de doelen, rust thuis, hoe het kind het op de opvang doet."


def load(ctx):
    for reference, work in (
        ("BH-DEMO-0001", _testerman),
        ("BH-DEMO-0004", _bedachtzaam),
        ("BH-DEMO-0005", _fictiehoeve),
        ("BH-DEMO-0006", _waanzee),
    ):
        family = Family.objects.filter(reference=reference).first()
        if family is None:
            continue
        enrolment = family.enrolments.order_by("pk").first()
        if enrolment is None or Goal.objects.filter(enrolment=enrolment).exists():
            continue
        work(ctx, enrolment, {m.first_name: m for m in family.members.all()})


# Helpers -----------------------------------------------------------------------


def _contacts(ctx, enrolment, pin, every_days, kinds, until=0):
    """A contact every ``every_days`` days from the start to ``until``
    days ago, the kinds in turn."""
    day = enrolment.start_date + datetime.timedelta(days=every_days)
    last = ctx.day(-until)
    turn = 0
    while day <= last:
        kind, minutes, with_whom = kinds[turn % len(kinds)]
        contact_rules.record_contact(
            pin,
            enrolment,
            date=day,
            minutes=minutes,
            kind=kind,
            with_whom=with_whom,
            notes="Verzonnen verslag: het gaat wisselend; afspraken doorgenomen.",
        )
        day += datetime.timedelta(days=every_days)
        turn += 1


ROUTINE = [
    ("home_visit", 60, "Beide ouders"),
    ("phone", 20, "Moeder"),
    ("activity", 15, "Pedagogisch medewerker"),
    ("video", 30, "Vader"),
]


def _meeting(pin, enrolment, day, agreements, organisations):
    participants = [
        {"kind": PartnerKind.LINKING_PIN, "name": "Linking pin", "organisation": ""},
        {"kind": PartnerKind.FAMILY, "name": "Beide ouders", "organisation": ""},
        *[
            {"kind": kind, "name": name, "organisation": organisation}
            for kind, name, organisation in organisations
        ],
    ]
    return meeting_rules.record_meeting(
        pin,
        enrolment,
        date=day,
        minutes=90,
        participants=participants,
        minutes_text="Verzonnen verslag: hoe het thuis gaat, wat de kinderen nodig hebben, "
        "wie wat doet.",
        agreements=[
            {"what": what, "holder_kind": kind, "holder_name": name, "due_date": due}
            for what, kind, name, due in agreements
        ],
    )


def _goals(pin, enrolment, members, specs):
    goals = []
    for domain, description, person in specs:
        goals.append(
            goal_rules.add_goal(
                pin,
                enrolment,
                domain=domain,
                description=description,
                person=members.get(person) if person else None,
            )
        )
    Goal.objects.filter(enrolment=enrolment).update(
        created=_moment(enrolment.start_date + datetime.timedelta(days=3))
    )
    return goals


def _reviews(pin, enrolment, months, held_late_days=3):
    """The reviews of ``months``, each a few days after its due date, with
    progress on every running goal."""
    for month in months:
        held_on = add_months(enrolment.start_date, month) + datetime.timedelta(days=held_late_days)
        running = review_rules.open_goals(enrolment)
        review_rules.record_review(
            pin,
            enrolment,
            month,
            held_on=held_on,
            outcome="continue",
            criteria=CRITERIA,
            notes="Verzonnen: het gezin wil door; de doelen blijven staan.",
            progress={
                goal: ("better" if k % 2 == 0 else "same", "Verzonnen toelichting.")
                for k, goal in enumerate(running)
            },
        )


def _moment(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# The families ---------------------------------------------------------------------


def _testerman(ctx, enrolment, members):
    """Month 8 of 24: contacts every three weeks, a network meeting with
    open and done agreements (one for the linking pin due this week), three
    goals, the reviews of months 0 and 6, support for the parents with a
    TOP-3, two versions of the safety plan, the Verwijsindex for one child
    registered, one not, one unanswered (the hub asks), and the read signal
    followed up."""
    pin = enrolment.linking_pin
    _contacts(ctx, enrolment, pin, 21, ROUTINE, until=3)
    meeting = _meeting(
        pin,
        enrolment,
        ctx.day(-90),
        [
            ("Plant een gesprek met school over Tess.", PartnerKind.LINKING_PIN, "", ctx.day(4)),
            ("Meldt Tamara aan bij de schuldhulp.", PartnerKind.SOCIAL_TEAM, "Wijkcoach", None),
            ("Belt de behandelaar na de opname.", PartnerKind.FAMILY, "Tobias", ctx.day(-60)),
        ],
        [
            (PartnerKind.ADULT_MENTAL_HEALTH, "Behandelaar", "GGZ Fictief"),
            (PartnerKind.SOCIAL_TEAM, "Wijkcoach", "Sociaal Team Fantasiedorp"),
            (PartnerKind.SCHOOL, "Intern begeleider", "Basisschool De Verzinsel"),
        ],
    )
    done = meeting.agreements.get(holder_kind=PartnerKind.FAMILY)
    meeting_rules.finish_agreement(pin, done, Agreement.Status.DONE)
    goals = _goals(
        pin,
        enrolment,
        members,
        [
            ("calm", "Vaste eet- en bedtijden, ook in drukke weken.", None),
            ("child", "Timo durft op de BSO mee te spelen.", "Timo"),
            ("treatment", "Tamara houdt haar afspraken bij de behandelaar.", "Tamara"),
        ],
    )
    goal_rules.add_goal_note(
        pin, goals[1], text="Verzonnen: Timo speelt nu mee met de anderen.", date=ctx.day(-29)
    )
    _reviews(pin, enrolment, [0, 6])
    for kind, description, provider, status, top3, parent in (
        ("treatment", "Behandeling bij het FACT-team.", "GGZ Fictief", "running", 1, "Tamara"),
        ("money", "Aanmelding bij de schuldhulp.", "Sociaal team", "planned", 2, "Tamara"),
        ("course", "Oudercursus 'Opvoeden en zo'.", "Jeugdhulp Denkbeeld", "done", None, "Tobias"),
    ):
        goal_rules.add_support_action(
            pin,
            enrolment,
            kind=kind,
            description=description,
            provider=provider,
            status=status,
            top3=top3,
            parent=members[parent],
        )
    for days_ago, call in ((230, "Oma Fictief (0123-456799)."), (60, "Tobias, dan oma Fictief.")):
        plan = safety_rules.write_safety_plan(
            pin,
            enrolment,
            whom_to_call=f"Verzonnen: {call}",
            where_children_go="Verzonnen: bij oma Fictief in Verzonnenstad.",
            agreed_signals="Verzonnen: Tamara slaapt niet meer; de kinderen gaan niet naar school.",
        )
        SafetyPlan.objects.filter(pk=plan.pk).update(created=ctx.at(days_ago, 15))
    index_rules.record_registration(
        pin, enrolment, members["Timo"], registered=True, registered_on=ctx.day(-235)
    )
    index_rules.record_registration(pin, enrolment, members["Tess"], registered=False)
    read = Signal.objects.filter(
        placement__enrolment=enrolment, acknowledged_at__isnull=False
    ).first()
    if read is not None:
        activity_rules.follow_up_signal(pin, read, Signal.FollowUp.GOAL, goal=goals[1])


def _bedachtzaam(ctx, enrolment, members):
    """Month 22 of 24: two years of contacts (the last five weeks ago, so
    the caseload warns), network meetings, the reviews up to month 18 (22
    falls due within two weeks), goals partly reached, the Verwijsindex
    registration of Bo lapsing within four weeks (the reminder)."""
    pin = enrolment.linking_pin
    _contacts(ctx, enrolment, pin, 14, ROUTINE, until=35)
    for days_ago in (540, 300):
        _meeting(
            pin,
            enrolment,
            ctx.day(-days_ago),
            [
                (
                    "Zoekt een sportclub voor Bas.",
                    PartnerKind.LINKING_PIN,
                    "",
                    ctx.day(-days_ago + 14),
                )
            ],
            [(PartnerKind.DISABILITY_CARE, "MEE-consulent", "MEE Verzonnenland")],
        )
    for agreement in Agreement.objects.filter(enrolment=enrolment):
        meeting_rules.finish_agreement(pin, agreement, Agreement.Status.DONE)
    goals = _goals(
        pin,
        enrolment,
        members,
        [
            ("calm", "Een weekplanning op de koelkast die iedereen volgt.", None),
            ("network", "Een buurvrouw die kan inspringen.", "Babette"),
            ("child", "Bas heeft tijd voor zichzelf: sport of vrienden.", "Bas"),
        ],
    )
    _reviews(pin, enrolment, [0, 6, 12, 18])
    goal_rules.set_goal_status(pin, goals[1], Goal.Status.REACHED)
    index_rules.record_registration(
        pin, enrolment, members["Bo"], registered=True, registered_on=ctx.day(-715)
    )
    index_rules.record_registration(pin, enrolment, members["Bas"], registered=False)


def _fictiehoeve(ctx, enrolment, members):
    """Two years done: contacts, the reviews of every moment, then closed
    today with a continuation with a parental contribution built up in
    three steps; the follow-up referral waits for the policy officer."""
    pin = enrolment.linking_pin
    _contacts(ctx, enrolment, pin, 21, ROUTINE, until=2)
    goals = _goals(
        pin,
        enrolment,
        members,
        [
            ("safety", "Een crisisplan dat de kinderen kennen.", None),
            ("child", "Fien heeft een vriendin om mee af te spreken.", "Fien"),
        ],
    )
    _reviews(pin, enrolment, [0, 6, 12, 18, 22])
    for goal in goals:
        goal_rules.set_goal_status(pin, goal, Goal.Status.REACHED)
    first = add_months(ctx.today.replace(day=1), 1)
    closure_rules.close_enrolment(
        pin,
        enrolment,
        closed_on=ctx.today,
        reason=Closure.Reason.COMPLETED,
        way_on=Closure.WayOn.CONTRIBUTION,
        out_of_home_prevented=Closure.Prevented.YES,
        explanation="Verzonnen: Fien wil graag blijven; moeder kan een deel zelf betalen.",
        steps=[
            (first, Decimal("25.00")),
            (add_months(first, 6), Decimal("50.00")),
            (add_months(first, 12), Decimal("75.00")),
        ],
    )


def _waanzee(ctx, enrolment, members):
    """Stopped after a year: the family moved; closed forty days ago and
    referred to the help of the new town; whether an out-of-home placement
    was prevented is not known."""
    pin = enrolment.linking_pin
    _contacts(ctx, enrolment, pin, 28, ROUTINE[:2], until=45)
    _goals(pin, enrolment, members, [("child", "Wies is niet meer alleen thuis.", "Wies")])
    _reviews(pin, enrolment, [0, 6, 12])
    goal_rules.add_support_action(
        pin,
        enrolment,
        kind=SupportAction.Kind.TREATMENT,
        description="Verslavingszorg voor beide ouders.",
        provider="Verslavingszorg Fictief",
        status=SupportAction.Status.STOPPED,
        top3=None,
        parent=members["Wendy"],
    )
    closure_rules.close_enrolment(
        pin,
        enrolment,
        closed_on=ctx.day(-40),
        reason=Closure.Reason.MOVED,
        way_on=Closure.WayOn.REFER,
        referred_to="Verzonnen: het wijkteam van de nieuwe woonplaats.",
        out_of_home_prevented=Closure.Prevented.UNKNOWN,
        explanation="Verzonnen: het gezin is verhuisd naar een andere regio.",
    )
