# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The form for a programme's decision letter texts (``LetterTemplate``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buitenshuis.referrals import letter_texts
from buitenshuis.referrals.models import LetterTemplate


class LetterTemplateForm(forms.ModelForm):
    """The programme's texts of the decision letter: plain text with
    ``{placeholders}``; an unknown placeholder is refused, a rejection's
    text must give the reason."""

    class Meta:
        model = LetterTemplate
        fields = [
            "introduction",
            "acceptance_text",
            "rejection_text",
            "remedies_clause",
            "signature_text",
            "signer_name",
            "signer_function",
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "acceptance_text": forms.Textarea(attrs={"rows": 7}),
            "rejection_text": forms.Textarea(attrs={"rows": 7}),
            "remedies_clause": forms.Textarea(attrs={"rows": 14}),
            "signature_text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "introduction": _("Na de aanhef, in elke beschikking."),
            "rejection_text": _("Moet {reden} bevatten: de reden van de afwijzing."),
            "remedies_clause": _(
                "Verplicht volgens de Algemene wet bestuursrecht: binnen zes weken na "
                "verzending bezwaar maken bij het college van burgemeester en wethouders, "
                "schriftelijk en ondertekend, met naam, adres, datum, het besluit en de "
                "redenen; en de mogelijkheid van een voorlopige voorziening."
            ),
            "signer_name": _("Bijvoorbeeld de beleidsmedewerker die namens het college tekent."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit = getattr(field, "max_length", None)
            if limit:
                stated = _("Hoogstens %(count)d tekens.") % {"count": limit}
                field.help_text = f"{field.help_text} {stated}".strip()
                field.error_messages["max_length"] = _(
                    "Deze tekst is te lang: hoogstens %(limit_value)d tekens, nu %(show_value)d."
                )
            field.error_messages["required"] = _(
                "Vul deze tekst in; de beschikking heeft hem nodig."
            )

    def clean(self):
        cleaned = super().clean()
        for name in self.Meta.fields:
            value = cleaned.get(name)
            if not isinstance(value, str):
                continue
            cleaned[name] = value = value.strip()
            unknown = letter_texts.unknown_placeholders(value)
            if unknown:
                self.add_error(
                    name,
                    _("Onbekende invulplek: %(names)s. Gebruik alleen de invulplekken hieronder.")
                    % {"names": ", ".join("{" + n + "}" for n in unknown)},
                )
        rejection = cleaned.get("rejection_text")
        if rejection and "{reden}" not in rejection:
            self.add_error(
                "rejection_text",
                _("Zet {reden} in de tekst bij afwijzing: de ouders hebben recht op de reden."),
            )
        return cleaned
