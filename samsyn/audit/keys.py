"""The keys of the audit trail's hash chain: from the environment (AUDIT_HMAC_KEYS), never
stored in the database, so a database writer cannot recompute the chain (docs/security.md)."""

from django.conf import settings


def audit_keys() -> dict[int, str]:
    """Every configured key by version: old versions stay to verify the rows they signed."""
    return settings.AUDIT_HMAC_KEYS


def audit_key_version_current() -> int:
    """The version that signs new rows: the highest configured."""
    return max(audit_keys())
