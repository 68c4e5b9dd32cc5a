"""The tidy export's rows as a file: CSV (two dialects), JSON, or an Excel workbook.

Every format holds the same cells (views/export.py). CSV's `excel-sv` is what Excel with
Swedish settings opens by double-click: semicolons between cells, a decimal comma, and a
byte order mark so that å, ä and ö are read as UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from revision_cli.views.export import COLUMNS, KINDS, NUMBERS

DIALECTS = ("standard", "excel-sv")


def _cell(value: Any, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)  # the shortest text that reads back as the same number
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def to_csv(rows: list[dict[str, Any]], dialect: str = "standard") -> str:
    swedish = dialect == "excel-sv"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if swedish else ",", lineterminator="\r\n" if swedish else "\n")
    writer.writerow(COLUMNS)
    # Text, whole numbers and empty cells (most of a quarter of a million rows) go to the csv
    # module as they are: it writes them as _cell would (None as an empty cell).
    plain = (str, int, type(None))
    for row in rows:
        values = map(row.__getitem__, COLUMNS)
        writer.writerow([value if type(value) in plain else _cell(value, swedish) for value in values])
    return ("\ufeff" if swedish else "") + out.getvalue()


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps({"columns": list(COLUMNS), "rows": rows}, ensure_ascii=False, indent=2) + "\n"


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """One sheet per item kind that has rows, each with a frozen header row and its numbers
    as numbers (a share as a percentage)."""
    from openpyxl import Workbook  # only this format needs it
    from openpyxl.utils import get_column_letter

    book = Workbook()
    for sheet in list(book.worksheets):  # the empty first sheet a new workbook has
        book.remove(sheet)
    formats = {"share": "0.0%", "mean": "0.00", "score": "0", "count": "0", "n": "0", "excluded": "0"}
    for kind in KINDS:
        mine = [row for row in rows if row["kind"] == kind]
        if not mine:
            continue
        sheet = book.create_sheet(kind)
        sheet.append(list(COLUMNS))
        for row in mine:
            sheet.append([row[column] for column in COLUMNS])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(COLUMNS, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(10, len(column) + 2)
            if column in NUMBERS:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = formats[column]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
