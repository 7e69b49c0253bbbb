"""GET /healthz and the 503 when the database does not answer (issue 22)."""

import json

import pytest
from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.test import RequestFactory

from samsyn.core.health import database_health
from samsyn.core.views import bad_request, server_error


@pytest.fixture
def unreachable_database():
    """A real connection to a database that is not there (a closed port, a missing file)."""
    bad = connections.create_connection("default")
    if bad.vendor == "sqlite":
        bad.settings_dict = {**bad.settings_dict, "NAME": "/nonexistent/samsyn/db.sqlite3"}
    else:
        bad.settings_dict = {**bad.settings_dict, "HOST": "127.0.0.1", "PORT": "1"}
    yield bad
    bad.close()


def test_healthz_answers_ok_without_sign_in_and_names_no_data(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}


def test_healthz_is_503_while_a_migration_is_not_applied(client, db):
    MigrationRecorder.Migration.objects.filter(app="outbox").order_by("-id").first().delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


def test_a_database_that_does_not_answer_is_unreachable_not_an_exception(unreachable_database, db):
    assert database_health(using=unreachable_database) == {
        "database": "unreachable",
        "migrations": "unknown",
    }


def _answer_while_the_database_is_down(bad, path):
    try:
        bad.ensure_connection()
    except Exception:  # noqa: BLE001 - the handler reads the exception being handled
        return server_error(RequestFactory().get(path))
    pytest.fail("the database should not have answered")


def test_the_api_answers_a_database_outage_with_a_503_problem(unreachable_database, db):
    response = _answer_while_the_database_is_down(unreachable_database, "/api/v1/deviations")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 503
    assert "databas" in body["detail"]


def test_a_page_answers_a_database_outage_with_a_swedish_503_page(unreachable_database, db):
    response = _answer_while_the_database_is_down(unreachable_database, "/avvikelser/")
    assert response.status_code == 503
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Samsyn kan inte nå sin databas just nu" in html


def test_any_other_fault_is_still_a_500(db):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/avvikelser/"))
    assert response.status_code == 500


def test_a_session_that_could_not_be_saved_in_an_outage_is_a_503_not_a_400(
    unreachable_database, db
):
    """Django turns a session save that fails into "session interrupted" (400): when the
    database is what failed, the person gets the outage page (found by the restart drill)."""
    request = RequestFactory().get("/avvikelser/")
    try:
        try:
            unreachable_database.ensure_connection()
        except Exception as exc:  # noqa: BLE001
            raise SessionInterrupted("The request's session was deleted") from exc
    except SessionInterrupted as exc:
        response = bad_request(request, exc)
    assert response.status_code == 503


def test_the_drivers_own_error_with_a_cause_of_its_own_is_an_outage_too(unreachable_database, db):
    """A cursor closed on a connection the server dropped raises the driver's error (not
    Django's), whose cause is the driver's too, with Django's error only in its context: the
    restart drill's web page once answered 500 for it."""
    driver = connections["default"].Database
    request = RequestFactory().get("/avvikelser/")
    try:
        try:
            unreachable_database.ensure_connection()
        except Exception:  # noqa: BLE001
            raise driver.OperationalError("consuming input failed") from RuntimeError("pq")
    except driver.OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert "Samsyn kan inte nå sin databas just nu" in response.content.decode()


def test_a_bug_raised_while_handling_another_bug_is_still_a_500(db):
    try:
        try:
            raise KeyError("first")
        except KeyError:
            raise ValueError("second") from TypeError("third")
    except ValueError:
        response = server_error(RequestFactory().get("/avvikelser/"))
    assert response.status_code == 500
