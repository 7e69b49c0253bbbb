"""The county report as a page, a PDF and a workbook (issue 20 item 2): the county's analysts
and coordinators read it, nobody else; the files read back hold the page's figures."""

import io
import re

import pytest
import weasyprint
from django.core.cache import cache
from django.db import connection
from openpyxl import load_workbook
from pypdf import PdfReader

from samsyn.deviations.models import Deviation
from samsyn.followup.report_files import typeset_pdf
from samsyn.followup.tests.conftest import YEAR
from samsyn.parties.models import CareProvider, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst_client(client, personas):
    client.force_login(personas["analyst"])
    return client


def test_the_analyst_reads_the_report_page_with_its_figures(analyst_client, county_cases):
    response = analyst_client.get(f"/uppfoljning/arsrapport/{YEAR}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kommunerna rapporterade 3,0 gånger så många avvikelser som regionen" in page
    assert "data:image/svg+xml;base64," in page  # the charts, beside their tables
    assert "Göteborgsområdet" in page and "Saknas" in page


def test_a_county_coordinator_reads_it_and_a_handler_does_not(
    client, make_person, boras, county_cases
):
    koncern = CareProvider.objects.get(name="Koncernkontoret")
    client.force_login(make_person(koncern, Role.COUNTY_COORDINATOR))
    assert client.get(f"/uppfoljning/arsrapport/{YEAR}/").status_code == 200
    client.force_login(make_person(boras, Role.HANDLER))
    for suffix in ("/", ".pdf", ".xlsx"):
        assert client.get(f"/uppfoljning/arsrapport/{YEAR}{suffix}").status_code == 403


def test_a_year_in_the_future_has_no_report(analyst_client):
    assert analyst_client.get("/uppfoljning/arsrapport/2999/").status_code == 404


def test_the_pdf_holds_the_figures_and_every_area(analyst_client, county_cases):
    response = analyst_client.get(f"/uppfoljning/arsrapport/{YEAR}.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Avvikelser i samverkan 2025" in text
    assert "3,0 gånger så många avvikelser som regionen (2024: 1,0)" in text
    # The county's cases begin in April 2024: no change in per cent, the reason instead.
    assert "2024 omfattar bara ärenden från och med april, så ingen jämförelse görs." in text
    assert "ökade med" not in text
    for area in ("Fyrbodal", "Skaraborg", "Södra Älvsborg", "Göteborgsområdet"):
        assert area in text
    assert "Saknas: området har inte lämnat sin reflektion." in text


def _pdf_text(response) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_same_report_is_typeset_once_and_a_changed_figure_anew(
    analyst_client, county_cases, monkeypatch
):
    cache.clear()
    typeset = []
    write_pdf = weasyprint.HTML.write_pdf

    def counted(html, *args, **kwargs):
        typeset.append(html)
        return write_pdf(html, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counted)
    first = analyst_client.get(f"/uppfoljning/arsrapport/{YEAR}.pdf")
    again = analyst_client.get(f"/uppfoljning/arsrapport/{YEAR}.pdf")
    assert again.content == first.content
    assert len(typeset) == 1
    # A case moved to the region's side: the figures are computed afresh, the PDF typeset anew.
    assert "3,0 gånger så många avvikelser som regionen" in _pdf_text(first)
    Deviation.objects.filter(pk=county_cases["c2"].pk).update(
        reporting_provider=county_cases["c4"].reporting_provider,
        counterpart_provider=county_cases["c4"].counterpart_provider,
    )
    changed = analyst_client.get(f"/uppfoljning/arsrapport/{YEAR}.pdf")
    assert len(typeset) == 2
    assert "1,0 gånger så många avvikelser som regionen" in _pdf_text(changed)


def test_a_chart_of_the_same_figures_is_the_same_drawing(analyst_client, county_cases):
    """pygal named each drawing at random: the same figures gave another drawing every time."""

    def charts():
        page = analyst_client.get(f"/uppfoljning/arsrapport/{YEAR}/").content.decode()
        return re.findall(r'src="(data:image/svg\+xml;base64,[^"]+)"', page)

    first = charts()
    assert len(first) >= 5
    assert charts() == first


def test_the_workbook_holds_the_figures(analyst_client, county_cases):
    response = analyst_client.get(f"/uppfoljning/arsrapport/{YEAR}.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1:] for row in workbook["Sammanfattning"].iter_rows(values_only=True)}
    assert summary["Kommunerna"] == (3, 1)
    assert summary["Regionen"] == (1, 1)
    areas = {row[0]: row[1:] for row in workbook["Områden"].iter_rows(values_only=True)}
    assert areas["Södra Älvsborg"][0] == 3
    assert areas["Göteborgsområdet"][0] == 0
    assert areas["Göteborgsområdet"][2] == "Saknas"
    municipalities = {row[0]: row[1:] for row in workbook["Kommuner"].iter_rows(values_only=True)}
    assert municipalities["Borås Stad"] == (3, 114_872, 0.26)
    times = {row[0]: row[1:] for row in workbook["Tider"].iter_rows(values_only=True)}
    assert times["Tid till mottagen"] == (4, 2.0, 4.0)


def test_the_api_gives_the_reports_figures_with_every_area_and_municipality(
    analyst_client, county_cases
):
    response = analyst_client.get(f"/api/v1/reports/annual/{YEAR}")

    assert response.status_code == 200
    data = response.json()
    assert data["volume"]["municipalities"] == 3 and data["volume"]["region"] == 1
    assert data["volume"]["ratio"] == 3.0 and data["volume_year_before"]["total"] == 2
    assert data["change_percent"] is None  # 2024 holds only April on
    assert data["year_before_from"] == "2024-04-01"
    tables = {t["key"]: t for t in data["tables"]}
    municipalities = {r["name"]: r for r in tables["municipalities"]["rows"]}
    assert municipalities["Borås Stad"]["values"] == [3, 114_872, 0.26]
    assert len(municipalities) == 49 and municipalities["Åmåls kommun"]["missing"]
    areas = {a["name"]: a for a in data["areas"]}
    assert areas["Göteborgsområdet"]["cases"] == 0 and not areas["Göteborgsområdet"]["complete"]
    assert any("3,0 gånger så många" in text for text in data["conclusions"])


def test_the_api_report_is_for_the_reports_readers_only(client, make_person, boras, county_cases):
    client.force_login(make_person(boras, Role.HANDLER))

    refused = client.get(f"/api/v1/reports/annual/{YEAR}")
    future = client.get("/api/v1/reports/annual/2999")

    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert future.status_code in (403, 404)


def test_the_api_has_no_report_for_a_year_in_the_future(analyst_client):
    response = analyst_client.get("/api/v1/reports/annual/2999")

    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_a_newly_typeset_pdf_clears_the_expired_rows_of_the_database_cache(settings):
    """Django's database cache removes expired rows only past MAX_ENTRIES; yesterday's PDFs
    (a day each, about 150 KB) go when a new one is kept, what has not expired stays (0032)."""
    settings.CACHES = {"default": settings.CACHE_BACKENDS["database"]}
    cache.set("followup:pdf:yesterday", b"%PDF-old", 0)  # kept until a moment ago
    cache.set("history:progress:1", 7, 60)

    typeset_pdf("<p>Årsrapport</p>")

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {settings.CACHE_TABLE}")  # noqa: S608
        keys = {key for (key,) in cursor.fetchall()}
    pdfs = {key for key in keys if key.startswith(":1:followup:pdf:")}
    assert ":1:followup:pdf:yesterday" not in pdfs and len(pdfs) == 1  # today's only
    assert ":1:history:progress:1" in keys
