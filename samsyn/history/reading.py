"""Reading a history file row by row, without loading it whole (a 200,000-row file streams):
CSV through the csv module, Excel through openpyxl's read-only mode."""

import csv
import datetime
import io
from collections.abc import Iterator

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NOT_A_TABLE = _("The file could not be read as CSV or Excel (.xlsx). Check its type.")
EMPTY_FILE = _("The file is empty: its first row must hold the column headers.")


def is_excel(name: str) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm"))


def file_rows(file, name: str) -> tuple[list[str], Iterator[dict[str, str]]]:
    """The headers of the first row, and the rows after it as {header: text}."""
    try:
        return _excel_rows(file) if is_excel(name) else _csv_rows(file)
    except (csv.Error, UnicodeDecodeError, OSError, ValueError, KeyError) as error:
        raise ValidationError(NOT_A_TABLE) from error


def _csv_rows(file):
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    sample = text.read(8192)
    text.seek(0)
    if not sample.strip():
        raise ValidationError(EMPTY_FILE)
    # Excel in Sweden writes ";", most other tools ",".
    dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    reader = csv.reader(text, dialect)
    headers = [h.strip() for h in next(reader)]
    rows = (
        {h: unquoted(v) for h, v in zip(headers, row, strict=False)} for row in reader if any(row)
    )
    return headers, rows


def _excel_rows(file):
    book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    first = next(rows, None)
    if not first:
        raise ValidationError(EMPTY_FILE)
    headers = [_text(h).strip() for h in first]

    def generate():
        for row in rows:
            if any(v not in (None, "") for v in row):
                yield {h: unquoted(_text(v)) for h, v in zip(headers, row, strict=False)}
        book.close()

    return headers, generate()


def unquoted(value: str) -> str:
    """A cell the export defused (core.exports.spreadsheet_safe: "'=…") as it was."""
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def _text(value) -> str:
    """A cell as text: a date as YYYY-MM-DD, a whole number without decimals."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
