"""What one report through the API costs the others (issue 16): the audit chain's head is locked
only for the statements that append the report's events, a move validates what it changed, and
the receivers are told in one insert whatever their number. Counts, never times."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.api.tests.test_deviations_api import _report_body, post_json
from samsyn.audit.selectors import audit_chain_verify, audit_events_for
from samsyn.core.models import Notification
from samsyn.deviations.models import Deviation
from samsyn.outbox.models import OutboxMessage
from samsyn.parties.models import CareProvider, CareUnit, Role


def _report(client, sas, document, title):
    with CaptureQueriesContext(connection) as ctx:
        response = post_json(client, "/api/v1/deviations", _report_body(sas, document, title=title))
    assert response.status_code == 201, response.content
    return Deviation.objects.get(pk=response.json()["id"]), [q["sql"] for q in ctx]


def test_a_report_locks_the_chain_only_for_the_statements_that_append_its_events(
    api_as, personas, sas, document
):
    deviation, sql = _report(api_as(personas["reporter"]), sas, document, "Läkemedelslista")
    locked = next(i for i, s in enumerate(sql) if "audit_auditchainhead" in s)
    lock, insert, head, *rest = sql[locked:]
    assert lock.startswith('SELECT "audit_auditchainhead"')
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in lock
    assert insert.startswith('INSERT INTO "audit_auditevent"')
    assert head.startswith('UPDATE "audit_auditchainhead"')
    assert all(s.startswith("RELEASE SAVEPOINT") for s in rest)
    # Both of the report's events, in one insert, chained after each other.
    report, send = audit_events_for(target=deviation)
    assert report.action == "deviations.deviation.reported"
    assert send.action == "deviations.deviation.sent"
    assert send.prev_hash == report.hash and audit_chain_verify().ok


def test_a_report_costs_the_same_queries_whatever_the_number_of_receivers(
    api_as, personas, sas, document, make_person
):
    client = api_as(personas["reporter"])
    _report(client, sas, document, "Första")  # warm: content types, the token's first use
    _, one = _report(client, sas, document, "En mottagare")
    make_person(sas, Role.HANDLER, username="counterpart2")
    make_person(sas, Role.HANDLER, username="counterpart3")
    deviation, three = _report(client, sas, document, "Tre mottagare")
    assert len(three) == len(one)
    told = Notification.objects.filter(url=deviation.get_absolute_url())
    assert told.count() == 3
    assert OutboxMessage.objects.filter(notification__in=told).count() == 3
    assert set(
        OutboxMessage.objects.filter(notification__in=told).values_list("county_id", flat=True)
    ) == {sas.party.county_id}


def test_a_report_does_not_look_up_again_the_rows_it_has_just_read(api_as, personas, sas, document):
    """The form found the providers, document, category and consequences; the new case's
    validation and its `send` move do not ask whether they exist."""
    _, sql = _report(api_as(personas["reporter"]), sas, document, "Kontroller")
    assert not [s for s in sql if s.startswith('SELECT 1 AS "a" FROM "parties_careprovider"')]
    assert not [s for s in sql if s.startswith('SELECT 1 AS "a" FROM "auth_user"')]


def test_a_reports_statements_do_not_grow_with_the_countys_providers_and_units(
    api_as, personas, sas, document
):
    """Validating a report builds none of the page's choice lists (every provider and unit of
    the county): it asks for the chosen rows only."""
    client = api_as(personas["reporter"])
    _report(client, sas, document, "Första")  # warm: content types, the token's first use
    _, before = _report(client, sas, document, "Före")
    party = sas.party
    for n in range(5):
        provider = CareProvider.objects.create(party=party, kind=sas.kind, name=f"Mottagning {n}")
        CareUnit.objects.create(provider=provider, name=f"Enhet {n}")
    _, after = _report(client, sas, document, "Efter")
    assert len(after) == len(before)
    assert not [s for s in after if 'FROM "parties_careunit"' in s]


def test_a_report_reads_each_classification_table_once(api_as, personas, sas, document):
    """The category and the consequences the form listed are taken from its list, not looked
    up again one by one."""
    client = api_as(personas["reporter"])
    body = _report_body(sas, document, title="Klassning")
    with CaptureQueriesContext(connection) as ctx:
        assert post_json(client, "/api/v1/deviations", body).status_code == 201
    sql = [q["sql"] for q in ctx]
    for table in ("deviations_category", "deviations_patientconsequence"):
        assert len([s for s in sql if s.startswith(f'SELECT "{table}"')]) == 1, table


def test_a_report_stays_within_its_statements(
    api_as, personas, sas, document, django_assert_max_num_queries
):
    """A guard, not a timing: a report through the API costs 42 statements here (SQLite and
    PostgreSQL) since its rules are asked once (decision 0033, follow-up); a change that adds
    lookups to every report fails here."""
    client = api_as(personas["reporter"])
    post_json(client, "/api/v1/deviations", _report_body(sas, document, title="Första"))
    body = _report_body(sas, document, title="Inom gränsen")
    with django_assert_max_num_queries(44):
        assert post_json(client, "/api/v1/deviations", body).status_code == 201
