"""Tokens (make, revoke, find) and idempotency keys (claim, finish, release)."""

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, gettext_noop

from samsyn.api.models import ApiToken, IdempotencyKey, RateWindow
from samsyn.audit.services import audit_record
from samsyn.parties.selectors import machine_account_of, people_managed_by

TOKEN_PREFIX = "samsyn_"
EXPIRY_PAST = gettext_noop("The expiry date must be in the future.")
EXPIRY_TOO_FAR = gettext_noop("A token can be valid for at most {days} days.")
NAME_REQUIRED = gettext_noop("Give the token a name.")
NOT_YOUR_TOKEN = gettext_noop("That is not your token.")
NOT_YOUR_MACHINE = gettext_noop("You may not make or revoke tokens for this account.")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _require_token_keeper(actor, owner) -> None:
    """One's own tokens, or a system account's that the actor administers (issue 21)."""
    if owner.pk == actor.user.pk:
        return
    if machine_account_of(owner) is None or not (
        people_managed_by(actor).filter(pk=owner.pk).exists()
    ):
        raise PermissionDenied(gettext(NOT_YOUR_MACHINE))


@transaction.atomic
def api_token_create(*, actor, name: str, expires_on: datetime.date, user=None) -> NewToken:
    """A token with a name and an expiry date; only its hash is stored. `user`: the system
    account the token is for, made by that account's administrator (default: one's own)."""
    owner = actor.user if user is None else user
    _require_token_keeper(actor, owner)
    today = timezone.localdate()
    max_days = settings.API_TOKEN_MAX_DAYS
    if expires_on <= today:
        raise ValidationError({"expires_on": gettext(EXPIRY_PAST)})
    if (expires_on - today).days > max_days:
        raise ValidationError({"expires_on": gettext(EXPIRY_TOO_FAR).format(days=max_days)})
    if not (name or "").strip():
        raise ValidationError({"name": gettext(NAME_REQUIRED)})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = datetime.datetime.combine(
        expires_on, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    token = ApiToken(
        user=owner,
        name=name.strip(),
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        secret_hash=_digest(secret),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="api.token.created",
        target=token,
        data={"expires_at": expires_at.isoformat()},
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    """Revoke one's own token or a system account's; it is refused from the next request on."""
    if token.user_id != actor.user.pk and machine_account_of(token.user) is None:
        raise ValidationError(gettext(NOT_YOUR_TOKEN))
    _require_token_keeper(actor, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api.token.revoked", target=token, data={})


def api_token_find(secret: str) -> ApiToken | None:
    """The usable token with this secret (not revoked, not expired, its user active)."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(secret_hash=_digest(secret)).first()
    if token is None or not token.is_usable():
        return None
    # At most one write a minute per token: "last used" is for the owner, not an audit.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


# ---------------------------------------------------------------- idempotency keys


FINGERPRINT_SALT = "samsyn.api.idempotency.fingerprint"


class KeyReused(Exception):
    """The same key came with another request (422)."""


class KeyInFlight(Exception):
    """The first request with this key has not finished (409)."""


def request_fingerprint(*, method: str, path: str, body: bytes) -> str:
    """The same JSON however its keys and spaces are written; other bodies as bytes. Keyed
    with the server's secret (HMAC-SHA256): a body may hold a patient's number (issue 18), and
    a plain hash of it could be checked against every possible number by whoever reads the
    table and knows the case's other fields."""
    try:
        canonical = json.dumps(json.loads(body or b"null"), sort_keys=True).encode()
    except (ValueError, UnicodeDecodeError):
        canonical = body
    message = method.encode() + b" " + path.encode() + b"\n" + canonical
    return salted_hmac(FINGERPRINT_SALT, message, algorithm="sha256").hexdigest()


def idempotency_claim(*, scope: str, key: str, fingerprint: str) -> None:
    """Make sure the key has its row, committed at once (outside the request's work) so that
    every server sees it. Raises KeyReused when the key came with another request."""
    now = timezone.now()
    IdempotencyKey.objects.filter(scope=scope, key=key, expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            IdempotencyKey.objects.create(
                scope=scope,
                key=key,
                fingerprint=fingerprint,
                expires_at=now + datetime.timedelta(seconds=settings.API_IDEMPOTENCY_TTL),
            )
    except IntegrityError:
        first = IdempotencyKey.objects.get(scope=scope, key=key)
        if first.fingerprint != fingerprint:
            raise KeyReused from None


def idempotency_take(*, scope: str, key: str) -> IdempotencyKey:
    """Inside the request's transaction: hold the key's row while the request works, and
    return it (with the first answer, if there is one). Raises KeyInFlight while another
    request holds it. The lock ends with its holder's transaction, so the key of a request
    whose worker was killed is free for the retry, which finds no answer and does the work:
    the work and its stored answer commit together or not at all (issue 22)."""
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.select_for_update(nowait=True).get(scope=scope, key=key)
    except OperationalError:  # PostgreSQL's "could not obtain lock": the first still runs
        raise KeyInFlight from None


def idempotency_finish(*, scope: str, key: str, status: int, body, headers: dict) -> None:
    IdempotencyKey.objects.filter(scope=scope, key=key).update(
        status=status, response=body, headers=headers
    )


def idempotency_release(*, scope: str, key: str) -> None:
    """The request failed on our side: a retry with the key may try again."""
    IdempotencyKey.objects.filter(scope=scope, key=key, status__isnull=True).delete()


def api_rate_count(key: str, window: int) -> int:
    """Count one request of `key` in `window` (a fixed window's number) and return how many it
    has sent in that window, this one included: one statement (an upsert) that every worker and
    server sees, the row locked only for that statement (decision 0033: the database cache read
    and rewrote a pickled list of request times and counted its table to cull it)."""
    quote = connection.ops.quote_name
    table, key_, window_, count = (
        quote(name) for name in (RateWindow._meta.db_table, "key", "window", "count")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_}, {window_}, {count}) VALUES (%s, %s, 1) "  # noqa: S608 - names quoted
            f"ON CONFLICT ({key_}) DO UPDATE SET "
            # A request stamped with a window already past (a slower worker, a server's clock
            # behind) counts in the newer one: the row's window never moves back.
            f"{count} = CASE WHEN {table}.{window_} >= EXCLUDED.{window_} "
            f"THEN {table}.{count} + 1 ELSE 1 END, "
            f"{window_} = CASE WHEN {table}.{window_} > EXCLUDED.{window_} "
            f"THEN {table}.{window_} ELSE EXCLUDED.{window_} END "
            f"RETURNING {count}",
            [key[:200], window],
        )
        return cursor.fetchone()[0]
