# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The start page per role, and the friendly error pages."""

import mimetypes

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from buitenshuis.access import gates, policy
from buitenshuis.access.policy import Data
from buitenshuis.activities import queries as activity_queries
from buitenshuis.casework.models import Family
from buitenshuis.core import workqueue
from buitenshuis.monitoring import figures
from buitenshuis.organisations import house_style
from buitenshuis.organisations.models import HouseStyle, Role

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
        # Only items whose list the user may open: derived from the list's
        # own gate, so an item never leads to a refusal.
        context["work_items"] = [
            item for item in workqueue.collect(user) if gates.may_open_url(user, item.url)
        ]
        context["can"] = {
            data.value: policy.can(user, "view", data)
            for data in (Data.RESEARCH_EXPORT, Data.ADMIN_SITE)
        }
        # Each card links to a list and counts its rows: shown when the
        # list's own gate lets the user in (access.gates), counted with the
        # list's own rows.
        context["family_list_url"] = gates.may_open(user, "casework:family_list")
        if context["family_list_url"]:
            context["family_count"] = policy.scope(
                user, "view", Data.FAMILY_IDENTITY, Family.objects.all()
            ).count()
        context["my_children_url"] = gates.may_open(user, "activities:my_children")
        context["signal_inbox_url"] = gates.may_open(user, "activities:signal_inbox")
        context["my_referrals_url"] = gates.may_open(user, "referrals:mine")
        context.update(
            activity_counts(user, context["my_children_url"], context["signal_inbox_url"])
        )
        context["links"] = start_links(user)
        context["training_link"] = training_link(user, context["roles"])
        if context["roles"] & OVERDUE_ROLES and policy.can(user, "view", Data.REFERRAL_STATUS):
            context.update(figures.timing(user))
        if context["roles"] & OVERDUE_ROLES and policy.can(user, "view", Data.CONTACTS):
            context.update(figures.time_per_family(user))
        return context


def activity_counts(user, sees_placed_children, sees_inbox):
    """The location staff's children and the linking pin's unread signals,
    counted with the very querysets their pages list (activities.queries)."""
    counts = {}
    if sees_placed_children:
        counts["placed_children_count"] = activity_queries.placed_children_count(user)
    if sees_inbox:
        counts["unread_signals_count"] = activity_queries.unread_count(user)
    return counts


# The start page's links, in order: each shown when the page itself would
# let the user in (``access.gates``), never by a condition restated here.
START_LINKS = (
    (gettext_lazy("Gezin aanmelden"), "referrals:create"),
    (gettext_lazy("Mijn aanmeldingen"), "referrals:mine"),
    (gettext_lazy("Aanmeldingen"), "referrals:list"),
    (gettext_lazy("Taken: besluiten onder mandaat"), "referrals:tasks"),
    (gettext_lazy("Instellingen aanmelding"), "programmes:settings"),
    (gettext_lazy("Wie neemt welk gezin"), "programmes:assignment_rules"),
    # The set-up checklist links on to the partners, meetings and the plan.
    (gettext_lazy("Opzet van het programma"), "programmes:setup"),
    # The year's budget beside what is committed (programmes.budget).
    (gettext_lazy("Budget"), "programmes:budget"),
    # The indicators per role's level, and the council report
    # (monitoring.views_dashboard).
    (gettext_lazy("Monitoring"), "monitoring:dashboard"),
    # The tokens of the aggregated feed for the municipality's own
    # business-intelligence tools (monitoring.views_feed).
    (gettext_lazy("Datafeed voor eigen rapportages"), "monitoring:feed_tokens"),
    (gettext_lazy("Toegangslog per gezin"), "access:family_log"),
    (gettext_lazy("Toegangslog per gebruiker"), "access:user_log"),
    (gettext_lazy("Wijzigingen in lidmaatschappen"), "access:membership_log"),
)


def start_links(user):
    """The start page's links to the referral route, the programme's
    settings and the access log that the user may open."""
    links = []
    for label, name in START_LINKS:
        url = gates.may_open(user, name)
        if url:
            links.append((label, url))
    return links


def training_link(user, roles):
    """One link to the training: linking pins and location staff to their
    own status, those who read a programme's training records to its
    overview."""
    mine = gates.may_open(user, "training:mine")
    if mine and roles & {Role.LINKING_PIN, Role.LOCATION_STAFF}:
        return _("Mijn training"), mine
    overview = gates.may_open(user, "training:overview")
    if overview:
        return _("Training traumasensitief werken"), overview
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


# The house styles (organisations.HouseStyle): no personal data, the same
# for everyone, so public and kept by the browser for good (the address
# changes with every edit).
YEAR = 365 * 24 * 3600


def _public_cacheable(response, style, version):
    if version == style.version:
        response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:  # an old address: the current style, not kept
        response["Cache-Control"] = "no-cache"
    response.public_cacheable = True  # accounts.middleware.NoStoreMiddleware
    return response


def house_style_css(request, pk, version):
    """The house style's stylesheet (``organisations.house_style``)."""
    style = get_object_or_404(HouseStyle, pk=pk)
    response = HttpResponse(house_style.stylesheet(style), content_type="text/css; charset=utf-8")
    return _public_cacheable(response, style, version)


def house_style_logo(request, pk, version):
    """The house style's logo (PNG or JPEG, checked when it was uploaded)."""
    style = get_object_or_404(HouseStyle, pk=pk)
    if not style.logo:
        raise Http404
    content_type = mimetypes.guess_type(style.logo.name)[0]
    if content_type not in ("image/png", "image/jpeg"):
        raise Http404
    try:
        data = _read(style.logo)
    except OSError:  # the file is gone from MEDIA_ROOT
        raise Http404 from None
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = "inline"
    return _public_cacheable(response, style, version)


def _read(field_file):
    with field_file.open("rb") as file:
        return file.read()
