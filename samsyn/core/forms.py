from django.forms.renderers import TemplatesSetting


class SamsynFormRenderer(TemplatesSetting):
    """Renders every field with the design system's markup (label, hint, error, input)."""

    field_template_name = "core/forms/field.html"


_INPUT_CLASSES = {
    "select": "select-field__select",
    "selectmultiple": "select-field__select",
    "textarea": "textarea-field__textarea",
    "checkbox": "checkbox__input",
    "radioselect": "radio-button__input",
    "checkboxselectmultiple": "checkbox__input",
}


class StyledFormMixin:
    """Gives each widget the design system's class and marks invalid fields for assistive tech."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget_type = (
                type(field.widget).__name__.lower().replace("widget", "").replace("input", "")
            )
            css = _INPUT_CLASSES.get(widget_type, "text-field__input")
            field.widget.attrs.setdefault("class", css)

    def full_clean(self):
        # Validate only when asked, never inside __init__: a subclass that narrows choices or
        # querysets after super().__init__() must be validated against the narrowed ones.
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
