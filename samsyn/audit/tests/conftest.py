import pytest
from django.db import connection


@pytest.fixture
def tamper():
    """tamper(sql, params): change the trail behind the application's back, as an intruder would.

    On PostgreSQL the append-only trigger is bypassed for the statement, as a superuser could
    (replica mode skips ordinary triggers; it is reset right after, and the test rolls back).
    """

    def run(sql: str, params=()):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = origin")

    return run


@pytest.fixture
def events(personas, boras):
    """Five events in the trail, written by a handler about Borås."""
    from samsyn.audit.services import audit_record

    return [
        audit_record(
            actor=personas["handler"], action=f"test.step.{i}", target=boras, data={"n": i}
        )
        for i in range(5)
    ]
