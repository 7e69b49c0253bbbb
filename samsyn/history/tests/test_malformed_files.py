"""The history import fed with malformed files (issue 22 item 5): wrong encodings, another
separator, broken quoting, empty and huge files, formulas in cells. Each gets a Swedish report,
row by row where there are rows, and nothing is half-imported."""

import csv
import io

import pytest
from django.utils import translation

from samsyn.deviations.models import Deviation
from samsyn.history.exports import history_export_response
from samsyn.history.services import history_import

pytestmark = pytest.mark.django_db
SOURCE = "MedControl PRO"


def _run(actor, profile, data: bytes, *, dry_run=False, name="historik.csv"):
    with translation.override("sv"):
        return history_import(
            actor=actor, profile=profile, file=io.BytesIO(data), name=name, dry_run=dry_run
        )


def _imported() -> int:
    return Deviation.objects.filter(import_source=SOURCE).count()


@pytest.fixture
def text(sample):
    return sample("historik-exempel.csv").decode("utf-8")


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
    ids=["utf-8", "utf-8 with BOM", "Windows-1252 as Swedish Excel writes it"],
)
def test_a_file_in_any_encoding_excel_writes_imports_with_its_swedish_letters(
    admin_actor, profile, text, encoding, bom
):
    report = _run(admin_actor, profile, bom + text.encode(encoding))
    assert report.imported and report.new == 3, report.file_problems
    titles = set(Deviation.objects.filter(import_source=SOURCE).values_list("title", flat=True))
    assert "Läkemedelslista saknades vid utskrivning" in titles


def test_a_comma_separated_file_imports_like_the_semicolon_one(admin_actor, profile, text):
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv.reader(io.StringIO(text), delimiter=";"):
        writer.writerow(row)
    report = _run(admin_actor, profile, out.getvalue().encode())
    assert report.imported and report.new == 3, report.file_problems


def test_bytes_no_encoding_explains_are_refused_whole_in_swedish(admin_actor, profile, text):
    data = text.encode("utf-8") + b"MC-9;MedControl PRO;\x81\x8d\x8f;" + b"\n"
    report = _run(admin_actor, profile, data)
    assert report.refused and not report.imported
    assert any("teckenkodning" in p for p in report.file_problems), report.file_problems
    assert _imported() == 0


def test_a_row_with_broken_quoting_is_reported_and_nothing_is_imported(admin_actor, profile, text):
    lines = text.splitlines()
    lines.insert(2, 'MC-2024-0009;MedControl PRO;Borås Stad;"Södra Älvsborgs Sjukhus;2024-03-04')
    report = _run(admin_actor, profile, "\n".join(lines).encode())
    assert report.refused and not report.imported
    problems = report.file_problems + [m for r in report.wrong_rows for m in r.messages]
    assert problems, report
    assert _imported() == 0


@pytest.mark.parametrize(
    "data", [b"", b"\xef\xbb\xbf", b"   \n\n"], ids=["0 bytes", "BOM", "blank"]
)
def test_an_empty_file_is_refused_with_a_swedish_message(admin_actor, profile, data):
    report = _run(admin_actor, profile, data)
    assert report.refused and not report.imported
    assert any("tom" in p for p in report.file_problems), report.file_problems


def test_a_file_of_only_headers_imports_nothing_and_says_so(admin_actor, profile, text):
    report = _run(admin_actor, profile, text.splitlines()[0].encode() + b"\n")
    assert report.total == 0 and _imported() == 0


def test_a_huge_cell_is_reported_on_its_row_and_nothing_is_imported(admin_actor, profile, text):
    huge = "x" * 300_000
    lines = text.splitlines()
    lines.insert(2, f"MC-2024-0009;MedControl PRO;Borås Stad;Södra Älvsborgs Sjukhus;{huge}")
    report = _run(admin_actor, profile, "\n".join(lines).encode())
    assert report.refused and not report.imported
    assert any("Rad 3" in p for p in report.file_problems), report.file_problems
    assert _imported() == 0


def test_a_huge_file_of_good_rows_is_read_whole_and_counted(admin_actor, profile, text):
    header, first = text.splitlines()[:2]
    rows = [first.replace("MC-2024-0001", f"MC-H-{n}", 1) for n in range(2000)]
    report = _run(admin_actor, profile, "\n".join([header, *rows]).encode(), dry_run=True)
    assert (report.total, report.new, report.wrong) == (2000, 2000, 0)
    assert _imported() == 0


def _with_title(text: str, title: str) -> bytes:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    rows[1][rows[0].index("Rubrik")] = title
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize(
    "formula", ['=HYPERLINK("http://example.com";"Klicka")', "+1+1", "@SUM(A1)"]
)
def test_a_formula_in_a_cell_is_imported_as_text_and_defused_again_on_export(
    admin_actor, profile, text, formula
):
    report = _run(admin_actor, profile, _with_title(text, formula))
    assert report.imported and report.new == 3, report.file_problems
    assert Deviation.objects.filter(import_source=SOURCE, title=formula).exists()
    response = history_export_response(actor=admin_actor, year=2024, excel=False)
    exported = b"".join(
        c if isinstance(c, bytes) else c.encode() for c in response.streaming_content
    ).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(exported), delimiter=";") for cell in row]
    assert f"'{formula}" in cells and formula not in cells
