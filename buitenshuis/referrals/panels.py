# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The referral's panels on the case hub (``casework.panels``): the
referral and its decision, and the intake with the parents' consent. The
referral page (``referrals:detail``) stays the full record of the referral;
these panels give its state and link to it."""

import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Person
from buitenshuis.casework.panels import ORDER, Panel, register
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Consent, Referral


def hub_referral(hub):
    """The family's referral with its decision, intake and consents, fetched
    once for every panel of the page (None for a family without one)."""
    if "referral" not in hub.shared:
        # The referral of the enrolment the hub is about (a family has one
        # per enrolment: the first, and one per continuation; the earlier
        # ones are in the context panel). One row, so no ORDER BY (it
        # costs more to compile than the query takes to run); nor for the
        # consents: the panel sorts them (``_consent_order``, ending with
        # the pk) and the rules only look them up.
        if hub.enrolment is None:
            hub.shared["referral"] = None
            return None
        found = list(
            Referral.objects.filter(enrolment_id=hub.enrolment.pk)
            .select_related(
                "referrer_organisation", "decision__decided_by", "decision__task", "intake"
            )
            .prefetch_related(Prefetch("consents", queryset=Consent.objects.order_by()))
            .order_by()
        )
        referral = found[0] if found else None
        if referral is not None:
            referral.family = hub.family
            _attach_members(referral.consents.all(), hub.members)
            # Both ways, so that rules asking the enrolment for its referral
            # do not fetch it again.
            hub.enrolment.referral = referral
        hub.shared["referral"] = referral
    return hub.shared["referral"]


def _attach_members(consents, members):
    """Give each consent its child and parent from the family's members,
    fetched once for the page, instead of joining them again."""
    by_pk = {member.pk: member for member in members}
    missing = {c.child_id for c in consents} | {c.given_by_id for c in consents}
    missing -= by_pk.keys()
    if missing:  # not a member of this family (never expected): ask
        by_pk.update(Person.objects.in_bulk(missing))
    for consent in consents:
        consent.child = by_pk[consent.child_id]
        consent.given_by = by_pk[consent.given_by_id]


def _consent_order(consent):
    """The children by date of birth (unknown last), then the parent's name."""
    born = consent.child.date_of_birth
    return (born is None, born or datetime.date.min, consent.given_by.first_name, consent.pk)


def referral_context(hub):
    referral = hub_referral(hub)
    if referral is None:
        return None
    decision = getattr(referral, "decision", None)
    return {
        "referral": referral,
        "decision": decision,
        "task": getattr(decision, "task", None) if decision else None,
        # The referral page asks to see the intake (the case worker's list).
        "may_open_referral": hub.can("view", Data.INTAKE),
    }


def intake_context(hub):
    referral = hub_referral(hub)
    if referral is None:
        return None
    consents = sorted(referral.consents.all(), key=_consent_order)
    return {
        "referral": referral,
        "intake": getattr(referral, "intake", None),
        "consents": consents,
        "missing_consents": rules.missing_consents(referral) if referral.is_open else [],
    }


def register_panels():
    register(
        Panel(
            key="referral",
            title=_("Aanmelding en besluit"),
            order=ORDER["referral"],
            data=Data.DECISION,
            context=referral_context,
            template="referrals/panels/referral.html",
            log_name=_("aanmelding, besluit"),
        )
    )
    register(
        Panel(
            key="intake",
            title=_("Intake en toestemming"),
            order=ORDER["intake"],
            data=Data.INTAKE,
            context=intake_context,
            template="referrals/panels/intake.html",
            log_name=_("intake, toestemming"),
        )
    )
