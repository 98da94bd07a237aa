# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What the referral route tells the linking pin's caseload
(``casework.caseload``, a lower layer, asks through ``register_fact``):
``missing_consent``, a warning for an enrolment in intake or running whose
referral has an intake but lacks a consent the age rules require
(``rules.missing_consents``, the one definition)."""

from django.utils.translation import gettext_lazy

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework import caseload
from buitenshuis.casework.models import Enrolment
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Referral

MISSING_CONSENT = caseload.CaseloadWarning("toestemming", gettext_lazy("Toestemming ontbreekt"), 60)
CHECKED = (Enrolment.Status.INTAKE, Enrolment.Status.ACTIVE)


def missing_consent(user, enrolments):
    """{enrolment id: True} for the enrolments (in intake or running) whose
    referral misses a required consent: three queries, however many."""
    ids = [enrolment.pk for enrolment in enrolments if enrolment.status in CHECKED]
    if not ids:
        return {}
    referrals = policy.scope(
        user,
        "view",
        Data.INTAKE,
        Referral.objects.filter(enrolment_id__in=ids, intake__isnull=False),
    ).prefetch_related("family__members", "consents")
    return {
        referral.enrolment_id: True for referral in referrals if rules.missing_consents(referral)
    }


def register_facts():
    caseload.register_fact(
        missing_consent, key="missing_consent", warning=MISSING_CONSENT, order=30
    )
