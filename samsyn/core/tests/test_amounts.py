"""Amounts as Swedes write them: one parser for every amount input."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from samsyn.core.amounts import (
    AMOUNT_EXPONENT,
    AMOUNT_INVALID,
    AMOUNT_TOO_LARGE,
    AMOUNT_TOO_MANY_DECIMALS,
    amount_display,
    amount_needs_confirmation,
    amount_parse,
)
from samsyn.core.forms import AmountField


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("96 600,00", "96600.00"),
        ("96\u00a0600,00", "96600.00"),  # non-breaking space, as Word and Excel copy it
        ("96\u202f600,00", "96600.00"),  # narrow non-breaking space
        ("96\u2009600,00", "96600.00"),  # thin space
        ("96600.00", "96600.00"),
        ("96600", "96600.00"),
        ("96 600,5", "96600.50"),
        ("96 600,00 kr", "96600.00"),
        (" 1 000 000 ", "1000000.00"),
        ("0,50", "0.50"),
        ("\u2212100", "-100.00"),  # a minus sign reads; the service refuses it as not positive
    ],
)
def test_amounts_are_read_as_swedes_write_them(typed, expected):
    assert amount_parse(typed) == Decimal(expected)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e9", AMOUNT_EXPONENT),
        ("1E9", AMOUNT_EXPONENT),
        ("9,66e4", AMOUNT_EXPONENT),
        ("1.000", AMOUNT_TOO_MANY_DECIMALS),  # a thousands point would make it one krona
        ("96 600,001", AMOUNT_TOO_MANY_DECIMALS),
        ("96,600.00", AMOUNT_INVALID),
        ("\u00b2", AMOUNT_INVALID),
        ("\u0661\u0662", AMOUNT_INVALID),
        ("NaN", AMOUNT_INVALID),
        ("Infinity", AMOUNT_INVALID),
        ("1_000", AMOUNT_INVALID),
        ("kr", AMOUNT_INVALID),
        ("12 345 678 901", AMOUNT_TOO_LARGE),
    ],
)
def test_what_is_not_an_amount_gets_a_swedish_message(typed, message):
    with pytest.raises(ValidationError) as exc:
        amount_parse(typed)
    assert exc.value.messages == [message]


@settings(database=None, max_examples=200)
@given(
    cents=st.integers(min_value=0, max_value=999_999_999_999),
    space=st.sampled_from([" ", "\u00a0", "\u202f", "\u2009"]),
    suffix=st.sampled_from(["", " kr", "kr"]),
)
def test_every_amount_written_the_swedish_way_reads_back_exactly(cents, space, suffix):
    amount = Decimal(cents) / 100
    typed = amount_display(amount).replace("\u00a0", space) + suffix
    assert amount_parse(typed) == amount


def test_the_form_field_keeps_what_was_typed_and_shows_saved_amounts_the_swedish_way():
    field = AmountField()
    assert field.clean("96 600,00") == Decimal("96600.00")
    assert field.prepare_value("1e9") == "1e9"
    assert field.prepare_value(Decimal("96600.00")) == "96\u00a0600,00"
    assert field.widget.attrs["inputmode"] == "decimal"


def test_amounts_above_the_setting_need_confirmation(settings):
    settings.AMOUNT_CONFIRM_ABOVE = 1_000_000
    assert not amount_needs_confirmation(Decimal("1000000.00"))
    assert amount_needs_confirmation(Decimal("1000000.01"))
    settings.AMOUNT_CONFIRM_ABOVE = 100
    assert amount_needs_confirmation(Decimal("150"))
