# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Training screens ("Training in trauma-sensitive work"); see
training/models.py and training/rules.py.

* ``overview``: per programme, who still needs which module, which
  locations are ready, and the coordinator's overrides (the monitoring
  visibility of the training rule). Those who may read ``Data.LOCATIONS``
  ("locations, contracts, training records") of a programme; someone in
  several programmes picks one with ``?programme=<id>``.
* ``session_list``, ``session_create``, ``session_detail``: planned sessions
  and their attendance; planning and attendance need the change permission.
* ``record_create``: a completed e-learning module (change).
* ``mine``: the user's own training status (``Data.OWN_TRAINING``).

Access goes through the policy only. A programme outside the user's
memberships is a 404; a page the role may not open a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView
from django.views.generic.edit import FormMixin

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyListMixin, PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.access.programme_choice import ProgrammeChoiceMixin as BaseProgrammeChoiceMixin
from buitenshuis.audit.models import Action
from buitenshuis.core.formats import long_date
from buitenshuis.organisations.models import Location, Membership, Role
from buitenshuis.training import rules
from buitenshuis.training.forms import AttendanceForm, RecordForm, SessionForm, person_name
from buitenshuis.training.models import (
    REQUIRED,
    Module,
    TrainingOverride,
    TrainingRecord,
    TrainingSession,
)
from buitenshuis.training.queries import programmes_for

NOT_READY = "niet-klaar"


class ProgrammeChoiceMixin(BaseProgrammeChoiceMixin):
    """The programme of a training page: among those whose training records
    (``Data.LOCATIONS``) the user may do ``choice_action`` on."""

    choice_data = Data.LOCATIONS


def module_labels(modules):
    return [str(Module(module).label) for module in modules]


class OverviewView(ProgrammeChoiceMixin, PolicyMixin, TemplateView):
    data = Data.LOCATIONS
    log_action = Action.LIST
    template_name = "training/overview.html"

    @classmethod
    def offered_to(cls, user):
        # Only with a programme to show (``ProgrammeChoiceMixin`` refuses).
        return cls.allows(user) and bool(programmes_for(user, "view"))

    def get(self, request, *args, **kwargs):
        self.programme = self.choose_programme()
        return super().get(request, *args, **kwargs)

    def get_log_subjects(self):
        return getattr(self, "_subjects", [])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.programme
        only_open = self.request.GET.get("toon") == NOT_READY
        rows = rules.programme_overview(programme)
        done = {}
        for user_id, module, day in TrainingRecord.objects.filter(
            user_id__in={m.user_id for m, _missing in rows}
        ).values_list("user_id", "module", "completed_on"):
            done.setdefault(user_id, {})[module] = day
        people = {Role.LINKING_PIN: [], Role.LOCATION_STAFF: []}
        for membership, missing in rows:
            if only_open and not missing:
                continue
            people[membership.role].append(
                {
                    "membership": membership,
                    "name": person_name(membership.user),
                    "missing": module_labels(missing),
                    "done": [
                        (str(Module(module).label), done[membership.user_id][module])
                        for module in REQUIRED[membership.role]
                        if module in done.get(membership.user_id, {})
                    ],
                    "locations": list(membership.locations.all()),
                }
            )
        locations = list(
            Location.objects.filter(
                Q(contracts__programme=programme)
                | Q(
                    memberships__programme=programme,
                    memberships__role=Role.LOCATION_STAFF,
                    memberships__in=Membership.objects.current(),
                )
            )
            .select_related("organisation")
            .distinct()
            .order_by("name")
        )
        ready = rules.ready_location_ids(locations)
        location_rows = [
            {"location": location, "ready": location.pk in ready}
            for location in locations
            if not (only_open and location.pk in ready)
        ]
        overrides = list(
            policy.scope(
                self.request.user,
                "view",
                Data.MONITORING,
                TrainingOverride.objects.filter(enrolment__family__programme=programme),
            )
            .select_related("enrolment__family", "linking_pin", "location", "granted_by")
            .order_by("-created")
        )
        # The enrolments whose family's case hub the user may open (the
        # enrolment's model, as the override knows it: training is below
        # casework and does not import it).
        enrolments = TrainingOverride.enrolment.field.related_model.objects.filter(
            pk__in=[o.enrolment_id for o in overrides]
        )
        openable = policy.scope(self.request.user, "view", Data.FAMILY_IDENTITY, enrolments)
        self._subjects = [o.enrolment.family for o in overrides] + [m.user for m, _missing in rows]
        context.update(
            self.programme_context(),
            title=_("Training traumasensitief werken"),
            only_open=only_open,
            not_ready=NOT_READY,
            linking_pins=people[Role.LINKING_PIN],
            staff=people[Role.LOCATION_STAFF],
            locations=location_rows,
            overrides=overrides,
            openable_enrolments=set(openable.values_list("pk", flat=True)) if overrides else set(),
            show_overrides=policy.can(self.request.user, "view", Data.MONITORING),
            open_count=sum(1 for _m, missing in rows if missing),
        )
        return context


class SessionListView(ProgrammeChoiceMixin, PolicyListMixin, ListView):
    data = Data.LOCATIONS
    log_action = None  # sessions: no personal data
    paginate_by = None  # a programme's sessions of a few years: one page
    template_name = "training/session_list.html"
    context_object_name = "sessions"

    def get_rows(self):
        self.programme = self.choose_programme()
        return TrainingSession.objects.filter(programme=self.programme).order_by("-date", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        attendance = {}
        for session_id in TrainingRecord.objects.filter(
            session__in=context["sessions"]
        ).values_list("session_id", flat=True):
            attendance[session_id] = attendance.get(session_id, 0) + 1
        context.update(
            self.programme_context(),
            title=_("Trainingsbijeenkomsten"),
            rows=[(s, attendance.get(s.pk, 0)) for s in context["sessions"]],
            today=timezone.localdate(),
        )
        return context


class SessionCreateView(ProgrammeChoiceMixin, PolicyMixin, CreateView):
    data = Data.LOCATIONS
    action = "change"
    choice_action = "change"
    form_class = SessionForm
    template_name = "training/session_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and policy.can(request.user, self.action, self.data):
            self.programme = self.choose_programme()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("De bijeenkomst op %(date)s is gepland. Leg na afloop de aanwezigheid vast.")
            % {"date": long_date(self.object.date)},
        )
        return response

    def get_success_url(self):
        return reverse("training:session_detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.programme_context(), title=_("Bijeenkomst plannen"))
        return context


class SessionDetailView(PolicyObjectMixin, FormMixin, DetailView):
    """One session; who may change the programme's training records ticks
    who attended."""

    model = TrainingSession
    data = Data.LOCATIONS
    log_action = Action.VIEW
    form_class = AttendanceForm
    template_name = "training/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return self.scoped(TrainingSession.objects.select_related("programme"))

    def log_subjects_for(self, obj):
        # The people whose training records the page shows or changes.
        if obj is None:
            return []
        role = rules.audience(obj.module)
        return list(rules.programme_members(obj.programme, role))

    def get_log_action(self):
        return Action.CHANGE if getattr(self, "_done", False) else Action.VIEW

    def may_change(self):
        return policy.can(self.request.user, "change", Data.LOCATIONS, self.object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.object, "user": self.request.user}

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.may_change():
            raise PermissionDenied
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        added, removed = form.save()
        self._done = True
        messages.success(
            request,
            _("De aanwezigheid is opgeslagen: %(added)d toegevoegd, %(removed)d verwijderd.")
            % {"added": added, "removed": removed},
        )
        return redirect("training:session_detail", pk=self.object.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        can_change = self.may_change()
        if not can_change:
            context.pop("form", None)
        context.update(
            title=_("%(module)s op %(date)s")
            % {"module": session.get_module_display(), "date": long_date(session.date)},
            can_change=can_change,
            audience=Role(rules.audience(session.module)).label,
            present=[
                person_name(r.user)
                for r in session.records.select_related("user").order_by("user__first_name")
            ],
            elsewhere=[
                (person_name(p), record)
                for p, record in AttendanceForm(session=session, user=self.request.user).elsewhere
            ],
            programme_query=f"?programme={session.programme_id}",
        )
        return context


class RecordCreateView(ProgrammeChoiceMixin, PolicyMixin, FormView):
    data = Data.LOCATIONS
    action = "change"
    choice_action = "change"
    log_action = Action.CREATE
    form_class = RecordForm
    template_name = "training/record_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and policy.can(request.user, self.action, self.data):
            self.programme = self.choose_programme()
        return super().dispatch(request, *args, **kwargs)

    def get_log_action(self):
        return Action.CREATE if getattr(self, "_created", None) else Action.VIEW

    def get_log_subjects(self):
        created = getattr(self, "_created", None)
        return [created.user] if created else []

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "programme": self.programme,
            "user": self.request.user,
        }

    def form_valid(self, form):
        self._created = record = form.save()
        messages.success(
            self.request,
            _("Vastgelegd: %(name)s heeft %(module)s afgerond op %(date)s.")
            % {
                "name": person_name(record.user),
                "module": record.get_module_display(),
                "date": long_date(record.completed_on),
            },
        )
        return redirect(reverse("training:overview") + self.programme_query())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.programme_context(), title=_("E-learning vastleggen"))
        return context


class MineView(PolicyMixin, TemplateView):
    """The user's own training: per role that needs training, each module
    with its date, or still to do."""

    data = Data.OWN_TRAINING
    template_name = "training/mine.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        roles = [role for role in REQUIRED if role in policy.roles(user)]
        records = {r.module: r for r in TrainingRecord.objects.filter(user=user)}
        context.update(
            title=_("Mijn training"),
            show_overview=bool(programmes_for(user, "view")),
            statuses=[
                {
                    "role": Role(role).label,
                    "trained": rules.is_trained(user, role),
                    "modules": [
                        (str(Module(module).label), records.get(module))
                        for module in REQUIRED[role]
                    ],
                }
                for role in roles
            ],
        )
        return context


urlpatterns = [
    path("", OverviewView.as_view(), name="overview"),
    path("mijn/", MineView.as_view(), name="mine"),
    path("bijeenkomsten/", SessionListView.as_view(), name="session_list"),
    path("bijeenkomsten/nieuw/", SessionCreateView.as_view(), name="session_create"),
    path("bijeenkomsten/<int:pk>/", SessionDetailView.as_view(), name="session_detail"),
    path("e-learning/", RecordCreateView.as_view(), name="record_create"),
]
