# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Recording a contact with the family: one short form, usable on a
phone. The rule is ``casework.rules.contacts.record_contact``; only the
responsible linking pin records contacts (they change the contacts and
their notes)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django.views.generic.edit import FormMixin

from buitenshuis.access.mixins import PolicyObjectMixin
from buitenshuis.access.policy import Data
from buitenshuis.audit.models import Action
from buitenshuis.casework.forms_contacts import ContactForm
from buitenshuis.casework.models import Family
from buitenshuis.casework.panels import hub_url
from buitenshuis.casework.rules import contacts
from buitenshuis.casework.views.work import FamilyPageMixin
from buitenshuis.core.formats import long_date

# ?van=mijn: the form was opened from the caseload, and returns there.
FROM_CASELOAD = "mijn"


class ContactCreateView(FamilyPageMixin, PolicyObjectMixin, FormMixin, DetailView):
    """A contact for the family's current enrolment. A family outside the
    user's own is a 404; one whose enrolment takes no contacts (none yet,
    rejected or withdrawn) a 403 with the rule's reason."""

    model = Family
    data = Data.CONTACTS
    action = "change"
    also = (("change", Data.CONTACT_NOTES),)
    log_action = Action.VIEW
    done_action = Action.CREATE
    form_class = ContactForm
    template_name = "casework/contact_form.html"
    context_object_name = "family"

    def enrolment_refusal(self, enrolment):
        return contacts.contact_refusal(self.request.user, enrolment)

    def post(self, request, *args, **kwargs):
        message = self.setup_objects()
        if message:
            return self.refused(message)
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        contact = form.save(request.user)
        if contact is None:  # a rule refused; its message is on the form
            return self.form_invalid(form)
        self._done = True
        messages.success(
            request,
            _("Het contactmoment van %(date)s is vastgelegd.") % {"date": long_date(contact.date)},
        )
        return redirect(self.get_success_url())

    def from_caseload(self):
        return (self.request.POST or self.request.GET).get("van") == FROM_CASELOAD

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "enrolment": self.enrolment}

    def get_success_url(self):
        if self.from_caseload():
            return reverse("casework:caseload")
        return hub_url(self.object.pk, "contacts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Contact vastleggen voor %(reference)s") % {"reference": self.object.reference},
            back_url=self.get_success_url(),
            from_caseload=FROM_CASELOAD if self.from_caseload() else "",
        )
        return context
