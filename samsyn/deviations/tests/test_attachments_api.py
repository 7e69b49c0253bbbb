"""Attachments over the API (issue 21): the page's attach move and its rules, through
multipart/form-data; the list and the download follow the attachment rule and are logged."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from samsyn.api.services import api_token_create
from samsyn.attachments.models import Attachment
from samsyn.audit.models import ReadEvent
from samsyn.core.access import actor_for
from samsyn.deviations.tests.test_patient import EXE, PDF, PNG, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_of(people):
    def make(who) -> Client:
        secret = api_token_create(
            actor=actor_for(people[who]),
            name="Journalkoppling",
            expires_on=timezone.localdate() + datetime.timedelta(days=30),
        ).secret
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return make


def _attach(api, deviation, *files, **headers):
    return api.post(
        f"/api/v1/deviations/{deviation.pk}/attachments",
        {"files": list(files)},
        headers=headers,
    )


def test_the_receiving_handler_attaches_a_document_and_the_move_is_recorded(reported, api_of):
    deviation = reported()

    answer = _attach(api_of("ward12_handler"), deviation, upload("utskrivning.pdf", PDF))

    attachment = Attachment.objects.get()
    assert answer.status_code == 200 and answer.json()["id"] == deviation.pk
    deviation.refresh_from_db()
    assert answer["ETag"] == f'"{deviation.version}"'
    assert attachment.name == "utskrivning.pdf" and attachment.mime_type == "application/pdf"
    assert deviation.transitions.filter(move="attach").count() == 1


def test_the_list_and_the_download_are_for_those_who_may_see_attachments_and_logged(
    reported, api_of
):
    deviation = reported(attachments=[upload("lista.png", PNG)])
    attachment = Attachment.objects.get()
    handler, manager = api_of("ward12_handler"), api_of("boras_manager")
    url = f"/api/v1/deviations/{deviation.pk}/attachments"

    listed = handler.get(url).json()
    fetched = handler.get(f"{url}/{attachment.pk}")
    hidden = manager.get(url)
    refused = manager.get(f"{url}/{attachment.pk}")

    assert [a["name"] for a in listed] == ["lista.png"]
    assert fetched.status_code == 200 and b"".join(fetched.streaming_content) == PNG
    assert fetched["Content-Disposition"].startswith("attachment")
    assert hidden.status_code == 200 and hidden.json() == []
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    logged = ReadEvent.objects.get(detail__startswith=f"attachment {attachment.pk}")
    assert logged.channel == "api" and "Journalkoppling" in logged.detail


def test_a_stranger_gets_404_and_nothing_is_attached(reported, api_of):
    deviation = reported()

    answer = _attach(api_of("ward14_handler"), deviation, upload())

    assert answer.status_code == 404 and not Attachment.objects.exists()


def test_a_reporter_may_not_attach_403(reported, api_of):
    deviation = reported()

    answer = _attach(api_of("nurse"), deviation, upload())

    assert answer.status_code == 403 and not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([upload("program.pdf", EXE)], "kan inte bifogas"),
        ([upload("19121212\u20131212.pdf", PDF)], "personnummer"),
        ([upload("tom.pdf", b"")], "är tom"),
    ],
)
def test_a_refused_file_is_a_problem_with_the_swedish_message_and_nothing_is_saved(
    reported, api_of, files, message
):
    deviation = reported()

    answer = _attach(api_of("ward12_handler"), deviation, *files)

    assert answer.status_code == 400, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    assert message in answer.content.decode()
    assert not Attachment.objects.exists()


def test_no_file_at_all_is_400_not_500(reported, api_of):
    deviation = reported()

    answer = api_of("ward12_handler").post(f"/api/v1/deviations/{deviation.pk}/attachments", {})

    assert answer.status_code == 400 and not Attachment.objects.exists()


def test_a_retry_with_the_same_idempotency_key_attaches_once(reported, api_of):
    deviation = reported()
    api = api_of("ward12_handler")
    body = {"files": [upload("lista.png", PNG)]}
    url = f"/api/v1/deviations/{deviation.pk}/attachments"

    first = api.post(url, body, headers={"Idempotency-Key": "bilaga-1"})
    body["files"][0].seek(0)
    second = api.post(url, body, headers={"Idempotency-Key": "bilaga-1"})

    assert first.status_code == second.status_code == 200
    assert Attachment.objects.count() == 1
    assert deviation.transitions.filter(move="attach").count() == 1


def test_the_same_key_with_another_file_is_422_and_attaches_nothing_more(reported, api_of):
    deviation = reported()
    api = api_of("ward12_handler")
    url = f"/api/v1/deviations/{deviation.pk}/attachments"

    first = api.post(url, {"files": [upload("a.png", PNG)]}, headers={"Idempotency-Key": "k"})
    changed = {"files": [upload("a.png", PNG + b"!")]}
    other = api.post(url, changed, headers={"Idempotency-Key": "k"})

    assert first.status_code == 200 and other.status_code == 422
    assert Attachment.objects.count() == 1


def test_the_schema_offers_the_attachment_doors_for_both_case_types(client, reference_data):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    for kind in ("deviations", "disagreements"):
        upload_door = paths[f"/api/v1/{kind}/{{case_id}}/attachments"]["post"]
        assert "multipart/form-data" in upload_door["requestBody"]["content"]
        assert f"/api/v1/{kind}/{{case_id}}/attachments/{{attachment_id}}" in paths
