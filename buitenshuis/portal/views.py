"""The start page per role, and the friendly error pages."""

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Family
from buitenshuis.core import workqueue
from buitenshuis.organisations.models import Role
from buitenshuis.referrals import rules
from buitenshuis.referrals.models import Referral, ReferralSettings

# Roles whose start page lists overdue referrals (issue 3, "Timing").
OVERDUE_ROLES = {Role.COORDINATOR, Role.LINKING_PIN}
RECENT_DURATIONS = 10


class StartView(LoginRequiredMixin, TemplateView):
    """What each role works on. Sections appear per role; counts are always
    taken from the policy's scope, so they never include what the user may
    not open."""

    template_name = "portal/start.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        memberships = policy.memberships(user)
        context["title"] = _("Startpagina")
        context["memberships"] = memberships
        context["roles"] = {m.role for m in memberships}
        # What waits for this user, from every app's work_items (counted
        # from the policy's scope; see core.workqueue).
        context["work_items"] = workqueue.collect(user)
        context["can"] = {
            data.value: policy.can(user, "view", data)
            for data in (
                Data.FAMILY_IDENTITY,
                Data.PLACED_CHILD,
                Data.REFERRAL_STATUS,
                Data.PROGRAMME,
                Data.MONITORING,
                Data.COUNCIL_REPORT,
                Data.RESEARCH_EXPORT,
                Data.USERS,
                Data.ADMIN_SITE,
                Data.ACCESS_LOG,
            )
        }
        if context["can"]["family_identity"]:
            context["family_count"] = policy.scope(
                user, "view", Data.FAMILY_IDENTITY, Family.objects.all()
            ).count()
        context.update(activity_counts(user, context["can"]["placed_child"]))
        context["links"] = start_links(user, context["roles"])
        context["training_link"] = training_link(user, context["roles"])
        if context["roles"] & OVERDUE_ROLES and policy.can(user, "view", Data.REFERRAL_STATUS):
            context.update(timing(user))
        return context


def activity_counts(user, sees_placed_children):
    """The location staff's children and the linking pin's unread signals,
    counted with the very querysets their pages list (issue 4)."""
    from buitenshuis.activities.views import staff

    counts = {}
    if sees_placed_children:
        counts["placed_children_count"] = staff.placed_children_count(user)
    if staff.may_open_inbox(user):
        counts["unread_signals_count"] = staff.unread_count(user)
    return counts


def _link(label, url_name):
    """(label, url), or None while the page's URL is not installed (the
    referral and access-log pages are wired up separately)."""
    try:
        return label, reverse(url_name)
    except NoReverseMatch:
        return None


def _linking_pin_may_refer(user):
    programmes = {m.programme_id for m in policy.memberships(user) if m.role == Role.LINKING_PIN}
    refused = set(
        ReferralSettings.objects.filter(
            programme_id__in=programmes, linking_pin_may_refer=False
        ).values_list("programme_id", flat=True)
    )
    return bool(programmes - refused)


def start_links(user, roles):
    """The start page's links to the referral route and the access log, each
    only when the policy lets the user open the page."""
    links = []
    if policy.can(user, "change", Data.REFERRAL) and (
        Role.REFERRER in roles or (Role.LINKING_PIN in roles and _linking_pin_may_refer(user))
    ):
        links.append(_link(_("Gezin aanmelden"), "referrals:create"))
    if Role.REFERRER in roles and policy.can(user, "view", Data.REFERRAL_STATUS):
        links.append(_link(_("Mijn aanmeldingen"), "referrals:mine"))
    if roles & {Role.LINKING_PIN, Role.COORDINATOR, Role.POLICY_OFFICER} and policy.can(
        user, "view", Data.REFERRAL_STATUS
    ):
        links.append(_link(_("Aanmeldingen"), "referrals:list"))
    if Role.POLICY_OFFICER in roles and policy.can(user, "change", Data.MANDATE_REVIEW):
        links.append(_link(_("Taken: besluiten onder mandaat"), "referrals:tasks"))
    if policy.can(user, "change", Data.PROGRAMME):
        links.append(_link(_("Instellingen aanmelding"), "referrals:settings"))
    if policy.can(user, "view", Data.ACCESS_LOG):
        links.append(_link(_("Toegangslog per gezin"), "audit:family_log"))
        links.append(_link(_("Toegangslog per gebruiker"), "audit:user_log"))
    return [link for link in links if link]


def training_link(user, roles):
    """One link to the training (issue 4): linking pins and location staff
    to their own status, those who read a programme's training records to
    its overview."""
    if roles & {Role.LINKING_PIN, Role.LOCATION_STAFF} and policy.can(
        user, "view", Data.OWN_TRAINING
    ):
        return _link(_("Mijn training"), "training:mine")
    from buitenshuis.training.views import programmes_for

    if policy.can(user, "view", Data.LOCATIONS) and programmes_for(user, "view"):
        return _link(_("Training traumasensitief werken"), "training:overview")
    return None


def format_duration(delta):
    """A timedelta in Dutch: hours below two days, else days."""
    if delta is None:
        return ""
    hours = int(delta.total_seconds() // 3600)
    if hours < 48:
        return ngettext("%(count)d uur", "%(count)d uur", hours) % {"count": hours}
    days = delta.days
    return ngettext("%(count)d dag", "%(count)d dagen", days) % {"count": days}


def format_days(delta):
    """A difference between two days, in days."""
    if delta is None:
        return ""
    return ngettext("%(count)d dag", "%(count)d dagen", delta.days) % {"count": delta.days}


def timing(user, now=None):
    """Overdue referrals and lead times, from the referrals the user may
    open (the policy's scope), so no count includes another's rows."""
    now = now or timezone.now()
    visible = policy.scope(
        user,
        "view",
        Data.REFERRAL_STATUS,
        Referral.objects.select_related("family", "enrolment"),
    )
    undecided, not_started = rules.overdue(visible, now=now)
    undecided_items = [
        {
            "pk": r.pk,
            "reference": r.family.reference,
            "received_at": r.received_at,
            "waiting": format_duration(now - r.received_at),
        }
        for r in undecided.order_by("received_at")
    ]
    not_started_items = []
    for r in not_started.order_by("decided_at"):
        to_decision, _to_start = rules.durations(r)
        not_started_items.append(
            {
                "pk": r.pk,
                "reference": r.family.reference,
                "decided_at": r.decided_at,
                "to_decision": format_duration(to_decision),
                "waiting": format_duration(now - r.decided_at),
            }
        )
    recent = []
    to_decision_all, to_start_all = [], []
    for r in visible.filter(decided_at__isnull=False).order_by("-decided_at")[:RECENT_DURATIONS]:
        to_decision, to_start = rules.durations(r)
        to_decision_all.append(to_decision)
        if to_start is not None:
            to_start_all.append(to_start)
        recent.append(
            {
                "pk": r.pk,
                "reference": r.family.reference,
                "status": r.get_status_display(),
                "to_decision": format_duration(to_decision),
                "to_start": format_days(to_start),
            }
        )

    def average(deltas, fmt):
        if not deltas:
            return ""
        return fmt(sum(deltas, datetime.timedelta()) / len(deltas))

    return {
        "overdue_undecided": undecided_items,
        "overdue_not_started": not_started_items,
        "overdue_count": len(undecided_items) + len(not_started_items),
        "recent_durations": recent,
        "average_to_decision": average(to_decision_all, format_duration),
        "average_to_start": average(to_start_all, format_days),
        "decision_overdue_days": rules.DECISION_OVERDUE_DAYS,
        "start_overdue_hours": rules.START_OVERDUE_HOURS,
    }


def _error(request, status, title, message):
    return render(
        request,
        "error.html",
        {"title": title, "message": message, "status": status},
        status=status,
    )


def bad_request(request, exception=None):
    return _error(request, 400, _("Ongeldig verzoek"), _("Dit verzoek kon niet worden verwerkt."))


def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        _("Geen toegang"),
        _(
            "U heeft geen toegang tot deze pagina. Denkt u dat dit niet klopt? "
            "Neem contact op met de coördinator van uw programma."
        ),
    )


def page_not_found(request, exception=None):
    return _error(
        request,
        404,
        _("Pagina niet gevonden"),
        _("Deze pagina bestaat niet, of u heeft er geen toegang toe."),
    )


def server_error(request):
    return _error(
        request,
        500,
        _("Er ging iets mis"),
        _(
            "Er ging bij ons iets mis. Er is niets half opgeslagen. Probeer het later opnieuw; "
            "blijft het misgaan, neem dan contact op met de functioneel beheerder."
        ),
    )


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a friendly Dutch page instead of Django's own."""
    return _error(
        request,
        403,
        _("Formulier verlopen"),
        _(
            "Dit formulier kon niet veilig worden verstuurd, bijvoorbeeld omdat de pagina "
            "te lang openstond. Ga terug, laad de pagina opnieuw en probeer het nog eens."
        ),
    )
