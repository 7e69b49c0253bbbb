"""Lists as files: CSV (streamed, for Swedish Excel) and Excel (flat memory, rows zipped as they
come into XlsxWriter's workbook).

Every export of the system goes through these two functions, so each one streams, opens
in Swedish Excel, and defuses text that a spreadsheet would run as a formula.
"""

import csv
import io
import math
import re
import tempfile
import zipfile
from collections.abc import Iterable
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext
from xlsxwriter.utility import xl_col_to_name

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows per write into the file or the socket.
ROWS_PER_WRITE = 500


def spreadsheet_safe(value):
    """Text starting with = + - @ (or a tab/CR) would run as a formula in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def yes_no(value) -> str:
    """A yes/no cell, written the same way in every export ("Ja"/"Nej")."""
    return gettext("Yes") if value else gettext("No")


class _Echo:
    def write(self, value):
        return value


def csv_response(*, header: list, rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """Semicolon-separated UTF-8 with BOM, as Swedish Excel opens it; memory stays flat."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        # A few hundred rows per piece sent: the server writes each piece to the socket on its
        # own, and a county's export was half a million small writes (issue 16).
        chunk = ["\ufeff" + writer.writerow([str(h) for h in header])]
        for row in rows:
            chunk.append(writer.writerow([spreadsheet_safe(v) for v in row]))
            if len(chunk) >= ROWS_PER_WRITE:
                yield "".join(chunk)
                chunk = []
        yield "".join(chunk)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Excel's limits: rows in a sheet, and characters (UTF-16 units) in a cell.
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CHARS = 32_767
# Excel writes a control character as _xHHHH_, and a literal _xHHHH_ with its underscore so.
_XLSX_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_XLSX_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_XLSX_SPECIAL = re.compile(r"[&<>_\x00-\x08\x0b-\x1f\ufffe\uffff]")
_XLSX_SHEET = "xl/worksheets/sheet1.xml"
_XLSX_DIMENSION = re.compile(r"<dimension ref=\"[^\"]*\"/>")


def _xlsx_text(value: str) -> str:
    """A string as an inline cell's text: XML-escaped, control characters as Excel writes
    them, cut at Excel's limit (as XlsxWriter does)."""
    if len(value) > XLSX_MAX_CHARS // 2 and len(value.encode("utf-16-le", "surrogatepass")) > (
        2 * XLSX_MAX_CHARS
    ):
        value = value.encode("utf-16-le", "surrogatepass")[: 2 * XLSX_MAX_CHARS].decode(
            "utf-16-le", "ignore"
        )
    if not _XLSX_SPECIAL.search(value):
        return value
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _XLSX_ESCAPED.sub(r"_x005F\1", value)
    return _XLSX_CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)


def _xlsx_cell(ref: str, value) -> str:
    """One cell as XlsxWriter writes it: text inline (never a formula or a link), numbers and
    booleans as such, nothing for an empty value."""
    kind = value.__class__
    if value is None or value == "":
        return ""
    if kind is bool:
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if kind in (int, float, Decimal) and math.isfinite(value):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return (
        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
        f"{_xlsx_text(str(value))}</t></is></c>"
    )


def _xlsx_package(header: list, sheet: str) -> tuple[dict[str, bytes], bytes, bytes]:
    """XlsxWriter's parts of a one-sheet workbook holding the header row, and that sheet's XML
    split where the data rows go (its dimension left out: the row count is not known yet)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.add_worksheet(sheet).write_row(0, 0, [str(h) for h in header])
    workbook.close()
    with zipfile.ZipFile(buffer) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    before, after = _XLSX_DIMENSION.sub("", parts[_XLSX_SHEET].decode()).split("</sheetData>")
    return parts, before.encode(), ("</sheetData>" + after).encode()


def _xlsx_rows(rows: Iterable[list], width: int):
    """The sheet's data rows as XML, from its second row, in chunks of a few hundred rows."""
    columns = [xl_col_to_name(col) for col in range(width)]
    chunk = []
    for number, row in enumerate(rows, start=2):
        if number > XLSX_MAX_ROWS:
            break
        cells = "".join(
            _xlsx_cell(f"{col}{number}", spreadsheet_safe(v))
            for col, v in zip(columns, row, strict=False)
        )
        chunk.append(f'<row r="{number}">{cells}</row>')
        if len(chunk) == ROWS_PER_WRITE:
            yield "".join(chunk).encode()
            chunk = []
    yield "".join(chunk).encode()


def xlsx_response(*, header: list, rows: Iterable[list], sheet: str, filename: str) -> FileResponse:
    """A workbook written row by row into a temporary file and sent from there, so the
    worker's memory stays flat whatever the row count. The workbook's parts are XlsxWriter's;
    the data rows are written straight into the zipped sheet as inline strings, as XlsxWriter's
    constant-memory mode writes them, at about six times its speed: a county's export spent
    more time in XlsxWriter's per-cell calls than in everything else (issue 16). Strings are
    never read as formulas or links, and defused for the spreadsheet besides."""
    parts, before, after = _xlsx_package(header, sheet)
    file = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    # A seekable file: each part's sizes go in its header (no data descriptors, no ZIP64),
    # as in the files XlsxWriter writes; level 1 compresses a sheet at a few times level 6's
    # speed, for a slightly larger file.
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, data in parts.items():
            if name != _XLSX_SHEET:
                package.writestr(name, data)
                continue
            with package.open(_XLSX_SHEET, "w") as part:
                part.write(before)
                for chunk in _xlsx_rows(rows, len(header)):
                    part.write(chunk)
                part.write(after)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
