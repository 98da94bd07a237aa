# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Goals and their progress notes, and the support for the parents
(``SupportAction``, with the TOP-3 method as an option).

A goal is for the whole family (``person`` empty) or for one child or
parent of it, in a domain (``GoalDomain``). Goals and support actions are
written while the enrolment is in intake or running; after the closure
they are kept as they were. Who may write them (the responsible linking
pin) is the access policy's question (``Data.GOALS``, change), asked by
the views."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buitenshuis.casework.models import Enrolment, Goal, GoalDomain, GoalNote, Person, SupportAction
from buitenshuis.core.errors import RuleError

WRITABLE_STATUSES = (Enrolment.Status.INTAKE, Enrolment.Status.ACTIVE)

# Support actions that still take a place in the parents' TOP-3.
RUNNING_SUPPORT = (SupportAction.Status.PLANNED, SupportAction.Status.RUNNING)


def goal_refusal(enrolment):
    """Why goals and support of ``enrolment`` cannot be written now (a
    Dutch message), or None."""
    if enrolment is None:
        return _("Dit gezin heeft nog geen traject.")
    if enrolment.status == Enrolment.Status.CLOSED:
        return _("Het traject is afgesloten; doelen en ondersteuning worden niet meer gewijzigd.")
    if enrolment.status not in WRITABLE_STATUSES:
        return _("Doelen en ondersteuning worden vastgelegd vanaf de intake.")
    return None


def _check_writable(enrolment):
    refusal = goal_refusal(enrolment)
    if refusal:
        raise RuleError(refusal)


def _check_member(enrolment, person, kinds, field, message):
    if person is None:
        return
    if person.family_id != enrolment.family_id or person.kind not in kinds:
        raise RuleError(message, field=field)


# Goals -----------------------------------------------------------------------


def add_goal(user, enrolment, *, domain, description, person=None):
    """A new running goal for the family or one of its members."""
    _check_writable(enrolment)
    if domain not in GoalDomain.values:
        raise RuleError(_("Kies een leefgebied."), field="domain")
    description = (description or "").strip()
    if not description:
        raise RuleError(_("Beschrijf het doel."), field="description")
    _check_member(
        enrolment,
        person,
        (Person.Kind.CHILD, Person.Kind.PARENT),
        "person",
        _("Kies een lid van dit gezin, of laat leeg voor het hele gezin."),
    )
    return Goal.objects.create(
        enrolment=enrolment,
        person=person,
        domain=domain,
        description=description,
        created_by=user,
    )


def set_goal_status(user, goal, status, today=None):
    """Change the goal's status; ``reached_on`` is today when it is
    reached (kept when it stays reached) and empty otherwise."""
    _check_writable(goal.enrolment)
    if status not in Goal.Status.values:
        raise RuleError(_("Kies een status."), field="status")
    today = today or timezone.localdate()
    if status == Goal.Status.REACHED:
        goal.reached_on = goal.reached_on if goal.status == Goal.Status.REACHED else today
    else:
        goal.reached_on = None
    goal.status = status
    goal.save(update_fields=["status", "reached_on"])
    return goal


def add_goal_note(user, goal, *, text, date):
    """A progress note on the goal, dated ``date`` (not in the future)."""
    _check_writable(goal.enrolment)
    text = (text or "").strip()
    if not text:
        raise RuleError(_("Schrijf de voortgang op."), field="text")
    if date > timezone.localdate():
        raise RuleError(_("De datum ligt in de toekomst."), field="date")
    return GoalNote.objects.create(goal=goal, date=date, text=text, author=user)


# Support for the parents -----------------------------------------------------------


def top3_taken(enrolment, top3, status, exclude=None):
    """Whether place ``top3`` of the TOP-3 is taken by another running
    support action of the enrolment (only asked for a running one)."""
    if top3 is None or status not in RUNNING_SUPPORT:
        return False
    others = SupportAction.objects.filter(
        enrolment=enrolment, top3=top3, status__in=RUNNING_SUPPORT
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def _check_support(enrolment, *, status, top3, exclude=None):
    if status not in SupportAction.Status.values:
        raise RuleError(_("Kies een status."), field="status")
    if top3 is not None and top3 not in (1, 2, 3):
        raise RuleError(_("Een plaats in de TOP-3 is 1, 2 of 3."), field="top3")
    if top3_taken(enrolment, top3, status, exclude=exclude):
        raise RuleError(
            _(
                "Plaats %(place)d van de TOP-3 is al bezet door een andere lopende "
                "ondersteuning; kies een andere plaats of laat het leeg."
            )
            % {"place": top3},
            field="top3",
        )


def add_support_action(
    user, enrolment, *, kind, description, provider="", status, top3=None, parent=None
):
    """A support action for the parents (or for one parent)."""
    _check_writable(enrolment)
    if kind not in SupportAction.Kind.values:
        raise RuleError(_("Kies een soort ondersteuning."), field="kind")
    description = (description or "").strip()
    if not description:
        raise RuleError(_("Beschrijf de ondersteuning."), field="description")
    _check_member(
        enrolment,
        parent,
        (Person.Kind.PARENT,),
        "parent",
        _("Kies een ouder van dit gezin, of laat leeg voor beide ouders."),
    )
    with transaction.atomic():
        # One writer per enrolment at a time: the TOP-3 place stays unique.
        Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
        _check_support(enrolment, status=status, top3=top3)
        return SupportAction.objects.create(
            enrolment=enrolment,
            parent=parent,
            kind=kind,
            description=description,
            provider=(provider or "").strip(),
            status=status,
            top3=top3,
            created_by=user,
        )


def update_support_action(user, action, *, status, provider, top3):
    """Change a support action's status, provider and TOP-3 place."""
    _check_writable(action.enrolment)
    with transaction.atomic():
        Enrolment.objects.select_for_update().filter(pk=action.enrolment_id).first()
        _check_support(action.enrolment, status=status, top3=top3, exclude=action)
        action.status = status
        action.provider = (provider or "").strip()
        action.top3 = top3
        action.save(update_fields=["status", "provider", "top3"])
    return action
