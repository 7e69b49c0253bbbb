import pytest
from django.db import connection


@pytest.fixture
def tamper():
    """tamper(sql, params): change the trail behind the application's back, as an intruder would.

    On PostgreSQL the append-only trigger is switched off for the statement (inside the test's
    transaction, so it is back on when the test rolls back).
    """

    def run(sql: str, params=()):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")

    return run
