# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The signals from the locations, for who follows the family:

* ``signal_inbox``: the linking pin's signals about their own families,
  unread first (the coordinator reads those of the programme);
* ``signal_acknowledge``: the responsible linking pin marks one read; for
  htmx on the inbox the answer is the signal's row (in the inbox, unread
  signals sort first, so after the redirect it may be on another page).
* ``signal_follow_up``: the responsible linking pin records what was done
  (a contact, a goal, nothing needed; ``rules.follow_up_signal``), which
  marks it read too. The location sees only "opgepakt" and the date.

The case hub shows the same signals of one family (``activities.panels``).
"""

from django.contrib import messages
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import ListView, View
from django.views.generic.base import TemplateResponseMixin
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormMixin

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.activities import rules
from buitenshuis.activities.forms_signals import SignalFollowUpForm
from buitenshuis.activities.models import Signal
from buitenshuis.activities.queries import (
    about_visible_families,
    acknowledgeable_signals,
    unread_count,
)
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Contact, Family, Goal
from buitenshuis.casework.rules import display_name
from buitenshuis.core.forms import apply_rule


def inbox_rows(user, signals):
    """The inbox's rows of ``signals`` (placement, child, location, family,
    created_by and acknowledged_by loaded): what templates/activities/
    _signal_row.html shows of each."""
    may_acknowledge = set(
        acknowledgeable_signals(user)
        .filter(pk__in=[s.pk for s in signals])
        .values_list("pk", flat=True)
    )
    may_open_family = set(
        policy.scope(
            user,
            "view",
            Data.FAMILY_IDENTITY,
            Family.objects.filter(pk__in={s.placement.enrolment.family_id for s in signals}),
        ).values_list("pk", flat=True)
    )
    return [
        {
            "signal": signal,
            "family": signal.placement.enrolment.family,
            "family_link": signal.placement.enrolment.family_id in may_open_family,
            "reported_by": display_name(signal.created_by),
            "may_acknowledge": signal.pk in may_acknowledge,
            "may_follow_up": signal.pk in may_acknowledge and signal.followed_up_at is None,
        }
        for signal in signals
    ]


class SignalInboxView(PolicyListMixin, ListView):
    """Signals about the linking pin's own families, unread first; the
    coordinator reads those of the programme (without acknowledging).
    The signals are found first (a few indexed lookups), then one page is
    loaded with what it shows (``page_related``)."""

    data = Data.SIGNALS
    # About families the user may see: not the location staff's own signals.
    also = (("view", Data.FAMILY_IDENTITY),)
    template_name = "activities/signal_inbox.html"
    page_related = (
        "placement__child",
        "placement__location__organisation",
        "placement__enrolment__family",
        "created_by",
        "acknowledged_by",
        "follow_up_contact",
        "follow_up_goal",
    )

    def get_rows(self):
        # Unread first (no acknowledgement yet), then the newest.
        return (
            about_visible_families(self.request.user)
            .annotate(
                is_read=ExpressionWrapper(
                    Q(acknowledged_at__isnull=False), output_field=BooleanField()
                )
            )
            .order_by("is_read", "-created", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["rows"] = inbox_rows(user, self.page_rows)
        context["title"] = _("Signalen van de opvanglocaties")
        context["unread"] = unread_count(user)
        context["any_acknowledge"] = policy.can(user, "change", Data.SIGNALS)
        return context

    def log_subjects_of(self, row):
        return [row.placement.child]


class SignalAcknowledgeView(PolicyObjectMixin, SingleObjectMixin, View):
    """The responsible linking pin marks a signal read (POST only)."""

    data = Data.SIGNALS
    action = "change"
    also = (("change", Data.FAMILY_IDENTITY),)
    log_action = Action.CHANGE
    model = Signal
    http_method_names = ["post"]

    def get_queryset(self):
        return acknowledgeable_signals(self.request.user).select_related(
            *SignalInboxView.page_related
        )

    def log_subjects_for(self, obj):
        return [obj.placement.child] if isinstance(obj, Signal) else []

    def post(self, request, *args, **kwargs):
        signal = self.get_object()
        if signal.acknowledged_at is None:
            signal.acknowledged_by = request.user
            signal.acknowledged_at = timezone.now()
            signal.save(update_fields=["acknowledged_by", "acknowledged_at"])
        messages.success(
            request,
            _("Het signaal over %(name)s is als gelezen gemarkeerd.")
            % {"name": signal.placement.child.first_name},
        )
        # Back to where it was marked: the inbox, or the family's case hub.
        back = request.POST.get("next", "")
        if request.headers.get("HX-Request") and not back:
            # htmx on the inbox: the row itself, with the count and the
            # message (activities/_signal_status.html swaps them in place).
            row = inbox_rows(request.user, [signal])[0]
            return render(
                request,
                "activities/signal_acknowledged.html",
                {"row": row, "unread": unread_count(request.user)},
            )
        if back.startswith("/") and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(back)
        return redirect("activities:signal_inbox")


class SignalFollowUpView(
    PolicyObjectMixin, SingleObjectMixin, FormMixin, TemplateResponseMixin, View
):
    """The responsible linking pin records what was done with a signal.
    The coordinator reads it on the hub and in the inbox, never records."""

    data = Data.SIGNALS
    action = "change"
    also = (("change", Data.FAMILY_IDENTITY),)
    log_action = Action.VIEW
    done_action = Action.CHANGE
    model = Signal
    form_class = SignalFollowUpForm
    template_name = "activities/signal_follow_up.html"

    def get_queryset(self):
        return acknowledgeable_signals(self.request.user).select_related(
            *SignalInboxView.page_related
        )

    def log_subjects_for(self, obj):
        return [obj.placement.child] if isinstance(obj, Signal) else []

    def get_log_action(self):
        return self.done_action if getattr(self, "_done", False) else self.log_action

    def get_form_kwargs(self):
        user, family = self.request.user, self.object.placement.enrolment.family
        contacts = policy.scope_in_family(user, "change", Data.CONTACTS, Contact.objects, family)
        goals = policy.scope_in_family(user, "change", Data.GOALS, Goal.objects, family)
        return {
            **super().get_form_kwargs(),
            "contacts": contacts.order_by("-date", "-pk"),
            "goals": goals.order_by("-pk"),
        }

    def back_url(self):
        back = self.request.POST.get("next") or self.request.GET.get("next", "")
        if back.startswith("/") and url_has_allowed_host_and_scheme(
            back, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return back
        return reverse("activities:signal_inbox")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if form.is_valid() and apply_rule(form, form.save, request.user, self.object) is not None:
            self._done = True
            messages.success(
                request,
                _("Vastgelegd wat er met het signaal over %(name)s is gedaan.")
                % {"name": self.object.placement.child.first_name},
            )
            return redirect(self.back_url())
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signal = self.object
        context.update(
            title=_("Signaal over %(name)s opvolgen") % {"name": signal.placement.child.first_name},
            row=inbox_rows(self.request.user, [signal])[0],
            refusal=rules.follow_up_refusal(self.request.user, signal),
            back_url=self.back_url(),
        )
        return context


urlpatterns = [
    path("signalen/", SignalInboxView.as_view(), name="signal_inbox"),
    path(
        "signalen/<int:pk>/gelezen/",
        SignalAcknowledgeView.as_view(),
        name="signal_acknowledge",
    ),
    path("signalen/<int:pk>/opvolgen/", SignalFollowUpView.as_view(), name="signal_follow_up"),
]
