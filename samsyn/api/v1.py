"""The /api/v1 assembly: one NinjaAPI, each app's router, one error shape (RFC 9457).

Deny by default: every operation needs a token or a signed-in session unless it says
otherwise; only the schema and the docs are open.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaError

from samsyn.agreements.api import router as agreements_router
from samsyn.api.auth import API_AUTH, API_THROTTLE
from samsyn.api.problems import document_problems, problem, schema_message, validation_errors
from samsyn.cases.workflow import BAD_TRANSITION_CODE
from samsyn.core.services import CONCURRENT_EDIT_CODE
from samsyn.deviations.api import router as deviations_router
from samsyn.disagreements.api import lessons_router
from samsyn.disagreements.api import router as disagreements_router
from samsyn.followup.api import router as followup_router
from samsyn.parties.api import router as parties_router


class SamsynApi(NinjaAPI):
    """The API whose schema also names every problem an operation may answer."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return document_problems(
            super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        )


api = SamsynApi(
    title="Samsyn API",
    version="1",
    urls_namespace="api-v1",
    auth=API_AUTH,
    throttle=[API_THROTTLE],
    description=gettext_lazy(
        "Samsyn's API for the care providers' own systems and the county's analysts: "
        "deviations, disagreements, parties, care providers, units, governing documents and "
        "guiding solutions. Every call makes the same checks and calls the same service as "
        "the pages. Authenticate with a personal API token (`Authorization: Bearer "
        "samsyn_…`, made on the API tokens page), a system account's token (made by the "
        "care provider's administrator on the account's page, acting only at that provider) "
        "or the browser's session. Errors answer as `application/problem+json` (RFC 9457). "
        "Creating calls accept `Idempotency-Key`; attachments are sent as "
        "`multipart/form-data`."
    ),
)


class MeOut(Schema):
    username: str
    name: str


@api.get(
    "/me",
    response=MeOut,
    summary=gettext_lazy("Who the token acts as"),
    description=gettext_lazy(
        "The person the token (or the signed-in session) acts for: a way for a system to "
        "check its token. Reads no case data."
    ),
)
def me(request):
    return {"username": request.user.get_username(), "name": request.user.get_full_name()}


api.add_router("/deviations", deviations_router)
api.add_router("/disagreements", disagreements_router)
api.add_router("/lessons", lessons_router)
api.add_router("/", parties_router)
api.add_router("/", agreements_router)
api.add_router("/", followup_router)


@api.exception_handler(SchemaError)
def _schema_error(request, exc):
    """A body or parameter that does not match the schema: 400 with the fields named."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        errors.setdefault(".".join(loc), []).append(schema_message(error))
    return problem(400, errors=errors)


@api.exception_handler(ValidationError)
def _service_refusal(request, exc):
    """A service's refusal: a stale version is 412, a move the state forbids 409, else 400."""
    code = getattr(exc, "code", None)
    if code == CONCURRENT_EDIT_CODE:
        return problem(412, " ".join(exc.messages))
    if code == BAD_TRANSITION_CODE:
        return problem(409, " ".join(exc.messages), code="bad_transition")
    if hasattr(exc, "error_dict") and any(
        e.code == CONCURRENT_EDIT_CODE for errs in exc.error_dict.values() for e in errs
    ):
        return problem(412, errors=validation_errors(exc))
    return problem(400, errors=validation_errors(exc))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem(403, str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(404, str(exc) if exc.args else "")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem(
        401,
        _("Send a valid API token or sign in."),
        headers={"WWW-Authenticate": 'Bearer realm="samsyn"'},
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem(exc.status_code, str(exc.message))


@api.exception_handler(Throttled)
def _throttled(request, exc):
    return problem(
        429,
        _("Wait before you send more requests."),
        headers={"Retry-After": str(max(1, int(exc.wait or 1)))},
    )
