"""Reading a history file row by row, without loading it whole (a 200,000-row file streams):
CSV through the csv module, Excel through openpyxl's read-only mode."""

import codecs
import csv
import datetime
import io
from collections.abc import Iterator

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NOT_A_TABLE = _("The file could not be read as CSV or Excel (.xlsx). Check its type.")
EMPTY_FILE = _("The file is empty: its first row must hold the column headers.")
UNKNOWN_ENCODING = _(
    "The file's character encoding is neither UTF-8 nor Windows-1252: save it from Excel as "
    '"CSV UTF-8" or "CSV (semicolon separated)" and try again.'
)
ROW_UNREADABLE = _(
    "Row {row} could not be read: a cell is too long or a quotation mark has no pair. Nothing "
    "was imported; correct the row and try again."
)
# Excel writes UTF-8 (with a byte order mark) as "CSV UTF-8", and Windows-1252 as "CSV
# (semicolon separated)" on a Swedish Windows.
ENCODINGS = ("utf-8-sig", "cp1252")
CHUNK = 1 << 20


def is_excel(name: str) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm"))


def file_rows(file, name: str) -> tuple[list[str], Iterator[dict[str, str]]]:
    """The headers of the first row, and the rows after it as {header: text}."""
    try:
        return _excel_rows(file) if is_excel(name) else _csv_rows(file)
    except (csv.Error, UnicodeDecodeError, OSError, ValueError, KeyError) as error:
        raise ValidationError(NOT_A_TABLE) from error


def _decodes(file, encoding: str) -> bool:
    """Whether the whole file decodes (read in chunks: a large file is not held whole)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    file.seek(0)
    try:
        while chunk := file.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        file.seek(0)
    return True


def _encoding(file) -> str:
    for encoding in ENCODINGS:
        if _decodes(file, encoding):
            return encoding
    raise ValidationError(UNKNOWN_ENCODING)


def _csv_rows(file):
    text = io.TextIOWrapper(file, encoding=_encoding(file), newline="")
    first = text.readline()
    text.seek(0)
    if not first.strip() and not text.read(CHUNK).strip():
        raise ValidationError(EMPTY_FILE)
    text.seek(0)
    # Excel in Sweden writes ";", most other tools ",": the headers' separator is the file's.
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(text, delimiter=delimiter)
    headers = [h.strip() for h in _next_row(reader)]

    def generate():
        while (row := _next_row(reader)) is not None:
            if any(row):
                yield {h: unquoted(v) for h, v in zip(headers, row, strict=False)}

    return headers, generate()


def _next_row(reader) -> list[str] | None:
    """The next row, or None at the end; a row the csv module cannot read is named by its
    number (the file's row, counting the headers as row 1)."""
    try:
        return next(reader, None)
    except csv.Error as error:
        raise ValidationError(ROW_UNREADABLE.format(row=reader.line_num)) from error


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
