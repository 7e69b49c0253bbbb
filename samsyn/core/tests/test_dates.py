"""Dates in Swedish in every form (issue 24 item 5): ÅÅÅÅ-MM-DD shown and asked for in the hint,
typed dates read leniently, the same text field in every browser."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from samsyn.core.forms import DateField, StyledFormMixin

MARCH_1 = datetime.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.mark.parametrize(
    "typed",
    [
        "2027-03-01",
        "2027-3-1",
        "20270301",
        " 2027-03-01 ",
        "2027 03 01",
        "2027/3/1",
        "2027.03.01",
        "2027\u201303\u201301",  # en dashes, as a word processor writes them
        "\uff12\uff10\uff12\uff17-\uff10\uff13-\uff10\uff11",  # full-width digits
        "\u0662\u0660\u0662\u0667-\u0660\u0663-\u0660\u0661",  # Arabic-Indic digits
    ],
)
def test_a_typed_date_is_read_leniently(typed):
    assert DateField().clean(typed) == MARCH_1


@pytest.mark.parametrize("typed", ["01-03-2027", "03/01/2027", "1 mars 2027", "2027-03", "270301"])
def test_a_date_in_another_format_is_refused_with_the_format_to_use(typed):
    with pytest.raises(ValidationError) as error:
        DateField().clean(typed)
    assert error.value.messages == ["Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2027-03-01."]


def test_a_date_that_is_not_in_the_calendar_is_named_in_the_error():
    with pytest.raises(ValidationError) as error:
        DateField().clean("2027-02-30")
    assert error.value.messages == ["Det datumet finns inte: 2027-02-30."]


def test_the_hint_gives_the_format_after_the_fields_own_help():
    assert str(DateField().help_text) == "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2027-03-01."
    field = DateField(help_text="Lämna tomt om inget beslut finns.")
    assert str(field.help_text) == (
        "Lämna tomt om inget beslut finns. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2027-03-01."
    )


class _Form(StyledFormMixin, forms.Form):
    on = DateField(label="Datum")


def test_the_field_is_a_text_field_that_shows_the_date_as_iso_whatever_the_browser_locale():
    html = str(_Form(initial={"on": MARCH_1})["on"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert 'value="2027-03-01"' in html


def test_what_was_typed_stays_in_the_field_when_it_is_refused():
    form = _Form(data={"on": "1 mars 2027"})
    assert not form.is_valid()
    assert 'value="1 mars 2027"' in str(form["on"])
    assert 'aria-invalid="true"' in str(form["on"])
