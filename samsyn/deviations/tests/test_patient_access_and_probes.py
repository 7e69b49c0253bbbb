"""Issue 18, "Bad input and access": the visibility matrix beyond the units (the ladder's step
owners of both parties, county analysts, API tokens of other people), and the patient
section's forms probed as every form is: empty, an identity number (with an en dash, in
Unicode digits), sent twice, by the wrong role."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samsyn.api.services import api_token_create
from samsyn.attachments.models import Attachment
from samsyn.audit.models import ReadEvent
from samsyn.core.access import actor_for
from samsyn.deviations import services
from samsyn.deviations.models import EventType, LexMaria, Status
from samsyn.deviations.tests.factories import unit_person
from samsyn.deviations.tests.test_patient import NUMBER, PDF, PNG, serious, upload
from samsyn.parties.models import Role

# How the guard meets an identity number typed in a text or a file name.
IDENTITY_NUMBERS = [
    "19121212-1212",
    "19121212\u20131212",  # en dash
    "\uff11\uff19\uff11\uff12\uff11\uff12\uff11\uff12-\uff11\uff12\uff11\uff12",  # full width
]


def _token(user) -> str:
    return api_token_create(
        actor=actor_for(user),
        name="Journalkoppling",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    ).secret


@pytest.fixture
def with_reference(reported):
    return reported(patient_reference=NUMBER, attachments=[upload()])


@pytest.fixture
def step_owners(boras, sas):
    """The managers of both parties at each step of the ladder: they see the case (and a
    disagreement opened from it), never the patient's identity or the documents."""
    roles = {1: Role.MANAGER_STEP1, 2: Role.MANAGER_STEP2, 3: Role.MANAGER_STEP3}
    return {
        f"{name}{step}": unit_person(provider, role, None, f"chef{step}.{name}")
        for step, role in roles.items()
        for name, provider in (("boras", boras), ("sas", sas))
    }


# ---------------------------------------------------------------- the matrix, beyond the units


@pytest.mark.parametrize("who", ["boras1", "sas1", "boras2", "sas2", "boras3", "sas3"])
def test_no_step_owner_sees_the_reference_or_the_attachments(
    client, with_reference, step_owners, who
):
    owner = step_owners[who]
    with pytest.raises(PermissionDenied):
        services.patient_reference_view(
            actor=actor_for(owner), deviation=with_reference, reason="investigation"
        )
    client.force_login(owner)
    page = client.get(reverse("deviations:detail", args=[with_reference.pk]))
    assert page.status_code == 200  # they see the case …
    assert "lista.png" not in page.content.decode()  # … not its documents
    download = client.get(reverse("attachments:download", args=[Attachment.objects.get().pk]))
    assert download.status_code == 403
    refused = client.post(
        reverse("deviations:patient_reference", args=[with_reference.pk]),
        {"reason": "investigation"},
    )
    assert NUMBER not in refused.content.decode()


def test_the_county_analyst_sees_the_case_not_the_patient(client, with_reference, personas):
    analyst = personas["analyst"]
    client.force_login(analyst)
    assert client.get(reverse("deviations:detail", args=[with_reference.pk])).status_code == 200
    download = client.get(reverse("attachments:download", args=[Attachment.objects.get().pk]))
    assert download.status_code == 403
    url = f"/api/v1/deviations/{with_reference.pk}/patient-reference"
    api = Client(HTTP_AUTHORIZATION=f"Bearer {_token(analyst)}")
    answer = api.post(url, {"reason": "investigation"}, content_type="application/json")
    assert answer.status_code in (403, 404) and NUMBER not in answer.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("ward12_handler", 200),  # the receiving unit's handler, with her own token
        ("norr_handler", 200),  # the reporting unit's
        ("ward14_handler", 404),  # another unit of the receiver: not even the case
        ("soder_handler", 404),  # another unit of the reporting side: not the case either
        ("nurse", 403),  # the reporter
        ("boras_manager", 403),  # a step owner
        ("unrelated", 404),
    ],
)
def test_an_api_token_reads_the_reference_only_for_its_own_holder(
    with_reference, people, who, status
):
    api = Client(HTTP_AUTHORIZATION=f"Bearer {_token(people[who])}")
    url = f"/api/v1/deviations/{with_reference.pk}/patient-reference"
    answer = api.post(url, {"reason": "investigation"}, content_type="application/json")
    assert answer.status_code == status
    logged = ReadEvent.objects.filter(username=who, detail__startswith="patient reference")
    if status == 200:
        assert answer.json() == {"patient_reference": NUMBER}
        assert logged.filter(channel="api").count() == 1
    else:
        assert NUMBER not in answer.content.decode() and not logged.exists()


def test_a_token_never_downloads_an_attachment(with_reference, people):
    """The download page is behind the sign-in: a token, the rightful handler's or another
    person's, gets no file there (the API's own door is tested in test_attachments_api.py)."""
    url = reverse("attachments:download", args=[Attachment.objects.get().pk])
    for who in ("ward12_handler", "ward14_handler"):
        response = Client(HTTP_AUTHORIZATION=f"Bearer {_token(people[who])}").get(url)
        assert response.status_code != 200 and not getattr(response, "streaming", False)
    assert not ReadEvent.objects.filter(detail__startswith="attachment").exists()


def test_the_case_answer_of_the_api_never_holds_the_number_for_anyone(with_reference, people):
    for who in ("ward12_handler", "norr_handler", "boras_manager"):
        api = Client(HTTP_AUTHORIZATION=f"Bearer {_token(people[who])}")
        for url in (f"/api/v1/deviations/{with_reference.pk}", "/api/v1/deviations"):
            body = api.get(url).content.decode()
            assert NUMBER not in body and "12121212" not in body, (who, url)


# ---------------------------------------------------------------- the forms, probed


def _attach_url(deviation):
    return reverse("deviations:action", args=[deviation.pk, "bilaga"])


def test_the_attach_form_posted_empty_is_refused_on_its_field(client, reported, people):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    response = client.post(_attach_url(deviation), {})
    assert response.status_code == 400
    assert "Välj minst en fil att bifoga." in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("number", IDENTITY_NUMBERS)
def test_a_file_named_with_an_identity_number_is_refused(client, reported, people, number):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    response = client.post(_attach_url(deviation), {"bilaga-files": upload(f"{number}.pdf", PDF)})
    assert response.status_code == 400
    assert "verkar innehålla ett personnummer" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_same_file_sent_twice_is_attached_once(client, reported, people):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    for _ in range(2):
        response = client.post(_attach_url(deviation), {"bilaga-files": upload("lista.png", PNG)})
        assert response.status_code == 302
    assert Attachment.objects.count() == 1
    assert deviation.transitions.filter(move="attach").count() == 1
    # Another file of the same name is another document.
    client.post(_attach_url(deviation), {"bilaga-files": upload("lista.png", PNG + b"\x00")})
    assert Attachment.objects.count() == 2


@pytest.mark.parametrize(
    ("who", "status"), [("nurse", 403), ("boras_manager", 403), ("ward14_handler", 404)]
)
def test_the_attach_form_by_the_wrong_role_is_refused(client, reported, people, who, status):
    deviation = reported()
    client.force_login(people[who])
    response = client.post(_attach_url(deviation), {"bilaga-files": upload()})
    assert response.status_code == status
    assert not Attachment.objects.exists()


def _lex_maria(client, deviation, **fields):
    data = {"lex-maria-version": deviation.version}
    data.update({f"lex-maria-{name}": value for name, value in fields.items()})
    return client.post(reverse("deviations:action", args=[deviation.pk, "lex-maria"]), data)


@pytest.fixture
def serious_case(reported):
    return reported(patient_consequence=serious(), potential_consequence=serious())


def test_the_lex_maria_form_posted_empty_is_refused(client, serious_case, safety):
    client.force_login(safety["sas_safety"].user)
    response = client.post(reverse("deviations:action", args=[serious_case.pk, "lex-maria"]), {})
    assert response.status_code == 400 and 'id="error-summary"' in response.content.decode()
    serious_case.refresh_from_db()
    assert serious_case.lex_maria == ""


@pytest.mark.parametrize("number", IDENTITY_NUMBERS)
@pytest.mark.parametrize(
    "fields",
    [
        {"assessment": "not_reported", "reason": "Gäller patient {n}, ingen vårdskada."},
        {"assessment": "reported", "ivo_date": "2027-03-01", "ivo_reference": "{n}"},
    ],
)
def test_the_lex_maria_form_refuses_an_identity_number_and_keeps_the_text(
    client, serious_case, safety, number, fields
):
    client.force_login(safety["sas_safety"].user)
    typed = {k: v.format(n=number) for k, v in fields.items()}
    response = _lex_maria(client, serious_case, **typed)
    html = response.content.decode()
    assert response.status_code == 400 and 'id="error-summary"' in html
    assert "personnummer" in html
    serious_case.refresh_from_db()
    assert serious_case.lex_maria == "" and not serious_case.lex_maria_reason


def test_the_lex_maria_assessment_sent_twice_is_recorded_once(client, serious_case, safety):
    client.force_login(safety["sas_safety"].user)
    first = _lex_maria(client, serious_case, assessment="not_reported", reason="Ingen skada.")
    assert first.status_code == 302
    again = _lex_maria(client, serious_case, assessment="not_reported", reason="Ingen skada.")
    assert again.status_code in (302, 400)  # stale: shown against what is saved, never a 5xx
    serious_case.refresh_from_db()
    assert serious_case.lex_maria == LexMaria.NOT_REPORTED
    assert serious_case.transitions.filter(move="assess_lex_maria").count() == 1


@pytest.mark.parametrize("who", ["ward12_handler", "norr_handler", "boras_manager", "nurse"])
def test_the_lex_maria_form_by_the_wrong_role_is_refused(client, serious_case, people, who):
    client.force_login(people[who])
    response = _lex_maria(client, serious_case, assessment="not_reported", reason="Ingen skada.")
    assert response.status_code == 403
    serious_case.refresh_from_db()
    assert serious_case.lex_maria == ""


def test_the_other_providers_patient_safety_lead_is_refused(client, serious_case, safety):
    client.force_login(safety["boras_mas"].user)
    response = _lex_maria(client, serious_case, assessment="not_reported", reason="Ingen skada.")
    assert response.status_code == 403


@pytest.fixture
def feedback(reported):
    return reported(
        event_type=EventType.GOOD_COOPERATION,
        patient_consequence=None,
        psychological_consequence=None,
        potential_consequence=None,
        organisation_consequence=None,
        proposed_measure="",
    )


def _read_feedback(client, deviation, note=""):
    url = reverse("deviations:action", args=[deviation.pk, "las-aterkoppling"])
    return client.post(
        url, {"las-aterkoppling-version": deviation.version, "las-aterkoppling-note": note}
    )


@pytest.mark.parametrize("number", IDENTITY_NUMBERS)
def test_reading_feedback_refuses_an_identity_number_in_the_note(client, feedback, people, number):
    client.force_login(people["ward12_handler"])
    response = _read_feedback(client, feedback, note=f"Tack! Gällde {number}.")
    assert response.status_code == 400 and "personnummer" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == Status.FEEDBACK


def test_reading_feedback_twice_closes_it_once(client, feedback, people):
    client.force_login(people["ward12_handler"])
    assert _read_feedback(client, feedback, note="Tack!").status_code == 302
    again = _read_feedback(client, feedback, note="Tack!")
    assert again.status_code in (302, 400)
    feedback.refresh_from_db()
    assert feedback.status == Status.CLOSED
    assert feedback.transitions.filter(move="read_feedback").count() == 1


@pytest.mark.parametrize(("who", "status"), [("nurse", 403), ("ward14_handler", 404)])
def test_reading_feedback_by_the_wrong_role_is_refused(client, feedback, people, who, status):
    client.force_login(people[who])
    assert _read_feedback(client, feedback).status_code == status
    feedback.refresh_from_db()
    assert feedback.status == Status.FEEDBACK


# ---------------------------------------------------------------- attachments, as an attacker


def _multipart(filename_header: str, content: bytes) -> tuple[bytes, str]:
    """A hand-made upload: the file name exactly as an attacker's client would send it."""
    boundary = "samsynprobe"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="bilaga-files"; {filename_header}\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "filename_header",
    [
        'filename="../../../../etc/passwd.pdf"',
        'filename="..\\\\..\\\\settings.pdf"',
        "filename*=UTF-8''..%2F..%2Fetc%2Fcron.d%2Fx.pdf",
        "filename*=UTF-8''lista%0D%0AX-Evil%3A%201%22.pdf",
    ],
)
def test_a_file_name_never_reaches_the_disk_nor_the_download_header(
    client, reported, people, filename_header
):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    body, content_type = _multipart(filename_header, PDF)
    response = client.post(_attach_url(deviation), body, content_type=content_type)
    assert response.status_code == 302  # attached: under a name of its own
    for attachment in Attachment.objects.all():
        assert re.fullmatch(r"attachments/deviation/[0-9a-f]{32}\.pdf", attachment.file.name)
        assert not set("/\\\r\n") & set(attachment.name)
        download = client.get(reverse("attachments:download", args=[attachment.pk]))
        disposition = download["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition
        assert download["X-Content-Type-Options"] == "nosniff"
        assert "X-Evil" not in download
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("lista.pdf", b"<html><script>alert(1)</script></html>"),  # a page, named as a PDF
        ("bild.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
        ("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 200),  # a Windows program
        ("arkiv.docx", b"PK\x03\x04" + b"\x00" * 200),  # a zip that is no office document
    ],
)
def test_what_is_not_a_document_is_refused_whatever_its_name(
    client, reported, people, name, content
):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    response = client.post(_attach_url(deviation), {"bilaga-files": upload(name, content)})
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_a_pdf_with_a_page_inside_is_only_ever_a_download(client, reported, people):
    """Content that a browser might render as a page is sent as a download of its real type,
    never sniffed, never cached."""
    deviation = reported()
    client.force_login(people["ward12_handler"])
    polyglot = PDF + b"<html><script>alert(1)</script></html>"
    client.post(_attach_url(deviation), {"bilaga-files": upload("lista.html", polyglot)})
    attachment = Attachment.objects.get()
    assert attachment.name == "lista.pdf" and attachment.mime_type == "application/pdf"
    download = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]


# ---------------------------------------------------------------- the matrix, over the API

# Each person with a token of their own: the list of the deviation's attachments and the
# download of one, as the API answers them (404: not even the case; [] and 403: the case, not
# its documents).
API_MATRIX = {
    "ward12_handler": ("listed", 200),
    "norr_handler": ("listed", 200),
    "sas_wide": ("listed", 200),
    "boras_wide": ("listed", 200),
    "nurse": ("empty", 403),
    "boras_manager": ("empty", 403),
    "ward14_handler": (404, 404),
    "soder_handler": (404, 404),
    "unrelated": (404, 404),
    "analyst": ("empty", 403),
    **{f"{p}{n}": ("empty", 403) for p in ("boras", "sas") for n in (1, 2, 3)},
}


@pytest.mark.parametrize(("who", "expected"), API_MATRIX.items())
def test_the_api_hands_the_attachments_to_the_two_units_handlers_only(
    with_reference, people, personas, step_owners, who, expected
):
    user = {**people, **personas, **step_owners}[who]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {_token(user)}")
    attachment = Attachment.objects.get()
    url = f"/api/v1/deviations/{with_reference.pk}/attachments"
    listed, downloaded = api.get(url), api.get(f"{url}/{attachment.pk}")
    want_list, want_download = expected
    if want_list == "listed":
        assert listed.status_code == 200 and [a["id"] for a in listed.json()] == [attachment.pk]
    elif want_list == "empty":
        assert listed.status_code == 200 and listed.json() == []
    else:
        assert listed.status_code == want_list
    assert downloaded.status_code == want_download
    read = ReadEvent.objects.filter(username=user.username, detail__startswith="attachment")
    assert read.exists() == (want_download == 200)
