import datetime
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samsyn.core.amounts import amount_display, amount_needs_confirmation, amount_parse
from samsyn.core.ids import case_number_parse
from samsyn.core.privacy import identity_text_normalise

# A page that shows a form again because of errors answers 400, in every app.
FORM_ERRORS_STATUS = 400


def _format_s(value) -> str:
    """`{{ value|stringformat:'s' }}` in an autoescaped template."""
    text = "%s" % (value,)  # noqa: UP031 (the filter's own formatting)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a True value bare, False left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{_format_s(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input_html(widget: dict) -> str:
    """django/forms/widgets/input.html and the templates that only include it (text.html …):
    the same markup, written in Python."""
    value = widget["value"]
    shown = "" if value is None else f' value="{_format_s(value)}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
        f"{_attrs_html(widget['attrs'])}>"
    )


def _option_html(widget: dict) -> str:
    """django/forms/widgets/input_option.html (and radio_option.html, checkbox_option.html,
    which only include it): one radio button or checkbox of a group, its label wrapped
    around it when asked."""
    tag = _input_html(widget)
    if not widget.get("wrap_label"):
        return tag
    ident = widget["attrs"].get("id")
    target = f' for="{conditional_escape(ident)}"' if ident else ""
    # The included input.html keeps its closing newline inside the label.
    return f"<label{target}>{tag}\n {conditional_escape(widget['label'])}</label>"


def _textarea_html(widget: dict) -> str:
    """django/forms/widgets/textarea.html, written in Python."""
    value = widget["value"]
    return (
        f'<textarea name="{escape(widget["name"])}"{_attrs_html(widget["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>"
    )


# Django's widget templates that are one <input> (each only includes input.html), one radio
# button or checkbox of a group, or a <textarea>: rendered in Python (the case page draws about
# 80 of them in 9 forms; through the template engine each cost two or three templates, about a
# fifth of the page, issue 16). The
# markup is the templates' own, to the byte (core/tests/test_widget_markup.py compares them).
_IN_PYTHON = {
    **{
        f"django/forms/widgets/{name}.html": _input_html
        for name in (
            "input",
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "datetime",
            "time",
            "checkbox",
            "search",
            "tel",
            "color",
        )
    },
    **{
        f"django/forms/widgets/{name}_option.html": _option_html
        for name in ("input", "radio", "checkbox")
    },
    "django/forms/widgets/textarea.html": _textarea_html,
}


def _field_html(field) -> str | None:
    """core/forms/field.html for a field of one input, textarea, select or checkbox: the same
    markup, written in Python (None for a radio or checkbox group: the template draws those).
    A form's fields through the template cost a fifth of the case page (issue 16);
    core/tests/test_widget_markup.py compares the two for every kind of field."""
    kind = field.widget_type.replace("described", "").replace("quick", "").replace("filterable", "")
    if kind in ("radioselect", "checkboxselectmultiple", "checkboxes"):
        return None
    ident = conditional_escape(field.auto_id)
    label = conditional_escape(field.label)
    help_text = field.help_text
    errors = "".join(
        f'<span class="label__message label__message--error" id="{ident}_error">'
        f"{conditional_escape(error)}</span>"
        for error in field.errors
    )
    widget = str(field)
    described = (
        f'<span class="label__description" id="{ident}_helptext">'
        f"{conditional_escape(help_text)}</span>"
        if help_text
        else ""
    )
    if kind == "checkbox":
        return (
            f'<div class="checkbox{" checkbox--error" if field.errors else ""}">\n'
            f"  {widget}\n"
            f'  <label class="checkbox__label" for="{ident}">{label}{described}</label>\n'
            f"  {errors}\n</div>"
        )
    if kind in ("select", "selectmultiple"):
        box, error_box, shown = (
            "select-field",
            "select-field--error" if kind == "select" else "text-field--error",
            f'<div class="select-field__icon-wrapper">{widget}</div>\n  ',
        )
    elif kind == "textarea":
        box, error_box, shown = "textarea-field", "textarea-field--error", f"{widget}\n  "
    else:
        box, error_box, shown = (
            "text-field",
            "text-field--error",
            f'<div class="text-field__input-wrapper">{widget}</div>',
        )
    required = (
        f' <span class="required">({conditional_escape(gettext("required"))})</span>'
        if field.field.required
        else ""
    )
    return (
        f'<div class="{box}{" " + error_box if field.errors else ""}">\n'
        f'  <label class="label" for="{ident}">{label}{required}\n'
        f"    {described}\n"
        f"    {errors}\n"
        f"  </label>\n"
        f"  {shown}\n</div>"
    )


class SamsynFormRenderer(TemplatesSetting):
    """Renders every field with the design system's markup (label, hint, error, input); the
    plainest widgets (an <input>, a <textarea>) in Python, with the templates' markup."""

    field_template_name = "core/forms/field.html"

    def render(self, template_name, context, request=None):
        if template_name == self.field_template_name and request is None and "field" in context:
            written = _field_html(context["field"])
            if written is not None:
                return written
        write = _IN_PYTHON.get(template_name)
        if write is not None and request is None and "widget" in context:
            return write(context["widget"])
        return super().render(template_name, context, request=request)  # stripped, as ours


_INPUT_CLASSES = {
    "select": "select-field__select",
    "quickselect": "select-field__select",
    "selectmultiple": "select-field__select",
    "textarea": "textarea-field__textarea",
    "checkbox": "checkbox__input",
    "radioselect": "radio-button__input",
    "checkboxselectmultiple": "checkbox__input",
    "filterablecheckboxes": "checkbox__input",
    "multiplefile": "file-field__input",
}


class StyledFormMixin:
    """Gives each widget the design system's class and marks invalid fields for assistive tech."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self):
        """The design system's class on each widget (again after fields are added)."""
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


DATE_HELP = _("Write the date as YYYY-MM-DD, e.g. 2027-03-01.")
# 2027-03-01, 2027-3-1, 2027 3 1, 2027.03.01, 2027/03/01, 20270301 (after normalising: every
# digit ASCII, every dash a hyphen).
_DATE = re.compile(r"(\d{4})(?:[-./ ](\d{1,2})[-./ ](\d{1,2})|(\d{2})(\d{2}))")


class DateInput(forms.TextInput):
    """A date typed as ÅÅÅÅ-MM-DD in a text field, the same in every browser: a native date
    field shows the browser's locale (mm/dd/yyyy in a browser without Swedish locale data)."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "numeric", "autocomplete": "off", "size": "10"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        return super().format_value(value)


class DateField(forms.DateField):
    """Every date in Samsyn's forms: shown as ÅÅÅÅ-MM-DD with the format in the hint, read
    leniently (2027-3-1, 20270301, full-width digits, an en dash for the hyphen)."""

    widget = DateInput
    default_error_messages = {
        "invalid": DATE_HELP,
        "no_such_date": _("There is no such date: %(value)s."),
    }

    def __init__(self, *, help_text="", **kwargs):
        help_text = format_lazy("{} {}", help_text, DATE_HELP) if help_text else DATE_HELP
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, datetime.date):
            return super().to_python(value)
        text = identity_text_normalise(str(value)).strip()
        match = _DATE.fullmatch(text)
        if match is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        year, month, day = (int(part) for part in match.groups() if part is not None)
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                self.error_messages["no_such_date"], code="no_such_date", params={"value": text}
            ) from None


class CaseNumbersInput(forms.TextInput):
    """Case numbers in one text field. A post that gives them as a list (`deviations=18&
    deviations=20`, as the earlier multi-select sent them) is read as well."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return ", ".join(str(value) for value in values if value)


# What a list of case numbers may hold: numbers with an optional prefix and dash, separated
# by commas, semicolons or spaces ("AVV-00018, AVV 20; 21").
_CASE_NUMBERS = re.compile(r"(?:[\s,;]*[A-Za-z]*\s*-?\s*[0-9]+)*[\s,;]*")
_ONE_CASE_NUMBER = re.compile(r"[A-Za-z]*\s*-?\s*[0-9]+")


class CaseNumbersField(forms.Field):
    """Cases chosen by their numbers (AVV-00018, AVV-20 or 20), from `queryset` only: a text
    field instead of a list of every case a person may see, which at county scale is
    thousands of options (issue 24 item 4). Cleans to the cases, in the order typed."""

    widget = CaseNumbersInput
    default_error_messages = {
        "invalid": _("Write case numbers such as AVV-00018, separated by commas."),
        "not_found": _("No case that you have access to has the number %(numbers)s."),
    }

    def __init__(self, *, queryset, **kwargs):
        super().__init__(**kwargs)
        self.queryset = queryset

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        items = list(value)
        ids = [item for item in items if isinstance(item, int)]
        found = self.queryset.model._default_manager.in_bulk(ids) if ids else {}
        return ", ".join(
            found[item].reference if item in found else str(getattr(item, "reference", item))
            for item in items
        )

    def to_python(self, value):
        text = identity_text_normalise(value or "")
        if not _CASE_NUMBERS.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        label = self.queryset.model._meta.label_lower
        typed = {}
        for match in _ONE_CASE_NUMBER.finditer(text):
            number = case_number_parse(match.group(0))
            if number is None or number.object_type not in (None, label):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            typed.setdefault(number.pk, match.group(0).strip())
        found = self.queryset.in_bulk(list(typed))
        missing = [shown for pk, shown in typed.items() if pk not in found]
        if missing:
            raise ValidationError(
                self.error_messages["not_found"],
                code="not_found",
                params={"numbers": ", ".join(missing)},
            )
        return [found[pk] for pk in typed]


class FilterableCheckboxes(forms.CheckboxSelectMultiple):
    """Several choices as a list of checkboxes, with a box that filters the list as one types
    (shown by samsyn.js; without script the whole list stays): no Ctrl-click multi-select,
    which many people never find and a screen reader barely announces (issue 24 item 4)."""


def initial_from_data(form: forms.Form, data) -> dict:
    """What was typed (a QueryDict), as initial values for showing the form again without
    validating it: a page refreshed by a button loses nothing and shows no errors yet."""
    initial = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if key in data:
            many = getattr(field.widget, "allow_multiple_selected", False)
            initial[name] = data.getlist(key) if many else data.get(key)
    return initial


class QuickSelect(forms.Select):
    """A select whose options are written in Python, not by one template per option: the same
    markup as Django's Select (its attributes, `selected`), for menus drawn on every view of a
    long list (a county's care providers in the deviation list's filter, issue 16). Django's
    templates cost about a third of that page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = [
            f'<option value="{escape(option["value"])}"'
            f"{' selected' if option['selected'] else ''}>{escape(option['label'])}</option>"
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        ]
        start = format_html("<select{}>", flatatt({"name": name, **widget["attrs"]}))
        return mark_safe(start + "".join(options) + "</select>")  # noqa: S308 (escaped above)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (attachments); the service checks each one's content."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class CaseForm(StyledFormMixin, forms.Form):
    """A form for one move on a case (cases.views.case_action): it knows the case and the
    person, and hands the service its keyword arguments (`service_kwargs()`)."""

    def __init__(self, *args, case=None, actor=None, **kwargs):
        self.case, self.actor = case, actor
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class VersionedForm(CaseForm):
    """A move that changes the case carries the version the person saw (optimistic locking):
    the service gets it as `expected_version`."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        version = data.pop("version")
        return {**data, "expected_version": version}


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
    """Shows the checkbox "The amount is right" only when the typed amount is above the limit
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
                label=_("The amount is right"),
                required=False,
                help_text=_("Tick the box once you have checked the large amount."),
                widget=forms.CheckboxInput(attrs={"class": "checkbox__input"}),
            )
            # Right after the amount it confirms.
            order = [n for n in self.fields if n != "amount_confirmed"]
            order.insert(order.index(self.amount_field) + 1, "amount_confirmed")
            self.order_fields(order)


def posted(request):
    """The data to bind a page's form to: the POST on a POST, even an empty one; None on GET."""
    return request.POST if request.method == "POST" else None


def form_status(*forms) -> int:
    """The status of a page showing these forms: FORM_ERRORS_STATUS if one has errors."""
    if any(form is not None and form.is_bound and form.errors for form in forms):
        return FORM_ERRORS_STATUS
    return 200


def service_errors_to_form(form, error: ValidationError) -> None:
    """Put a service's ValidationError on a validated form: each message on the field it names.

    The error may be keyed by field or be a message (or list) without a field; keys that are
    not fields of the form go above it. A form whose fields are named unlike the service's
    keys maps them in `service_error_fields` ({"outcome_text": "reason"}).
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    renamed = getattr(form, "service_error_fields", {})
    for key, messages in error.message_dict.items():
        name = renamed.get(key, key)
        field = name if name in form.fields else None
        form.add_error(field, messages)
        if field:
            form.fields[field].widget.attrs["aria-invalid"] = "true"
