"""The start page per role, and the friendly error pages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.activities import queries as activity_queries
from buitenshuis.casework.models import Family
from buitenshuis.core import workqueue
from buitenshuis.monitoring import figures
from buitenshuis.organisations.models import Role
from buitenshuis.programmes.models import ProgrammeSettings
from buitenshuis.training.queries import programmes_for

# Roles whose start page lists overdue referrals ("Timing").
OVERDUE_ROLES = {Role.COORDINATOR, Role.LINKING_PIN}


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
            context.update(figures.timing(user))
        return context


def activity_counts(user, sees_placed_children):
    """The location staff's children and the linking pin's unread signals,
    counted with the very querysets their pages list (activities.queries)."""
    counts = {}
    if sees_placed_children:
        counts["placed_children_count"] = activity_queries.placed_children_count(user)
    if activity_queries.may_open_inbox(user):
        counts["unread_signals_count"] = activity_queries.unread_count(user)
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
        ProgrammeSettings.objects.filter(
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
        links.append(_link(_("Instellingen aanmelding"), "programmes:settings"))
    if policy.can(user, "view", Data.ACCESS_LOG):
        links.append(_link(_("Toegangslog per gezin"), "access:family_log"))
        links.append(_link(_("Toegangslog per gebruiker"), "access:user_log"))
        links.append(_link(_("Wijzigingen in lidmaatschappen"), "access:membership_log"))
    return [link for link in links if link]


def training_link(user, roles):
    """One link to the training: linking pins and location staff
    to their own status, those who read a programme's training records to
    its overview."""
    if roles & {Role.LINKING_PIN, Role.LOCATION_STAFF} and policy.can(
        user, "view", Data.OWN_TRAINING
    ):
        return _link(_("Mijn training"), "training:mine")
    if policy.can(user, "view", Data.LOCATIONS) and programmes_for(user, "view"):
        return _link(_("Training traumasensitief werken"), "training:overview")
    return None


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
