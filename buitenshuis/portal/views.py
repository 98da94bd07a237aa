"""The start page per role, and the friendly error pages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.casework.models import Family


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
        return context


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
