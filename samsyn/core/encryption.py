"""Encryption at rest for what must be kept apart from the case (the protected patient
reference, issue 18): Fernet tokens (AES-128-CBC + HMAC-SHA256, the `cryptography` package)
under the keys of settings.PATIENT_REFERENCE_KEYS, newest first.

New tokens are written with the newest key; every configured key still reads, so a key is
rotated by putting the new one first and running `manage.py patient_reference_rotate`, which
re-encrypts every token with it; then the old key can be removed. Keys live only in the
environment, never in the database (docs/security.md).
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "text_decrypt", "text_encrypt", "token_rotate"]


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("PATIENT_REFERENCE_KEYS must name at least one key")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "PATIENT_REFERENCE_KEYS: each key must be a Fernet key "
            "(32 url-safe base64-encoded bytes, `Fernet.generate_key()`)"
        ) from exc


def _current() -> MultiFernet:
    return _fernet(tuple(settings.PATIENT_REFERENCE_KEYS))


def text_encrypt(text: str) -> str:
    """A token for the text, under the newest key."""
    return _current().encrypt(text.encode()).decode()


def text_decrypt(token: str) -> str:
    """The text of a token written under any configured key (InvalidToken otherwise)."""
    return _current().decrypt(token.encode()).decode()


def token_rotate(token: str) -> str:
    """The same text under the newest key (the same token if it already is)."""
    return _current().rotate(token.encode()).decode()
