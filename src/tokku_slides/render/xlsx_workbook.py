"""The workbook of a year (``export --xlsx``): 評価結果一覧, 進捗度 and 支援措置 as sheets, with openpyxl.

Numbers are numbers, formatted with the decimals the cards print (4.8 as 0.0, 5 as 0); Japanese
headers, a frozen header row, column widths from the texts (a full-width character counts two), the
documents' East Asian font. The same data gives the same bytes: the core properties' times are the
build's, and the zip entries are stamped as the other outputs' (render/opc.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tokku_slides.layout.spec import Layout
from tokku_slides.layout.texts import YearTexts
from tokku_slides.model.records import Year
from tokku_slides.render import opc

SHEETS = ("評価結果一覧", "進捗度", "支援措置")
"""The sheets' names: the documents' Japanese, as the cards' labels (not messages of the program)."""


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def _number(value: Decimal) -> tuple[float | int, str]:
    if value == value.to_integral_value():
        return int(value), "0"
    return float(value), "0.0"


def render_workbook(year: Year, texts: YearTexts, layout: Layout, modified: dt.datetime) -> bytes:
    font = layout.east_asian_font
    header_font = Font(name=font, bold=True, size=11)
    cell_font = Font(name=font, size=11)
    fill = PatternFill("solid", fgColor=layout.colors.get("header_fill", "D9E2F3"))
    wb = Workbook()
    for sheet in list(wb.worksheets):
        wb.remove(sheet)
    labels = layout.labels
    with_previous = texts.previous_era is not None
    overview = ["国際/地域", "番号", "特区名", "地方公共団体", *(s.mark for s in labels.scores), labels.total]
    if with_previous:
        overview += list(labels.previous_columns)
    kpi_header = ["番号", "特区名", "評価指標（KPI）", "目標値", "実績値", "進捗度（％）"]
    measure_header = ["番号", "特区名", "支援措置", "項目", "等"]
    rows_overview: list[list[object]] = []
    rows_kpi: list[list[object]] = []
    rows_measure: list[list[object]] = []
    for _key, heading, zones in texts.categories:
        for number, z in enumerate(zones, start=1):
            zone = z.zone
            s = zone.scores
            rows_overview.append([re.sub(r"^（[^）]*）", "", heading), number, zone.name, z.governments_plain,
                                  s.i, s.ii, s.iii, s.total])
            if with_previous and z.previous is not None:
                pair = texts.comparison.pair(zone) if texts.comparison else None
                if pair is None or pair.last is None:
                    rows_overview[-1] += [z.previous.total, z.previous.change]
                else:
                    rows_overview[-1] += [pair.last.scores.total, pair.total_change]
            for kpi in zone.kpis:
                rows_kpi.append([number, zone.name, kpi.name, kpi.target, kpi.actual, kpi.achievement])
            for m in zone.measures:
                for item in m.items:
                    rows_measure.append([number, zone.name, m.heading, item, labels.etc if m.etc else ""])
    for title, header, rows in zip(SHEETS, (overview, kpi_header, measure_header),
                                   (rows_overview, rows_kpi, rows_measure), strict=True):
        ws = wb.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = header_font
            cell.fill = fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        widths = [_width(str(h)) for h in header]
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                if isinstance(value, Decimal):
                    cell.value, cell.number_format = _number(value)
                else:
                    cell.value = value
                cell.font = cell_font
                shown = value if not isinstance(value, Decimal) else cell.value
                widths[c - 1] = max(widths[c - 1], _width("" if shown is None else str(shown)))
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = min(w + 2, 80)
        ws.freeze_panes = "A2"
        # printed (and converted to PDF) as one page wide, landscape, the header row on every page
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
    wb.properties.creator = "tokku-slides"
    wb.properties.title = texts.document_title
    wb.properties.created = modified
    wb.properties.modified = modified
    buffer = io.BytesIO()
    wb.save(buffer)
    return opc.deterministic_zip(_fixed_times(buffer.getvalue(), modified))


def _fixed_times(data: bytes, modified: dt.datetime) -> bytes:
    """openpyxl stamps docProps/core.xml's dcterms:modified with the time of saving: the build's instead."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    stamp = modified.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*(<)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            target.writestr(name, content)
    return out.getvalue()
