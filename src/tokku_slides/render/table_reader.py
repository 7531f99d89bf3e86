"""Reading a table of scores: an .xlsx sheet (openpyxl) or a .csv in UTF-8 or Shift_JIS, as cells
with their Excel names (B3), whatever wrote the file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


class TableError(Exception):
    """The file cannot be read as a table (the message says why)."""


@dataclass(frozen=True)
class Table:
    sheet: str | None
    """The sheet's name; None for a .csv."""
    rows: list[list[tuple[str, object]]]
    """Each row's cells as (cell name, value): a str, int, float or None."""


def _name(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def read_table(path: Path, sheet: str | None = None) -> Table:
    data = path.read_bytes()
    if path.suffix.lower() == ".csv":
        for encoding in ("utf-8-sig", "cp932"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise TableError("encoding")
        rows = [[(_name(r, c), v if v != "" else None) for c, v in enumerate(line, start=1)]
                for r, line in enumerate(csv.reader(io.StringIO(text)), start=1)]
        return Table(None, [list(row) for row in rows])
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise TableError(str(exc)) from exc
    if sheet is not None and sheet not in wb.sheetnames:
        raise TableError("sheet:" + ", ".join(wb.sheetnames))
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    out: list[list[tuple[str, object]]] = []
    for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
        out.append([(_name(r, c), v) for c, v in enumerate(values, start=1)])
    return Table(ws.title, out)
