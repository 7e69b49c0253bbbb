"""The privacy guard: free text must not carry Swedish personal identity numbers.

Personnummer (YYMMDD-NNNN or YYYYMMDDNNNN, with '-' or '+') and samordningsnummer
(day + 60) are found by shape, a real date and the Luhn check digit, so that dates
and phone numbers do not raise false alarms.
"""

import datetime
import re

from django.core.exceptions import ValidationError

PERSONAL_NUMBER_FOUND = (
    "Texten verkar innehålla ett personnummer eller samordningsnummer ({masked}). "
    "Ta bort det: patientens identitet ska inte skrivas här."
)

_CANDIDATE = re.compile(r"(?<![\d-])(\d{2})?(\d{2})(\d{2})(\d{2})\s?([-+]?)\s?(\d{4})(?![\d-])")


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


def personal_numbers_in(text: str) -> list[str]:
    """Every personnummer or samordningsnummer in the text, as written."""
    found = []
    for match in _CANDIDATE.finditer(text or ""):
        century, yy, mm, dd, _sep, last4 = match.groups()
        if century is not None and century not in ("18", "19", "20"):
            continue
        if _date_ok(century, yy, mm, dd) and _luhn_ok(yy + mm + dd + last4):
            found.append(match.group(0))
    return found


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
