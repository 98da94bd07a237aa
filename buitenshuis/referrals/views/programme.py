# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The programme's decision letter texts ("Beschikkingsteksten").

The coordinator and the policy officer (both may change ``Data.PROGRAMME``)
edit the texts of their programme's decision letter; the programmes offered
are those whose settings they may change (``programmes.views``). Every
change is kept by the model's history."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import UpdateView, View

from buitenshuis.access.mixins import PolicyMixin
from buitenshuis.access.policy import Data
from buitenshuis.programmes.views import changeable_settings
from buitenshuis.referrals import letter, letter_texts
from buitenshuis.referrals.forms_programme import LetterTemplateForm
from buitenshuis.referrals.models import LetterTemplate


def changeable_letter_templates(user):
    """The ``LetterTemplate`` of every programme whose settings ``user``
    may change (created with our defaults when missing)."""
    programmes = [s.programme for s in changeable_settings(user)]
    return [LetterTemplate.for_programme(programme) for programme in programmes]


class LetterTemplateMixin(PolicyMixin):
    """The coordinator's or policy officer's programme, picked as on the
    settings page (``?programme=<id>``; any other id is a 404)."""

    data = Data.PROGRAMME
    action = "change"

    def get_object(self, queryset=None):
        self.choices = changeable_letter_templates(self.request.user)
        wanted = self.request.GET.get("programme")
        if wanted is None:
            if not self.choices:
                raise Http404
            return self.choices[0]
        for texts in self.choices:
            if str(texts.programme_id) == wanted:
                return texts
        raise Http404


class LetterTemplateView(LetterTemplateMixin, UpdateView):
    """Edit the letter's texts, with a preview for an invented family as
    HTML on the page (also of texts not yet saved: the button "Voorbeeld
    bekijken") and as PDF/A (``LetterPreviewPdfView``, of the saved texts).
    The page shows no personal data, so nothing is written to the access
    log; every change is kept by the model's history."""

    form_class = LetterTemplateForm
    template_name = "referrals/letter_texts.html"

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if "preview" in request.POST:
            if form.is_valid():
                # Show the unsaved texts; nothing is stored.
                return self.render_to_response(
                    self.get_context_data(form=form, texts=form.instance, previewing=True)
                )
            return self.form_invalid(form)
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        texts = kwargs.pop("texts", None)
        context = super().get_context_data(**kwargs)
        programme = self.object.programme
        if texts is None:
            # The preview always shows what is stored, never invalid input.
            texts = LetterTemplate.objects.get(pk=self.object.pk)
        municipalities = list(programme.municipalities.order_by("name"))

        def sample(accepted):
            return letter.sample_context(programme, texts, accepted=accepted)

        context.update(
            title=_("Beschikkingsteksten"),
            programme=programme,
            choices=self.choices,
            placeholders=letter_texts.PLACEHOLDERS.items(),
            previews=[
                (_("Voorbeeld van een toekenning"), letter.render_body(sample(True)), "toekenning"),
                (_("Voorbeeld van een afwijzing"), letter.render_body(sample(False)), "afwijzing"),
            ],
            missing_letterhead=[m for m in municipalities if not m.postal_address_lines],
            missing_signer=not (texts.signer_name and texts.signer_function),
            history=self.object.history.select_related("history_user")[:5],
        )
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("De beschikkingsteksten voor %(programme)s zijn opgeslagen.")
            % {"programme": self.object.programme},
        )
        return response

    def get_success_url(self):
        return f"{reverse('referrals:letter_texts')}?programme={self.object.programme_id}"


class LetterPreviewPdfView(LetterTemplateMixin, View):
    """The saved texts as a PDF/A letter for an invented family
    (``?uitkomst=afwijzing`` for a rejection)."""

    def get(self, request, *args, **kwargs):
        texts = self.get_object()
        accepted = request.GET.get("uitkomst") != "afwijzing"
        pdf = letter.render_pdf(letter.sample_context(texts.programme, texts, accepted=accepted))
        response = HttpResponse(pdf, content_type="application/pdf")
        kind = "toekenning" if accepted else "afwijzing"
        response["Content-Disposition"] = f'inline; filename="voorbeeld-beschikking-{kind}.pdf"'
        return response
