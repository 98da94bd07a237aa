"""The location staff's view and the signals (issue 4, "The location
staff's view"; ACCESS.md).

* ``my_children``: location staff see the children placed now at their own
  location(s), with only what they need: first name, age, days, pick-up
  arrangements and the linking pin's contact details.
* ``signal_create``: they pass a signal about such a child to the linking
  pin, and see their own earlier signals about it (not their colleagues').
* ``signal_inbox``: the linking pin's signals about their own families,
  unread first (the coordinator reads those of the programme);
  ``signal_acknowledge`` marks one read (the responsible linking pin only).

Every row comes from the policy's scope (``buitenshuis.access.policy``),
through the querysets of ``activities.queries``: the start page and the
work queue count with the same ones, so a count never includes a row the
page would not show."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View
from django.views.generic.base import TemplateResponseMixin
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import FormMixin

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.activities import rules
from buitenshuis.activities.forms_staff import SignalForm
from buitenshuis.activities.models import Placement, Signal
from buitenshuis.activities.queries import (
    acknowledgeable_signals,
    arriving_placements,
    inbox_signals,
    staff_placements,
    unread_count,
)
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Family, Handover
from buitenshuis.core import notify
from buitenshuis.referrals.rules import responsible_linking_pins

# Helpers --------------------------------------------------------------------


class AlsoRequiresMixin:
    """A page that also needs ``also_data`` (``also_action``): otherwise 403,
    logged as denied, as for the page's own kind of data."""

    also_data = None
    also_action = "view"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not policy.can(user, self.also_action, self.also_data):
            self.record_denied()
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def current_stand_in(enrolment, now=None):
    """Who stands in for the linking pin right now (a handover), if anyone."""
    now = now or timezone.now()
    handover = (
        enrolment.handovers.filter(starts__lte=now, ends__gt=now).select_related("to_user").first()
    )
    return handover.to_user if handover else None


def display_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


# Location staff -------------------------------------------------------------


def current_stand_ins(enrolment_ids, now=None):
    """{enrolment id: who stands in now} for many enrolments, in one query."""
    now = now or timezone.now()
    handovers = Handover.objects.filter(
        enrolment_id__in=enrolment_ids, starts__lte=now, ends__gt=now
    ).select_related("to_user")
    return {handover.enrolment_id: handover.to_user for handover in handovers}


def staff_rows(placements, now):
    """What location staff see of each placement: first name, age, days,
    pick-up arrangements, location, the linking pin (and stand-in). One
    query for the stand-ins of all rows, not one per child."""
    rows = []
    stand_ins = current_stand_ins({placement.enrolment_id for placement in placements}, now)
    for placement in placements:
        enrolment = placement.enrolment
        rows.append(
            {
                "placement": placement,
                "first_name": placement.child.first_name,
                "age": placement.child.age,
                "first_day": placement.start_date,
                "days": rules.days_label(placement.days),
                "pickup": placement.pickup_arrangements,
                "location": placement.location,
                "linking_pin": enrolment.linking_pin,
                "stand_in": stand_ins.get(enrolment.pk),
            }
        )
    return rows


class MyChildrenView(PolicyMixin, TemplateView):
    """The children placed now at the staff member's own location(s), and
    those arriving within two weeks (komt binnenkort) with their first day."""

    data = Data.PLACED_CHILD
    log_action = Action.LIST
    template_name = "activities/staff_children.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        placements = staff_placements(user).select_related(
            "child", "location__organisation", "enrolment__linking_pin"
        )
        placements = sorted(
            placements, key=lambda p: (str(p.location), p.child.first_name.lower(), p.pk)
        )
        arriving = sorted(
            arriving_placements(user).select_related(
                "child", "location__organisation", "enrolment__linking_pin"
            ),
            key=lambda p: (p.start_date, str(p.location), p.child.first_name.lower(), p.pk),
        )
        now = timezone.now()
        self._children = [placement.child for placement in [*placements, *arriving]]
        context["title"] = _("Kinderen op mijn locatie")
        context["rows"] = staff_rows(placements, now)
        context["arriving_rows"] = staff_rows(arriving, now)
        context["several_locations"] = len({p.location_id for p in [*placements, *arriving]}) > 1
        return context

    def get_log_subjects(self):
        return getattr(self, "_children", [])


class SignalCreateView(
    AlsoRequiresMixin, PolicyObjectMixin, SingleObjectMixin, FormMixin, TemplateResponseMixin, View
):
    """A member of the location staff passes a signal about a child placed
    now at their own location; below the form, their own earlier signals
    about this child. A placement elsewhere is a 404."""

    data = Data.SIGNALS
    action = "change"
    # Only who sees placed children (location staff) passes signals; the
    # linking pin reads and acknowledges them.
    also_data = Data.PLACED_CHILD
    log_action = Action.VIEW
    model = Placement
    form_class = SignalForm
    template_name = "activities/signal_create.html"

    def get_queryset(self):
        placements = staff_placements(self.request.user).select_related(
            "child", "location__organisation", "enrolment__linking_pin"
        )
        return self.scoped(placements)

    def log_subjects_for(self, obj):
        return [obj.child] if isinstance(obj, Placement) else []

    def get_log_action(self):
        return Action.CREATE if getattr(self, "_created", False) else Action.VIEW

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        signal = form.save(commit=False)
        signal.placement = self.object
        signal.created_by = request.user
        signal.save()
        # The signal now waits for the responsible linking pin(s).
        enrolment = self.object.enrolment
        notify.after_commit(lambda: responsible_linking_pins(enrolment), actor=request.user)
        self._created = True
        messages.success(
            request,
            _("Uw signaal over %(name)s is doorgegeven aan de linking pin.")
            % {"name": self.object.child.first_name},
        )
        return redirect("activities:my_children")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        placement = self.object
        own_signals = policy.scope(
            self.request.user,
            "view",
            Data.SIGNALS,
            Signal.objects.filter(placement=placement),
        ).select_related("acknowledged_by")
        context.update(
            title=_("Signaal over %(name)s") % {"name": placement.child.first_name},
            placement=placement,
            first_name=placement.child.first_name,
            linking_pin=placement.enrolment.linking_pin,
            stand_in=current_stand_in(placement.enrolment),
            own_signals=own_signals.order_by("-created"),
            back_url=reverse("activities:my_children"),
        )
        return context


# The linking pin's inbox ------------------------------------------------------


class SignalInboxView(AlsoRequiresMixin, PolicyMixin, ListView):
    """Signals about the linking pin's own families, unread first; the
    coordinator reads those of the programme (without acknowledging)."""

    data = Data.SIGNALS
    also_data = Data.FAMILY_IDENTITY
    log_action = Action.LIST
    paginate_by = 25
    template_name = "activities/signal_inbox.html"

    def get_queryset(self):
        # The user's signals first, on their own (a few indexed lookups),
        # then the rows with what the page shows. Joined in one query with
        # the nine tables below, PostgreSQL keeps the written join order
        # (join_collapse_limit) and joined every signal in the country
        # before filtering (bench/README.md).
        mine = list(inbox_signals(self.request.user).values_list("pk", flat=True))
        return (
            Signal.objects.filter(pk__in=mine)
            .select_related(
                "placement__child",
                "placement__location__organisation",
                "placement__enrolment__family",
                "created_by",
                "acknowledged_by",
            )
            .annotate(
                is_read=ExpressionWrapper(
                    Q(acknowledged_at__isnull=False), output_field=BooleanField()
                )
            )
            .order_by("is_read", "-created", "-pk")
        )

    def paginate_queryset(self, queryset, page_size):
        result = super().paginate_queryset(queryset, page_size)
        self._page_signals = list(result[2])
        return result

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        signals = getattr(self, "_page_signals", None) or list(context["object_list"])
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
        context["rows"] = [
            {
                "signal": signal,
                "first_name": signal.placement.child.first_name,
                "family": signal.placement.enrolment.family,
                "family_link": signal.placement.enrolment.family_id in may_open_family,
                "reported_by": display_name(signal.created_by),
                "location": signal.placement.location,
                "may_acknowledge": signal.pk in may_acknowledge,
            }
            for signal in signals
        ]
        context["title"] = _("Signalen van de opvanglocaties")
        context["unread"] = unread_count(user)
        context["any_acknowledge"] = policy.can(user, "change", Data.SIGNALS)
        return context

    def get_log_subjects(self):
        signals = getattr(self, "_page_signals", None) or []
        return [signal.placement.child for signal in signals]


class SignalAcknowledgeView(AlsoRequiresMixin, PolicyObjectMixin, SingleObjectMixin, View):
    """The responsible linking pin marks a signal read (POST only)."""

    data = Data.SIGNALS
    action = "change"
    also_data = Data.FAMILY_IDENTITY
    also_action = "change"
    log_action = Action.CHANGE
    model = Signal
    http_method_names = ["post"]

    def get_queryset(self):
        return acknowledgeable_signals(self.request.user).select_related("placement__child")

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
        return redirect("activities:signal_inbox")


urlpatterns = [
    path("mijn-locatie/", MyChildrenView.as_view(), name="my_children"),
    path(
        "mijn-locatie/plaatsing/<int:pk>/signaal/",
        SignalCreateView.as_view(),
        name="signal_create",
    ),
    path("signalen/", SignalInboxView.as_view(), name="signal_inbox"),
    path(
        "signalen/<int:pk>/gelezen/",
        SignalAcknowledgeView.as_view(),
        name="signal_acknowledge",
    ),
]
