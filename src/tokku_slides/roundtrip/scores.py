"""``import-scores``: the committee's table of scores (特区名, Ⅰ, Ⅱ, Ⅲ) written into the zone files.

Every problem of the table is found before anything is written, each as ``FILE!SHEET!CELL: message``
(``FILE!CELL`` for a .csv); the zone files change only in their score lines (and their total, which
follows the 1:1:2 rule), all or none.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tokku_slides.i18n import _
from tokku_slides.model.errors import one_line
from tokku_slides.model.load import load_year
from tokku_slides.model.records import Year, Zone
from tokku_slides.model.scoring import weighted_total
from tokku_slides.render.table_reader import Table, TableError, read_table
from tokku_slides.roundtrip.extract import Change
from tokku_slides.roundtrip.yamledit import EditError, edit

HEADERS = {"name": ("特区名", "name"), "I": ("Ⅰ", "I"), "II": ("Ⅱ", "II"), "III": ("Ⅲ", "III"),
           "total": ("総合評価", "total")}
"""Each column's header, by its Japanese name or its key."""


class ScoreTableError(Exception):
    """Every problem of the table, one line each."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass
class ScoreImport:
    year: Year
    changes: list[Change] = field(default_factory=list)
    outputs: dict[Path, bytes] = field(default_factory=dict)
    rows: int = 0


def _score(value: object) -> tuple[Decimal | None, str | None]:
    """The score in a cell, or the problem (a message)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, _("the cell is empty; write the score (1.0 to 5.0)")
    if isinstance(value, bool):
        return None, _("not a number; write the score (1.0 to 5.0)")
    text = str(value).strip() if not isinstance(value, float) else repr(value)
    if isinstance(value, str) and any(unicodedata.east_asian_width(c) == "F" for c in text):
        half = unicodedata.normalize("NFKC", text)
        return None, _("full-width digits; write it in half-width digits: {value}").format(value=half)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, _("not a number; write the score (1.0 to 5.0)")
    if not number.is_finite():
        return None, _("not a number; write the score (1.0 to 5.0)")
    if number != number.quantize(Decimal("0.1")):
        return None, _("two or more decimals; a score has one decimal at most")
    if not Decimal(1) <= number <= Decimal(5):
        return None, _("out of range; a score is from 1.0 to 5.0")
    return number.normalize(), None


def _find_columns(header: list[tuple[str, object]]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, (_cell, value) in enumerate(header):
        text = unicodedata.normalize("NFKC", str(value or "")).strip() if value is not None else ""
        raw = str(value or "").strip()
        for key, names in HEADERS.items():
            if (raw in names or text in names) and key not in columns:
                columns[key] = i
    return columns


def plan_import(table_path: Path, data_dir: Path, sheet: str | None = None) -> ScoreImport:
    year = load_year(Path(data_dir))
    try:
        table: Table = read_table(table_path, sheet)
    except OSError as exc:
        raise ScoreTableError([_("{file}: cannot read it ({reason})").format(
            file=table_path, reason=exc.strerror or exc)]) from exc
    except TableError as exc:
        detail = str(exc)
        if detail.startswith("sheet:"):
            message = _("{file}: no sheet {sheet}; the sheets are: {sheets}").format(
                file=table_path, sheet=sheet, sheets=detail[6:])
        elif detail == "encoding":
            message = _("{file}: neither UTF-8 nor Shift_JIS; save it as CSV UTF-8").format(file=table_path)
        else:
            message = _("{file}: cannot read it as an Excel workbook ({reason})").format(
                file=table_path, reason=one_line(detail)[:120])
        raise ScoreTableError([message]) from exc
    prefix = f"{table_path}!{table.sheet}!" if table.sheet is not None else f"{table_path}!"
    problems: list[str] = []
    rows = [r for r in table.rows if any(v not in (None, "") for _c, v in r)]
    if not rows:
        raise ScoreTableError([_("{file}: the table is empty").format(file=table_path)])
    header = rows[0]
    columns = _find_columns(header)
    missing = [HEADERS[k][0] for k in ("name", "I", "II", "III") if k not in columns]
    if missing:
        raise ScoreTableError([_("{where}: no column {columns} in the first row; name the columns 特区名, Ⅰ, Ⅱ, "
                                 "Ⅲ (or name, I, II, III)").format(where=prefix + header[0][0],
                                                                   columns="、".join(missing))])
    zones = {z.name: z for z in year.zones}
    seen: dict[str, str] = {}
    found: dict[Zone, tuple[Decimal, Decimal, Decimal]] = {}
    for row in rows[1:]:
        def cell(key: str, row: list[tuple[str, object]] = row) -> tuple[str, object]:
            i = columns[key]
            if i < len(row):
                return row[i]
            number = row[0][0].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            return re.sub(r"\d+$", "", header[i][0]) + number, None
        name_cell, name_value = cell("name")
        name = str(name_value or "").strip()
        if not name:
            problems.append(prefix + name_cell + ": " + _("the zone's name is empty"))
            continue
        zone = zones.get(name)
        if zone is None:
            close = difflib.get_close_matches(name, list(zones), n=1, cutoff=0.6)
            hint = _("; did you mean {name}?").format(name=close[0]) if close else ""
            problems.append(one_line(prefix + name_cell + ": " + _("no zone of this name in {folder}: {name}").format(
                folder=data_dir, name=name) + hint))
            continue
        if name in seen:
            problems.append(prefix + name_cell + ": " + _("{name} is given twice (first in {cell})").format(
                name=name, cell=seen[name]))
            continue
        seen[name] = name_cell
        values: list[Decimal] = []
        for key in ("I", "II", "III"):
            where, value = cell(key)
            number, problem = _score(value)
            if problem is not None:
                problems.append(prefix + where + ": " + problem)
            elif number is not None:
                values.append(number)
        if len(values) != 3:
            continue
        scores = (values[0], values[1], values[2])
        if "total" in columns:
            where, value = cell("total")
            if value not in (None, ""):
                total = weighted_total(*scores)
                try:
                    given = Decimal(str(value).strip())
                except InvalidOperation:
                    given = None
                if given is None or given != total:
                    problems.append(prefix + where + ": " + _(
                        "the total {given} is not the 1:1:2 rule's {total}; the total is not copied: correct "
                        "or empty the cell").format(given=str(value).strip(), total=f"{total.normalize():f}"))
        found[zone] = scores
    if problems:
        raise ScoreTableError(problems)
    result = ScoreImport(year, rows=len(found))
    for zone, scores in found.items():
        assert zone.source is not None
        old = (zone.scores.i, zone.scores.ii, zone.scores.iii)
        changes: dict[str, Decimal | str | bool] = {
            f"scores.{k}": v for k, v, o in zip(("I", "II", "III"), scores, old, strict=True) if v != o}
        if not changes:
            continue
        text = zone.source.read_text(encoding="utf-8")
        try:
            new = edit(text, {**changes, "scores.total": weighted_total(*scores)})
        except EditError:
            new = edit(text, changes)
        result.outputs[zone.source] = new.encode("utf-8")
        for k, v, o in zip(("I", "II", "III"), scores, old, strict=True):
            if v != o:
                result.changes.append(Change(zone.source, f"scores.{k}", f"{o.normalize():f}", f"{v.normalize():f}"))
    return result
