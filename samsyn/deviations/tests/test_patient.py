"""The patient and the regulator on a deviation (issue 18): the protected patient reference,
attachments and who sees them, the receiver's lex Maria duty."""

import datetime
import io
import re

import pytest
from cryptography.fernet import Fernet
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from samsyn.attachments.models import Attachment
from samsyn.audit.models import ReadEvent
from samsyn.core.access import actor_for
from samsyn.core.models import Notification
from samsyn.core.retention import purge_closed_free_text
from samsyn.deviations import services
from samsyn.deviations.consequences import UNKNOWN
from samsyn.deviations.models import (
    Deviation,
    LexMaria,
    PatientConsequence,
    PatientReference,
    Status,
)
from samsyn.deviations.patient import lex_maria_waiting
from samsyn.deviations.worklist import lex_maria_section
from samsyn.parties.models import CareProvider, Role

NUMBER = "19121212-1212"  # Tolvan Tolvansson, the Swedish Tax Agency's test number
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 300


def upload(name="lista.png", content=PNG):
    return SimpleUploadedFile(name, content)


def serious():
    return PatientConsequence.objects.get(name="Måttlig vårdskada")


@pytest.fixture
def with_reference(reported):
    """The nurse's report to ward 12 with a patient reference and a photo."""
    return reported(patient_reference=NUMBER, attachments=[upload()])


# ---------------------------------------------------------------- the patient reference


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("19121212-1212", NUMBER),
        ("191212121212", NUMBER),
        ("121212+1212", NUMBER),  # '+': a hundred years or more
        ("121212-1212", "20121212-1212"),  # the most recent such birth date
        ("19121212\u20131212", NUMBER),  # en dash
        ("\uff11\uff19\uff11\uff12\uff11\uff12\uff11\uff12-\uff11\uff12\uff11\uff12", NUMBER),
        (" 1912 1212-1212 ", NUMBER),
        ("19121272-1219", "19121272-1219"),  # a samordningsnummer (day + 60)
    ],
)
def test_a_patient_reference_is_normalised_however_it_was_typed(reported, a, typed, stored):
    deviation = reported(patient_reference=typed)
    number = services.patient_reference_view(
        actor=a["ward12_handler"], deviation=deviation, reason="investigation"
    )
    assert number == stored


def test_the_raw_database_column_holds_no_readable_number(with_reference):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT token FROM deviations_patientreference WHERE deviation_id = %s",
            [with_reference.pk],
        )
        (raw,) = cursor.fetchone()
    assert raw
    assert not re.search(r"\d{6}", raw)
    assert "1212" not in raw


@pytest.mark.parametrize("typed", ["19121212-1213", "121312-1212", "abc", "1912121212"])
def test_a_patient_reference_failing_the_check_is_refused_on_the_field(report, actors, typed):
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(actor=actors["reporter"], report=report(patient_reference=typed))
    assert "patient_reference" in exc.value.message_dict
    assert not Deviation.objects.exists()
    assert not PatientReference.objects.exists()


def test_the_report_trail_says_a_reference_is_kept_never_the_number(with_reference):
    from samsyn.audit.models import AuditEvent

    events = AuditEvent.objects.filter(object_id=str(with_reference.pk))
    assert any(e.data.get("patient_reference") is True for e in events)
    assert not any("1212" in str(e.data) for e in events)


def test_each_view_is_in_the_read_log_with_its_reason(with_reference, a):
    services.patient_reference_view(
        actor=a["ward12_handler"],
        deviation=with_reference,
        reason="other",
        reason_text="Kontroll av journal",
    )
    row = ReadEvent.objects.filter(username="ward12_handler").latest("at")
    assert row.object_id == str(with_reference.pk)
    assert row.detail == "patient reference: other: Kontroll av journal"


@pytest.mark.parametrize(
    ("reason", "text", "field"),
    [("", "", "reason"), ("other", "", "reason_text"), ("other", "19121212-1212", "reason_text")],
)
def test_a_view_without_a_reason_is_refused_and_not_logged(with_reference, a, reason, text, field):
    before = ReadEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.patient_reference_view(
            actor=a["ward12_handler"], deviation=with_reference, reason=reason, reason_text=text
        )
    assert field in exc.value.message_dict
    assert ReadEvent.objects.count() == before


def test_key_rotation_re_encrypts_with_the_newest_key(with_reference, a, settings):
    from samsyn.deviations.management.commands.patient_reference_rotate import Command

    old = settings.PATIENT_REFERENCE_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.PATIENT_REFERENCE_KEYS = [new, old]
    Command(stdout=io.StringIO()).handle()
    token = PatientReference.objects.get().token
    assert Fernet(new.encode()).decrypt(token.encode()).decode() == NUMBER
    settings.PATIENT_REFERENCE_KEYS = [new]  # the old key can go now
    assert (
        services.patient_reference_view(
            actor=a["ward12_handler"], deviation=with_reference, reason="investigation"
        )
        == NUMBER
    )


def test_retention_removes_the_reference_and_the_attachments_with_their_files(
    with_reference, settings
):
    attachment = Attachment.objects.get()
    path = attachment.file.path
    Deviation.objects.filter(pk=with_reference.pk).update(
        status=Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=365 * 11)
    )
    purge_closed_free_text()
    assert not PatientReference.objects.exists()
    assert not Attachment.objects.exists()
    import os

    assert not os.path.exists(path)


# ---------------------------------------------------------------- who sees it: the matrix

# The nurse reports from Hemtjänst Norr (Borås) to Avdelning 12 (SÄS).
MATRIX = {
    "norr_handler": True,  # the reporting unit's handler
    "ward12_handler": True,  # the receiving unit's handler
    "boras_wide": True,  # a provider-wide handler of the reporting provider
    "sas_wide": True,  # a provider-wide handler of the receiving provider
    "nurse": False,  # the reporter is no handler
    "colleague": False,
    "soder_handler": False,  # another unit
    "ward14_handler": False,
    "ward12_reporter": False,
    "boras_manager": False,  # a manager (step owner)
    "unrelated": False,
}


@pytest.mark.parametrize(("who", "sees"), MATRIX.items())
def test_the_patient_reference_is_shown_to_the_two_units_handlers_only(
    with_reference, a, who, sees
):
    if sees:
        assert services.patient_reference_view(
            actor=a[who], deviation=with_reference, reason="investigation"
        )
    else:
        with pytest.raises(PermissionDenied):
            services.patient_reference_view(
                actor=a[who], deviation=with_reference, reason="investigation"
            )


@pytest.mark.parametrize(("who", "sees"), MATRIX.items())
def test_the_attachments_are_downloaded_by_the_two_units_handlers_only(
    client, with_reference, people, who, sees
):
    attachment = Attachment.objects.get()
    client.force_login(people[who])
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == (200 if sees else 403 if _sees_case(people[who]) else 404)


def _sees_case(user) -> bool:
    from samsyn.deviations.selectors import deviations_visible_to

    return deviations_visible_to(actor_for(user)).exists()


@pytest.mark.parametrize("who", ["analyst", "outsider", "reporter"])
def test_county_analysts_and_others_never_see_the_patient_data(
    with_reference, personas, client, who
):
    with pytest.raises(PermissionDenied):
        services.patient_reference_view(
            actor=actor_for(personas[who]), deviation=with_reference, reason="investigation"
        )
    client.force_login(personas[who])
    response = client.get(reverse("attachments:download", args=[Attachment.objects.get().pk]))
    assert response.status_code in (403, 404)


def test_patient_safety_lead_and_coordinator_do_not_see_the_reference(with_reference, safety):
    for who in ("sas_safety", "vgr_coordinator"):
        with pytest.raises(PermissionDenied):
            services.patient_reference_view(
                actor=safety[who], deviation=with_reference, reason="investigation"
            )


def test_the_coordinator_sees_it_where_it_is_the_receiver(reported, a, safety, units, people):
    from samsyn.parties.models import Membership

    # SÄS without handlers of its own: the VGR coordinator receives the case.
    Membership.objects.filter(provider=units["ward12"].provider, role=Role.HANDLER).delete()
    deviation = reported(unit="ward12", patient_reference=NUMBER)
    assert services.patient_reference_view(
        actor=safety["vgr_coordinator"], deviation=deviation, reason="investigation"
    )


def test_the_reference_is_in_no_list_export_or_case_answer(client, with_reference, people):
    client.force_login(people["ward12_handler"])
    pages = [
        reverse("deviations:list"),
        reverse("deviations:list") + "?q=1212",
        reverse("deviations:export_csv"),
        reverse("deviations:detail", args=[with_reference.pk]),
        f"/api/v1/deviations/{with_reference.pk}",
        "/api/v1/deviations",
    ]
    for url in pages:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"1212-1212" not in body and b"12121212" not in body, url
    assert not any("1212-1212" in m.body for m in mail.outbox)


def test_the_page_shows_the_reference_after_a_reason_is_chosen(client, with_reference, people):
    client.force_login(people["ward12_handler"])
    url = reverse("deviations:patient_reference", args=[with_reference.pk])
    refused = client.post(url, {"reason": "other", "reason_text": ""})
    assert refused.status_code == 400
    assert "Skriv varför du behöver se patientens identitet" in refused.content.decode()
    shown = client.post(url, {"reason": "patient_contact"})
    assert NUMBER in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]


def test_the_api_gives_the_reference_only_on_explicit_request_with_a_reason(
    client, with_reference, people
):
    url = f"/api/v1/deviations/{with_reference.pk}/patient-reference"
    client.force_login(people["ward12_handler"])
    ok = client.post(url, {"reason": "investigation"}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json() == {"patient_reference": NUMBER}
    assert ReadEvent.objects.filter(channel="api", detail__startswith="patient reference").exists()
    client.force_login(people["ward14_handler"])
    refused = client.post(url, {"reason": "investigation"}, content_type="application/json")
    assert refused.status_code in (403, 404)


# ---------------------------------------------------------------- attachments


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("lakemedel.pdf", EXE, "x-msdownload"),
        ("tom.pdf", b"", "är tom"),
        ("anteckning.pdf", b"bara text, ingen pdf", "kan inte läsas"),
    ],
)
def test_an_attachment_of_a_refused_type_is_refused_on_the_field(
    report, actors, name, content, message
):
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(attachments=[upload(name, content)])
        )
    assert message in exc.value.message_dict["attachments"][0]
    assert not Deviation.objects.exists() and not Attachment.objects.exists()


def test_an_attachment_over_the_size_limit_is_refused(report, actors, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        services.deviation_report(
            actor=actors["reporter"], report=report(attachments=[upload("stor.pdf", PDF * 10)])
        )
    assert "får vara högst" in exc.value.message_dict["attachments"][0]
    assert not Attachment.objects.exists()


def test_a_pdf_named_exe_is_stored_as_the_pdf_it_is(reported, a):
    deviation = reported()
    services.deviation_attach(
        actor=a["ward12_handler"], deviation=deviation, files=[upload("rapport.exe", PDF)]
    )
    attachment = Attachment.objects.get()
    assert (attachment.name, attachment.mime_type) == ("rapport.pdf", "application/pdf")
    assert deviation.transitions.filter(move="attach").exists()


def _zipped(*members: tuple[str, str]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members:
            archive.writestr(name, text)
    return buffer.getvalue()


def _workbook() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


OLE_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xec\xa5\xc1\x00" + b"\x00" * 64
DOCUMENTS = {
    "application/pdf": ("utskrivning.pdf", PDF),
    "image/png": ("foto.png", PNG),
    "image/jpeg": ("foto.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "lista.xlsx",
        _workbook(),
    ),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "brev.docx",
        _zipped(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")),
    ),
    "application/vnd.oasis.opendocument.text": (
        "brev.odt",
        _zipped(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")),
    ),
    "application/msword": ("gammalt.doc", OLE_WORD),
}


@pytest.mark.parametrize("mime", DOCUMENTS)
def test_pdfs_images_and_office_documents_are_attached_by_their_content(reported, a, mime):
    """The issue's "PDF, images, office documents", each known by its content: sent under a
    wrong name, each is kept under its own type's extension."""
    name, content = DOCUMENTS[mime]
    deviation = reported()
    services.deviation_attach(
        actor=a["ward12_handler"], deviation=deviation, files=[upload("fel-namn.txt", content)]
    )
    attachment = Attachment.objects.get()
    assert attachment.mime_type == mime
    assert attachment.name == "fel-namn." + name.rsplit(".", 1)[1]


def test_only_the_two_units_handlers_attach(reported, a):
    deviation = reported()
    with pytest.raises(PermissionDenied):
        services.deviation_attach(
            actor=a["ward14_handler"], deviation=deviation, files=[upload("a.pdf", PDF)]
        )


def test_the_download_is_an_attachment_with_nosniff_and_in_the_read_log(
    client, with_reference, people
):
    attachment = Attachment.objects.get()
    client.force_login(people["ward12_handler"])
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    assert ReadEvent.objects.filter(
        username="ward12_handler", detail=f"attachment {attachment.pk}"
    ).exists()


def test_the_case_page_attaches_a_file(client, reported, people):
    deviation = reported()
    client.force_login(people["ward12_handler"])
    url = reverse("deviations:action", args=[deviation.pk, "bilaga"])
    refused = client.post(url, {"bilaga-files": upload("x.pdf", EXE)})
    assert refused.status_code == 400 and not Attachment.objects.exists()
    response = client.post(url, {"bilaga-files": [upload("a.pdf", PDF), upload("b.png")]})
    assert response.status_code == 302
    assert Attachment.objects.count() == 2


# ---------------------------------------------------------------- lex Maria


def test_a_serious_consequence_asks_the_receivers_patient_safety_lead(reported, safety):
    deviation = reported(patient_consequence=serious(), potential_consequence=serious())
    assert deviation.lex_maria_due == timezone.localdate() + datetime.timedelta(days=14)
    assert Notification.objects.filter(
        user=safety["sas_safety"].user, subject__contains="lex Maria"
    ).exists()
    assert deviation in lex_maria_waiting(safety["sas_safety"])
    assert deviation not in lex_maria_waiting(safety["boras_mas"])


def test_a_mild_consequence_asks_for_no_assessment(reported, safety):
    mild = PatientConsequence.objects.get(name="Lindrig vårdskada")
    deviation = reported(potential_consequence=mild)
    assert deviation.lex_maria_due is None
    assert not lex_maria_waiting(safety["sas_safety"]).exists()


def test_a_consequence_not_yet_known_asks_for_an_assessment(reported, safety):
    deviation = reported(potential_consequence=UNKNOWN)
    assert deviation.lex_maria_due is not None


@pytest.mark.parametrize(
    "axes",
    [
        {"potential_consequence": "serious"},  # what could have happened, alone
        {"patient_consequence": UNKNOWN},  # physical harm not yet known, alone
        {"psychological_consequence": UNKNOWN},  # psychological harm not yet known, alone
        {"psychological_consequence": "serious", "potential_consequence": "serious"},
    ],
)
def test_each_axis_alone_serious_or_not_yet_known_asks_for_an_assessment(reported, safety, axes):
    axes = {k: serious() if v == "serious" else v for k, v in axes.items()}
    deviation = reported(**axes)
    assert deviation.lex_maria_due is not None
    assert deviation in lex_maria_waiting(safety["sas_safety"])


def test_re_classifying_to_serious_asks_for_the_assessment(reported, a, safety):
    deviation = reported()
    services.deviation_acknowledge(
        actor=a["ward12_handler"], deviation=deviation, expected_version=deviation.version
    )
    deviation.refresh_from_db()
    services.deviation_reclassify(
        actor=a["ward12_handler"],
        deviation=deviation,
        expected_version=deviation.version,
        reason="Patienten fick läggas in igen.",
        patient_consequence=serious(),
        potential_consequence=serious(),
    )
    deviation.refresh_from_db()
    assert deviation.lex_maria_due is not None
    assert deviation in lex_maria_waiting(safety["sas_safety"])


def _assess(actor, deviation, **fields):
    deviation.refresh_from_db()
    return services.deviation_assess_lex_maria(
        actor=actor, deviation=deviation, expected_version=deviation.version, **fields
    )


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"assessment": "reported"}, {"ivo_date", "ivo_reference"}),
        ({"assessment": "reported", "ivo_date": datetime.date(2026, 1, 5)}, {"ivo_reference"}),
        ({"assessment": "reported", "ivo_reference": "3.1.1-12345/2026"}, {"ivo_date"}),
        ({"assessment": "not_reported"}, {"reason"}),
        ({"assessment": "investigating"}, {"review_date"}),
        ({"assessment": ""}, {"assessment"}),
    ],
)
def test_an_assessment_without_what_its_answer_needs_is_refused(reported, safety, fields, errors):
    deviation = reported(patient_consequence=serious(), potential_consequence=serious())
    with pytest.raises(ValidationError) as exc:
        _assess(safety["sas_safety"], deviation, **fields)
    assert set(exc.value.message_dict) == errors
    deviation.refresh_from_db()
    assert deviation.lex_maria == ""


@pytest.mark.parametrize("who", ["boras_mas", "vgr_coordinator"])
def test_only_the_receivers_patient_safety_lead_assesses(reported, safety, a, who):
    deviation = reported(patient_consequence=serious(), potential_consequence=serious())
    with pytest.raises(PermissionDenied):
        _assess(safety[who], deviation, assessment="not_reported", reason="Ingen vårdskada.")
    with pytest.raises(PermissionDenied):
        _assess(a["ward12_handler"], deviation, assessment="not_reported", reason="Nej.")


def test_without_a_patient_safety_lead_the_coordinator_is_asked_as_a_gap(reported, safety):
    from samsyn.deviations.patient import lex_maria_gap
    from samsyn.parties.models import Membership

    Membership.objects.filter(role=Role.PATIENT_SAFETY).delete()
    deviation = reported(patient_consequence=serious(), potential_consequence=serious())
    assert lex_maria_gap(deviation)
    assert deviation in lex_maria_waiting(safety["vgr_coordinator"])
    _assess(safety["vgr_coordinator"], deviation, assessment="not_reported", reason="Ingen skada.")


def test_the_assessment_is_a_move_with_history_trail_and_notification(reported, safety):
    from samsyn.audit.models import AuditEvent

    deviation = reported(patient_consequence=serious(), potential_consequence=serious())
    Notification.objects.all().delete()
    _assess(
        safety["sas_safety"],
        deviation,
        assessment="reported",
        ivo_date=timezone.localdate(),
        ivo_reference="3.1.1-12345/2026",
    )
    deviation.refresh_from_db()
    assert deviation.lex_maria == LexMaria.REPORTED
    assert deviation.transitions.get(move="assess_lex_maria").data == {"assessment": "reported"}
    assert AuditEvent.objects.filter(action="deviations.deviation.lex_maria_assessed").exists()
    assert Notification.objects.filter(user__username="ward12_handler").exists()
    assert deviation not in lex_maria_waiting(safety["sas_safety"])


def _closable(deviation, a):
    """Through the steps to "followed up", with a reasoned decision that no measure is needed."""
    h = a["ward12_handler"]
    services.deviation_acknowledge(actor=h, deviation=deviation, expected_version=deviation.version)
    deviation.refresh_from_db()
    from samsyn.deviations.models import Cause

    services.deviation_analyse(
        actor=h,
        deviation=deviation,
        expected_version=deviation.version,
        causes=[Cause.objects.first()],
        analysis="Rutinen för utskrivning följdes inte.",
    )
    deviation.refresh_from_db()
    services.deviation_record_no_measure(
        actor=h,
        deviation=deviation,
        expected_version=deviation.version,
        reason="Rutinen räcker; den följdes inte.",
    )
    deviation.refresh_from_db()
    services.deviation_decide_measures(
        actor=h, deviation=deviation, expected_version=deviation.version
    )
    deviation.refresh_from_db()
    services.deviation_follow_up(
        actor=h, deviation=deviation, expected_version=deviation.version, follow_up="Följt upp."
    )
    deviation.refresh_from_db()
    return deviation


def test_the_case_cannot_be_closed_until_the_assessment_is_decided(reported, a, safety):
    deviation = _closable(
        reported(patient_consequence=serious(), potential_consequence=serious()), a
    )
    h = a["ward12_handler"]
    with pytest.raises(ValidationError) as exc:
        services.deviation_close(actor=h, deviation=deviation, expected_version=deviation.version)
    assert exc.value.code == "lex_maria_required"
    _assess(
        safety["sas_safety"],
        deviation,
        assessment="investigating",
        review_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    deviation.refresh_from_db()
    with pytest.raises(ValidationError):  # "being investigated" is not yet a decision
        services.deviation_close(actor=h, deviation=deviation, expected_version=deviation.version)
    _assess(safety["sas_safety"], deviation, assessment="not_reported", reason="Ingen vårdskada.")
    deviation.refresh_from_db()
    services.deviation_close(actor=h, deviation=deviation, expected_version=deviation.version)
    deviation.refresh_from_db()
    assert deviation.status == Status.CLOSED


def test_due_and_overdue_assessments_are_on_the_patient_safety_leads_to_do_list(reported, safety):
    deviation = reported(patient_consequence=serious(), potential_consequence=serious())
    Deviation.objects.filter(pk=deviation.pk).update(
        lex_maria_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    rows = [
        r for s in lex_maria_section(safety["sas_safety"]) for g in s["groups"] for r in g["rows"]
    ]
    assert any(r["reference"] == deviation.reference and r["overdue"] for r in rows), rows
    others = [
        r for s in lex_maria_section(safety["boras_mas"]) for g in s["groups"] for r in g["rows"]
    ]
    assert not any(r["reference"] == deviation.reference for r in others)


def test_an_investigation_past_its_review_date_is_overdue_on_the_to_do_list(reported, safety):
    deviation = reported(patient_consequence=serious(), potential_consequence=serious())
    review = timezone.localdate() + datetime.timedelta(days=7)
    _assess(safety["sas_safety"], deviation, assessment="investigating", review_date=review)

    def row():
        sections = lex_maria_section(safety["sas_safety"])
        rows = [r for s in sections for g in s["groups"] for r in g["rows"]]
        return next(r for r in rows if r["reference"] == deviation.reference)

    assert not row()["overdue"]  # still waiting, by its review date
    Deviation.objects.filter(pk=deviation.pk).update(
        lex_maria_review_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert row()["overdue"]


def test_the_start_page_lists_the_assessment_for_the_patient_safety_lead(client, reported, safety):
    deviation = reported(patient_consequence=serious(), potential_consequence=serious())
    client.force_login(safety["sas_safety"].user)
    page = client.get("/").content.decode()
    assert "Att göra: lex Maria-bedömningar" in page and deviation.reference in page


# ---------------------------------------------------------------- the gap list


def test_providers_without_a_patient_safety_lead_are_gaps_those_nobody_assesses_first(
    safety, boras, sas, skovde
):
    from samsyn.deviations.patient import patient_safety_gaps

    gaps = {p: p.nobody_assesses for p in patient_safety_gaps(county_ids=[boras.party.county_id])}
    assert boras not in gaps and sas not in gaps  # each has its patient-safety lead
    assert gaps[skovde] is True  # Skövde has no coordinator either: nobody assesses
    other_vgr = CareProvider.objects.filter(party=sas.party).exclude(pk=sas.pk).first()
    assert gaps[other_vgr] is False  # VGR's coordinator stands in
    assert list(patient_safety_gaps(county_ids=[]).filter(pk=skovde.pk)) == []


def test_a_deactivated_lead_leaves_a_gap(safety, boras):
    from samsyn.deviations.patient import patient_safety_gaps

    user = safety["boras_mas"].user
    user.is_active = False
    user.save()
    assert boras in patient_safety_gaps(party_ids=[boras.party_id])


def test_the_administrators_start_page_lists_the_gaps_of_their_own_scope(
    client, safety, boras, skovde, make_person, personas
):
    from samsyn.deviations.worklist import patient_safety_gaps_section

    skovde_admin = actor_for(make_person(skovde, Role.ADMINISTRATOR, username="admin.skovde"))
    (section,) = patient_safety_gaps_section(skovde_admin)
    labels = [i["label"] for i in section["items"]]
    assert labels == ["Skövde kommun (Skövde kommun) – ingen bedömer"], labels
    assert "saknar patientsäkerhetsansvarig" in section["text"]
    boras_admin = actor_for(make_person(boras, Role.ADMINISTRATOR, username="admin.boras"))
    assert patient_safety_gaps_section(boras_admin) == []  # Borås has its MAS
    assert patient_safety_gaps_section(safety["boras_mas"]) == []  # not an administrator
    client.force_login(personas["county_admin"])
    page = client.get("/").content.decode()
    assert "Vårdgivare utan patientsäkerhetsansvarig" in page  # the whole county's


def test_a_key_removed_too_early_is_named_and_never_a_server_error(with_reference, a, settings):
    """The rotation re-encrypts what it can read and names what it cannot (it fails, so the
    operator puts the key back before removing any); a view says so in Swedish, no 500."""
    from django.core.management import CommandError, call_command

    settings.PATIENT_REFERENCE_KEYS = [Fernet.generate_key().decode()]  # the old key gone
    with pytest.raises(ValidationError) as exc:
        services.patient_reference_view(
            actor=a["ward12_handler"], deviation=with_reference, reason="investigation"
        )
    assert exc.value.code == "unreadable"
    with pytest.raises(CommandError) as failed:
        call_command("patient_reference_rotate", stdout=io.StringIO())
    assert str(with_reference.pk) in str(failed.value)
    assert PatientReference.objects.get().token  # left as it was, for the key to come back
