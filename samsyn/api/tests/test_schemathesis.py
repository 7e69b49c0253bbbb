"""Property-based checks of the whole API from its own OpenAPI schema (schemathesis), with
a real token: whatever it sends, no 5xx, and every answer matches the schema."""

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings

from samsyn.api.v1 import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))


@pytest.fixture
def token_client(personas, token_for, document, sent_case):
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(personas['counterpart_handler'])}")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_never_answers_5xx(case, token_client):
    response = token_client.generic(
        case.method,
        case.formatted_path + ("?" + _query(case.query) if case.query else ""),
        data=_body(case),
        content_type="application/json",
        **{
            f"HTTP_{k.upper().replace('-', '_')}": v
            for k, v in (case.headers or {}).items()
            if k.lower() != "authorization"  # the token of the fixture, not a generated one
        },
    )
    assert response.status_code < 500, response.content


def _query(query) -> str:
    return urlencode(query, doseq=True)


def _body(case) -> bytes:
    if case.body is None or type(case.body).__name__ == "NotSet":
        return b""
    if isinstance(case.body, bytes):
        return case.body
    return json.dumps(case.body).encode()
