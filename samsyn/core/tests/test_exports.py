"""The Excel file every export writes (core/exports.xlsx_response): its rows are written into
the zipped sheet directly (issue 16), so the file must read back as XlsxWriter's did."""

import io
import zipfile

from openpyxl import load_workbook

from samsyn.core.exports import XLSX_MAX_CHARS, xlsx_response


def _workbook(rows, header=("Text", "Number")):
    response = xlsx_response(header=list(header), rows=iter(rows), sheet="Blad", filename="x.xlsx")
    return b"".join(response.streaming_content)


def test_an_excel_export_reads_back_cell_for_cell_with_its_types():
    data = _workbook([['a & <b> "c"', 3], ["  spaces kept  ", 2.5], ["", None], [True, 0]])
    sheet = load_workbook(io.BytesIO(data))["Blad"]
    assert list(sheet.values) == [
        ("Text", "Number"),
        ('a & <b> "c"', 3),
        ("  spaces kept  ", 2.5),
        (None, None),
        (True, 0),
    ]


def test_an_excel_export_never_writes_a_formula_and_defuses_one():
    data = _workbook([['=HYPERLINK("http://x")', "@SUM(A1)"]])
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    values = list(load_workbook(io.BytesIO(data)).active.values)
    assert values[1] == ('\'=HYPERLINK("http://x")', "'@SUM(A1)")


def test_control_characters_and_over_long_text_are_written_as_excel_writes_them():
    long_text = "å" * (XLSX_MAX_CHARS + 10)
    data = _workbook([["bell\x07 and _x0041_", long_text]])
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    # A control character as Excel's _xHHHH_, a literal _xHHHH_ with its underscore escaped.
    assert "bell_x0007_ and _x005F_x0041_" in sheet_xml
    values = list(load_workbook(io.BytesIO(data)).active.values)
    assert len(values[1][1]) == XLSX_MAX_CHARS


def test_the_workbook_keeps_xlsxwriters_parts_and_sizes_in_each_header():
    data = _workbook([["x", 1]])
    package = zipfile.ZipFile(io.BytesIO(data))
    names = package.namelist()
    assert names[0] == "[Content_Types].xml" and "xl/worksheets/sheet1.xml" in names
    assert {"xl/styles.xml", "xl/workbook.xml", "docProps/core.xml"} <= set(names)
    # Written to a seekable file: no data descriptors (flag bit 3), which Excel may refuse.
    assert all(not info.flag_bits & 0x08 for info in package.infolist())
