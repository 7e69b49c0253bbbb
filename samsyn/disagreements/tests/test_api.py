"""Disagreements through the API: raise one, read it, climb the ladder through the one move
endpoint (the same forms and services as the pages), and who may."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from samsyn.api.services import api_token_create
from samsyn.audit.models import ReadEvent
from samsyn.core.access import actor_for
from samsyn.disagreements.models import Disagreement
from samsyn.disagreements.tests.factories import category, open_case


def api_client(user) -> Client:
    made = api_token_create(
        actor=actor_for(user),
        name="Ärendesystem",
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {made.secret}")


def post_json(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_a_manager_raises_a_disagreement_through_the_api(ladder, boras, sas):
    body = {
        "provider_a": boras.pk,
        "provider_b": sas.pk,
        "title": "Betalningsansvar efter utskrivning",
        "question": "När börjar kommunens betalningsansvar?",
        "position_a": "Patienten var inte utskrivningsklar.",
        "category": category().pk,
    }
    client = api_client(ladder["boras1"])
    response = post_json(client, "/api/v1/disagreements", body, HTTP_IDEMPOTENCY_KEY="a")
    assert response.status_code == 201, response.content
    again = post_json(client, "/api/v1/disagreements", body, HTTP_IDEMPOTENCY_KEY="a")
    assert again.json()["id"] == response.json()["id"]
    assert Disagreement.objects.get().current_step == 1


def test_a_registration_without_fields_is_a_400_problem(ladder):
    response = post_json(api_client(ladder["boras1"]), "/api/v1/disagreements", {})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_reading_is_logged_and_another_party_gets_404(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    assert api_client(ladder["sas1"]).get(f"/api/v1/disagreements/{d.pk}").status_code == 200
    assert ReadEvent.objects.filter(object_id=str(d.pk), channel="api").exists()
    assert api_client(ladder["skovde1"]).get(f"/api/v1/disagreements/{d.pk}").status_code == 404


@pytest.mark.parametrize(("who", "status"), [("boras1", 200), ("analyst", 403), ("skovde1", 404)])
def test_escalating_through_the_move_endpoint(ladder, boras, sas, who, status):
    d = open_case(ladder["boras1"], boras, sas)
    response = post_json(
        api_client(ladder[who]),
        f"/api/v1/disagreements/{d.pk}/moves/escalate",
        {"reason": "Ingen samsyn på steg 1."},
        HTTP_IF_MATCH=f'"{d.version}"',
    )
    assert response.status_code == status, response.content
    d.refresh_from_db()
    assert d.current_step == (2 if status == 200 else 1)


def test_the_moves_offered_are_the_tables(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    codes = [
        m["code"]
        for m in api_client(ladder["boras1"]).get(f"/api/v1/disagreements/{d.pk}/moves").json()
    ]
    assert "escalate" in codes and "comment" in codes


def test_the_list_shows_only_visible_cases_by_cursor(ladder, boras, sas):
    for n in range(3):
        open_case(ladder["boras1"], boras, sas, title=f"Fråga {n}")
    client = api_client(ladder["sas1"])
    first = client.get("/api/v1/disagreements?limit=2").json()
    rest = client.get(f"/api/v1/disagreements?limit=2&cursor={first['next_cursor']}").json()
    assert len(first["items"]) + len(rest["items"]) == 3
    assert api_client(ladder["skovde1"]).get("/api/v1/disagreements").json()["items"] == []
    assert client.get("/api/v1/disagreements?cursor=%%%").status_code == 400


def test_an_affected_patient_without_an_answer_on_their_needs_is_a_400_on_the_fields(
    ladder, boras, sas
):
    body = {
        "provider_a": boras.pk,
        "provider_b": sas.pk,
        "title": "Utskrivning",
        "question": "Vem ansvarar?",
        "position_a": "Sjukhuset.",
        "category": category().pk,
        "patient_affected": True,
    }
    client = api_client(ladder["boras1"])
    response = post_json(client, "/api/v1/disagreements", body)
    assert response.status_code == 400
    assert "temporary_solution" in response.json()["errors"]
    assert not Disagreement.objects.exists()
    body |= {"temporary_solution_none": True, "temporary_solution": "Patienten är kvar."}
    response = post_json(client, "/api/v1/disagreements", body)
    assert response.status_code == 201 and response.json()["temporary_solution_none"] is True


def test_a_resolution_through_the_api_waits_for_the_other_partys_confirmation(ladder, boras, sas):
    d = open_case(ladder["boras1"], boras, sas)
    url = f"/api/v1/disagreements/{d.pk}/moves"
    response = post_json(
        api_client(ladder["boras1"]),
        f"{url}/resolve",
        {"solution": "Sjukhuset ringer före utskrivning."},
        HTTP_IF_MATCH=f'"{d.version}"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "open" and response.json()["proposal_kind"] == "resolve"
    other = api_client(ladder["sas1"])
    assert "resolve_confirm" in [m["code"] for m in other.get(url).json()]
    version = response.json()["version"]
    response = post_json(other, f"{url}/resolve_confirm", {}, HTTP_IF_MATCH=f'"{version}"')
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "resolved"
