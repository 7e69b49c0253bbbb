"""The county's indicators (issue 20 item 6): data the county keeps, measured by the report's own
figures over each indicator's cut, per year, against its target. Hand-computed from
conftest.county_cases: in 2025 one of four reports is "Annat" now (c2; c3 was re-coded), in
2024 none of two; Skaraborg has one report in each year (c3; SAS→Skövde)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samsyn.followup import indicators as indicators_module
from samsyn.followup.indicators import indicator_rows
from samsyn.followup.models import Indicator
from samsyn.followup.report import ReportFilter, county_report
from samsyn.followup.tests.conftest import AS_OF, YEAR
from samsyn.parties.models import CooperationArea, County

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators(county_cases):
    county = County.objects.get()
    other = Indicator.objects.create(
        county=county,
        name="Färre ”Annat”",
        measure=Indicator.Measure.SHARE_OTHER,
        target=20,
        direction=Indicator.Direction.LOWER,
        order=1,
    )
    skaraborg = Indicator.objects.create(
        county=county,
        name="Rapporter i Skaraborg",
        measure=Indicator.Measure.REPORTS,
        target=1,
        direction=Indicator.Direction.HIGHER,
        area=CooperationArea.objects.get(name="Skaraborg"),
        order=2,
    )
    Indicator.objects.create(
        county=county, name="Dold", measure="reports", target=0, is_active=False
    )
    return other, skaraborg


def test_each_indicator_is_measured_per_year_over_its_cut_against_its_target(indicators):
    other, skaraborg = indicator_rows(County.objects.get(), YEAR, as_of=AS_OF)
    assert other.values == [(2022, None), (2023, None), (2024, 0.0), (2025, 25.0)]
    assert other.met is False and other.target_text == "≤ 20"
    assert skaraborg.values[-2:] == [(2024, 1), (2025, 1)]
    assert skaraborg.met is True and skaraborg.target_text == "≥ 1"


def test_shares_of_the_same_cut_and_year_are_counted_once_with_the_reports_own(
    indicators, monkeypatch
):
    county = County.objects.get()
    Indicator.objects.create(
        county=county,
        name="Åtgärder genomförda",
        measure=Indicator.Measure.SHARE_MEASURES_DONE,
        target=50,
        direction=Indicator.Direction.HIGHER,
        order=3,
    )
    counted = []
    counts = indicators_module._counts

    def counting(reports, as_of):
        counted.append(reports)
        return counts(reports, as_of)

    monkeypatch.setattr(indicators_module, "_counts", counting)
    report = county_report(county, ReportFilter(year=YEAR), as_of=AS_OF)
    # Two shares of the whole county over four years: 2022–2024 counted once for both, 2025 is
    # the report's own year (its counts given along).
    assert len(counted) == 3
    other, skaraborg, done = report.indicators
    assert other.values == [(2022, None), (2023, None), (2024, 0.0), (2025, 25.0)]
    assert skaraborg.values[-2:] == [(2024, 1), (2025, 1)]
    # 2025: c1 is the one case closed, with no measure carried out; 2024: none closed.
    assert done.values[-2:] == [(2024, None), (2025, 0.0)]


def test_the_report_and_the_dashboard_show_the_indicators(client, personas, indicators):
    client.force_login(personas["analyst"])
    for url in (f"/uppfoljning/?year={YEAR}", f"/uppfoljning/arsrapport/{YEAR}/"):
        page = client.get(url).content.decode()
        table = page.split('id="indicators"', 1)[1].split("</table>", 1)[0]
        assert "Färre ”Annat”" in table and "Rapporter i Skaraborg" in table
        assert "Dold" not in table
        assert "Uppnått 2025" in table
        # A share keeps its decimal (25,0 beside 27,4), a count of reports stays whole.
        assert ">25,0<" in table and ">0,0<" in table and ">1<" in table
    pdf = client.get(f"/uppfoljning/arsrapport/{YEAR}.pdf").content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Rapporter i Skaraborg" in text


def test_the_county_administrator_keeps_the_indicators_in_the_app_not_the_admin(client, personas):
    # On /uppfoljning/installningar/ (followup/tests/test_settings_pages.py); the Django admin
    # is for superusers only (issue 23 item 4).
    client.force_login(personas["county_admin"])
    assert client.get(reverse("followup:settings")).status_code == 200
    assert client.get("/admin/followup/indicator/add/").status_code == 302
    client.force_login(personas["analyst"])
    assert client.get(reverse("followup:settings")).status_code == 403
