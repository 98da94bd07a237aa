"""The decision letter (beschikking) as a PDF in Dutch, labelled
"Buitenshuisproject", for the municipality's records.

``letter_context`` gathers what the letter says, ``render_html`` renders
the template and ``render_pdf`` turns it into PDF bytes with WeasyPrint.
Only accepted decisions have a letter; who may print it is the view's
question (the access policy)."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from buitenshuis.casework.models import Person
from buitenshuis.referrals.models import Decision, ReferralSettings


def letter_context(decision):
    if decision.outcome != Decision.Outcome.ACCEPTED:
        raise ValueError("Only accepted decisions have a letter")
    referral = decision.referral
    family = referral.family
    settings = ReferralSettings.for_programme(referral.programme)
    decided_by = decision.decided_by
    return {
        "title": _("Beschikking Buitenshuisproject %(reference)s")
        % {"reference": family.reference},
        "decision": decision,
        "referral": referral,
        "family": family,
        "programme": referral.programme,
        "municipality": family.municipality,
        "children": family.members.filter(kind=Person.Kind.CHILD).order_by("date_of_birth"),
        "decided_by": decided_by.get_full_name() or decided_by.get_username(),
        "decided_on": timezone.localtime(decision.decided_at).date(),
        "municipality_reference": decision.municipality_reference
        or settings.municipality_reference,
        "funding_route": settings.get_funding_route_display(),
        "printed_on": timezone.localdate(),
    }


def render_html(decision):
    # The letter is Dutch whatever language the user's screens are in.
    with translation.override("nl"):
        return render_to_string("referrals/letter.html", letter_context(decision))


def render_pdf(decision):
    from weasyprint import HTML

    return HTML(string=render_html(decision)).write_pdf()
