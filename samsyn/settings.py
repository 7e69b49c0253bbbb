"""Samsyn settings, read from the environment.

Safe development defaults: SQLite in var/, DEBUG on, console e-mail. Production uses
samsyn.settings_production, which refuses to start without its secrets.
"""

import base64
import datetime
import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_date(name: str) -> datetime.date | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a date (YYYY-MM-DD), not {value!r}") from exc


def env_versioned_keys(name: str, default: str) -> dict[int, str]:
    """`2:newer-key,1:older-key` -> {2: "newer-key", 1: "older-key"}: versions are whole
    numbers from 1, keys hold no comma; the highest version is the one used for new rows."""
    keys = {}
    for item in env_list(name, default):
        version, _, key = item.partition(":")
        if not version.isascii() or not version.isdigit() or int(version) < 1 or not key:
            raise ImproperlyConfigured(
                f"{name} must be comma-separated <version>:<key> pairs with versions from 1, "
                f"e.g. 2:newer-key,1:older-key"
            )
        if int(version) in keys:
            raise ImproperlyConfigured(f"{name} names key version {int(version)} twice")
        keys[int(version)] = key
    if not keys:
        raise ImproperlyConfigured(f"{name} must name at least one key")
    return keys


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    # django.contrib.admin whose site lets superusers only in (samsyn/core/admin_site.py).
    "samsyn.core.admin_site.SamsynAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.postgres",
    "django_htmx",
    "axes",
    "csp",
    "samsyn.core",
    "samsyn.audit",
    "samsyn.parties",
    "samsyn.identity",
    "samsyn.agreements",
    "samsyn.cases",
    "samsyn.attachments",
    "samsyn.deviations",
    "samsyn.disagreements",
    "samsyn.followup",
    # Systemic issues in cooperation: cases grouped under one shared cause (issue 19 item 5).
    "samsyn.systemic",
    # Every outgoing e-mail is a row first, sent by `deliver_outbox --loop` after commit and
    # retried (decisions 0015 and "outbox worker").
    "samsyn.outbox",
    # History from the old system: import with a mapping, export in the same layout (issue 21).
    "samsyn.history",
    # The /api/v1 assembly, personal API tokens and idempotency keys; ninja serves its docs' assets.
    "ninja",
    "samsyn.api",
    # Demo people, the county data generator and `load_demo_data` (development and benchmarks).
    "samsyn.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files stay cacheable), before the rest: marks every page.
    "samsyn.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every page needs a signed-in user unless it says otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Under /api/ every error is problem+json, whatever answered, and anonymous callers get 401
    # (issue 21, item 4); inside the CSP and framing middleware, so its answers carry theirs.
    "samsyn.api.problems.ApiProblemMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "samsyn.core.middleware.ActorMiddleware",
    # Last, as django-axes asks: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samsyn.urls"
WSGI_APPLICATION = "samsyn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samsyn" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samsyn.core.context_processors.actor",
            ],
        },
    },
]
FORM_RENDERER = "samsyn.core.forms.SamsynFormRenderer"

# SQLite file by default, so the app runs with no server; DATABASE_URL for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'samsyn.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# Django's engines with the audit chain sealed at commit (samsyn/audit/backends, decision 0028).
_ENGINES = {
    "django.db.backends.sqlite3": "samsyn.audit.backends.sqlite3",
    "django.db.backends.postgresql": "samsyn.audit.backends.postgresql",
}
_engine = DATABASES["default"]["ENGINE"]
DATABASES["default"]["ENGINE"] = _ENGINES.get(_engine, _engine)
if _engine == "django.db.backends.sqlite3":
    # Tests: in memory, as Django's SQLite engine does by default (pytest-django's parallel
    # runs recognise it by this name only, not by the engine's module path).
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # A write transaction takes the write lock when it begins (BEGIN IMMEDIATE), so it
            # waits its turn; one that began as a reader fails at once when it tries to write.
            "transaction_mode": "IMMEDIATE",
            # Wait this many seconds for the writer before it, instead of "database is locked".
            "timeout": 20,
            # WAL: readers never wait for the writer, nor the writer for readers.
            "init_command": "PRAGMA journal_mode=WAL",
        }
    )
    # The list's covering index carries extra columns on PostgreSQL (INCLUDE); SQLite builds it
    # without them, which is fine for the embedded default and not worth a warning at every start.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    # Kept connections are checked before reuse (a restarted server is not an error page);
    # a request that cannot connect, or a statement that runs away, fails within bounds
    # instead of holding a worker (docs/operations.md).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    _options = {"connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 5)}
    # No JIT compilation: it costs 0.5–1.8 s per query of the county report's aggregates over a
    # year of cases (EXPLAIN ANALYZE, bench/README.md) and saves less than that.
    _server = ["-c jit=off"]
    # Set for the web processes (docs/operations.md), not for the long cron jobs.
    if env_int("DATABASE_STATEMENT_TIMEOUT_MS", 0):
        _server.append(f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT_MS', 0)}")
    _options["options"] = " ".join(_server)
    DATABASES["default"].setdefault("OPTIONS", {}).update(_options)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in through the identity providers configured as data (samsyn/identity).
    "samsyn.identity.oidc.ProviderOIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "login"

# The username and password form on the sign-in page: "on" (everyone: development, the
# embedded demo), "superusers" (only superusers, as a way in when the identity providers are
# down) or "off" (only the identity providers; production). docs/deploy.md.
LOCAL_PASSWORD_LOGIN = env_str("LOCAL_PASSWORD_LOGIN", "on")
if LOCAL_PASSWORD_LOGIN not in ("on", "superusers", "off"):
    raise ImproperlyConfigured("LOCAL_PASSWORD_LOGIN must be on, superusers or off")
# OpenID Connect (samsyn/identity): seconds to wait for a provider, and the clock difference
# accepted when checking an ID token's times.
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_CLOCK_LEEWAY_SECONDS = env_int("OIDC_CLOCK_LEEWAY_SECONDS", 60)

# Sessions end after inactivity (patient-data systems must not stay open on shared PCs).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login throttling: lock the username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Strict CSP: no inline script or style; htmx is configured through a meta tag.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# The audit trail's hash chain is keyed (HMAC-SHA256) so that whoever can write to the
# database cannot recompute it. Keys live only here, never in the database; each row records
# its key version; the highest version signs new rows. Keep old versions to verify old rows.
DEV_AUDIT_HMAC_KEY = "dev-only-audit-key-never-use-in-production"
AUDIT_HMAC_KEYS = env_versioned_keys("AUDIT_HMAC_KEYS", f"1:{DEV_AUDIT_HMAC_KEY}")

# Where the audit chain's head is exported (manage.py audit_head_export, daily): a file on
# storage the database's administrators cannot write, and/or "syslog"; comma-separated.
# audit_verify checks the trail against the last head in the file (samsyn/audit/sink.py).
AUDIT_HEAD_SINK = env_str("AUDIT_HEAD_SINK", "")

# Retention (gallring): closed cases' free text is purged this many years after closing.
RETENTION_YEARS = env_int("RETENTION_YEARS", 10)

LANGUAGE_CODE = "sv"
# Swedish only until an English catalogue exists; then add ("en", "English") and LocaleMiddleware.
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "samsyn" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "samsyn" / "static"]

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds a mail server may take before a send counts as failed (and is retried later).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Samsyn <samsyn@localhost>")

# Deviations: days the counterpart has to acknowledge and to analyse a sent case.
DEVIATION_ACK_DAYS = env_int("DEVIATION_ACK_DAYS", 14)
DEVIATION_ANALYSIS_DAYS = env_int("DEVIATION_ANALYSIS_DAYS", 30)
# Whether passing a case on to another unit restarts its deadlines (the county's routine;
# issue 17). By default the deadlines run from the first sending.
DEVIATION_PASS_ON_RESETS_DEADLINES = env_int("DEVIATION_PASS_ON_RESETS_DEADLINES", 0) == 1
# The earliest event date a report accepts (YYYY-MM-DD). Unset: the day the oldest document a
# report can cite in the county's registry came into force (docs/decisions/0007).
DEVIATION_EARLIEST_EVENT_DATE = env_date("DEVIATION_EARLIEST_EVENT_DATE")

# Amounts (settlements) above this many kronor must be confirmed by the person who types them.
AMOUNT_CONFIRM_ABOVE = env_int("AMOUNT_CONFIRM_ABOVE", 1_000_000)

# Default days per step of the disagreement ladder; each case's step deadline can be changed.
DISAGREEMENT_STEP1_DAYS = env_int("DISAGREEMENT_STEP1_DAYS", 14)
DISAGREEMENT_STEP2_DAYS = env_int("DISAGREEMENT_STEP2_DAYS", 21)
DISAGREEMENT_STEP3_DAYS = env_int("DISAGREEMENT_STEP3_DAYS", 30)
# Days the other party has to answer a claim for economic settlement in writing.
DISAGREEMENT_CLAIM_ANSWER_DAYS = env_int("DISAGREEMENT_CLAIM_ANSWER_DAYS", 14)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The cache: the API's rate limit per token, the history import's progress and the identity
# providers' discovery documents. CACHE_BACKEND=database keeps it in the database's table
# samsyn_cache (made by the migration core 0005), shared by every worker and server;
# "locmem" keeps it in each process, which is enough for one process (runserver, tests).
# Production uses the database unless told otherwise (settings_production).
CACHE_TABLE = "samsyn_cache"
CACHE_BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}


def cache_settings(default: str) -> dict:
    name = env_str("CACHE_BACKEND", default)
    if name not in CACHE_BACKENDS:
        raise ImproperlyConfigured(f"CACHE_BACKEND must be one of {', '.join(CACHE_BACKENDS)}")
    return {"default": CACHE_BACKENDS[name]}


CACHES = cache_settings("locmem")

# The API (issue 21): how long an Idempotency-Key's first answer is kept, and the longest
# validity a personal token may be given.
API_IDEMPOTENCY_TTL = env_int("API_IDEMPOTENCY_TTL", 24 * 60 * 60)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
# Requests per token (or signed-in person) and period: "600/m", "20/s", "10000/d".
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "600/m")
# Webhooks go only to addresses on the public internet, unless the host is named here: a
# provider's system on a private network (Sjunet, the municipality's own) that the operator
# has vouched for. Comma-separated host names or IP addresses; no default.
WEBHOOK_PRIVATE_HOSTS = env_list("WEBHOOK_PRIVATE_HOSTS", "")

# The protected patient reference (issue 18) is encrypted at rest with Fernet keys from the
# environment: PATIENT_REFERENCE_KEYS, comma-separated, newest first (new tokens use the
# first; every key still reads; `manage.py patient_reference_rotate` re-encrypts with the
# first). Make a key with `python -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"`. The default below is public (the SHA-256 of a fixed
# text, so every development machine reads the demo's references): production refuses it.
DEV_PATIENT_REFERENCE_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(b"samsyn dev-only patient reference key").digest()
).decode()
PATIENT_REFERENCE_KEYS = env_list("PATIENT_REFERENCE_KEYS", DEV_PATIENT_REFERENCE_KEY)

# The lex Maria duty on the receiver (issue 18): an assessment is asked for when a patient
# consequence is at least this severe (3 = "Måttlig vårdskada") or not yet known, and is due
# this many days after the case reaches the receiver.
LEX_MARIA_MIN_SEVERITY = env_int("LEX_MARIA_MIN_SEVERITY", 3)
LEX_MARIA_ASSESSMENT_DAYS = env_int("LEX_MARIA_ASSESSMENT_DAYS", 14)

# Attachments (issue 18): stored through Django's storage API ("default" in STORAGES; local
# files under MEDIA_ROOT unless configured otherwise, e.g. S3-compatible object storage with
# django-storages: docs/operations.md), never served from MEDIA_URL, only through the
# access-checked download view. The type is read from the content, not the name.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# ATTACHMENT_STORAGE=s3: S3-compatible object storage through django-storages (a county's
# own MinIO, Ceph or a Swedish cloud), private objects, never a public URL. Credentials come
# from boto3's own environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never from here.
ATTACHMENT_STORAGE = env_str("ATTACHMENT_STORAGE", "local")
if ATTACHMENT_STORAGE == "s3":
    ATTACHMENT_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("ATTACHMENT_S3_BUCKET", ""),
            "endpoint_url": env_str("ATTACHMENT_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("ATTACHMENT_S3_REGION", "") or None,
            "location": env_str("ATTACHMENT_S3_PREFIX", "bilagor"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
elif ATTACHMENT_STORAGE == "local":
    ATTACHMENT_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(
        f"ATTACHMENT_STORAGE must be 'local' or 's3', not {ATTACHMENT_STORAGE!r}."
    )
STORAGES = {
    "default": ATTACHMENT_STORAGE_BACKEND,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_TYPES = env_list(
    "ATTACHMENT_TYPES",
    "application/pdf,image/jpeg,image/png,image/gif,image/webp,image/heic,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
    "application/vnd.openxmlformats-officedocument.presentationml.presentation,"
    "application/msword,application/vnd.ms-excel,application/vnd.ms-powerpoint,"
    "application/vnd.oasis.opendocument.text,application/vnd.oasis.opendocument.spreadsheet",
)
