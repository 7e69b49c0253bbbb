"""The privacy guard: free text must not carry Swedish personal identity numbers.

Personnummer (YYMMDD-NNNN or YYYYMMDDNNNN, with '-' or '+') and samordningsnummer
(day + 60) are found by shape, a real date and the Luhn check digit, so that dates
and phone numbers do not raise false alarms. Text is normalised first
(`identity_text_normalise`), so the number is found however it was typed: with an en
dash or a minus sign, with zero-width characters inside, with spaces between its groups.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PERSONAL_NUMBER_FOUND = _(
    "The text seems to hold a personal identity number or coordination number ({masked}). "
    "Remove it: the patient's identity must not be written here."
)
# What the logs keep in place of a personnummer typed into a search or filter.
PERSONAL_NUMBER_REDACTED = "[personnummer]"

# Minus signs that are not in Unicode's dash category (Pd) but are typed as one.
_MINUS_SIGNS = {"\u2212", "\u2796", "\u02d7", "\u207b", "\u208b", "\ufe63", "\uff0d"}


def _normal_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cf":  # zero-width space, joiners, soft hyphen, byte order mark …
        return ""
    if category == "Pd" or ch in _MINUS_SIGNS:
        return "-"
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if ch.isspace():
        return " "
    return ch


def identity_text_normalise(text: str) -> str:
    """The text as the identity-number check reads it: Unicode NFKC, format characters
    (zero-width and the like) removed, every dash and minus sign a hyphen, every digit an
    ASCII digit and every space a plain space. One function, for the guard and for anything
    that must recognise a typed personnummer."""
    return "".join(_normal_char(ch) for ch in unicodedata.normalize("NFKC", text or ""))


# Checked on normalised text. One space may stand between any two digits ("12 12 12-1212",
# "121212-12 12"); the separator is '-', '+' or nothing. A lookahead finds overlapping
# candidates, so a stray digit before the number cannot hide it.
_D = r"(\d) ?"
_CANDIDATE = re.compile(
    r"(?<!\d)(?=((?:" + _D * 2 + r")?" + _D * 6 + r"([-+]?) ?" + _D * 3 + r"(\d))(?!\d))"
)


def _luhn_ok(ten_digits: str) -> bool:
    total = 0
    for i, ch in enumerate(ten_digits[:9]):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == int(ten_digits[9])


def _date_ok(century: str | None, yy: str, mm: str, dd: str) -> bool:
    day = int(dd)
    if day > 60:  # samordningsnummer
        day -= 60
    year = int(century + yy) if century else 2000 + int(yy)
    try:
        datetime.date(year, int(mm), day)
    except ValueError:
        # Without a century, 29 Feb may be valid in the 1900s only.
        if century is None:
            try:
                datetime.date(1900 + int(yy), int(mm), day)
                return True
            except ValueError:
                return False
        return False
    return True


def _matches(normalised: str) -> list[tuple[int, int, str]]:
    """(start, end, number written without spaces) for each number in normalised text."""
    found: list[tuple[int, int, str]] = []
    for match in _CANDIDATE.finditer(normalised):
        groups = match.groups()
        written = groups[0]
        digits = [g for g in groups[1:] if g and g.isdigit()]
        sep = next((g for g in groups[1:] if g in ("-", "+")), "")
        century = "".join(digits[:2]) if len(digits) == 12 else None
        rest = digits[2:] if century else digits
        yy, mm, dd = "".join(rest[0:2]), "".join(rest[2:4]), "".join(rest[4:6])
        last4 = "".join(rest[6:10])
        if century is not None and century not in ("18", "19", "20"):
            continue
        if not (_date_ok(century, yy, mm, dd) and _luhn_ok(yy + mm + dd + last4)):
            continue
        start = match.start(1)
        end = start + len(written)
        if found and start < found[-1][1]:  # the same number, read again from inside it
            continue
        found.append((start, end, f"{century or ''}{yy}{mm}{dd}{sep}{last4}"))
    return found


def personal_numbers_in(text: str) -> list[str]:
    """Every personnummer or samordningsnummer in the text, in a normalised form
    (ASCII digits, a hyphen for any dash, no spaces)."""
    return [number for _start, _end, number in _matches(identity_text_normalise(text))]


def personal_numbers_redact(text: str) -> str:
    """The text with every personnummer replaced by a placeholder, for what a log keeps."""
    normalised = identity_text_normalise(text)
    matches = _matches(normalised)
    if not matches:
        return text
    parts, at = [], 0
    for start, end, _number in matches:
        parts += [normalised[at:start], PERSONAL_NUMBER_REDACTED]
        at = end
    return "".join(parts) + normalised[at:]


def mask(number: str) -> str:
    return number[: len(number) - 4] + "****"


def guard_free_text(**fields: str) -> None:
    """Refuse free text that holds a personal identity number; the error names each field."""
    errors = {}
    for name, text in fields.items():
        try:
            no_personal_identity_number(text)
        except ValidationError as exc:
            errors[name] = exc.messages[0]
    if errors:
        raise ValidationError(errors)


def no_personal_identity_number(value: str) -> None:
    """Model field validator: put it on every free-text field, so full_clean() guards it."""
    numbers = personal_numbers_in(value or "")
    if numbers:
        raise ValidationError(
            PERSONAL_NUMBER_FOUND.format(masked=mask(numbers[0])), code="personal_number"
        )


PERSONAL_NUMBER_INVALID = _(
    "Write a valid personal identity number or coordination number, e.g. 19121212-1212: "
    "the date or the check digit does not match."
)


def personal_number_normalise(value: str, *, today: datetime.date | None = None) -> str:
    """A typed personnummer or samordningsnummer in one stored form, YYYYMMDD-NNNN, read the
    same way as the guard reads free text (en dash, Unicode digits, spaces); the whole value
    must be one number with a valid date and Luhn check digit. A ten-digit number gets the
    century of the most recent such birth date ('+' for a hundred years or more)."""
    normalised = identity_text_normalise(value).strip()
    found = _matches(normalised)
    if len(found) != 1 or found[0][0] != 0 or found[0][1] != len(normalised):
        raise ValidationError(PERSONAL_NUMBER_INVALID, code="personal_number_invalid")
    number = found[0][2]
    digits = number.replace("-", "").replace("+", "")
    if len(digits) == 10:
        today = today or datetime.date.today()
        year = 2000 + int(digits[:2])
        if year > today.year:
            year -= 100
        if "+" in number:
            year -= 100
        digits = f"{year // 100}{digits}"
    return f"{digits[:8]}-{digits[8:]}"
