from decimal import Decimal

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from samsyn.core.amounts import amount_display, amount_needs_confirmation, amount_parse


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
            widget_type = type(field.widget).__name__.lower().replace("widget", "").replace(
                "input", ""
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


class AmountField(forms.Field):
    """An amount in kronor as Swedes write it (`96 600,00`, `96600.00`); every amount input
    uses it. What was typed is shown again as typed; a saved amount as `96 600,00`."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return amount_parse(value)

    def prepare_value(self, value):
        return amount_display(value) if isinstance(value, Decimal) else value


class AmountConfirmationMixin:
    """Shows the checkbox "Beloppet stämmer" only when the typed amount is above the limit
    (AMOUNT_CONFIRM_ABOVE); the service refuses such an amount until it is ticked."""

    amount_field = "amount"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        typed = self.data.get(self.add_prefix(self.amount_field)) if self.is_bound else None
        try:
            large = bool(typed) and amount_needs_confirmation(amount_parse(typed))
        except forms.ValidationError:
            large = False
        if large:
            self.fields["amount_confirmed"] = forms.BooleanField(
                label=_("Beloppet stämmer"), required=False,
                help_text=_("Kryssa i när du har kontrollerat det stora beloppet."),
                widget=forms.CheckboxInput(attrs={"class": "checkbox__input"}),
            )
            # Right after the amount it confirms.
            order = [n for n in self.fields if n != "amount_confirmed"]
            order.insert(order.index(self.amount_field) + 1, "amount_confirmed")
            self.order_fields(order)
