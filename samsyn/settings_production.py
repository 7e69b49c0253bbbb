"""Production settings: everything in samsyn.settings, hardened, secrets required.

Run with DJANGO_SETTINGS_MODULE=samsyn.settings_production behind TLS. Required:
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), AUDIT_HMAC_KEYS, PATIENT_REFERENCE_KEYS.
See docs/operations.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from samsyn.settings import *  # noqa: F403
from samsyn.settings import (
    ATTACHMENT_STORAGE,
    ATTACHMENT_STORAGE_BACKEND,
    AUDIT_HMAC_KEYS,
    DEV_AUDIT_HMAC_KEY,
    DEV_PATIENT_REFERENCE_KEY,
    PATIENT_REFERENCE_KEYS,
    cache_settings,
    env_bool,
    env_int,
)

for required in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "AUDIT_HMAC_KEYS"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"{required} must be set in production")
for _version, _key in AUDIT_HMAC_KEYS.items():
    # A short or published key would let a database writer recompute the audit chain.
    if _key == DEV_AUDIT_HMAC_KEY or len(_key) < 32:
        raise ImproperlyConfigured(
            f"AUDIT_HMAC_KEYS: key version {_version} must be a secret of at least 32 characters"
        )

# The patient reference's encryption keys (issue 18): a real key, never the public dev default.
if not os.environ.get("PATIENT_REFERENCE_KEYS") or DEV_PATIENT_REFERENCE_KEY in (
    PATIENT_REFERENCE_KEYS
):
    raise ImproperlyConfigured(
        "PATIENT_REFERENCE_KEYS must be set in production to secret Fernet keys, newest first"
    )

DEBUG = False
# Several gunicorn workers, and often several servers: the rate limit per token and the
# import's progress must be counted in one place (the database's cache table by default).
CACHES = cache_settings("database")
# Staff sign in through the identity providers; the password form is for superusers only
# (a way in when the providers are down) unless LOCAL_PASSWORD_LOGIN says otherwise.
LOCAL_PASSWORD_LOGIN = os.environ.get("LOCAL_PASSWORD_LOGIN", "superusers")
if LOCAL_PASSWORD_LOGIN not in ("on", "superusers", "off"):
    raise ImproperlyConfigured("LOCAL_PASSWORD_LOGIN must be on, superusers or off")

# One PostgreSQL connection per worker thread, kept for ten minutes (checked before reuse):
# opening one per request cost a few milliseconds on every page (issue 16).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)  # noqa: F405
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
STORAGES = {
    "default": ATTACHMENT_STORAGE_BACKEND,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if ATTACHMENT_STORAGE == "s3" and not ATTACHMENT_STORAGE_BACKEND["OPTIONS"]["bucket_name"]:
    raise ImproperlyConfigured("ATTACHMENT_STORAGE=s3 needs ATTACHMENT_S3_BUCKET.")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
