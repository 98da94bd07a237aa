# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Training before guiding families: who is trained, which location is
ready, and what a programme still needs."""

from django.db.models import Q
from django.utils.translation import gettext as _

from buitenshuis.organisations.models import Membership, Role
from buitenshuis.training.models import REQUIRED, Module, TrainingOverride, TrainingRecord


def completed_modules(user):
    return set(TrainingRecord.objects.filter(user=user).values_list("module", flat=True))


def missing_modules(user, role):
    """The modules ``user`` still needs for ``role``, in order."""
    done = completed_modules(user)
    return [module for module in REQUIRED.get(role, []) if module not in done]


def is_trained(user, role):
    return not missing_modules(user, role)


def trained_staff_by_location(locations):
    """{location id: ids of its trained location staff} for ``locations``
    (objects or ids), in two queries however many locations."""
    location_ids = {getattr(loc, "pk", loc) for loc in locations}
    required = set(REQUIRED[Role.LOCATION_STAFF])
    memberships = list(
        Membership.objects.current()
        .filter(role=Role.LOCATION_STAFF, locations__in=location_ids)
        .values_list("locations", "user_id")
    )
    done = {}
    for user_id, module in TrainingRecord.objects.filter(
        user_id__in={user_id for _location, user_id in memberships}, module__in=required
    ).values_list("user_id", "module"):
        done.setdefault(user_id, set()).add(module)
    trained = {location_id: set() for location_id in location_ids}
    for location_id, user_id in memberships:
        if location_id in trained and done.get(user_id, set()) >= required:
            trained[location_id].add(user_id)
    return trained


def trained_staff(location):
    """Ids of the location staff of ``location`` who completed their training."""
    return sorted(trained_staff_by_location([location])[location.pk])


def ready_location_ids(locations):
    """The ids of ``locations`` with at least one trained staff member."""
    return {pk for pk, users in trained_staff_by_location(locations).items() if users}


def is_ready(location):
    return location.pk in ready_location_ids([location])


def programme_overview(programme):
    """Per linking pin and location staff member of the programme: the
    modules still needed. Returns a list of (membership, missing)."""
    members = (
        Membership.objects.current()
        .filter(programme=programme)
        .filter(Q(role=Role.LINKING_PIN) | Q(role=Role.LOCATION_STAFF))
        .select_related("user", "organisation")
        .prefetch_related("locations")
        .order_by("role", "user__last_name")
    )
    records = {}
    for user_id, module in TrainingRecord.objects.filter(
        user_id__in=members.values("user_id")
    ).values_list("user_id", "module"):
        records.setdefault(user_id, set()).add(module)
    return [
        (m, [mod for mod in REQUIRED[m.role] if mod not in records.get(m.user_id, set())])
        for m in members
    ]


# Who takes part in which module ---------------------------------------------

SESSION_MODULES = [Module.LP_DAY, Module.LP_RETURN, Module.STAFF_SESSION]
ELEARNING_MODULES = [Module.LP_ELEARNING, Module.STAFF_ELEARNING]


def audience(module):
    """The role a module is for: linking pins, or location staff (sports
    trainers are location staff too)."""
    for role, modules in REQUIRED.items():
        if module in modules:
            return role
    raise ValueError(module)


def programme_members(programme, role):
    """Users with a current membership of ``role`` in ``programme``."""
    from django.contrib.auth import get_user_model

    ids = Membership.objects.current().filter(programme=programme, role=role).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name")


# Assigning a family to a linking pin ---------------------------------------


def linking_pin_override(enrolment, linking_pin):
    """The coordinator's override for this family and linking pin, if any."""
    if enrolment is None or enrolment.pk is None:
        return None
    return TrainingOverride.objects.filter(
        kind=TrainingOverride.Kind.LINKING_PIN_UNTRAINED,
        enrolment=enrolment,
        linking_pin=linking_pin,
    ).first()


def untrained_linking_pin_message(user):
    """Why ``user`` may not yet guide families as linking pin (a Dutch
    message naming the modules still missing), or None when trained."""
    missing = missing_modules(user, Role.LINKING_PIN)
    if not missing:
        return None
    return _(
        "%(name)s heeft de training traumasensitief werken nog niet afgerond "
        "(ontbreekt: %(missing)s). De coördinator kan dit met een reden toestaan."
    ) % {
        "name": user.get_full_name() or user.get_username(),
        "missing": ", ".join(str(Module(m).label) for m in missing),
    }


def linking_pin_refusal(enrolment, linking_pin):
    """Why ``enrolment`` may not go to ``linking_pin`` (a Dutch message): the
    training is not complete and the coordinator has not overridden that for
    this family. None when the assignment may go ahead."""
    message = untrained_linking_pin_message(linking_pin)
    if message is None or linking_pin_override(enrolment, linking_pin) is not None:
        return None
    return message
