# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""What the pages of the work with the family share: a page about one
family (``gezinnen/<pk>/...``) with its current enrolment, whose forms only
the user who may change that kind of data of the family gets, and whose
refusals are logged 403s with the rule's reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from buitenshuis.access import policy
from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.audit.models import Action
from buitenshuis.casework import panels
from buitenshuis.casework.models import Family, current_enrolment
from buitenshuis.core.forms import apply_rule


class FamilyPageMixin:
    """What every page about one family's current enrolment shares (put it
    before ``PolicyObjectMixin``): the family and its enrolment
    (``setup_objects``), a refusal as a logged 403 with the rule's reason
    (``refused``), and the access log's action: ``log_action`` to show the
    page, ``done_action`` once the form was stored. A page with a rule of
    its own overrides ``enrolment_refusal(enrolment)``."""

    model = Family
    context_object_name = "family"
    log_action = Action.VIEW
    done_action = Action.CHANGE

    def get_log_action(self):
        return self.done_action if getattr(self, "_done", False) else self.log_action

    def enrolment_refusal(self, enrolment):
        """Why nothing can be done on this page for ``enrolment`` (a Dutch
        message), or None."""
        return None

    def setup_objects(self):
        """The family and its current enrolment; a refusal or None."""
        self.object = self.get_object()
        self.enrolment = current_enrolment(self.object)
        if self.enrolment is None:
            return _("Dit gezin heeft nog geen traject.")
        return self.enrolment_refusal(self.enrolment)

    def get(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return self.refused(message)
        return self.render_to_response(self.get_context_data())

    def refused(self, message):
        self.record_denied([self.object], reason=message)
        return render(
            self.request,
            "error.html",
            {"title": _("Dit kan niet"), "message": message, "status": 403},
            status=403,
        )


class FamilyWorkView(FamilyPageMixin, PolicyObjectMixin, DetailView):
    """A page about one family. Subclasses set ``data``/``action`` (the
    gate), ``template_name`` and, for a form, ``forms`` ({name: builder})
    and ``save(name, form)`` (calling the rule; returns a success message
    or None). ``refusal()`` says why nothing can be written now."""

    anchor = ""

    def load(self):
        """The family, its enrolment, and what the page is about."""
        self.object = self.get_object()
        self.enrolment = current_enrolment(self.object)

    def refusal(self):
        return None

    def may_change(self):
        """Whether the user may change this kind of data of the family."""
        return policy.can(self.request.user, "change", self.data, self.object)

    def may_write(self):
        """``may_change``, and the rules allow a change now."""
        return self.may_change() and self.refusal() is None

    def build_forms(self, data=None):
        return {}

    def get(self, request, *args, **kwargs):
        self.load()
        # A page that only writes says at once why it cannot.
        refusal = self.refusal() if self.action == "change" else None
        if refusal:
            return self.refused(refusal)
        return self.render_to_response(self.get_context_data(forms=self.build_forms()))

    def post(self, request, *args, **kwargs):
        self.load()
        if not self.may_change():
            self.record_denied([self.object])
            raise PermissionDenied
        refusal = self.refusal()
        if refusal:
            return self.refused(refusal)
        forms = self.build_forms(request.POST)
        name = request.POST.get("form", "") if len(forms) > 1 else next(iter(forms), "")
        form = forms.get(name)
        if form is None:
            raise Http404
        if form.is_valid():
            message = apply_rule(form, self.save, name, form)
            if not form.errors:
                self._done = True
                if message:
                    messages.success(request, message)
                return redirect(self.get_success_url())
        return self.render_to_response(self.get_context_data(forms=forms))

    def save(self, name, form):
        raise NotImplementedError

    def hub_url(self):
        if self.anchor:
            return panels.hub_url(self.object.pk, self.anchor)
        return panels.section_url(self.object.pk)

    def get_success_url(self):
        return self.hub_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            enrolment=self.enrolment,
            hub_url=self.hub_url(),
            may_write=self.may_write(),
            may_change=self.may_change(),
        )
        return context
