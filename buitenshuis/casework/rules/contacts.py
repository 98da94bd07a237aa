# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Contacts: recording one, and what counts as "contact with the family".

``FAMILY_CONTACT_KINDS`` is the one definition of the family's last
contact, used by the caseload, the work queue, the digest and the
monitoring alike: a home visit, a phone or video call, or a network
meeting. A talk with the location's staff or "anders" is time spent for
the family (it counts in the minutes) but not contact with it."""

from django.db.models import Max

from buitenshuis.casework.models import Contact

FAMILY_CONTACT_KINDS = (
    Contact.Kind.HOME_VISIT,
    Contact.Kind.PHONE,
    Contact.Kind.VIDEO,
    Contact.Kind.NETWORK,
)


def family_contacts(queryset=None):
    """The contacts of ``queryset`` (all by default) that count as contact
    with the family."""
    queryset = Contact.objects.all() if queryset is None else queryset
    return queryset.filter(kind__in=FAMILY_CONTACT_KINDS)


def last_contacts(enrolment_ids):
    """{enrolment id: date of the last contact with the family} for the
    given enrolments, in one query; an enrolment without one is absent."""
    rows = (
        family_contacts(Contact.objects.filter(enrolment_id__in=list(enrolment_ids)))
        .order_by()
        .values("enrolment_id")
        .annotate(last=Max("date"))
    )
    return {row["enrolment_id"]: row["last"] for row in rows}
