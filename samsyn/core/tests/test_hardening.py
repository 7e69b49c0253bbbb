"""Hardening: lockout, session expiry, headers on every page, CSRF, deploy."""

import base64
import json
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from samsyn.parties.tests.factories import TEST_PASSWORD

BASE_DIR = django_settings.BASE_DIR


# --- login throttling ---------------------------------------------------------------------


def _fail_login(client, username, times):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "fel-lösenord"})


def test_repeated_failures_lock_the_account_with_a_swedish_page(client, personas, settings):
    _fail_login(client, "reporter", settings.AXES_FAILURE_LIMIT)
    response = client.post(reverse("login"), {"username": "reporter", "password": TEST_PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Kontot är tillfälligt spärrat" in html
    assert "För många misslyckade inloggningsförsök" in html
    assert "_auth_user_id" not in client.session  # even the right password does not get in


def test_failures_below_the_limit_do_not_lock(client, personas, settings):
    _fail_login(client, "reporter", settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(reverse("login"), {"username": "reporter", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas["reporter"].pk)


def test_a_lockout_holds_one_username_not_everyone_on_the_same_address(client, personas, settings):
    _fail_login(client, "reporter", settings.AXES_FAILURE_LIMIT)
    response = client.post(reverse("login"), {"username": "handler", "password": TEST_PASSWORD})
    assert response.status_code == 302


# --- sessions ---------------------------------------------------------------------------


def test_sessions_end_after_half_an_hour_without_activity():
    assert django_settings.SESSION_COOKIE_AGE <= 30 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST  # the clock restarts on each request
    assert django_settings.SESSION_COOKIE_HTTPONLY


def test_an_expired_session_is_sent_to_the_login_page(client, personas):
    client.force_login(personas["handler"])
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_each_request_extends_an_active_session(client, personas):
    client.force_login(personas["handler"])
    key = client.session.session_key
    soon = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    assert client.get("/").status_code == 200
    assert Session.objects.get(session_key=key).expire_date > soon


# --- headers on every page ----------------------------------------------------------------


def _paths_without_arguments(patterns=None, prefix=""):
    """Every URL of the project that takes no argument, found by walking the URL patterns."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if getattr(entry.pattern, "regex", None) is not None and entry.pattern.regex.groups:
            continue
        if "<" in route or any(ch in route for ch in "()[]*+?"):
            continue
        route = route.lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            yield from _paths_without_arguments(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


PATHS = sorted(set(_paths_without_arguments()))


def test_the_walk_finds_the_pages_it_should():
    for path in ("/", "/logga-in/", "/logg/lasningar/", "/logg/handelser/", "/admin/"):
        assert path in PATHS


@pytest.fixture
def county_admin_client(client, personas):
    client.force_login(personas["county_admin"])
    return client


@pytest.mark.parametrize("path", PATHS)
def test_every_page_sends_a_strict_csp_and_refuses_framing(county_admin_client, path):
    response = county_admin_client.get(path)
    assert response.status_code < 500, path
    csp = response.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    if (
        response.status_code == 200
        and response["Content-Type"].startswith("text/html")
        and not path.startswith("/admin/")
    ):
        html = response.content.decode()
        # Strict CSP would block these anyway; catch them here rather than in a browser.
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html), path
        assert not re.search(r"\sstyle=\"", html), path
        assert not re.search(r"\son[a-z]+=\"", html), path


# Pages anyone may open without signing in; everything else is deny-by-default.
PUBLIC_PATHS = {
    "/logga-in/",
    "/admin/login/",
    "/logga-ut/",
    "/losenord/klart/",
    # The statements the law asks for: readable by everyone.
    "/tillganglighet/",
    "/personuppgifter/",
    # Sign-in through an identity provider: its answer comes before anyone is signed in
    # (an answer nobody started is refused with a page: identity/tests).
    "/logga-in/oidc/svar/",
    # The API's schema and its browsable docs (issue 21): no case data in them.
    "/api/v1/openapi.json",
    "/api/v1/docs",
    # Database reachable and migrations applied, for load balancers (issue 22): no data.
    "/healthz",
}


@pytest.mark.parametrize("path", [p for p in PATHS if p not in PUBLIC_PATHS])
def test_every_other_page_requires_signing_in(client, db, path):
    response = client.get(path, follow="/api/" in path)  # the old regime URL redirects
    if "/api/" in path:
        # A machine reader gets a JSON 401, not a login page.
        assert response.status_code == 401, path
        return
    assert response.status_code == 302, path
    assert response["Location"].startswith((reverse("login"), reverse("admin:login"))), path


def test_the_login_and_lockout_pages_send_the_csp_too(client, personas, settings):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]
    _fail_login(client, "reporter", settings.AXES_FAILURE_LIMIT)
    locked = client.post(reverse("login"), {"username": "reporter", "password": "x"})
    assert "unsafe-inline" not in locked["Content-Security-Policy"]
    assert "script-src 'self'" in locked["Content-Security-Policy"]


def test_https_requests_get_hsts_when_configured(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


# --- no copies in caches -----------------------------------------------


def _assert_not_stored(response, path):
    assert "no-store" in response.get("Cache-Control", ""), (path, response.get("Cache-Control"))
    assert response.get("Pragma") == "no-cache", path


@pytest.mark.parametrize("path", PATHS)
def test_every_page_tells_browsers_and_proxies_not_to_store_it(county_admin_client, path):
    _assert_not_stored(county_admin_client.get(path), path)


@pytest.mark.parametrize("path", [p for p in PATHS if p not in PUBLIC_PATHS])
def test_the_way_to_the_login_page_is_not_stored_either(client, db, path):
    _assert_not_stored(client.get(path), path)


def test_case_pages_exports_and_notifications_are_not_stored(client, world):
    deviation = next(iter(world["deviations"].values()))
    disagreement = world["disagreement"]
    pages = {
        "counterpart_handler": [
            reverse("deviations:detail", args=[deviation.pk]),
            reverse("deviations:list") + "?q=lista",
            reverse("deviations:export_csv"),
            reverse("deviations:export_xlsx"),
            reverse("core:notifications"),
            "/",
        ],
        "manager1": [
            reverse("disagreements:detail", args=[disagreement.pk]),
            reverse("disagreements:action", args=[disagreement.pk, "andra"]),
            reverse("disagreements:list") + "?format=csv",
            reverse("disagreements:list") + "?format=xlsx",
        ],
        "county_admin": [reverse("audit:read_log_csv"), reverse("audit:trail")],
    }
    for who, paths in pages.items():
        client.force_login(world["people"][who])
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            _assert_not_stored(response, path)
    # A refused post and an error page are case pages too.
    client.force_login(world["people"]["outsider"])
    _assert_not_stored(client.get(reverse("deviations:detail", args=[deviation.pk])), "404")


# --- CSRF -------------------------------------------------------------------------------


def test_a_post_without_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "handler", "password": TEST_PASSWORD})
    assert response.status_code == 403
    client.force_login(personas["handler"])
    assert client.post(reverse("logout")).status_code == 403


def test_a_post_with_the_csrf_token_goes_through(personas):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies[django_settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("login"),
        {"username": "handler", "password": TEST_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


# --- production settings ------------------------------------------------------------------


def _production_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="samsyn.settings_production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="samsyn.example.se",
        CSRF_TRUSTED_ORIGINS="https://samsyn.example.se",
        DATABASE_URL="postgres://samsyn@db.example.invalid:5432/samsyn",
        AUDIT_HMAC_KEYS=f"1:{secrets.token_urlsafe(48)}",
        PATIENT_REFERENCE_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _run(args, env):
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_with_production_settings_is_clean():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr.upper()


def test_production_settings_are_hardened():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('DEBUG', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'X_FRAME_OPTIONS', 'SESSION_COOKIE_HTTPONLY')}))"
    )
    result = _run(["-c", code], _production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_HTTPONLY": True,
    }


def test_production_shares_its_cache_between_workers_unless_told_otherwise():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.CACHES['default']))"
    )
    shared = json.loads(_run(["-c", code], _production_env()).stdout)
    assert shared["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert shared["LOCATION"] == "samsyn_cache"
    own = json.loads(_run(["-c", code], _production_env(CACHE_BACKEND="locmem")).stdout)
    assert own["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    refused = _run(["manage.py", "check"], _production_env(CACHE_BACKEND="redis"))
    assert refused.returncode != 0
    assert "CACHE_BACKEND must be one of locmem, database" in refused.stderr


@pytest.mark.parametrize(
    "missing",
    ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "AUDIT_HMAC_KEYS", "PATIENT_REFERENCE_KEYS"],
)
def test_production_refuses_to_start_without_its_secrets(missing):
    result = _run(["manage.py", "check"], _production_env(**{missing: None}))
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_production_refuses_the_public_development_patient_reference_key():
    from samsyn.settings import DEV_PATIENT_REFERENCE_KEY

    result = _run(
        ["manage.py", "check"], _production_env(PATIENT_REFERENCE_KEYS=DEV_PATIENT_REFERENCE_KEY)
    )
    assert result.returncode != 0
    assert "PATIENT_REFERENCE_KEYS must be set in production" in result.stderr


@pytest.mark.parametrize(
    "keys",
    [
        "1:too-short",
        "1:dev-only-audit-key-never-use-in-production",
        f"2:{'k' * 40},1:short",
    ],
)
def test_production_refuses_a_short_or_published_audit_key(keys):
    result = _run(["manage.py", "check"], _production_env(AUDIT_HMAC_KEYS=keys))
    assert result.returncode != 0
    assert "must be a secret of at least 32 characters" in result.stderr


@pytest.mark.parametrize(
    "keys", ["key-without-version", "0:zero-is-no-version", "²:x", "1:a,1:b", ""]
)
def test_malformed_audit_keys_are_refused_with_the_expected_form(keys, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from samsyn.settings import env_versioned_keys

    monkeypatch.setenv("AUDIT_HMAC_KEYS", keys)
    with pytest.raises(ImproperlyConfigured, match="AUDIT_HMAC_KEYS"):
        env_versioned_keys("AUDIT_HMAC_KEYS", "1:default")


def test_audit_keys_parse_into_versions_with_the_highest_signing(monkeypatch):
    from samsyn.settings import env_versioned_keys

    monkeypatch.setenv("AUDIT_HMAC_KEYS", "2:newer-key, 1:older:key")
    assert env_versioned_keys("AUDIT_HMAC_KEYS", "1:default") == {2: "newer-key", 1: "older:key"}


def test_production_refuses_the_attachment_object_store_without_a_bucket():
    result = _run(["manage.py", "check", "--deploy"], _production_env(ATTACHMENT_STORAGE="s3"))
    assert result.returncode != 0
    assert "ATTACHMENT_STORAGE=s3 needs ATTACHMENT_S3_BUCKET" in result.stderr
