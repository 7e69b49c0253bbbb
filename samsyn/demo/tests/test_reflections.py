"""The demo's invented area reflections on 2025 (issue 20): five areas, one after the deadline,
Göteborgsområdet missing so the demo report shows the warning; and its invented indicators.
Each loaded once."""

import datetime

import pytest

from samsyn.audit.selectors import audit_chain_verify
from samsyn.demo.indicators import indicators_load
from samsyn.demo.reflections import YEAR, reflections_load
from samsyn.followup.report import ReportFilter, county_report
from samsyn.parties.models import County

pytestmark = pytest.mark.django_db


def test_the_demo_reflections_leave_one_area_missing_and_one_late(reference_data):
    assert reflections_load() == 5
    assert reflections_load() == 0
    county = County.objects.get()
    report = county_report(county, ReportFilter(year=YEAR), as_of=datetime.date(2026, 6, 1))
    status = {a.area.name: a for a in report.areas}
    assert status["Göteborgsområdet"].reflection is None
    assert status["Lerum/Alingsås (SAMLA)"].reflection_late
    assert status["Södra Älvsborg"].reflection.submitted_at.date() == datetime.date(2026, 3, 18)
    assert not status["Södra Älvsborg"].reflection_late
    assert audit_chain_verify().ok


def test_the_demo_indicators_load_once_and_show_in_the_report(reference_data):
    assert indicators_load() == 3
    assert indicators_load() == 0
    report = county_report(County.objects.get(), ReportFilter(year=YEAR))
    assert [row.indicator.name for row in report.indicators][0].startswith("Färre")
