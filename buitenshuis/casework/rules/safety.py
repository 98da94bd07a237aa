# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The family's safety and emergency plan: whom to call, where the
children go, the agreed signals. Every change is a new version; the
earlier versions are kept. The linking pin's alone (``Data.CONTACT_NOTES``):
never shown, nor counted, to the coordinator or the policy officer."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from buitenshuis.casework.models import Enrolment, SafetyPlan
from buitenshuis.casework.rules import goals
from buitenshuis.core.errors import RuleError

FIELDS = ("whom_to_call", "where_children_go", "agreed_signals")


def current_plan(enrolment):
    """The plan in force (the highest version), or None."""
    return enrolment.safety_plans.order_by("-version").first()


def write_safety_plan(user, enrolment, *, whom_to_call, where_children_go, agreed_signals):
    """A new version of the plan; the earlier ones stay. Every part is
    required."""
    refusal = goals.goal_refusal(enrolment)
    if refusal:
        raise RuleError(refusal)
    values = {
        "whom_to_call": (whom_to_call or "").strip(),
        "where_children_go": (where_children_go or "").strip(),
        "agreed_signals": (agreed_signals or "").strip(),
    }
    messages = {
        "whom_to_call": _("Schrijf op wie er gebeld wordt."),
        "where_children_go": _("Schrijf op waar de kinderen heen gaan."),
        "agreed_signals": _("Schrijf de afgesproken signalen op."),
    }
    for field in FIELDS:
        if not values[field]:
            raise RuleError(messages[field], field=field)
    with transaction.atomic():
        Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
        latest = enrolment.safety_plans.aggregate(latest=Max("version"))["latest"] or 0
        return SafetyPlan.objects.create(
            enrolment=enrolment, version=latest + 1, created_by=user, **values
        )
