"""Property-based checks of the whole API from its own OpenAPI schema (schemathesis), with
a real token: whatever it sends, no 5xx, and every answer matches the schema — its status
code, its content type, its headers and its body."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from samsyn.api.v1 import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))

# The app itself, called in this process and this test's transaction (WSGI, no network).
APP = get_wsgi_application()
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept():
    """Keep the test's database connection across the in-process requests, as Django's test
    client does: the WSGI handler's request signals would close it (on PostgreSQL that ends
    the test's transaction; SQLite's in-memory test database ignores the close)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(personas, token_for, document, sent_case):
    return token_for(personas["counterpart_handler"])


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_of_the_api_matches_its_schema_and_none_is_a_5xx(case, token, connection_kept):
    # The fixture's token, not a generated one: the checks are about what a caller gets back.
    headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    case.headers = headers
    case.call_and_validate(app=APP, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
