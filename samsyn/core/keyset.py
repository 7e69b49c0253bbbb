"""Keyset pagination for long lists: a page starts after the last row of the page before.

OFFSET walks every skipped row, so page 1,000 of a county's deviations costs far more than the
first; a keyset page asks the index for the rows after a position instead, and costs the same
wherever it is (issue 16). The position travels as an opaque cursor in `?efter=` (the values
of the ordering's fields in the row it starts after, and the direction). The total is counted
only up to COUNT_CAP ("more than 1,000"): an exact count of a county reads the whole table.

Every ordering ends with the primary key, so positions are unique. Nullable fields sort with
NULL as the largest value on every database (PostgreSQL's default, made explicit for SQLite).
"""

import base64
import binascii
import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import HttpResponseRedirect

CURSOR_PARAM = "efter"
COUNT_CAP = 1000
_FORWARD, _BACKWARD = "n", "p"


@dataclass
class KeysetPage:
    """One page: its rows, the cursors to the next and previous page, and the capped count."""

    object_list: list
    next_cursor: str | None
    previous_cursor: str | None
    count: int
    count_capped: bool  # True: there are more than `count` rows
    is_first: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor or not self.is_first)


def _encode_value(value):
    if isinstance(value, datetime.datetime):
        return ["t", value.isoformat()]
    if isinstance(value, datetime.date):
        return ["d", value.isoformat()]
    return value


def _decode_value(value):
    if isinstance(value, list) and len(value) == 2:  # noqa: PLR2004 (a tagged value)
        tag, text = value
        if tag == "t":
            return datetime.datetime.fromisoformat(text)
        if tag == "d":
            return datetime.date.fromisoformat(text)
        raise ValueError(tag)
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    raise ValueError(value)


def cursor_encode(values: Sequence, *, backward: bool = False) -> str:
    payload = [_BACKWARD if backward else _FORWARD, [_encode_value(v) for v in values]]
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str | None, *, length: int) -> tuple[bool, list] | None:
    """(backward, values), or None for a missing or unreadable cursor (the first page)."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        direction, values = json.loads(raw)
        values = [_decode_value(v) for v in values]
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        return None
    if direction not in (_FORWARD, _BACKWARD) or len(values) != length:
        return None
    return direction == _BACKWARD, values


def _parse(ordering: Sequence[str]) -> list[tuple[str, bool]]:
    return [(o.lstrip("-"), o.startswith("-")) for o in ordering]


def _order_by(keys, *, reverse: bool) -> list:
    exprs = []
    for name, descending in keys:
        if descending != reverse:
            exprs.append(F(name).desc(nulls_first=True))
        else:
            exprs.append(F(name).asc(nulls_last=True))
    return exprs


def _strictly_after(name: str, value, *, descending: bool) -> Q:
    """Rows after `value` in this field's order (NULL is the largest value)."""
    if value is None:
        return Q(**{f"{name}__isnull": False}) if descending else Q(pk__in=[])
    if descending:
        return Q(**{f"{name}__lt": value})
    return Q(**{f"{name}__gt": value}) | Q(**{f"{name}__isnull": True})


def _equal(name: str, value) -> Q:
    return Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})


def _after(keys, values) -> Q:
    """The rows after a position: (a, b, id) > (x, y, z) in the ordering's directions.

    The first field's bound is repeated on its own (`a <= x` for a descending `a`), which an
    index on the ordering serves as a range, instead of filtering the rows from the start.
    """
    condition, equal = Q(pk__in=[]), Q()
    for (name, descending), value in zip(keys, values, strict=True):
        condition |= equal & _strictly_after(name, value, descending=descending)
        equal &= _equal(name, value)
    name, descending = keys[0]
    if values[0] is not None and descending:
        condition &= Q(**{f"{name}__lte": values[0]})
    elif values[0] is not None:
        condition &= Q(**{f"{name}__gte": values[0]}) | Q(**{f"{name}__isnull": True})
    return condition


def _rows_in_order(qs: QuerySet, limit: int) -> list:
    """The first `limit` rows of `qs`, found by their ids first: that query reads only the
    columns of the filter and the ordering, which a covering index can answer without visiting
    the table (an index-only scan past the rows a filter skips); then the page's own rows."""
    ids = list(qs.values_list("pk", flat=True)[:limit])
    found = qs.order_by().filter(pk__in=ids).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def _values_of(row, keys) -> list:
    return [getattr(row, name) for name, _descending in keys]


def keyset_page(
    qs: QuerySet, *, ordering: Sequence[str], cursor: str | None, size: int
) -> KeysetPage:
    """The page of `qs` (in `ordering`, which ends with a unique field) that `cursor` points at.

    The ordering's fields must be attributes of the rows (fields or annotations)."""
    keys = _parse(ordering)
    position = cursor_decode(cursor, length=len(keys))
    backward = bool(position and position[0])
    rows_qs = qs
    if position:
        flipped = [(name, not descending) for name, descending in keys] if backward else keys
        rows_qs = qs.filter(_after(flipped, position[1]))
    rows = _rows_in_order(rows_qs.order_by(*_order_by(keys, reverse=backward)), size + 1)
    more = len(rows) > size
    if backward and not more:  # back at the start: the first page, full
        return keyset_page(qs, ordering=ordering, cursor=None, size=size)
    rows = rows[:size]
    if backward:
        rows.reverse()
    has_next = True if backward else more
    has_previous = backward or position is not None
    count = qs.order_by()[: COUNT_CAP + 1].count()
    return KeysetPage(
        object_list=rows,
        next_cursor=cursor_encode(_values_of(rows[-1], keys)) if rows and has_next else None,
        previous_cursor=cursor_encode(_values_of(rows[0], keys), backward=True)
        if rows and has_previous
        else None,
        count=min(count, COUNT_CAP),
        count_capped=count > COUNT_CAP,
        is_first=not has_previous,
    )


def cursor_at(qs: QuerySet, *, ordering: Sequence[str], offset: int) -> str | None:
    """A cursor to the page that starts at row `offset` (0-based): how an old `?sida=N` link
    finds its page once, and how the bench reaches a deep page. None when there is no such row
    (or offset 0: the first page needs no cursor)."""
    if offset <= 0:
        return None
    keys = _parse(ordering)
    row = qs.order_by(*_order_by(keys, reverse=False))[offset - 1 : offset].first()
    return cursor_encode(_values_of(row, keys)) if row is not None else None


LEGACY_PAGE_PARAM = "sida"


def query_without_position(request) -> str:
    """The list's query string (its filters) without the page position, for links."""
    query = request.GET.copy()
    query.pop(CURSOR_PARAM, None)
    query.pop(LEGACY_PAGE_PARAM, None)
    return query.urlencode()


def legacy_page_redirect(request, qs: QuerySet, *, ordering: Sequence[str], size: int):
    """An old `?sida=N` link (bookmarks, pages from before keyset pages) goes to the same rows
    by a cursor, with its filters; a page past the end or unreadable goes to the first page.
    None when the request has no `sida`."""
    if LEGACY_PAGE_PARAM not in request.GET:
        return None
    try:
        number = int(request.GET[LEGACY_PAGE_PARAM])
    except ValueError:
        number = 1
    query = request.GET.copy()
    query.pop(LEGACY_PAGE_PARAM)
    query.pop(CURSOR_PARAM, None)
    if number > 1:
        cursor = cursor_at(qs, ordering=ordering, offset=(number - 1) * size)
        if cursor:
            query[CURSOR_PARAM] = cursor
    return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")


def keyset_batches(qs: QuerySet, *, ordering: Sequence[str], fields: Sequence[str], size: int):
    """Every row of `qs` in `ordering`, as lists of dicts of `fields`, one indexed query per
    batch: an export of a whole county streams with flat memory, and without the server-side
    cursor that PostgreSQL materialises whole outside a transaction (WITH HOLD)."""
    keys = _parse(ordering)
    names = list(dict.fromkeys([*fields, *(name for name, _descending in keys)]))
    order = _order_by(keys, reverse=False)
    position = None
    while True:
        batch_qs = qs if position is None else qs.filter(_after(keys, position))
        rows = list(batch_qs.order_by(*order).values(*names)[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        position = [rows[-1][name] for name, _descending in keys]
