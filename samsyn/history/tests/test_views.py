"""The administrator's history page: check a file, import it whole once, follow its progress,
export; nobody else reaches it."""

import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samsyn.deviations.models import Deviation
from samsyn.history.models import ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas["county_admin"])
    return client


def _upload(client, profile, data: bytes, name="historik.csv"):
    return client.post(
        reverse("history:import"),
        {"profile": profile.pk, "file": SimpleUploadedFile(name, data, "text/csv")},
    )


def test_the_page_shows_the_layout_and_the_profiles(admin_client, profile):
    page = admin_client.get(reverse("history:import")).content.decode()
    assert "Händelsedatum" in page and "MedControl PRO" in page


def test_people_without_the_permission_are_refused(client, personas, profile):
    client.force_login(personas["handler"])
    for url in (reverse("history:import"), reverse("history:export")):
        assert client.get(url).status_code == 403


def test_an_empty_post_shows_swedish_errors_and_no_500(admin_client, profile):
    response = admin_client.post(reverse("history:import"), {})
    assert response.status_code == 400
    assert "Välj filen" in response.content.decode()


def test_a_file_of_another_type_is_refused_on_the_form(admin_client, profile):
    response = _upload(admin_client, profile, b"%PDF-1.4", name="historik.pdf")
    assert response.status_code == 400 and not ImportRun.objects.exists()


def test_checking_then_importing_a_file_imports_it_once(admin_client, profile, sample):
    response = _upload(admin_client, profile, sample("historik-exempel.csv"))
    run = ImportRun.objects.get()
    assert response.url == reverse("history:run", args=[run.pk])
    page = admin_client.get(response.url).content.decode()
    assert "MC-2024-0002" in page and "Importera 3 ärenden" in page
    assert not Deviation.objects.filter(import_source="MedControl PRO").exists()

    url = reverse("history:run_import", args=[run.pk])
    admin_client.post(url)
    admin_client.post(url)  # pressed twice
    assert Deviation.objects.filter(import_source="MedControl PRO").count() == 3
    run.refresh_from_db()
    assert run.state == ImportRun.State.IMPORTED
    progress = admin_client.get(reverse("history:run_progress", args=[run.pk])).json()
    assert progress == {"done": 3, "total": 3}


def test_a_file_with_a_wrong_row_offers_no_import(admin_client, profile, sample):
    data = sample("historik-exempel.csv") + b"X;;Ingen AB;Bor\xc3\xa5s Stad;;;;;;;;;;;;;;;;\n"
    response = _upload(admin_client, profile, data)
    page = admin_client.get(response.url).content.decode()
    assert "Ingen AB" in page and "Importera" not in page.split("<h1>")[1].split("</form>")[0]
    run = ImportRun.objects.get()
    admin_client.post(reverse("history:run_import", args=[run.pk]))
    assert not Deviation.objects.filter(import_source="MedControl PRO").exists()


def test_the_export_downloads_the_layout(admin_client, profile, sample):
    _upload(admin_client, profile, sample("historik-exempel.csv"))
    admin_client.post(reverse("history:run_import", args=[ImportRun.objects.get().pk]))
    response = admin_client.get(reverse("history:export"), {"format": "csv", "year": "2024"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Id;Källa;") and "MC-2024-0003" in body


def test_a_bad_export_year_shows_the_page_again_with_a_swedish_error(admin_client, profile):
    response = admin_client.get(reverse("history:export"), {"format": "csv", "year": "２０２４x"})
    assert response.status_code == 400
    assert "fyra siffror" in response.content.decode()


def test_a_refused_file_keeps_no_identity_number_and_is_not_kept(admin_client, profile, sample):
    """An old system's file may carry the patient's personnummer (as the case's id, in a
    text): the row is refused, and neither the stored report, the page nor the disk keeps it."""
    row = (
        "19121212-1212;;Borås Stad;Södra Älvsborgs Sjukhus;2024-10-01;;2024-10-05;;Rubrik;"
        "Patienten 19121212–1212 fick fel dos.;OK-LAKARANSVAR;Egenvård;;;;;;;;\n"
    )
    response = _upload(admin_client, profile, sample("historik-exempel.csv") + row.encode())
    run = ImportRun.objects.get()
    assert run.report["wrong"] == 1
    page = admin_client.get(response.url).content.decode()
    for kept in (str(run.report), page):
        assert "1212-1212" not in kept and "12121212" not in kept
    assert "[personnummer]" in str(run.report)
    assert not run.file
    assert not list((settings.MEDIA_ROOT / "history-imports").glob("historik*"))


def test_an_imported_file_is_not_kept_after_the_import(admin_client, profile, sample):
    _upload(admin_client, profile, sample("historik-exempel.csv"))
    run = ImportRun.objects.get()
    path = run.file.path
    assert os.path.exists(path)  # kept between the check and the import
    admin_client.post(reverse("history:run_import", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == ImportRun.State.IMPORTED
    assert not run.file and not os.path.exists(path)
