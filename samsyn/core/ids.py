"""Ids and case numbers that come from people and requests, parsed one way.

An id is ASCII digits only, within the range of the database's keys: `"²".isdigit()` is
true and Arabic-Indic digits pass `int()`, so neither test is used on request values. A
value that is not an id names no object: the page answers 404, never 500.

Case numbers are what users see and type (AVV-00018, OE-12); each app registers its prefix
with `case_number_register` in AppConfig.ready().
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1  # BigAutoField

_ID = re.compile(r"[0-9]+")


def id_parse(value) -> int | None:
    """The id in `value` (surrounding spaces allowed), or None if it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _ID.fullmatch(text) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def _not_found() -> Http404:
    return Http404(_("There is no such object, or you are not allowed to see it."))


def id_param(params, name: str) -> int | None:
    """One id from a query string or form (`request.GET`, `request.POST`): None when absent
    or empty; 404 when it is there but not an id."""
    raw = params.get(name, "")
    if raw in ("", None):
        return None
    number = id_parse(raw)
    if number is None:
        raise _not_found()
    return number


def id_params(params, name: str) -> list[int]:
    """Every id given under `name` (empty values skipped); 404 if one is not an id."""
    numbers = []
    for raw in params.getlist(name):
        if raw == "":
            continue
        number = id_parse(raw)
        if number is None:
            raise _not_found()
        numbers.append(number)
    return numbers


# ---------------------------------------------------------------- case numbers

CASE_NUMBER_PREFIXES: dict[str, str] = {}  # "AVV" -> "deviations.deviation"

# A prefix of letters, then an optional dash of any kind (or spaces), then the number.
_CASE_NUMBER = re.compile(r"\s*([A-Za-z]*)\s*[-\u2010-\u2015\u2212]?\s*([0-9]+)\s*")


@dataclass(frozen=True)
class CaseNumber:
    object_type: str | None  # a model's label_lower; None for a plain id
    pk: int


def case_number_register(*, prefix: str, model) -> None:
    """An app declares the prefix of its case numbers (`AVV` for deviations)."""
    CASE_NUMBER_PREFIXES[prefix.upper()] = model._meta.label_lower


def case_number_parse(text: str) -> CaseNumber | None:
    """`AVV-00018`, `avv-18`, `AVV 18`, `OE-12` or a plain id; None if it is none of them."""
    match = _CASE_NUMBER.fullmatch(text or "")
    if not match:
        return None
    prefix, digits = match.group(1).upper(), match.group(2)
    pk = id_parse(digits)
    if pk is None:
        return None
    if not prefix:
        return CaseNumber(object_type=None, pk=pk)
    if prefix not in CASE_NUMBER_PREFIXES:
        return None
    return CaseNumber(object_type=CASE_NUMBER_PREFIXES[prefix], pk=pk)


def case_number_q(text: str, *, model):
    """A filter on `model`'s primary key for a case number typed in a search box: its own
    prefix or a plain id finds the case; anything else finds nothing."""
    number = case_number_parse(text)
    if number is None or number.object_type not in (None, model._meta.label_lower):
        return Q(pk__in=[])
    return Q(pk=number.pk)
