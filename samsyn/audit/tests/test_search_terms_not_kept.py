"""A personnummer typed into a search or filter is never kept.

The read log and the audit trail cannot be purged, so a search term kept there would be kept
for ever. Every list, export and review page that takes a query is searched with a
personnummer in many typed forms; then every column of every table is scanned for it.
"""

import json
import re
import unicodedata

import pytest
from django.db import connection
from django.urls import reverse

from samsyn.audit.models import AuditEvent, ReadEvent
from samsyn.core.access import actor_for
from samsyn.deviations import services as deviation_services
from samsyn.deviations.tests.factories import document_make, report_data
from samsyn.parties.models import Role

# A valid personnummer (Luhn) that occurs nowhere else, and the ways people type it.
DIGITS = "4608168425"
TYPED = [
    "19460816-8425",
    "460816-8425",
    "194608168425",
    "4608168425",
    "19460816\u20138425",
    "460816\u22128425",
    "46 08 16-8425",
    "460816-84 25",
    "1946\u200b0816-8425",
    "19460816-8425-",
    "\uff11\uff19\uff14\uff16\uff10\uff18\uff11\uff16-\uff18\uff14\uff12\uff15",
]


def _digits_of(value) -> str:
    """Every digit a stored value holds, however it was encoded (JSON escapes, wide digits)."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    text = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(ch)) for ch in text if unicodedata.category(ch) == "Nd")


def _cells_holding_the_number() -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is not None and DIGITS in _digits_of(value):
                        found.append(f"{table}.{column}: {value!r}"[:300])
    return found


@pytest.fixture
def searchers(personas, boras, sas, make_person):
    document = document_make()
    deviation_services.deviation_report(
        actor=actor_for(personas["reporter"]),
        report=report_data(reporting_provider=boras, counterpart_provider=sas, document=document),
    )
    return {
        **personas,
        "manager": make_person(boras, Role.MANAGER_STEP2, username="manager2"),
    }


# (who, url name, the query's other values); every query value gets the number.
SEARCHES = [
    ("handler", "deviations:list", {"q": None}),
    ("handler", "deviations:list", {"q": None, "view": "mine", "provider": None}),
    ("handler", "deviations:export_csv", {"q": None}),
    ("handler", "deviations:export_xlsx", {"q": None, "category": None}),
    ("handler", "deviations:export_csv", {"q": None, "status": "sent"}),
    ("manager", "disagreements:list", {"q": None}),
    ("manager", "disagreements:list", {"q": None, "format": "csv"}),
    ("manager", "disagreements:list", {"q": None, "format": "xlsx"}),
    ("manager", "disagreements:lessons", {"q": None}),
    ("manager", "disagreements:similar", {"title": None, "question": None}),
    ("county_admin", "audit:read_log", {"username": None, "provider": None}),
    ("county_admin", "audit:read_log", {"object_id": None}),
    ("county_admin", "audit:read_log_csv", {"username": None, "provider": None}),
    ("county_admin", "audit:read_log_csv", {"username": None, "channel": "export"}),
    ("county_admin", "audit:trail", {"username": None, "action": None, "object_id": None}),
    ("county_admin", "agreements:regime", {"party": None, "on_date": None}),
    ("county_admin", "agreements:regime_json", {"kod": None, "datum": None}),
]


def test_a_personal_number_searched_for_anywhere_is_kept_in_no_table(client, searchers):
    client.raise_request_exception = False
    exports_before = ReadEvent.objects.filter(channel="export").count()
    for typed in TYPED:
        for who, url_name, params in SEARCHES:
            client.force_login(searchers[who])
            query = {name: typed if value is None else value for name, value in params.items()}
            response = client.get(reverse(url_name), query)
            assert response.status_code < 500, (url_name, query, response.status_code)
    # The searches did what they do: exports were logged, with the filters masked.
    exported = ReadEvent.objects.filter(channel="export").exclude(detail="")
    assert exported.count() > exports_before
    assert all("q=[personnummer]" in e.detail for e in exported if "q=" in e.detail)
    review_exports = AuditEvent.objects.filter(action="audit.read_log.exported")
    assert review_exports.exists()
    assert all("[personnummer]" in json.dumps(e.data, ensure_ascii=False) for e in review_exports)
    assert _cells_holding_the_number() == []


def test_the_scan_finds_the_number_where_it_is_kept(searchers):
    """The scan itself works: a number stored in a JSON column (escaped on SQLite) is found."""
    from samsyn.audit.services import audit_record

    assert _cells_holding_the_number() == []
    audit_record(actor=None, action="test.scan", data={"q": "19460816\u20138425"})
    assert _cells_holding_the_number()
