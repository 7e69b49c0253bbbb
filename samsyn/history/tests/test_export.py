"""The export in the history layout imports back to the same cases (issue 21 item 6)."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from samsyn.core.access import actor_for
from samsyn.deviations.models import Deviation
from samsyn.history.exports import history_cases, history_export_response
from samsyn.history.layout import HEADERS
from samsyn.history.services import DUPLICATE, history_import

pytestmark = pytest.mark.django_db


def _import(actor, profile, data, *, name="historik.csv"):
    return history_import(
        actor=actor, profile=profile, file=io.BytesIO(data), name=name, dry_run=False
    )


def _exported(actor, *, excel=False, year=None) -> bytes:
    response = history_export_response(actor=actor, year=year, excel=excel)
    return b"".join(c if isinstance(c, bytes) else c.encode() for c in response.streaming_content)


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_an_export_of_imported_cases_is_the_file_they_came_from(admin_actor, profile, sample):
    original = sample("historik-exempel.csv")
    _import(admin_actor, profile, original)
    exported = _csv_rows(_exported(admin_actor, year=2024))
    assert exported == _csv_rows(original)


def test_an_export_re_imports_to_the_same_cases_and_creates_none(
    admin_actor, profile, sample, case_in
):
    _import(admin_actor, profile, sample("historik-exempel.csv"))
    case_in("closed")  # a case closed in Samsyn exports and re-imports too
    before = Deviation.objects.count()
    for excel in (False, True):
        report = _import(
            admin_actor,
            profile,
            _exported(admin_actor, excel=excel),
            name="x.xlsx" if excel else "x.csv",
        )
        assert report.imported and report.new == 0, report.wrong_rows
        assert [r.outcome for r in report.rows] == [DUPLICATE] * 4
    assert Deviation.objects.count() == before


def test_the_excel_export_has_the_layout_header(admin_actor, profile, sample):
    _import(admin_actor, profile, sample("historik-exempel.csv"))
    book = openpyxl.load_workbook(io.BytesIO(_exported(admin_actor, excel=True)))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 4


def test_only_closed_cases_of_the_administrators_county_are_exported(
    admin_actor, case_in, personas
):
    closed, open_case = case_in("closed"), case_in("sent")
    assert list(history_cases(actor=admin_actor)) == [closed]
    assert open_case not in history_cases(actor=admin_actor)
    with pytest.raises(PermissionDenied):
        history_cases(actor=actor_for(personas["handler"]))
