# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The aggregated feed for business-intelligence tools, and the
coordinator's page of its tokens.

The feed answers ``GET /monitoring/feed/<name>.csv`` and the OData-style
``GET /monitoring/feed/odata/<entity>`` (``{"@odata.context": ...,
"value": [...]}``) to a request with ``Authorization: Bearer <token>``: the
counts of the token's programme, with every count below 5 as "<5"
(``monitoring.feed``). There is no session and no user: the token is the
only key, and it opens nothing but aggregated counts of one programme. A
missing, unknown or revoked token gets 401 with an empty body. Each use
is counted on the token (``use_count``, ``last_used_at``) and written to
the access log (action "export", the token's name as the user, its issuer
as the one responsible); a use of a revoked token is logged as denied.
An unknown token is not logged: there is nobody to name."""

import json

from django.contrib import messages
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from buitenshuis.access.mixins import PolicyMixin
from buitenshuis.access.policy import Data
from buitenshuis.access.programme_choice import programmes_for
from buitenshuis.audit.log import record
from buitenshuis.audit.models import Action, Outcome
from buitenshuis.core.errors import RuleError
from buitenshuis.monitoring import exports, feed, rules_feed
from buitenshuis.monitoring.forms_feed import FeedTokenForm
from buitenshuis.monitoring.models_exports import FeedToken, hash_token
from buitenshuis.organisations.models import Programme


def bearer_token(request):
    """The token of an ``Authorization: Bearer <token>`` header, or ''."""
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _unauthorized():
    response = HttpResponse(status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


class FeedView(View):
    """One table of the feed, for a bearer token. Not a ``PolicyMixin``
    view: nobody signs in; the token decides, and it grants only the
    aggregated counts of its own programme."""

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        token = bearer_token(request)
        feed_token = FeedToken.find(token)
        if feed_token is None:
            if token:
                revoked = FeedToken.objects.filter(token_hash=hash_token(token)).first()
                if revoked is not None:
                    self.log(request, revoked, Outcome.DENIED)
            return _unauthorized()
        name = kwargs.get("name")
        if name is None:
            return self.service_document(request)
        table = feed.FEEDS.get(name)
        if table is None:
            raise Http404
        rows = table.rows(feed_token.programme)
        FeedToken.objects.filter(pk=feed_token.pk).update(
            use_count=F("use_count") + 1, last_used_at=timezone.now()
        )
        self.log(request, feed_token, Outcome.ALLOWED, table, len(rows))
        return self.render_table(request, table, rows)

    def log(self, request, feed_token, outcome, table=None, count=0):
        reason = _("datafeed, token %(name)s (#%(pk)s)") % {
            "name": feed_token.name,
            "pk": feed_token.pk,
        }
        if table is not None:
            reason += ", " + _("%(table)s: %(count)s regels") % {"table": table.key, "count": count}
        record(
            request,
            Action.EXPORT,
            Data.MONITORING,
            outcome=outcome,
            reason=reason,
            username=f"datafeed:{feed_token.name}"[:150],
            responsible=feed_token.created_by,
        )

    def service_document(self, request):
        return HttpResponse(status=404)

    def render_table(self, request, table, rows):
        raise NotImplementedError


class FeedCsvView(FeedView):
    """``/monitoring/feed/<name>.csv``: the table as CSV."""

    def render_table(self, request, table, rows):
        lines = exports.csv_lines(
            table.columns, ([row[column] for column in table.columns] for row in rows)
        )
        response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{table.key}.csv"'
        return response


def _json(data):
    return HttpResponse(
        json.dumps(data, ensure_ascii=False),
        content_type="application/json; odata.metadata=minimal; charset=utf-8",
    )


class FeedODataView(FeedView):
    """``/monitoring/feed/odata/<entity>``: the table as OData-style JSON;
    ``/monitoring/feed/odata/`` lists the entity sets."""

    def root(self, request):
        return request.build_absolute_uri(reverse("monitoring:feed_odata_service"))

    def service_document(self, request):
        root = self.root(request)
        return _json(
            {
                "@odata.context": f"{root}$metadata",
                "value": [
                    {"name": key, "kind": "EntitySet", "url": key, "title": str(table.title)}
                    for key, table in feed.FEEDS.items()
                ],
            }
        )

    def render_table(self, request, table, rows):
        return _json(
            {
                "@odata.context": f"{self.root(request)}$metadata#{table.key}",
                "value": [{column: row[column] for column in table.columns} for row in rows],
            }
        )


# The coordinator's page of tokens --------------------------------------------


class FeedTokensView(PolicyMixin, TemplateView):
    """The feed's tokens of the user's programmes: issue one (shown once,
    on the answer to the form), revoke one (after a confirmation)."""

    data = Data.FEED_TOKENS
    action = "change"
    template_name = "monitoring/feed_tokens.html"

    def programmes(self):
        return programmes_for(self.request.user, "change", Data.FEED_TOKENS)

    def get_form(self):
        programmes = Programme.objects.filter(pk__in=[p.pk for p in self.programmes()])
        return FeedTokenForm(
            self.request.POST if self.request.method == "POST" else None,
            programmes=programmes.order_by("name"),
            user=self.request.user,
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        issued = form.save() if form.is_valid() else None
        if issued is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        feed_token, token = issued
        record(
            request,
            Action.CREATE,
            Data.FEED_TOKENS,
            reason=_("token %(name)s (#%(pk)s) uitgegeven")
            % {
                "name": feed_token.name,
                "pk": feed_token.pk,
            },
        )
        # The token is shown on this answer only; the database keeps its
        # hash.
        return render(
            request,
            "monitoring/feed_token_issued.html",
            {
                "title": _("Token uitgegeven"),
                "feed_token": feed_token,
                "token": token,
                "urls": self.feed_urls(),
            },
        )

    def feed_urls(self):
        build = self.request.build_absolute_uri
        return [
            {
                "title": table.title,
                "csv": build(reverse("monitoring:feed_csv", args=[key])),
                "odata": build(reverse("monitoring:feed_odata", args=[key])),
            }
            for key, table in feed.FEEDS.items()
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programmes = self.programmes()
        context.setdefault("form", self.get_form())
        context.update(
            title=_("Datafeed voor eigen rapportages"),
            programmes=programmes,
            tokens=FeedToken.objects.filter(programme__in=programmes)
            .select_related("programme", "created_by", "revoked_by")
            .order_by("programme__name", "-created_at", "-pk"),
            urls=self.feed_urls(),
        )
        return context


class FeedTokenRevokeView(PolicyMixin, TemplateView):
    """Revoke a token: a confirmation page (GET), then the revocation
    (POST)."""

    data = Data.FEED_TOKENS
    action = "change"
    template_name = "monitoring/feed_token_revoke.html"

    def get_token(self):
        programmes = programmes_for(self.request.user, "change", Data.FEED_TOKENS)
        return get_object_or_404(
            FeedToken.objects.select_related("programme"),
            pk=self.kwargs["pk"],
            programme__in=programmes,
        )

    def get(self, request, *args, **kwargs):
        self.feed_token = self.get_token()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.feed_token = self.get_token()
        try:
            rules_feed.revoke(request.user, self.feed_token)
        except RuleError as refusal:
            messages.error(request, str(refusal))
            return redirect("monitoring:feed_tokens")
        record(
            request,
            Action.CHANGE,
            Data.FEED_TOKENS,
            reason=_("token %(name)s (#%(pk)s) ingetrokken")
            % {
                "name": self.feed_token.name,
                "pk": self.feed_token.pk,
            },
        )
        messages.success(
            request, _("Het token %(name)s is ingetrokken.") % {"name": self.feed_token.name}
        )
        return redirect("monitoring:feed_tokens")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Token intrekken"),
            feed_token=self.feed_token,
            refusal=rules_feed.revoke_refusal(self.request.user, self.feed_token),
        )
        return context
