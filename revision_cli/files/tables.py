"""Reading a web-form export: a CSV file as the form tools and spreadsheet programs write it,
or an Excel workbook (.xlsx), as rows of cells under one header row.

What the tools really produce: UTF-8 with a byte order mark (Excel's "CSV UTF-8", Microsoft
and Google Forms downloads), UTF-16 with tabs (Excel's "Unicode text"), Windows-1252 with
semicolons and decimal commas (Swedish Excel's plain "CSV"), plain UTF-8 with commas
(LimeSurvey, KoboToolbox with its own separator), and .xlsx workbooks whose cells are
numbers and dates rather than text. The reader finds the encoding from the byte order mark
(else UTF-8, else Windows-1252), the separator from the header line, and hands back each
cell as the tool wrote it: text, or for a workbook the number or date itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from revision_cli.errors import Finding, display_path
from revision_cli.i18n import _

Cell = str | int | float | dt.datetime | dt.date | None

# A whole export is read into memory; a form tool's export of a few thousand answers is a
# few megabytes, so anything far beyond is not an export.
MAX_TABLE_BYTES = 200 * 1024 * 1024
_SEPARATORS = ("\t", ";", ",")


@dataclass
class Table:
    """One sheet: the header row and every row under it, each as long as the header.
    Row numbers are those a spreadsheet shows (the header is row 1), so that a finding
    `export.csv:7:3` is found in Excel at row 7, column C."""

    path: Path
    display: str
    headers: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]
    separator: str | None = None  # a CSV file's separator; None for a workbook
    encoding: str | None = None

    @property
    def decimal_comma(self) -> bool:
        """Whether numbers may be written 4,5: a CSV file that does not separate with commas."""
        return self.separator is not None and self.separator != ","

    def column(self, index: int) -> list[Cell]:
        return [row[index] for row in self.rows]


def read_table(path: Path) -> tuple[Table | None, list[Finding]]:
    """The export at `path` (.xlsx, or anything else read as CSV), or findings that say why not."""
    display = display_path(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_TABLE_BYTES + 1)
    except OSError as exc:
        return None, [
            _finding(display, "file-unreadable", _("cannot read the file: {value}").format(value=exc.strerror or exc))
        ]
    if len(raw) > MAX_TABLE_BYTES:
        return None, [
            _finding(display, "file-too-large", _("the file is larger than 200 MB; this is not a form export"))
        ]
    if raw.startswith(b"PK\x03\x04"):  # a zip: an .xlsx workbook, whatever its name
        return _read_xlsx(path, display, raw)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return None, [
            _finding(
                display,
                "file-unreadable",
                _("this is an old Excel workbook (.xls); save it as .xlsx or as CSV and import that"),
            )
        ]
    text, encoding = _decode(raw)
    if not text.strip():
        return None, [_finding(display, "file-empty", _("the file is empty"))]
    return _read_csv(path, display, text, encoding)


def _finding(display: str, code: str, message: str, line: int = 1, column: int = 1) -> Finding:
    return Finding(display, line, column, code, message)


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-16 without a byte order mark: every other byte of ASCII text is zero.
    if raw[1::2].count(0) > len(raw) // 4:
        return raw.decode("utf-16-le", errors="replace"), "utf-16-le"
    if raw[0::2].count(0) > len(raw) // 4:
        return raw.decode("utf-16-be", errors="replace"), "utf-16-be"
    # Swedish Excel's plain "CSV" is Windows-1252: å, ä and ö are single bytes there.
    return raw.decode("cp1252", errors="replace"), "cp1252"


def _separator(text: str) -> str:
    """The separator the header line uses most, outside quotes."""
    counts = dict.fromkeys(_SEPARATORS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


def _read_csv(path: Path, display: str, text: str, encoding: str) -> tuple[Table | None, list[Finding]]:
    separator = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    headers: list[str] | None = None
    try:
        # Rows are counted in records, not lines, as a spreadsheet counts them: a quoted cell
        # may hold line breaks, and a blank record still takes a row.
        for index, record in enumerate(reader, start=1):
            cells = [c.strip() for c in record]
            if headers is None:
                headers = cells
            elif any(cells):
                rows.append(list(cells))
                numbers.append(index)
    except csv.Error as exc:
        return None, [_finding(display, "file-unreadable", _("not a CSV file: {value}").format(value=exc))]
    if headers is None:
        return None, [_finding(display, "file-empty", _("the file is empty"))]
    return _shaped(Table(path, display, headers, rows, numbers, separator, encoding))


def _read_xlsx(path: Path, display: str, raw: bytes) -> tuple[Table | None, list[Finding]]:
    try:
        import openpyxl  # lazily: only an .xlsx import pays for it
    except ImportError:  # pragma: no cover - a dependency of the package
        return None, [_finding(display, "file-unreadable", _("reading .xlsx needs the openpyxl package"))]
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        records = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return None, [
            _finding(display, "file-unreadable", _("not an Excel workbook that can be read: {value}").format(value=exc))
        ]
    headers: list[str] | None = None
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    for index, record in enumerate(records, start=1):
        cells: list[Cell] = [_xlsx_cell(c) for c in record]
        if headers is None:
            if not any(c not in (None, "") for c in cells):
                continue  # blank rows above the header
            headers = ["" if c is None else str(c).strip() for c in cells]
            continue
        if all(c in (None, "") for c in cells):
            continue
        rows.append(cells)
        numbers.append(index)
    if headers is None:
        return None, [_finding(display, "file-empty", _("the workbook's first sheet is empty"))]
    return _shaped(Table(path, display, headers, rows, numbers))


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, (int, float, dt.datetime, dt.date)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.time):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _shaped(table: Table) -> tuple[Table | None, list[Finding]]:
    """Trailing columns with neither header nor data are dropped; every row gets the
    header's length (a short row's missing cells are empty)."""
    width = len(table.headers)
    while (
        width and not table.headers[width - 1] and all(len(r) < width or r[width - 1] in (None, "") for r in table.rows)
    ):
        width -= 1
    table.headers = table.headers[:width]
    findings = []
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        if len(row) > width and any(c not in (None, "") for c in row[width:]):
            findings.append(
                _finding(
                    table.display,
                    "file-unreadable",
                    _("this row has more cells than the header row has columns"),
                    number,
                    width + 1,
                )
            )
        row[:] = [None if c == "" else c for c in row[:width]] + [None] * (width - len(row))
    if findings:
        return None, findings
    return table, []
