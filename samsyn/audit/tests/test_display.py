"""The trail as people read it: labels for keys, names for ids and codes, amounts in kronor."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.audit.display import data_rows, data_rows_many
from samsyn.audit.services import FREE_TEXT_CHANGED, audit_record
from samsyn.parties.models import Party


def test_ids_and_codes_are_shown_by_what_they_name(reference_data):
    mark = Party.objects.get(code="1463")
    rows = dict(
        data_rows(
            {
                "party": "1463",
                "party_id": mark.pk,
                "document": "HSA-2027",
                "amount": "96600.00",
                "note": FREE_TEXT_CHANGED,
            }
        )
    )
    assert rows["Huvudman"] == "Marks kommun"  # both the code and the id
    assert rows["Dokument"].startswith("Hälso- och sjukvårdsavtal mellan Västra Götalandsregionen")
    assert rows["Belopp"] == "96\u00a0600,00 kr"
    assert rows["Note"] == "[fritext ändrad]"
    assert "1463" not in str(rows) and str(mark.pk) not in str(rows)


def test_a_created_object_shows_what_it_became_and_a_change_old_and_new(reference_data):
    created = dict(
        data_rows(
            {"before": None, "after": {"notified_on": "2026-10-15"}}, "agreements.termination"
        )
    )
    assert created == {"Uppsägning mottagen": "2026-10-15"}
    changed = dict(data_rows({"before": {"name": "A"}, "after": {"name": "B"}}, "parties.party"))
    assert changed == {"Namn": "A → B"}


def test_the_trail_names_objects_keys_and_parties(client, personas, reference_data):
    mark = Party.objects.get(code="1463")
    audit_record(
        actor=None,
        action="parties.party.renamed",
        target=mark,
        data={"code": "1463", "before": {"name": "Mark kommun"}, "after": {"name": mark.name}},
    )
    client.force_login(personas["county_admin"])
    html = client.get(reverse("audit:trail")).content.decode()
    assert "Huvudmannen har fått nytt namn från referensdata" in html
    assert "Marks kommun" in html and "Mark kommun → Marks kommun" in html
    assert f"huvudman {mark.pk}" not in html.lower()
    assert "<dt>Kod</dt>" in html  # the key by its label, not "code"


def test_a_page_of_events_names_its_rows_with_one_query_per_model(reference_data):
    """The trail's page shows each event's data as data_rows() would, naming the parties
    and documents of all its events with a query per model, not one per id."""
    parties = [Party.objects.get(code="1463"), *Party.objects.exclude(code="1463")[:5]]
    items = [
        ({"party": p.code, "party_id": p.pk, "document": "HSA-2027", "gone_id": 10**9}, None)
        for p in parties
    ] + [({"before": {"name": "A"}, "after": {"name": "B"}}, "parties.party"), ("text", None)]
    one_by_one = [data_rows(data, model) for data, model in items]
    with CaptureQueriesContext(connection) as page:
        together = data_rows_many(items)
    assert together == one_by_one
    assert "Marks kommun" in str(together)
    assert len(page.captured_queries) <= 3  # parties by code, by id; documents by code
