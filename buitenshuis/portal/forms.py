# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""How every form of the product is rendered: NL Design System classes on
the widgets, labels, descriptions and errors tied to their input, and an
error summary at the top (templates/forms/)."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The theme draws the checkbox (--custom) as it draws the radio button.
CHECKBOX = (
    "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom"
    " utrecht-form-field__input"
)
# The first class that matches a widget (CheckboxSelectMultiple is a
# RadioSelect, so it comes first). A checkbox or radio button sits in its
# label as the form field's input (templates/forms/field.html and
# choices.html, the NL Design System's markup for an option).
WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxSelectMultiple: CHECKBOX,
    forms.RadioSelect: (
        "utrecht-radio-button utrecht-radio-button--html-input utrecht-form-field__input"
    ),
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: CHECKBOX,
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class BoundField(forms.BoundField):
    @property
    def length_hint(self):
        """ "Maximaal 2.000 tekens." for a free text with a maximum length, so
        that the form states what it enforces (the textarea gets maxlength)."""
        limit = getattr(self.field, "max_length", None)
        if limit and isinstance(self.field.widget, forms.Textarea):
            return _("Maximaal %(limit)s tekens.") % {
                "limit": number_format(limit, force_grouping=True)
            }
        return ""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.length_hint and not self.help_text and self.auto_id:
            described = [f"{self.auto_id}_helptext"]
            if self.errors:
                described.append(f"{self.auto_id}_error")
            attrs.setdefault("aria-describedby", " ".join(described))
        css = next(
            (value for cls, value in WIDGET_CLASSES.items() if isinstance(widget, cls)),
            TEXTBOX,
        )
        if css:
            attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        if self.errors:
            # Django 5.2 itself points aria-describedby at the error text.
            attrs["aria-invalid"] = "true"
        return attrs


class Renderer(TemplatesSetting):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
    bound_field_class = BoundField
