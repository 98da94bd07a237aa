"""How every form of the product is rendered: NL Design System classes on
the widgets, labels, descriptions and errors tied to their input, and an
error summary at the top (templates/forms/)."""

from django import forms
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class BoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
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
