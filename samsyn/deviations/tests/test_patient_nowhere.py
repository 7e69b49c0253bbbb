"""Issue 18, probed as an attacker would: after a case with a patient reference has lived its
life (reported with a photo, its reference viewed on the page and over the API, lex Maria
assessed, worked through to closed, with webhooks of both providers listening), the number is
nowhere but the encrypted column: not in any table of the database (outbox e-mails and webhook
bodies, notifications, the audit trail, the read log, idempotency answers, history rows), and
in no page, list, search, export, report or API answer that anyone reaches."""

import datetime
import io
import re
import zipfile

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samsyn.deviations.tests.test_patient import NUMBER, _assess, _closable, serious, upload
from samsyn.outbox.models import Channel, OutboxMessage, WebhookEvent, WebhookSubscription

# Every way the number could have been written down: with and without century and hyphen.
FORMS = ("19121212-1212", "191212121212", "121212-1212", "1212121212")
FOUND = re.compile("|".join(re.escape(f) for f in FORMS))


def _where_found() -> list[str]:
    """Each table.column holding the number in any form (text, JSON, whatever its type)."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - the schema's own names
            columns = [c[0] for c in cursor.description]  # a name, on every engine
            for row in cursor.fetchall():
                hits += [
                    f"{table}.{name}"
                    for name, value in zip(columns, row, strict=True)
                    if value is not None and FOUND.search(str(value))
                ]
    return hits


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":  # a spreadsheet: its sheets are XML inside a zip
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    return content.decode("utf-8", "replace")


@pytest.fixture
def lived(reported, a, safety, people, client, boras, sas):
    """The nurse's case to ward 12 with the patient's number and a photo, through its life."""
    for provider in (boras, sas):
        WebhookSubscription.objects.create(
            provider=provider,
            name="Eget system",
            url="https://system.example.se/samsyn",
            events=list(WebhookEvent.values),
            include_text=True,
            secret="s" * 64,
            created_by=people["boras_wide"],
        )
    deviation = reported(
        patient_reference=NUMBER,
        attachments=[upload()],
        patient_consequence=serious(),
        potential_consequence=serious(),
    )
    client.force_login(people["ward12_handler"])
    shown = client.post(
        reverse("deviations:patient_reference", args=[deviation.pk]),
        {"reason": "investigation"},
    )
    assert NUMBER in shown.content.decode()  # the one place it is shown
    api = client.post(
        f"/api/v1/deviations/{deviation.pk}/patient-reference",
        {"reason": "patient_contact"},
        content_type="application/json",
        headers={"Idempotency-Key": "las-1"},
    )
    assert api.json() == {"patient_reference": NUMBER}
    deviation.refresh_from_db()
    deviation = _closable(deviation, a)
    _assess(safety["sas_safety"], deviation, assessment="not_reported", reason="Ingen skada.")
    deviation.refresh_from_db()
    from samsyn.deviations import services

    services.deviation_close(
        actor=a["ward12_handler"], deviation=deviation, expected_version=deviation.version
    )
    deviation.refresh_from_db()
    return deviation


def test_the_number_is_in_no_table_but_encrypted(lived):
    assert OutboxMessage.objects.filter(channel=Channel.WEBHOOK).exists()  # they were written
    assert OutboxMessage.objects.exclude(channel=Channel.WEBHOOK).exists()
    assert _where_found() == []


def test_the_number_is_on_no_page_list_export_report_or_answer(
    lived, client, people, personas, sas
):
    year = timezone.localdate().year
    pk = lived.pk
    pages = {
        "ward12_handler": [
            reverse("core:start"),
            reverse("core:notifications"),
            reverse("deviations:list"),
            reverse("deviations:list") + "?q=1212",
            reverse("deviations:list") + "?status=closed",
            reverse("deviations:export_csv"),
            reverse("deviations:export_xlsx"),
            reverse("deviations:detail", args=[pk]),
            reverse("disagreements:lessons"),
            "/api/v1/deviations",
            f"/api/v1/deviations/{pk}",
            f"/api/v1/deviations/{pk}/moves",
            f"/api/v1/deviations/{pk}/attachments",
            reverse("followup:compilation", args=[sas.pk, year]),
            reverse("followup:compilation_xlsx", args=[sas.pk, year]),
        ],
        "nurse": [
            reverse("deviations:my_reports"),
            reverse("deviations:detail", args=[pk]),
            f"/api/v1/deviations/{pk}",
        ],
        "county_admin": [
            reverse("audit:trail"),
            reverse("audit:read_log"),
            reverse("audit:read_log_csv"),
            reverse("outbox:messages"),
        ],
        "analyst": [
            reverse("followup:report", args=[year]),
            reverse("followup:report_xlsx", args=[year]),
            f"/api/v1/reports/annual/{year}",
            reverse("deviations:detail", args=[pk]),
            reverse("deviations:export_xlsx"),
        ],
    }
    users = {**personas, **people}
    for who, urls in pages.items():
        client.force_login(users[who])
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 404), (who, url, response.status_code)
            assert not FOUND.search(_body(response)), (who, url)


def test_a_search_for_the_number_finds_nothing(lived, client, people):
    """The search reads the case, not the reference: the number is no way to find the case
    (it is shown back in the search box to the one who typed it, nothing more)."""
    client.force_login(people["ward12_handler"])
    for typed in ("19121212-1212", "191212121212"):
        listed = client.get(reverse("deviations:list"), {"q": typed, "status": "closed"})
        assert lived.reference not in listed.content.decode()
        api = client.get("/api/v1/deviations", {"q": typed})
        assert lived.reference not in api.content.decode()
    everything = client.get(reverse("deviations:list"), {"status": "closed"})
    assert lived.reference in everything.content.decode()  # the case is listed otherwise


def test_the_read_log_has_each_view_with_its_reason_and_door(lived):
    from samsyn.audit.models import ReadEvent

    views = ReadEvent.objects.filter(
        object_id=str(lived.pk), detail__startswith="patient reference"
    ).order_by("at")
    assert [(v.channel, v.detail) for v in views] == [
        ("page", "patient reference: investigation"),
        ("api", "patient reference: patient_contact"),
    ]
    assert {v.username for v in views} == {"ward12_handler"}


def test_retention_leaves_no_trace_of_the_patient(lived):
    from samsyn.attachments.models import Attachment
    from samsyn.core.retention import purge_closed_free_text
    from samsyn.deviations.models import Deviation, PatientReference

    Deviation.objects.filter(pk=lived.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=365 * 11)
    )
    purge_closed_free_text()
    assert not PatientReference.objects.exists()
    assert not Attachment.objects.exists()


def test_an_error_report_of_the_report_form_hides_the_number(client, people):
    """Were the report page to fail, Django's error report (the debug page, a mail to the
    administrators, an error tracker) shows the posted fields: never the patient's number."""
    from django.views.debug import SafeExceptionReporterFilter

    client.force_login(people["nurse"])
    response = client.post(reverse("deviations:report"), {"patient_reference": NUMBER})
    posted = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert posted["patient_reference"] != NUMBER
    assert NUMBER not in str(posted)
