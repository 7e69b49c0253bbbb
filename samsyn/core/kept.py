"""A value worked out once and kept on the object it belongs to (a request, a case) for as long as
what it depends on is unchanged: a page asks some things several times (issue 16)."""

from collections.abc import Callable, Hashable


def kept_on(owner, name: str, key: Hashable, compute: Callable):
    """compute(), kept on `owner` under `name` and worked out again only when `key` changes."""
    known = owner.__dict__.get(name)
    if known is None or known[0] != key:
        known = (key, compute())
        owner.__dict__[name] = known
    return known[1]
