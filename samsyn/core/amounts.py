"""Amounts of money in kronor: read as Swedes write them, confirmed when unusually large.

`96 600,00`, `96 600,00 kr`, `96600.00` and spaces of any width between the thousands are
read; exponent notation (`1e9`), other digits than 0–9 and more than two decimals are refused
with a translated message. Amounts above AMOUNT_CONFIRM_ABOVE must be confirmed by the person
who types them (the services ask; the form shows a checkbox).
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

AMOUNT_INVALID = _("Write the amount in kronor with digits, e.g. 96 600 or 96 600,50.")
AMOUNT_EXPONENT = _(
    "Write the amount out in digits, e.g. 1 000 000 000; exponent notation such as 1e9 is not "
    "accepted."
)
AMOUNT_TOO_MANY_DECIMALS = _(
    "Write at most two decimals (hundredths), e.g. 96 600,50. Put spaces, not points or commas, "
    "between the thousands."
)
AMOUNT_TOO_LARGE = _("The amount can be at most 9 999 999 999,99 kr.")
AMOUNT_NEEDS_CONFIRMATION = _(
    "The amount {amount} is larger than {limit}. Check that it is right and tick the box "
    "”The amount is right” to save."
)

MAX_WHOLE_DIGITS = 10  # DecimalField(max_digits=12, decimal_places=2)
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]")
_AMOUNT = re.compile(r"(-?)([0-9]+)(?:[.,]([0-9]+))?")


def amount_display(amount) -> str:
    """An amount as Swedes write it, without the currency: 96 600,00."""
    return f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")


def sek(amount) -> str:
    """An amount as Swedes write it: 96 600,00 kr."""
    return f"{amount_display(amount)} kr"


def amount_parse(text) -> Decimal:
    """The amount in `text`, or a ValidationError with a translated message."""
    raw = _SPACES.sub("", str(text)).replace("\u2212", "-")
    raw = re.sub(r"(?i)(kr\.?|sek)$", "", raw)
    if "e" in raw.lower():
        raise ValidationError(AMOUNT_EXPONENT, code="exponent")
    match = _AMOUNT.fullmatch(raw)
    if not match:
        raise ValidationError(AMOUNT_INVALID, code="invalid")
    sign, whole, decimals = match.group(1), match.group(2), match.group(3) or ""
    if len(decimals) > 2:
        raise ValidationError(AMOUNT_TOO_MANY_DECIMALS, code="decimals")
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValidationError(AMOUNT_TOO_LARGE, code="too_large")
    return Decimal(f"{sign}{whole}.{decimals or '0'}").quantize(Decimal("0.01"))


def amount_needs_confirmation(amount: Decimal | None) -> bool:
    """An amount above AMOUNT_CONFIRM_ABOVE kronor must be confirmed before it is saved."""
    return amount is not None and amount > Decimal(settings.AMOUNT_CONFIRM_ABOVE)


def amount_confirmation_check(*, amount: Decimal, confirmed: bool, field: str = "amount") -> None:
    """Refuse an unusually large amount that the person has not confirmed (services call it)."""
    if amount_needs_confirmation(amount) and not confirmed:
        raise ValidationError(
            {
                field: AMOUNT_NEEDS_CONFIRMATION.format(
                    amount=sek(amount), limit=sek(Decimal(settings.AMOUNT_CONFIRM_ABOVE))
                )
            }
        )
