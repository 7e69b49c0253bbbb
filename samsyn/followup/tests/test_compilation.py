"""Each care provider's own compilation (issue 20 item 5), against the small county of
conftest.county_cases, computed by hand for Borås Stad in 2025:

as reporter c1 (closed with a reasoned "no measure", lex Maria reported) and c2 (answer
questioned), good cooperation apart; as receiver c4 (description disputed, acknowledged after
4 days). No case has a unit. In April–June: c2 as reporter, c4 as receiver.
"""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from samsyn.followup.provider import provider_compilation
from samsyn.followup.report import ReportFilter
from samsyn.followup.tests.conftest import AS_OF, YEAR
from samsyn.parties.models import CareUnit, Role

pytestmark = pytest.mark.django_db


def _rows(table) -> dict[str, list]:
    return {row.name: row.values for row in table.rows}


def test_the_compilation_counts_the_provider_as_reporter_and_as_receiver(boras, county_cases):
    CareUnit.objects.create(provider=boras, name="Hemtjänst Norr")
    c = provider_compilation(boras, ReportFilter(year=YEAR, provider_id=boras.pk), as_of=AS_OF)
    assert c.total == [2, 1]
    types = _rows(c.types)
    assert types["Avvikelse"] == [2, 1] and types["God samverkan"] == [1, 0]
    assert types["Risk"] == [0, 0]  # every type, zero where none
    units = _rows(c.units)
    assert units["Hemtjänst Norr"] == [0, 0] and units["Ingen enhet angiven"] == [2, 1]
    handling = _rows(c.handling)
    assert handling["Avslutad"] == [1, 0]
    assert handling["Avslutade med motiverad ”ingen åtgärd”"] == [1, 0]
    assert handling["Svaret ifrågasatt av rapporterande part"] == [1, 0]
    assert handling["Beskrivningen bestridd av mottagaren, helt eller delvis"] == [0, 1]
    assert handling["Lex Maria: anmäld till IVO"] == [1, 0]
    acknowledge = c.times[0]
    assert (acknowledge.count, acknowledge.median) == (1, 4.0)
    assert c.measures == {"open": 0, "overdue": 0, "done": 0}


def test_a_quarter_cuts_the_compilation(client, make_person, boras, county_cases):
    client.force_login(make_person(boras, Role.HANDLER))
    page = client.get(f"/uppfoljning/vardgivare/{boras.pk}/{YEAR}/?period=q2")
    assert page.status_code == 200
    html = page.content.decode()
    assert "händelser 2025-04-01 – 2025-06-30" in html
    assert "<dt>Gjorda rapporter</dt><dd>1</dd>" in html
    assert "<dt>Mottagna rapporter</dt><dd>1</dd>" in html


def test_the_pdf_and_the_workbook_hold_the_figures(client, make_person, boras, county_cases):
    client.force_login(make_person(boras, Role.ADMINISTRATOR))
    pdf = client.get(f"/uppfoljning/vardgivare/{boras.pk}/{YEAR}.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Sammanställning 2025: Borås Stad" in text and "Rapporter per enhet" in text
    xlsx = client.get(f"/uppfoljning/vardgivare/{boras.pk}/{YEAR}.xlsx?period=q2")
    summary = load_workbook(io.BytesIO(xlsx.content))["Sammanfattning"]
    rows = {r[0]: r[1:] for r in summary.iter_rows(values_only=True)}
    assert rows["Rapporter (utom god samverkan)"] == (1, 1)


def test_only_the_providers_own_people_read_it(client, make_person, personas, boras, sas):
    url = f"/uppfoljning/vardgivare/{boras.pk}/{YEAR}/"
    client.force_login(make_person(sas, Role.PATIENT_SAFETY))
    assert client.get(url).status_code == 404  # another provider's
    assert client.get(f"/uppfoljning/vardgivare/{sas.pk}/{YEAR}/").status_code == 200
    client.force_login(make_person(boras, Role.DEVIATION_COORDINATOR))
    assert client.get(url).status_code == 200
    for outsider in (personas["analyst"], personas["reporter"]):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.get("/uppfoljning/vardgivare/").status_code == 403
    client.force_login(make_person(boras, Role.HANDLER))
    last_year = timezone.localdate().year - 1
    latest = client.get("/uppfoljning/vardgivare/")
    assert latest.url == f"/uppfoljning/vardgivare/{boras.pk}/{last_year}/"
    assert client.get(f"/uppfoljning/vardgivare/{boras.pk}/2999/").status_code == 404


def test_measures_open_overdue_and_done_and_the_lessons_of_the_year(
    boras, sas, county_cases, ladder
):
    """By hand, as of 2026-03-01: Borås owns three measures on c4: one open and past its date
    (overdue), one open and not yet due, one carried out in 2025; SAS's own measure is not
    Borås's. One lesson from a Borås–SAS disagreement was published in 2025."""
    import datetime

    from samsyn.deviations.models import Measure
    from samsyn.disagreements.models import Lesson
    from samsyn.disagreements.tests.factories import closed_with_lesson, open_case
    from samsyn.followup.tests.conftest import at

    c4 = county_cases["c4"]
    for owner, due, done in (
        (boras, datetime.date(2026, 2, 1), None),
        (boras, datetime.date(2026, 6, 1), None),
        (boras, datetime.date(2025, 9, 1), datetime.date(2025, 8, 20)),
        (sas, datetime.date(2026, 2, 1), None),
    ):
        Measure.objects.create(
            deviation=c4,
            owner_provider=owner,
            description="Ny rutin för utskrivning.",
            due_date=due,
            done_date=done,
            created_by=ladder["boras1"],
        )
    closed_with_lesson(ladder, open_case(ladder["boras1"], boras, sas))
    Lesson.objects.update(published_at=at("2025-11-01"))
    c = provider_compilation(boras, ReportFilter(year=YEAR, provider_id=boras.pk), as_of=AS_OF)
    assert c.measures == {"open": 2, "overdue": 1, "done": 1}
    assert c.lessons == 1
    next_year = provider_compilation(
        boras, ReportFilter(year=2026, provider_id=boras.pk), as_of=AS_OF
    )
    assert (next_year.measures["done"], next_year.lessons) == (0, 0)
