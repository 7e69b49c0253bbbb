"""Issue 18, item 5 on the ladder: the step owners attach documents to a disagreement, checked
by their content like a deviation's; the managers of both parties see them, nobody else."""

import datetime
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samsyn.api.services import api_token_create
from samsyn.attachments.models import Attachment
from samsyn.attachments.services import ATTACHMENT_REQUIRED
from samsyn.audit.models import AuditEvent, ReadEvent
from samsyn.core.access import actor_for
from samsyn.core.retention import purge_closed_free_text
from samsyn.disagreements import services
from samsyn.disagreements.services.attachments import NOT_STEP_OWNER_ATTACH
from samsyn.disagreements.tests.factories import closed_with_lesson, escalate, open_case, resolve
from samsyn.disagreements.workflow import DISAGREEMENT_WORKFLOW

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 300


def upload(name="underlag.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def _token(user) -> str:
    made = api_token_create(
        actor=actor_for(user),
        name="Testsystem",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return made.secret


def _attach(user, d, *files):
    return services.disagreement_attach(actor=actor_for(user), disagreement=d, files=list(files))


@pytest.fixture
def case(ladder, boras, sas):
    return open_case(ladder["boras1"], boras, sas)


@pytest.fixture
def attached(ladder, case):
    _attach(ladder["sas1"], case, upload("vardplan.pdf"))
    return case, Attachment.objects.get()


# ---------------------------------------------------------------- the service


def test_a_step_owner_attaches_with_history_trail_and_the_type_found_in_the_content(ladder, case):
    _attach(ladder["boras1"], case, upload("protokoll.exe", PDF), upload("foto.png", PNG))
    names = sorted(Attachment.objects.values_list("name", "mime_type"))
    assert names == [("foto.png", "image/png"), ("protokoll.pdf", "application/pdf")]
    row = case.transitions.get(move="attach")
    stored = Attachment.objects.values_list("pk", flat=True)
    assert sorted(row.data["attachments"]) == sorted(stored)
    event = AuditEvent.objects.get(action="disagreements.attachment.added")
    assert "protokoll" not in str(event.data)  # the trail names ids, never names or content


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([], ATTACHMENT_REQUIRED),
        ([upload("lakemedel.pdf", EXE)], "x-msdownload"),
        ([upload("tom.pdf", b"")], "är tom"),
        ([upload("text.pdf", b"bara text")], "kan inte läsas"),
        ([upload("19121212-1212.pdf")], "personnummer"),
        ([upload("a.pdf"), upload("b.pdf", EXE)], "x-msdownload"),  # one bad: none saved
    ],
)
def test_a_refused_file_is_refused_on_the_field_and_nothing_is_saved(ladder, case, files, message):
    with pytest.raises(ValidationError) as exc:
        _attach(ladder["boras1"], case, *files)
    assert str(message) in exc.value.message_dict["files"][0]
    assert not Attachment.objects.exists()
    assert not case.transitions.filter(move="attach").exists()


def test_a_file_over_the_size_limit_is_refused(ladder, case, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        _attach(ladder["boras1"], case, upload("stor.pdf", PDF * 10))
    assert "får vara högst" in exc.value.message_dict["files"][0]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("who", ["boras2", "sas3", "analyst", "skovde1", "handler", "admin_boras"])
def test_only_the_current_steps_owners_attach(ladder, case, who):
    with pytest.raises(PermissionDenied):
        _attach(ladder[who], case, upload())
    assert not Attachment.objects.exists()


def test_at_step_2_its_owners_attach_and_step_1s_no_longer(ladder, case):
    d = escalate(ladder["boras1"], case)
    with pytest.raises(PermissionDenied) as exc:
        _attach(ladder["boras1"], d, upload())
    assert str(exc.value) == str(NOT_STEP_OWNER_ATTACH)
    _attach(ladder["sas2"], d, upload())
    assert Attachment.objects.count() == 1


def test_nothing_is_attached_to_a_resolved_or_closed_case(ladder, case):
    case = resolve(ladder["boras1"], case, "Överens.", confirmer=ladder["sas1"])
    with pytest.raises(ValidationError):
        _attach(ladder["boras1"], case, upload())
    case = closed_with_lesson(ladder, open_case(ladder["boras1"], case.provider_a, case.provider_b))
    with pytest.raises(ValidationError):
        _attach(ladder["boras1"], case, upload())
    assert not DISAGREEMENT_WORKFLOW.allows(actor_for(ladder["boras1"]), case, "attach")


def test_retention_removes_the_attachments_and_their_files(ladder, attached, settings):
    case, attachment = attached
    path = attachment.file.path
    assert os.path.exists(path)
    settings.RETENTION_YEARS = 10
    closed_with_lesson(ladder, case, ago=datetime.timedelta(days=366 * 11))
    purge_closed_free_text()
    assert not Attachment.objects.exists()
    assert not os.path.exists(path)


def test_retention_keeps_the_attachments_of_a_recently_closed_case(ladder, attached):
    case, _attachment = attached
    closed_with_lesson(ladder, case)
    purge_closed_free_text()
    assert Attachment.objects.count() == 1


# ---------------------------------------------------------------- who sees them: the matrix

# (who, what the download answers): 200 the file; 403 sees the case but not its documents;
# 404 does not see the case at all.
MATRIX = {
    "boras1": 200,  # the step owners of both parties, at every step
    "sas1": 200,
    "boras2": 200,
    "sas2": 200,
    "boras3": 200,
    "sas3": 200,
    "analyst": 403,  # county analysts read the case, not its documents
    "skovde1": 404,  # a manager of another party
    "admin_boras": 404,  # the party's administrator
    "handler": 404,  # a deviation handler of one of the parties
}


@pytest.mark.parametrize(("who", "status"), MATRIX.items())
def test_the_attachments_are_downloaded_by_the_managers_of_both_parties_only(
    client, ladder, attached, who, status
):
    _case, attachment = attached
    client.force_login(ladder[who])
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == status
    if status != 200:
        assert not ReadEvent.objects.filter(detail=f"attachment {attachment.pk}").exists()


def test_the_download_is_an_attachment_with_nosniff_no_store_and_in_the_read_log(
    client, ladder, attached
):
    case, attachment = attached
    client.force_login(ladder["boras2"])
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="vardplan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF
    row = ReadEvent.objects.get(detail=f"attachment {attachment.pk}")
    assert (row.username, row.object_id) == (ladder["boras2"].username, str(case.pk))


def test_an_api_token_does_not_open_an_attachment(ladder, attached):
    """The download is a page: a personal API token (a rightful user's or another's) opens
    nothing there."""
    _case, attachment = attached
    url = reverse("attachments:download", args=[attachment.pk])
    for who in ("sas1", "skovde1"):
        response = Client(HTTP_AUTHORIZATION=f"Bearer {_token(ladder[who])}").get(url)
        assert response.status_code != 200
        assert not getattr(response, "streaming", False)
    assert not ReadEvent.objects.filter(detail=f"attachment {attachment.pk}").exists()


# ---------------------------------------------------------------- the case page


def test_the_case_page_lists_the_documents_and_attaches_more(client, ladder, attached):
    case, attachment = attached
    client.force_login(ladder["boras1"])
    page = client.get(reverse("disagreements:detail", args=[case.pk])).content.decode()
    assert "vardplan.pdf" in page and reverse("attachments:download", args=[attachment.pk]) in page
    assert 'enctype="multipart/form-data"' in page
    url = reverse("disagreements:action", args=[case.pk, "bilaga"])
    refused = client.post(url, {"files": upload("x.pdf", EXE)})
    assert refused.status_code == 400
    assert 'id="error-summary"' in refused.content.decode()
    assert Attachment.objects.count() == 1
    done = client.post(url, {"files": [upload("a.pdf"), upload("b.png", PNG)]})
    assert done.status_code == 302 and done["Location"].endswith("#documents")
    assert Attachment.objects.count() == 3


def test_a_step_2_owner_sees_the_documents_but_no_form_at_step_1(client, ladder, attached):
    case, _attachment = attached
    client.force_login(ladder["sas2"])
    page = client.get(reverse("disagreements:detail", args=[case.pk])).content.decode()
    assert "vardplan.pdf" in page and 'enctype="multipart/form-data"' not in page
    response = client.post(
        reverse("disagreements:action", args=[case.pk, "bilaga"]), {"files": upload()}
    )
    assert response.status_code == 403
    assert Attachment.objects.count() == 1


def test_the_analyst_sees_how_many_but_not_which(client, ladder, attached):
    case, _attachment = attached
    client.force_login(ladder["analyst"])
    page = client.get(reverse("disagreements:detail", args=[case.pk])).content.decode()
    assert "vardplan.pdf" not in page
    assert "1 dokument är bifogat" in page


# ---------------------------------------------------------------- the form, probed


def test_the_form_posted_empty_is_refused_on_its_field(client, ladder, case):
    client.force_login(ladder["boras1"])
    response = client.post(reverse("disagreements:action", args=[case.pk, "bilaga"]), {})
    html = response.content.decode()
    assert response.status_code == 400 and 'id="error-summary"' in html
    assert "Välj minst en fil att bifoga." in html and 'enctype="multipart/form-data"' in html
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "number",
    [
        "19121212\u20131212",  # en dash
        "\uff11\uff19\uff11\uff12\uff11\uff12\uff11\uff12-\uff11\uff12\uff11\uff12",
    ],
)
def test_a_file_named_with_an_identity_number_is_refused(client, ladder, case, number):
    client.force_login(ladder["sas1"])
    response = client.post(
        reverse("disagreements:action", args=[case.pk, "bilaga"]),
        {"files": upload(f"{number}.pdf")},
    )
    assert response.status_code == 400
    assert "verkar innehålla ett personnummer" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_same_file_sent_twice_is_attached_once(client, ladder, case):
    client.force_login(ladder["boras1"])
    url = reverse("disagreements:action", args=[case.pk, "bilaga"])
    for _ in range(2):
        assert client.post(url, {"files": upload("avtal.pdf")}).status_code == 302
    assert Attachment.objects.count() == 1
    assert case.transitions.filter(move="attach").count() == 1


@pytest.mark.parametrize(("who", "status"), [("analyst", 403), ("sas3", 403), ("skovde1", 404)])
def test_the_form_by_the_wrong_role_is_refused(client, ladder, case, who, status):
    client.force_login(ladder[who])
    url = reverse("disagreements:action", args=[case.pk, "bilaga"])
    assert client.post(url, {"files": upload()}).status_code == status
    if who != "sas3":  # a step 3 owner may open the page; sending is refused at step 1
        assert client.get(url).status_code == status
    assert not Attachment.objects.exists()
