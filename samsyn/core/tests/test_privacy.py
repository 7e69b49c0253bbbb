import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.core.privacy import (
    PERSONAL_NUMBER_REDACTED,
    guard_free_text,
    identity_text_normalise,
    no_personal_identity_number,
    personal_numbers_in,
    personal_numbers_redact,
)


@pytest.mark.parametrize(
    "text",
    [
        "Patienten 19121212-1212 skrevs ut utan läkemedelslista",
        "pnr 121212-1212",
        "pnr 1212121212 i texten",
        "Personnummer 201212121212.",
        "samordningsnummer 701063-2391",  # day 63 = the 3rd, + 60
        "121212+1212 är över hundra år",
    ],
)
def test_personal_identity_numbers_are_found(text):
    assert personal_numbers_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Utskrivning 2026-12-12 kl 12:12",
        "Telefon 031-123 45 67",
        "19121212-1213 har fel kontrollsiffra",
        "991332-1234 har ingen giltig månad",
        "Ärende 2026-0042 och 20261212",
        "",
    ],
)
def test_dates_phone_numbers_and_wrong_check_digits_are_not_flagged(text):
    assert personal_numbers_in(text) == []


def test_guard_names_each_field_that_holds_a_personal_number():
    with pytest.raises(ValidationError) as exc:
        guard_free_text(description="ok text", proposed_measure="gäller 19121212-1212")
    assert set(exc.value.message_dict) == {"proposed_measure"}
    assert "19121212-****" in exc.value.message_dict["proposed_measure"][0]


def test_field_validator_refuses_a_personal_number():
    no_personal_identity_number("Utskrivning utan läkemedelslista")
    with pytest.raises(ValidationError, match="personnummer"):
        no_personal_identity_number("gäller 19121212-1212")


# ---------------------------------------------------------------- typed variants

# What Word, Outlook, a phone's keyboard or a copy from a web page put between the groups.
DASHES = ["-", "\u2013", "\u2014", "\u2212", "\u2010", "\u2011", "\ufe63", "\uff0d"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
SPACES = [" ", "\u00a0", "\u202f", "\u2009"]


def _check_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


@st.composite
def typed_personal_numbers(draw, *, valid_check_digit=True):
    """(text as typed, its digits): a real date, any format people and programs produce."""
    born = draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2025, 12, 31)))
    day = born.day + (60 if draw(st.booleans()) else 0)  # samordningsnummer: day + 60
    serial = f"{draw(st.integers(0, 999)):03d}"
    nine = f"{born:%y%m}{day:02d}{serial}"
    check = _check_digit(nine)
    if not valid_check_digit:
        check = str((int(check) + draw(st.integers(1, 9))) % 10)
    yymmdd, last4 = nine[:6], serial + check
    date_groups = [f"{born.year // 100}"] if draw(st.booleans()) else []
    date_groups += [yymmdd[0:2], yymmdd[2:4], yymmdd[4:6]]
    space = draw(st.sampled_from(SPACES))
    date_part = (space if draw(st.booleans()) else "").join(date_groups)
    last_part = last4 if not draw(st.booleans()) else last4[:2] + space + last4[2:]
    separator = draw(st.sampled_from(["", "+", *DASHES]))
    if separator and draw(st.booleans()):
        separator = space + separator + space
    number = date_part + separator + last_part
    # Zero-width and format characters anywhere inside the number.
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(1, len(number) - 1))
        number = number[:at] + draw(st.sampled_from(ZERO_WIDTH)) + number[at:]
    trailing = draw(st.sampled_from(["", "-", "\u2013", ".", ",", " "]))
    before = draw(st.sampled_from(["", "Patient ", "pnr: ", "(", "Gäller\u00a0"]))
    after = draw(st.sampled_from(["", " skrevs ut", ")", " och fick fel lista"]))
    return before + number + trailing + after, yymmdd + last4


@settings(database=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(typed_personal_numbers())
def test_a_personal_number_is_found_however_it_is_typed(typed):
    text, digits = typed
    found = personal_numbers_in(text)
    assert len(found) == 1, (text, found)
    assert "".join(c for c in found[0] if c.isdigit()).endswith(digits)
    with pytest.raises(ValidationError):
        guard_free_text(title=text)


@settings(database=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(typed_personal_numbers(valid_check_digit=False))
def test_a_number_with_the_wrong_check_digit_is_accepted_however_it_is_typed(typed):
    text, _digits = typed
    assert personal_numbers_in(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "19121212\u20131212",  # en dash, what Word and Outlook type on their own
        "19121212\u22121212",  # U+2212 minus sign
        "1912\u200b1212-1212",  # a zero-width space inside
        "12 12 12-1212",
        "121212-12 12",
        "19121212-1212-",  # a trailing hyphen
        "Rum 3 121212-1212",  # a stray digit before it
    ],
)
def test_the_variants_found_when_the_app_was_probed_are_refused(text):
    with pytest.raises(ValidationError, match="personnummer"):
        no_personal_identity_number(f"Gäller {text} vid utskrivning")


def test_normalising_makes_dashes_digits_and_spaces_plain_and_drops_format_characters():
    assert identity_text_normalise("19\u200b12\u00ad1212\u20131212") == "19121212-1212"
    assert identity_text_normalise("\u0661\u0662 \uff11\u00a0\u2212") == "12 1 -"


def test_redacting_replaces_each_number_and_keeps_the_rest():
    assert personal_numbers_redact("sök 19121212\u20131212 och 121212-1212") == (
        f"sök {PERSONAL_NUMBER_REDACTED} och {PERSONAL_NUMBER_REDACTED}"
    )
    assert personal_numbers_redact("Telefon 031-123 45 67") == "Telefon 031-123 45 67"
