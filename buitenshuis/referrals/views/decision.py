"""The intake and decision part of the referral route (issue 3): the list
and page of a referral, assigning a linking pin, intake, consent, deciding,
the coordinator's capacity override, the decision letter (PDF) and the
municipality's tasks for decisions under a linking pin's mandate.

Access goes through the policy (``PolicyMixin``/``PolicyObjectMixin``);
the rules (consent by age, who decides, capacity) through
``referrals.rules``. A rule that stops a user on a page they may otherwise
see answers 403 with the rule's Dutch reason, and is logged as denied."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, ListView
from django.views.generic.edit import FormMixin

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyMixin, PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.models import Family, Person
from buitenshuis.core.errors import RuleError
from buitenshuis.core.formats import long_date
from buitenshuis.organisations.models import Role
from buitenshuis.referrals import letter, rules, workqueue
from buitenshuis.referrals.forms_decision import (
    AssignForm,
    ConfirmAddressForm,
    ConsentForm,
    DecideForm,
    IntakeForm,
    MandateTaskForm,
    OverrideCapacityForm,
)
from buitenshuis.referrals.models import (
    Decision,
    MunicipalityTask,
    PostcodeCheck,
    Referral,
    ReferralSettings,
)
from buitenshuis.referrals.views.duplicates import referral_checks

POSTCODE_WARNINGS = [PostcodeCheck.MISMATCH, PostcodeCheck.NOT_FOUND]


def place_refusal(enrolment):
    from buitenshuis.activities.rules import placing_refusal

    return placing_refusal(enrolment)


REFERRAL_RELATED = ("family", "programme", "enrolment__linking_pin", "referrer_organisation")


def family_scoped_referrals(user, action, data, referrals=None):
    """Referrals whose family the user may do ``action`` on ``data`` for.
    The family's registration carries the referrer's 'until decided'."""
    referrals = Referral.objects.all() if referrals is None else referrals
    families = policy.scope(user, action, data, Family.objects.all())
    return referrals.filter(family__in=families.values("pk"))


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
    """A difference between two days, in days ("0 dagen" for the same day)."""
    if delta is None:
        return ""
    return ngettext("%(count)d dag", "%(count)d dagen", delta.days) % {"count": delta.days}


def provisional_enrolment_ids(referrals):
    """Of these referrals, the enrolment ids with a running provisional
    placement (start before the decision)."""
    from buitenshuis.activities.models import Placement

    return set(
        Placement.objects.provisional()
        .filter(enrolment__referral__in=referrals)
        .values_list("enrolment_id", flat=True)
    )


def days_waiting(referral, now=None):
    """Whole days from receipt to the decision (or until now, when open)."""
    end = referral.decided_at or referral.closed_at or now or timezone.now()
    return max((end - referral.received_at).days, 0)


def is_programme_coordinator(user, referral):
    return policy.holds_role(user, Role.COORDINATOR, referral.programme_id)


def refused(request, view, message, subjects=()):
    """A 403 page with the rule's Dutch reason; logged as denied, with the
    action that was tried (a refused POST is the change, not "view")."""
    view.record_denied(list(subjects), reason=message)
    return render(
        request,
        "error.html",
        {"title": _("Dit kan niet"), "message": message, "status": 403},
        status=403,
    )


# List and page -------------------------------------------------------------


class CaseWorkMixin:
    """The referral list and page are the worklist of those who handle the
    case: who may see the intake (the linking pin their own, the coordinator
    and the policy officer their programme). A referrer follows the status
    of what they entered in their own list (``referrals:mine``), so a user
    who is only a referrer is refused (403, logged)."""

    case_data = Data.INTAKE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy.can(request.user, "view", self.case_data):
            self.record_denied()
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def case_scoped(self, referrals):
        return policy.scope(self.request.user, "view", self.case_data, referrals)


class ReferralListView(CaseWorkMixin, PolicyMixin, ListView):
    """Referrals with their status: a linking pin their own, the
    coordinator and the policy officer those of their programme."""

    data = Data.REFERRAL_STATUS
    log_action = Action.LIST
    paginate_by = 25
    template_name = "referrals/list.html"

    def get_queryset(self):
        # The user's rows are found first, without the joins the page needs;
        # then one page of rows is loaded by id (paginate_queryset). In one query, PostgreSQL
        # keeps the written join order (join_collapse_limit) and started
        # from every open referral in the country (bench/README.md).
        referrals = self.case_scoped(self.scoped(Referral.objects.all()))
        self.query = self.request.GET.get("q", "").strip()
        self.status = self.request.GET.get("status", "")
        if self.status not in Referral.Status.values:
            self.status = ""
        if self.query:
            referrals = referrals.filter(family__reference__icontains=self.query)
        if self.status:
            referrals = referrals.filter(status=self.status)
        # ?controle=postcode: the referrals whose postcode check failed (the
        # coordinator's work queue links here).
        self.check = self.request.GET.get("controle", "")
        if self.check == "postcode":
            referrals = referrals.filter(postcode_check__in=POSTCODE_WARNINGS)
        else:
            self.check = ""
        # ?wacht=...: what waits for this user (the start page's work queue
        # links here and counts the same rows).
        self.waiting = self.request.GET.get("wacht", "")
        if self.waiting not in workqueue.WAITING:
            self.waiting = ""
        referrals = workqueue.waiting(self.request.user, self.waiting, referrals)
        # The ids in the list's order; paginate_queryset loads one page.
        return list(referrals.order_by("-received_at", "-pk").values_list("pk", flat=True))

    def paginate_queryset(self, queryset, page_size):
        paginator, page, ids, is_paginated = super().paginate_queryset(queryset, page_size)
        rows = Referral.objects.filter(pk__in=list(ids)).select_related(*REFERRAL_RELATED)
        page.object_list = list(rows.order_by("-received_at", "-pk"))
        self._page = page.object_list
        return paginator, page, page.object_list, is_paginated

    def get_log_subjects(self):
        return getattr(self, "_page", [])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = list(context["object_list"])
        openable = set(
            family_scoped_referrals(
                user,
                "view",
                Data.FAMILY_IDENTITY,
                Referral.objects.filter(pk__in=[r.pk for r in page]),
            ).values_list("pk", flat=True)
        )
        now = timezone.now()
        provisional = provisional_enrolment_ids([r.pk for r in page])
        context["rows"] = [
            {
                "referral": r,
                "openable": r.pk in openable,
                "days_waiting": days_waiting(r, now),
                "provisional": r.enrolment_id in provisional,
            }
            for r in page
        ]
        context["title"] = _("Aanmeldingen")
        context["query"] = self.query
        context["status"] = self.status
        context["statuses"] = Referral.Status.choices
        context["check"] = self.check
        context["waiting"] = self.waiting
        context["waiting_choices"] = [
            (key, label) for key, (label, _filter) in workqueue.WAITING.items()
        ]
        return context


class ReferralDetailView(CaseWorkMixin, PolicyObjectMixin, DetailView):
    """One referral: what the user may see of the family, the intake, the
    consent, the decision and the timing, and the actions they may take."""

    model = Referral
    data = Data.FAMILY_IDENTITY
    log_action = Action.VIEW
    template_name = "referrals/detail.html"
    context_object_name = "referral"

    def get_queryset(self):
        return self.case_scoped(
            family_scoped_referrals(
                self.request.user,
                "view",
                Data.FAMILY_IDENTITY,
                Referral.objects.select_related(*REFERRAL_RELATED, "referred_by"),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        referral = self.object
        family = referral.family
        members = list(family.members.all())
        can_intake = policy.can(user, "view", Data.INTAKE, referral)
        can_decision = policy.can(user, "view", Data.DECISION, referral)
        context.update(
            title=_("Aanmelding %(reference)s") % {"reference": family.reference},
            family=family,
            parents=[m for m in members if m.kind == Person.Kind.PARENT],
            children=[m for m in members if m.kind == Person.Kind.CHILD],
            show_problems=policy.can(user, "view", Data.PROBLEMS, family),
            show_categories=policy.can(user, "view", Data.PROBLEMS, family)
            or policy.can(user, "view", Data.PROBLEM_CATEGORY, family),
            show_intake=can_intake,
            show_decision=can_decision,
            today=timezone.localdate(),
        )
        if can_intake:
            context["intake"] = getattr(referral, "intake", None)
            context["show_conversation"] = policy.can(user, "view", Data.CONTACT_NOTES, family)
            context["consents"] = referral.consents.select_related("child", "given_by").order_by(
                "child__date_of_birth", "given_by__first_name"
            )
            context["missing_consents"] = rules.missing_consents(referral)
        if can_decision:
            decision = getattr(referral, "decision", None)
            context["decision"] = decision
            context["task"] = getattr(decision, "task", None) if decision else None
            lead = rules.durations(referral)
            context["to_decision"] = format_duration(lead["to_decision"])
            context["to_intake"] = format_days(lead["to_intake"])
            context["intake_to_start"] = format_days(lead["intake_to_start"])
            context["waiting"] = days_waiting(referral)
        context.update(self.placements(referral))
        context.update(referral_checks(user, referral))  # duplicates, postcode (issue 7)
        context["actions"] = self.actions(referral)
        return context

    def placements(self, referral):
        """The children's placements the user may see (issue 4)."""
        from buitenshuis.activities.models import Placement

        user = self.request.user
        enrolment = referral.enrolment
        if not policy.can(user, "view", Data.PLACEMENT, enrolment):
            return {"show_placements": False}
        placements = policy.scope(
            user, "view", Data.PLACEMENT, Placement.objects.filter(enrolment=enrolment)
        ).select_related("child", "location__organisation", "readiness_override_by")
        return {"show_placements": True, "placements": placements}

    def actions(self, referral):
        user = self.request.user
        open_ = referral.is_open
        actions = []
        if open_ and policy.can(user, "change", Data.ASSIGNMENT, referral):
            actions.append(
                (reverse("referrals:assign", args=[referral.pk]), _("Linking pin toewijzen"))
            )
        if open_ and policy.can(user, "change", Data.INTAKE, referral):
            actions.append(
                (reverse("referrals:intake", args=[referral.pk]), _("Intake vastleggen"))
            )
            actions.append(
                (reverse("referrals:consent", args=[referral.pk]), _("Toestemming vastleggen"))
            )
        if rules.decide_refusal(user, referral) is None:
            actions.append((reverse("referrals:decide", args=[referral.pk]), _("Besluiten")))
        if (
            open_
            and is_programme_coordinator(user, referral)
            and not rules.has_capacity(referral.programme, referral.enrolment)
        ):
            actions.append(
                (reverse("referrals:override", args=[referral.pk]), _("Capaciteit overschrijden"))
            )
        decision = getattr(referral, "decision", None)
        if decision is not None and policy.can(user, "view", Data.DECISION, referral):
            actions.append(
                (reverse("referrals:letter", args=[referral.pk]), _("Beschikking (PDF)"))
            )
        if referral.status == Referral.Status.ACCEPTED and policy.can(
            user, "change", Data.PLACEMENT, referral
        ):
            actions.append(
                (
                    reverse("referrals:activity_start", args=[referral.pk]),
                    _("Eerste dag activiteit vastleggen"),
                )
            )
        enrolment = referral.enrolment
        if (
            referral.status in (Referral.Status.ACCEPTED, *Referral.OPEN)
            and policy.can(user, "change", Data.PLACEMENT, enrolment)
            and place_refusal(enrolment) is None
        ):
            # After intake and consent, before the decision: provisionally.
            label = (
                _("Kind plaatsen: %(name)s")
                if enrolment.status == enrolment.Status.ACTIVE
                else _("Kind voorlopig plaatsen: %(name)s")
            )
            for child in referral.family.members.filter(kind=Person.Kind.CHILD):
                actions.append(
                    (
                        reverse("activities:placement_suggest", args=[enrolment.pk, child.pk]),
                        label % {"name": child.first_name},
                    )
                )
        return actions


# Working on a referral -----------------------------------------------------


class ReferralFormView(PolicyObjectMixin, FormMixin, DetailView):
    """A form about one referral. ``refusal()`` names a rule that stops the
    user (403 with the reason); ``done()`` stores the valid form and
    returns the message shown on the referral's page."""

    model = Referral
    log_action = Action.VIEW
    done_action = Action.CHANGE
    context_object_name = "referral"

    def get_queryset(self):
        return self.scoped(Referral.objects.select_related(*REFERRAL_RELATED))

    def refusal(self):
        return None

    def get_log_action(self):
        return self.done_action if getattr(self, "_done", False) else self.log_action

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        message = self.refusal()
        if message:
            return refused(request, self, message, [self.object])
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        message = self.refusal()
        if message:
            return refused(request, self, message, [self.object])
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            message = self.done(form)
        except RuleError as error:
            form.add_error(None, str(error))
            messages.error(request, str(error))
            return self.form_invalid(form)
        self._done = True
        messages.success(request, message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("referrals:detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["family"] = self.object.family
        context["back_url"] = self.get_success_url()
        return context


def closed_message(referral):
    if not referral.is_open:
        return _(
            "Over deze aanmelding is al besloten of ze is ingetrokken; "
            "dit kan niet meer worden gewijzigd."
        )
    return None


class AssignView(ReferralFormView):
    """The coordinator picks the linking pin who takes the intake."""

    data = Data.ASSIGNMENT
    action = "change"
    form_class = AssignForm
    template_name = "referrals/assign.html"

    def refusal(self):
        return closed_message(self.object)

    def get_form_kwargs(self):
        # Only the programme's coordinator overrides the training rule.
        return {
            **super().get_form_kwargs(),
            "referral": self.object,
            "may_override": is_programme_coordinator(self.request.user, self.object),
        }

    def done(self, form):
        enrolment = form.save(granted_by=self.request.user)
        pin = enrolment.linking_pin
        name = pin.get_full_name() or pin.get_username()
        if form.override is not None:
            # The access log refers to the exception; its reason stays in
            # the case (ACCESS.md). The mixin writes the one entry.
            self.log_reason = _(
                "Uitzondering op de trainingsregel (uitzondering #%(id)s); de reden staat "
                "bij de uitzondering."
            ) % {"id": form.override.pk}
            return _(
                "%(name)s is nu de linking pin van %(reference)s, als uitzondering op de "
                "trainingsregel. De reden is vastgelegd."
            ) % {"name": name, "reference": self.object.family.reference}
        return _("%(name)s is nu de linking pin van %(reference)s.") % {
            "name": name,
            "reference": self.object.family.reference,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Linking pin toewijzen aan %(reference)s") % {
            "reference": self.object.family.reference
        }
        return context


class IntakeView(ReferralFormView):
    """The responsible linking pin records the intake."""

    data = Data.INTAKE
    action = "change"
    form_class = IntakeForm
    template_name = "referrals/intake.html"

    def refusal(self):
        return closed_message(self.object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "referral": self.object, "user": self.request.user}

    def done(self, form):
        if form.save():
            referral = self.object
            transaction.on_commit(lambda: rules.notify_referrer(referral))
        return _("De intake is vastgelegd.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Intake %(reference)s") % {"reference": self.object.family.reference}
        return context


class ConsentView(ReferralFormView):
    """The responsible linking pin records consent per child, following the
    age rules (``rules.required_consenters``)."""

    data = Data.INTAKE
    action = "change"
    form_class = ConsentForm
    template_name = "referrals/consent.html"

    def refusal(self):
        return closed_message(self.object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "referral": self.object, "user": self.request.user}

    def done(self, form):
        form.save()
        missing = rules.missing_consents(self.object)
        if missing:
            return _("De toestemming is vastgelegd. Nog nodig: %(missing)s") % {
                "missing": " ".join(missing)
            }
        return _("De toestemming is vastgelegd. Alle vereiste toestemming is gegeven.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.object
        form = context["form"]
        given = {}
        for consent in referral.consents.select_related("given_by"):
            given.setdefault(consent.child_id, set()).add(consent.given_by_id)
        rows = []
        for child, given_by, given_on in form.child_fields():
            required = rules.required_consenters(child, form.parents, form.day)
            rows.append(
                {
                    "child": child,
                    "age": child.age_on(form.day),
                    "required": required,
                    "missing": [p for p in required if p.pk not in given.get(child.pk, set())],
                    "given_by": given_by,
                    "given_on": given_on,
                }
            )
        context["rows"] = rows
        context["missing_consents"] = rules.missing_consents(referral)
        context["title"] = _("Toestemming %(reference)s") % {"reference": referral.family.reference}
        return context


class DecideView(ReferralFormView):
    """The deciding role of the programme accepts or rejects. Who may
    decide is the rule's question (``rules.decide_refusal``); the gate is
    seeing the decision data of the referral."""

    data = Data.DECISION
    action = "view"
    done_action = Action.DECIDE
    form_class = DecideForm
    template_name = "referrals/decide.html"

    def refusal(self):
        return rules.decide_refusal(self.request.user, self.object)

    def get_initial(self):
        # After a provisional start the two years count from its first day.
        return {**super().get_initial(), "start_date": rules.default_start_date(self.object)}

    def provisional_placements(self, referral):
        """The family's running provisional placements the user may see:
        the decision ends them (rejection) or makes them regular."""
        from buitenshuis.activities.models import Placement

        return (
            policy.scope(
                self.request.user,
                "view",
                Data.PLACEMENT,
                Placement.objects.provisional().filter(enrolment=referral.enrolment),
            )
            .select_related("child", "location")
            .order_by("start_date", "pk")
        )

    def done(self, form):
        data = form.cleaned_data
        decision = rules.decide(
            self.request.user,
            self.object,
            data["outcome"],
            reason=data.get("reason") or "",
            start_date=data.get("start_date"),
            parental_contribution=data.get("parental_contribution"),
        )
        if decision.outcome == Decision.Outcome.REJECTED:
            ended = decision.referral.enrolment.placements.filter(ended_at__isnull=False)
            if ended.exists():
                return _(
                    "De aanmelding is afgewezen. De voorlopige plaatsing is beëindigd op de dag "
                    "van het besluit; de opvanglocatie ziet het kind niet meer."
                )
            return _("De aanmelding is afgewezen.")
        message = _("De aanmelding is toegekend: het traject loopt van %(start)s tot %(end)s.") % {
            "start": long_date(decision.start_date),
            "end": long_date(decision.end_date),
        }
        if decision.under_mandate:
            message += " " + _(
                "Het besluit is genomen onder mandaat; de gemeente krijgt een taak om er "
                "kennis van te nemen. De start wacht daar niet op."
            )
        return message

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        referral = self.object
        settings = ReferralSettings.for_programme(referral.programme)
        used, limit, unit = rules.capacity(referral.programme)
        context.update(
            title=_("Besluit over %(reference)s") % {"reference": referral.family.reference},
            children=referral.family.members.filter(kind=Person.Kind.CHILD),
            missing_consents=rules.missing_consents(referral),
            has_intake=hasattr(referral, "intake"),
            has_capacity=rules.has_capacity(referral.programme, referral.enrolment),
            provisional_placements=self.provisional_placements(referral),
            capacity_used=used,
            capacity_limit=limit,
            capacity_unit=unit,
            enrolment_months=settings.enrolment_months,
            under_mandate=rules.decider_role(referral) == Role.LINKING_PIN,
            own_referral=referral.referred_by_id == self.request.user.pk,
        )
        return context


class OverrideCapacityView(ReferralFormView):
    """The coordinator allows a decision over capacity, with a reason; the
    reason is kept on the referral, and the access log refers to it."""

    data = Data.DECISION
    action = "view"
    form_class = OverrideCapacityForm
    template_name = "referrals/override.html"

    def refusal(self):
        if not is_programme_coordinator(self.request.user, self.object):
            return _("Alleen de coördinator van het programma kan de capaciteit overschrijden.")
        return closed_message(self.object)

    def done(self, form):
        reason = form.cleaned_data["reason"]
        rules.override_capacity(self.request.user, self.object, reason)
        # The access log refers to the reason; the text stays in the case.
        self.log_reason = _(
            "Capaciteit overschreden voor aanmelding #%(id)s; de reden staat bij de aanmelding."
        ) % {"id": self.object.pk}
        return _(
            "De capaciteit mag voor %(reference)s worden overschreden. De reden is vastgelegd."
        ) % {"reference": self.object.family.reference}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        used, limit, unit = rules.capacity(self.object.programme)
        context.update(
            title=_("Capaciteit overschrijden voor %(reference)s")
            % {"reference": self.object.family.reference},
            capacity_used=used,
            capacity_limit=limit,
            capacity_unit=unit,
        )
        return context


class ConfirmAddressView(ReferralFormView):
    """The coordinator closes a postcode warning after checking the address
    with the referrer or the family (``rules.confirm_address``)."""

    data = Data.ASSIGNMENT
    action = "view"
    form_class = ConfirmAddressForm
    template_name = "referrals/confirm_address.html"

    def refusal(self):
        if not is_programme_coordinator(self.request.user, self.object):
            return _("Alleen de coördinator van het programma kan het adres bevestigen.")
        return closed_message(self.object)

    def done(self, form):
        rules.confirm_address(self.request.user, self.object)
        return _("Het adres van %(reference)s is bevestigd; de waarschuwing is gesloten.") % {
            "reference": self.object.family.reference
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Adres bevestigen voor %(reference)s") % {
            "reference": self.object.family.reference
        }
        return context


class DecisionLetterView(PolicyObjectMixin, DetailView):
    """The decision letter (beschikking) of a decision, accepted or
    rejected, as a PDF/A; printing it is logged."""

    model = Referral
    data = Data.DECISION
    log_action = Action.PRINT

    def get_queryset(self):
        return self.scoped(
            Referral.objects.select_related("decision", "family__municipality", "programme")
        ).filter(decision__isnull=False)

    def get(self, request, *args, **kwargs):
        referral = self.get_object()
        decision = referral.decision
        pdf = letter.render_pdf(letter.letter_context(decision))
        response = HttpResponse(pdf, content_type="application/pdf")
        name = decision.letter_reference or referral.family.reference
        response["Content-Disposition"] = f'inline; filename="beschikking-{name}.pdf"'
        response["Cache-Control"] = "no-store"
        return response


# The municipality's tasks for mandate decisions ---------------------------


class MandateTaskListView(PolicyMixin, ListView):
    """Decisions under a linking pin's mandate that the policy officer of
    the programme takes note of (or objects to)."""

    data = Data.MANDATE_REVIEW
    log_action = Action.LIST
    paginate_by = 25
    template_name = "referrals/tasks.html"

    def get_queryset(self):
        tasks = self.scoped(
            MunicipalityTask.objects.select_related(
                "decision__referral__family", "decision__decided_by", "noted_by"
            )
        )
        self.show = self.request.GET.get("toon", "open")
        if self.show == "open":
            tasks = tasks.filter(noted_at__isnull=True)
        elif self.show == "afgehandeld":
            tasks = tasks.filter(noted_at__isnull=False)
        else:
            self.show = "alle"
        return tasks.order_by("-created", "-pk")

    def paginate_queryset(self, queryset, page_size):
        result = super().paginate_queryset(queryset, page_size)
        self._page = [task.decision.referral for task in result[2]]
        return result

    def get_log_subjects(self):
        return getattr(self, "_page", [])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Besluiten onder mandaat")
        context["show"] = self.show
        # The families of this page whose case hub the user may open.
        tasks = list(context["object_list"])
        context["openable_families"] = set(
            policy.scope(
                self.request.user,
                "view",
                Data.FAMILY_IDENTITY,
                Family.objects.filter(pk__in=[t.decision.referral.family_id for t in tasks]),
            ).values_list("pk", flat=True)
        )
        context["filters"] = [
            ("open", _("Te behandelen")),
            ("afgehandeld", _("Afgehandeld")),
            ("alle", _("Alle")),
        ]
        return context


class MandateTaskView(PolicyObjectMixin, FormMixin, DetailView):
    """One mandate decision: take note, or object with a reason. The
    enrolment has started already and keeps running."""

    model = MunicipalityTask
    data = Data.MANDATE_REVIEW
    action = "change"
    log_action = Action.VIEW
    form_class = MandateTaskForm
    template_name = "referrals/task.html"
    context_object_name = "task"

    def log_subjects_for(self, obj):
        # The access log speaks of families: log the task's referral.
        return [obj.decision.referral]

    def get_queryset(self):
        return self.scoped(
            MunicipalityTask.objects.select_related(
                "decision__referral__family__municipality",
                "decision__referral__programme",
                "decision__decided_by",
                "noted_by",
            )
        )

    def get_log_action(self):
        return Action.CHANGE if getattr(self, "_done", False) else Action.VIEW

    def post(self, request, *args, **kwargs):
        self.object = task = self.get_object()
        if task.noted_at:
            messages.error(request, _("Van dit besluit is al kennisgenomen."))
            return redirect("referrals:task", pk=task.pk)
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        objecting = form.cleaned_data["choice"] == MandateTaskForm.OBJECT
        task.noted_by = request.user
        task.noted_at = timezone.now()
        task.objection = form.cleaned_data["objection"] if objecting else ""
        task.save(update_fields=["noted_by", "noted_at", "objection"])
        self._done = True
        if objecting:
            messages.success(
                request,
                _(
                    "Het bezwaar is vastgelegd. De linking pin en de coördinator zien het bij "
                    "de aanmelding; het traject loopt door."
                ),
            )
        else:
            messages.success(request, _("U heeft kennisgenomen van het besluit."))
        return redirect("referrals:tasks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decision = self.object.decision
        referral = decision.referral
        context.update(
            title=_("Besluit onder mandaat: %(reference)s")
            % {"reference": referral.family.reference},
            decision=decision,
            referral=referral,
            children=referral.family.members.filter(kind=Person.Kind.CHILD),
            can_open_referral=policy.can(
                self.request.user, "view", Data.FAMILY_IDENTITY, referral.family
            ),
        )
        return context
