"""Deviations through the API: list, report, read (ETag, read log), moves (If-Match)."""

import datetime
import hashlib
import json

from django.utils import timezone

from samsyn.audit.models import ReadEvent
from samsyn.cases.models import Transition
from samsyn.cases.views import ActionForm
from samsyn.cases.workflow import Move
from samsyn.deviations.forms import NoteForm
from samsyn.deviations.models import (
    Category,
    Deviation,
    OrganisationConsequence,
    PatientConsequence,
    Status,
)
from samsyn.deviations.views import ACTIONS
from samsyn.deviations.workflow import DEVIATION_WORKFLOW


def _report_body(sas, document, **overrides):
    body = {
        "counterpart_provider": sas.pk,
        "event_date": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "title": "Läkemedelslista saknades",
        "description": "Patienten kom hem utan läkemedelslista.",
        "document": document.pk,
        "category": Category.objects.get(name="Läkemedel i vårdens övergångar").pk,
        "patient_consequence": PatientConsequence.objects.get(
            name="Risk för vårdskada (tillbud)"
        ).pk,
        "psychological_consequence": PatientConsequence.objects.get(name="Ingen").pk,
        "potential_consequence": "unknown",
        "organisation_consequence": OrganisationConsequence.objects.get(
            name="Ökad arbetsinsats"
        ).pk,
    }
    return {**body, **overrides}


def post_json(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_reporting_a_deviation_through_the_api_sends_it(api_as, personas, sas, document):
    client = api_as(personas["reporter"])
    response = post_json(client, "/api/v1/deviations", _report_body(sas, document))
    assert response.status_code == 201, response.content
    data = response.json()
    deviation = Deviation.objects.get(pk=data["id"])
    assert deviation.status == Status.SENT
    assert response["ETag"] == f'"{deviation.version}"'
    assert response["Location"] == f"/api/v1/deviations/{deviation.pk}"


def test_a_report_with_bad_fields_is_a_problem_with_field_errors(api_as, personas, sas, document):
    client = api_as(personas["reporter"])
    body = _report_body(sas, document, title="", counterpart_provider=999999)
    response = post_json(client, "/api/v1/deviations", body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Begäran är inte giltig."
    assert {"title", "counterpart_provider"} <= set(problem["errors"])


def test_a_body_that_is_not_json_is_a_400_problem(api_as, personas):
    client = api_as(personas["reporter"])
    response = client.post("/api/v1/deviations", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_reading_a_case_gives_its_etag_and_is_in_the_read_log(api_as, personas, sent_case):
    response = api_as(personas["counterpart_handler"]).get(f"/api/v1/deviations/{sent_case.pk}")
    assert response.status_code == 200
    assert response["ETag"] == f'"{sent_case.version}"'
    event = ReadEvent.objects.get(object_id=str(sent_case.pk), channel="api")
    assert event.username == "counterpart"
    assert "Testsystem" in event.detail


def test_a_token_of_another_municipality_cannot_read_the_case(api_as, personas, sent_case):
    client = api_as(personas["outsider"])  # Skövde: neither side of the case
    assert client.get(f"/api/v1/deviations/{sent_case.pk}").status_code == 404
    listed = client.get("/api/v1/deviations").json()["items"]
    assert sent_case.pk not in [d["id"] for d in listed]


def test_the_list_uses_the_pages_filters_and_a_cursor(
    api_as, personas, boras, sas, document, sent_case
):
    client = api_as(personas["reporter"])
    for _ in range(2):
        post_json(client, "/api/v1/deviations", _report_body(sas, document))
    first = client.get("/api/v1/deviations?limit=2").json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get(f"/api/v1/deviations?limit=2&cursor={first['next_cursor']}").json()
    ids = [d["id"] for d in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 3
    assert rest["next_cursor"] is None
    closed = client.get("/api/v1/deviations?status=closed").json()
    assert closed["items"] == []
    bad = client.get("/api/v1/deviations?status=nonsense")
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_every_move_of_the_table_goes_through_the_one_move_endpoint(api_as, personas, sent_case):
    client = api_as(personas["counterpart_handler"])
    url = f"/api/v1/deviations/{sent_case.pk}"
    moves = client.get(f"{url}/moves").json()
    assert "acknowledge" in [m["code"] for m in moves]
    etag = client.get(url)["ETag"]
    response = post_json(
        client,
        f"{url}/moves/acknowledge",
        {"note": "Mottagen", "position": "agrees"},
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.ACKNOWLEDGED
    assert response["ETag"] != etag


def test_a_move_with_a_stale_if_match_is_412(api_as, personas, sent_case):
    client = api_as(personas["counterpart_handler"])
    url = f"/api/v1/deviations/{sent_case.pk}/moves/acknowledge"
    stale = f'"{sent_case.version - 1 if sent_case.version > 1 else 99}"'
    response = post_json(client, url, {}, HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response["Content-Type"] == "application/problem+json"


def test_a_move_without_a_version_asks_for_if_match(api_as, personas, sent_case):
    client = api_as(personas["counterpart_handler"])
    response = post_json(client, f"/api/v1/deviations/{sent_case.pk}/moves/acknowledge", {})
    assert response.status_code == 428


def test_a_move_the_state_forbids_is_409_and_a_reader_gets_403(api_as, personas, sent_case):
    handler = api_as(personas["counterpart_handler"])
    url = f"/api/v1/deviations/{sent_case.pk}/moves"
    etag = f'"{sent_case.version}"'
    assert post_json(handler, f"{url}/close", {}, HTTP_IF_MATCH=etag).status_code == 409
    reporter = api_as(personas["reporter"])  # the reporting side may not acknowledge
    assert post_json(reporter, f"{url}/acknowledge", {}, HTTP_IF_MATCH=etag).status_code == 403
    assert post_json(handler, f"{url}/no_such_move", {}).status_code == 404


def test_every_move_of_the_pages_is_reachable_through_the_move_endpoint(
    api_as, personas, sent_case
):
    """Each code of the deviation page's forms answers (a refusal at most), never 404/5xx."""

    client = api_as(personas["counterpart_handler"])
    url = f"/api/v1/deviations/{sent_case.pk}/moves"
    for code in ACTIONS.forms:
        response = post_json(client, f"{url}/{code}", {}, HTTP_IF_MATCH=f'"{sent_case.version}"')
        assert response.status_code in (200, 400, 403, 409, 412, 428), (code, response.content)


def test_a_move_added_to_the_table_is_in_the_api_without_code_there(
    api_as, personas, sent_case, monkeypatch
):
    """What the receiving side's new moves will do: a row in the workflow and a form/service
    in the page's table, and the API offers and makes it."""

    def deviation_remark(*, actor, deviation, expected_version, note=""):
        DEVIATION_WORKFLOW.transition(
            actor=actor, case=deviation, code="remark", note=note, expected_version=None
        )

    move = Move("remark", "anmark", "Anmärk", {Status.SENT}, "deviations.handle", done="Anmärkt")
    monkeypatch.setattr(DEVIATION_WORKFLOW, "moves", [*DEVIATION_WORKFLOW.moves, move])
    monkeypatch.setitem(DEVIATION_WORKFLOW._by_code, "remark", [move])
    monkeypatch.setitem(ACTIONS.forms, "remark", ActionForm(NoteForm, deviation_remark, "ok"))
    client = api_as(personas["counterpart_handler"])
    url = f"/api/v1/deviations/{sent_case.pk}"
    assert "remark" in [m["code"] for m in client.get(f"{url}/moves").json()]
    response = post_json(
        client,
        f"{url}/moves/remark",
        {"note": "Vi tittar på det."},
        HTTP_IF_MATCH=f'"{sent_case.version}"',
    )
    assert response.status_code == 200, response.content
    assert Transition.objects.filter(object_id=sent_case.pk, move="remark").exists()


def test_a_system_reports_with_the_patients_number_kept_apart_and_in_no_answer(
    api_as, personas, sas, document
):
    """Issue 18 through the API: the number is checked as on the page, kept encrypted, and
    neither the answer nor the stored answer of an Idempotency-Key holds it."""
    from samsyn.api.models import IdempotencyKey
    from samsyn.deviations.models import PatientReference

    client = api_as(personas["reporter"])
    refused = post_json(
        client,
        "/api/v1/deviations",
        _report_body(sas, document, patient_reference="19121212-1213"),
        HTTP_IDEMPOTENCY_KEY="rapport-fel",
    )
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"patient_reference"}
    assert not Deviation.objects.exists()
    answer = post_json(
        client,
        "/api/v1/deviations",
        _report_body(sas, document, patient_reference="19121212\u20131212"),
        HTTP_IDEMPOTENCY_KEY="rapport-1",
    )
    assert answer.status_code == 201
    deviation = Deviation.objects.get(pk=answer.json()["id"])
    assert PatientReference.objects.filter(deviation=deviation).exists()
    for kept in (answer.content.decode(), *(str(k.response) for k in IdempotencyKey.objects.all())):
        assert "1212-1212" not in kept and "19121212" not in kept


def test_the_kept_fingerprint_of_a_report_gives_no_way_to_guess_the_patients_number(
    api_as, personas, sas, document, settings
):
    """An Idempotency-Key's row keeps a fingerprint of the request's body, and a reporting
    system's body may hold the patient's number. A plain SHA-256 of the canonical body could
    be recomputed for every possible number by whoever reads the table and knows the case's
    other fields (they are in the case), so the fingerprint is keyed with the server's
    secret: without it, no guess can be checked against the row."""
    from samsyn.api.models import IdempotencyKey
    from samsyn.api.services import request_fingerprint

    body = _report_body(sas, document, patient_reference="19121212-1212")
    answer = post_json(
        api_as(personas["reporter"]), "/api/v1/deviations", body, HTTP_IDEMPOTENCY_KEY="r-1"
    )
    assert answer.status_code == 201
    kept = IdempotencyKey.objects.get().fingerprint
    canonical = json.dumps(body, sort_keys=True).encode()
    plain = hashlib.sha256(b"POST /api/v1/deviations\n" + canonical).hexdigest()
    assert kept != plain  # a guessed number cannot be checked without the secret
    kept_again = request_fingerprint(
        method="POST", path="/api/v1/deviations", body=json.dumps(body).encode()
    )
    assert kept == kept_again  # the same request is still recognised
    settings.SECRET_KEY = "another-server-secret-" + "x" * 40
    assert (
        request_fingerprint(
            method="POST", path="/api/v1/deviations", body=json.dumps(body).encode()
        )
        != kept
    )
