"""Every error under /api/ in one shape: RFC 9457 problem details (issue 21, item 4).

`{"type": "urn:samsyn:problem:<code>", "title": <Swedish>, "status": n, "detail": …,
"errors": {field: [messages]}}`, served as `application/problem+json`. The API's exception
handlers, the middleware that catches what Django answers outside the API's views, and
later the import and the webhooks all answer through `problem()`.
"""

import json

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.utils.translation import gettext, gettext_noop

CONTENT_TYPE = "application/problem+json"

# The title of each status: one short Swedish sentence (the English msgid is translated).
TITLES = {
    400: gettext_noop("The request is not valid."),
    401: gettext_noop("You must authenticate."),
    403: gettext_noop("You are not allowed to do this."),
    404: gettext_noop("Not found."),
    405: gettext_noop("The method is not allowed here."),
    409: gettext_noop("The request conflicts with the current state."),
    412: gettext_noop("The case has changed since you read it."),
    415: gettext_noop("Send JSON."),
    422: gettext_noop("The request cannot be processed."),
    428: gettext_noop("The request must be conditional."),
    429: gettext_noop("Too many requests."),
    500: gettext_noop("Something went wrong on our side."),
    503: gettext_noop("The service is unavailable for a moment."),
}
CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    415: "unsupported_media_type",
    422: "unprocessable",
    428: "precondition_required",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


# A schema error's message by pydantic's error type, in Swedish like every other message;
# a type not named here gets the general sentence rather than pydantic's English.
SCHEMA_MESSAGES = {
    "missing": gettext_noop("This field is required."),
    "int_parsing": gettext_noop("Enter a whole number."),
    "int_type": gettext_noop("Enter a whole number."),
    "int_from_float": gettext_noop("Enter a whole number."),
    "greater_than_equal": gettext_noop("Enter a number of at least %(ge)s."),
    "less_than_equal": gettext_noop("Enter a number of at most %(le)s."),
    "date_parsing": gettext_noop("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_noop("Enter a date as YYYY-MM-DD."),
    "date_type": gettext_noop("Enter a date as YYYY-MM-DD."),
    "literal_error": gettext_noop("Choose one of: %(expected)s."),
    "string_type": gettext_noop("Enter text."),
    "bool_parsing": gettext_noop("Enter true or false."),
    "bool_type": gettext_noop("Enter true or false."),
    "list_type": gettext_noop("Enter a list."),
    "dict_type": gettext_noop("Enter an object."),
    "model_type": gettext_noop("Enter an object."),
    "json_invalid": gettext_noop("The body is not valid JSON."),
}
SCHEMA_MESSAGE_OTHER = gettext_noop("The value is not valid.")


def schema_message(error: dict) -> str:
    """One pydantic error as a Swedish sentence (its limits, e.g. the smallest number, kept)."""
    message = gettext(SCHEMA_MESSAGES.get(error.get("type", ""), SCHEMA_MESSAGE_OTHER))
    try:
        return message % {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    except (KeyError, TypeError, ValueError):
        return gettext(SCHEMA_MESSAGE_OTHER)


def problem(status: int, detail: str = "", *, code: str = "", errors=None, headers=None):
    """A problem+json response; `errors` are field errors by field name ("__all__" → "")."""
    body = {
        "type": f"urn:samsyn:problem:{code or CODES.get(status, 'error')}",
        "title": gettext(TITLES.get(status, TITLES[400 if status < 500 else 500])),
        "status": status,
    }
    if detail:
        body["detail"] = str(detail)
    if errors:
        body["errors"] = {
            ("" if k == NON_FIELD_ERRORS else k): [str(m) for m in v] for k, v in errors.items()
        }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# What every operation may answer besides its own result, each as a problem. The shared
# machinery answers these for any operation: a body or parameter that does not match (400), no
# or a bad token (401), a permission (403), an unknown id (404), the rate limit (429) and a
# database outage (503). A call that changes something can also meet the case's version and
# state (409, 412, 428), a body that is not JSON (415) and a reused Idempotency-Key (422).
READ_PROBLEMS = (400, 401, 403, 404, 429, 503)
WRITE_PROBLEMS = (*READ_PROBLEMS, 409, 412, 415, 422, 428)
SAFE_METHODS = ("get", "head", "options")


def _problem_schema() -> dict:
    return {
        "type": "object",
        "title": "Problem",
        "description": gettext("RFC 9457 problem details."),
        "required": ["type", "title", "status"],
        "properties": {
            "type": {"type": "string", "description": "urn:samsyn:problem:<code>"},
            "title": {"type": "string", "description": gettext("A short sentence in Swedish.")},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {
                "type": "object",
                "description": gettext(
                    'Field errors by field name; an error that belongs to no field is under "".'
                ),
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    }


def document_problems(schema: dict) -> dict:
    """The OpenAPI schema with every operation's problem answers in it (what the API really
    answers, so that a client generated from the schema knows them and schemathesis can hold
    every answer to the schema). An operation's own answers for a status are kept."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = _problem_schema()
    content = {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            statuses = READ_PROBLEMS if method in SAFE_METHODS else WRITE_PROBLEMS
            responses = operation.setdefault("responses", {})
            for status in statuses:
                responses.setdefault(
                    str(status), {"description": gettext(TITLES[status]), "content": content}
                )
    return schema


def validation_errors(error) -> dict[str, list[str]]:
    """A Django ValidationError as {field: [messages]} (a message without field under "")."""
    if hasattr(error, "error_dict"):
        return {k: [m for e in v for m in e.messages] for k, v in error.error_dict.items()}
    return {"": list(error.messages)}


def is_problem(response) -> bool:
    return response.get("Content-Type", "").startswith(("application/json", CONTENT_TYPE))


# Open to everyone under /api/: the schema and its docs. Everything else needs a token or a
# signed-in session (deny by default, also for URLs that do not exist).
OPEN_PATHS = ("/api/v1/openapi.json", "/api/v1/docs")


class ApiProblemMiddleware:
    """Under /api/ nothing answers in HTML: an error Django makes outside the API's views (an
    unknown URL, a method not allowed) becomes a problem too. Nobody anonymous gets further
    than 401. It sits inside the CSP and framing middleware, so its answers carry their headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        if _has_nul(request):
            return problem(400, gettext("The request contains characters that are not allowed."))
        anonymous = "Authorization" not in request.headers and not request.user.is_authenticated
        if anonymous and not request.path.startswith(OPEN_PATHS):
            return problem(401, headers={"WWW-Authenticate": 'Bearer realm="samsyn"'})
        response = self.get_response(request)
        if response.status_code >= 400 and not is_problem(response):  # noqa: PLR2004
            kept = {k: response[k] for k in ("Allow", "Retry-After") if k in response}
            return problem(response.status_code, headers=kept)
        return response


def _has_nul(request) -> bool:
    """PostgreSQL refuses NUL in text: such input is answered as bad input, never a 500."""
    raw = request.META.get("QUERY_STRING", "") + request.path
    return "\x00" in raw or "%00" in raw.lower() or "\x00" in request.GET.urlencode()
