"""The widgets SamsynFormRenderer writes in Python give the markup of Django's templates."""

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from samsyn.core.forms import _IN_PYTHON, QuickSelect, SamsynFormRenderer

WIDGETS = [
    forms.TextInput(),
    forms.TextInput(attrs={"class": "text-field__input", "aria-invalid": "true"}),
    forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
    forms.EmailInput(),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(attrs={"type": "date"}),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.CheckboxInput(),
    forms.Textarea(attrs={"rows": 3, "class": "textarea-field__textarea"}),
]
VALUES = [
    None,
    "",
    "Åtgärd: <b>\"rätt\" & 'fel'</b>",
    mark_safe("<i>redan säker</i>"),  # noqa: S308 (a test of how safe text is written)
    0,
    12.5,
    True,
    False,
    datetime.date(2026, 11, 30),
    "rad ett\nrad två",
]
ATTRS = [None, {"required": True, "disabled": False, "id": "id_x", "data-x": '"<>&'}]


def test_every_template_written_in_python_is_one_of_djangos_widget_templates():
    for name in _IN_PYTHON:
        assert name.startswith("django/forms/widgets/")
        TemplatesSetting().get_template(name)  # exists


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_a_plain_widget_has_the_same_markup_as_djangos_template(widget):
    ours, django = SamsynFormRenderer(), TemplatesSetting()
    assert widget.template_name in _IN_PYTHON
    for value in VALUES:
        for attrs in ATTRS:
            assert widget.render("fält", value, attrs=attrs, renderer=ours) == widget.render(
                "fält", value, attrs=attrs, renderer=django
            ), (value, attrs)


def test_other_widgets_still_go_through_their_templates():
    select = forms.Select(choices=[("a", "A & B")])
    assert select.render("s", "a", renderer=SamsynFormRenderer()) == select.render(
        "s", "a", renderer=TemplatesSetting()
    )


@pytest.mark.parametrize("widget_class", [forms.RadioSelect, forms.CheckboxSelectMultiple])
def test_each_choice_of_a_group_has_the_same_markup_as_djangos_template(widget_class):
    widget = widget_class(
        choices=[("a", "Ja & nej"), ("b", mark_safe("<b>säker</b>")), (3, "Tre")],  # noqa: S308
        attrs={"class": "radio-button__input"},
    )
    ours, django = SamsynFormRenderer(), TemplatesSetting()
    assert widget.option_template_name in _IN_PYTHON
    for value in (None, "a", ["a", 3]):
        for attrs in (None, {"id": "id_val"}):
            for wrap in (False, True):
                mine = [
                    forms.boundfield.BoundWidget(widget, option, ours).tag(wrap_label=wrap)
                    for option in widget.subwidgets("val", value, attrs)
                ]
                theirs = [
                    forms.boundfield.BoundWidget(widget, option, django).tag(wrap_label=wrap)
                    for option in widget.subwidgets("val", value, attrs)
                ]
                assert mine == theirs, (value, attrs, wrap)


class EveryKindOfField(forms.Form):
    name = forms.CharField(label="Namn & <titel>", help_text="Som i HSA-katalogen.")
    optional = forms.CharField(required=False, label="Valfri")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Beskrivning")
    when = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField(label="Antal", required=False)
    one = forms.ChoiceField(choices=[("a", "A"), ("b", "B & C")], label="Välj")
    quick = forms.ChoiceField(choices=[("a", "A")], widget=QuickSelect, label="Snabb")
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], label="Flera")
    agree = forms.BooleanField(label="Jag intygar", help_text="Kryssa i.")
    agree_plain = forms.BooleanField(label="Utan hjälptext", required=False)
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect, label="Radio")
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


@pytest.mark.parametrize(
    "data",
    [None, {}, {"name": "x" * 3, "text": "<b>rad</b>", "when": "inte ett datum", "one": "z"}],
    ids=["unbound", "empty post", "wrong values"],
)
def test_a_field_group_has_the_same_markup_as_the_field_template(data):
    ours = SamsynFormRenderer()
    form = EveryKindOfField(data, renderer=ours)
    for bound in form:
        theirs = TemplatesSetting().render(ours.field_template_name, {"field": bound})
        assert bound.as_field_group() == theirs, bound.name
