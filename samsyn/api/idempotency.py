"""`Idempotency-Key` on creating requests (the IETF draft's semantics, issue 21 item 3).

A retry with the same key and body gets the first answer and creates nothing; the same key
with another body is refused (422); while the first request runs, the same key gets 409.
Keys are per sender (the user behind the token or session) and live in the database. The work
and its stored answer commit together, so a request cut off half-way (a killed worker, a lost
connection) leaves nothing, and its retry with the key completes it exactly once.
"""

import hashlib
import json
from collections.abc import Callable

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_noop

from samsyn.api.problems import problem
from samsyn.api.services import (
    KeyInFlight,
    KeyReused,
    idempotency_claim,
    idempotency_finish,
    idempotency_release,
    idempotency_take,
    request_fingerprint,
)

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEY_TOO_LONG = gettext_noop("The Idempotency-Key may be at most 255 characters.")
KEY_REUSED = gettext_noop("This Idempotency-Key was used for another request.")
KEY_IN_FLIGHT = gettext_noop("A request with this Idempotency-Key is still being processed.")
# Headers of the first answer that a replay repeats.
KEPT_HEADERS = ("Location", "ETag", "Content-Type")


def once(request, run: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer `run()` once per key: later requests with the key get the stored answer."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return run()
    if len(key) > MAX_KEY_LENGTH:
        return problem(400, _t(KEY_TOO_LONG), errors={HEADER: [_t(KEY_TOO_LONG)]})
    scope = f"user:{request.user.pk}"
    fingerprint = request_fingerprint(
        method=request.method, path=request.path, body=_fingerprinted_body(request)
    )
    try:
        idempotency_claim(scope=scope, key=key, fingerprint=fingerprint)
        return _once(scope, key, run)
    except KeyReused:
        return problem(422, _t(KEY_REUSED), code="idempotency_key_reused")
    except KeyInFlight:
        return problem(409, _t(KEY_IN_FLIGHT), code="idempotency_key_in_flight")
    except BaseException:
        idempotency_release(scope=scope, key=key)
        raise


def _once(scope: str, key: str, run: Callable[[], HttpResponse]) -> HttpResponse:
    """The work and its stored answer in one transaction, under the key's lock: a worker
    killed in between leaves neither, and the retry does the work once."""
    with transaction.atomic():
        first = idempotency_take(scope=scope, key=key)
        if first.status is not None:
            return _replayed(first)
        response = run()
        if response.status_code >= 500:  # noqa: PLR2004 - ours to retry, not the client's answer
            transaction.set_rollback(True)
        else:
            idempotency_finish(
                scope=scope,
                key=key,
                status=response.status_code,
                body=json.loads(response.content or b"null"),
                headers={k: response[k] for k in KEPT_HEADERS if k in response},
            )
    if response.status_code >= 500:  # noqa: PLR2004
        idempotency_release(scope=scope, key=key)
    return response


def _fingerprinted_body(request) -> bytes:
    """The body as sent; a multipart upload (attachments) by its fields and its files'
    names and SHA-256, since the form's boundary may differ between a request and its retry
    (and the body has been read into request.FILES by then)."""
    if not request.content_type.startswith("multipart/"):
        return request.body
    parts = {
        "fields": sorted(request.POST.lists()),
        "files": sorted(
            (field, upload.name, _sha256(upload))
            for field, uploads in request.FILES.lists()
            for upload in uploads
        ),
    }
    return json.dumps(parts, sort_keys=True).encode()


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _replayed(first) -> HttpResponse:
    response = HttpResponse(json.dumps(first.response, ensure_ascii=False), status=first.status)
    for name, value in first.headers.items():
        response[name] = value
    response["Idempotent-Replayed"] = "true"
    return response
