"""The Word summary report for the ministries: the same records as the deck, as an A4 document.

Contents, in order: a title block (the year's title, （令和５年度）, the date of the data), a table of
contents, １．評価の方法 (Ⅰ/Ⅱ/Ⅲ and the 1:1:2 rule, from the deck's labels), ２．評価結果一覧 (every zone's
scores and an overview chart), ３．分野別状況 (per category, per zone: score table, KPI table and chart,
support measures, expert remarks). The header carries the title and fiscal year, the footer the page.

Every number comes from the model (``Scores.total``, ``Kpi.achievement``) and is printed by
:mod:`tokku_slides.format`; every label and size from the layout file (``labels`` and ``report``).
The body is written as WordprocessingML elements through :mod:`tokku_slides.render.wordml` onto
python-docx's default template, whose styles are rewritten to name the layout's fonts (``w:eastAsia`` included,
no theme fonts). The table of contents is written out as paragraphs (a reader that does not update
fields still shows it); its page numbers are PAGEREF fields, which LibreOffice computes when it lays
the document out and Word computes when it updates fields (the file asks it to on open).

The output is deterministic: the same records, layout and ``modified`` time give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.parts.image import ImagePart
from docx.shared import Mm

from tokku_slides import format as fmt
from tokku_slides import units
from tokku_slides.layout.fit import break_lines
from tokku_slides.layout.measure import load_metrics
from tokku_slides.layout.spec import Layout
from tokku_slides.model.records import Year, Zone
from tokku_slides.render import charts, opc
from tokku_slides.render import wordml as wml
from tokku_slides.render.drawingml import EMU_PER_MM
from tokku_slides.render.wordml import word_paragraph as para
from tokku_slides.render.wordml import word_paragraph_properties as ppr
from tokku_slides.render.wordml import word_run as run
from tokku_slides.render.wordml import word_run_properties as rpr
from tokku_slides.render.xmlns import Element, qn

STYLES: dict[str, tuple[str, str, int | None]] = {
    "body": ("Normal", "Normal", None),
    "title": ("Title", "Title", None),
    "subtitle": ("Subtitle", "Subtitle", None),
    "date": ("ReportDate", "Report Date", None),
    "toc_heading": ("TOCHeading", "TOC Heading", 9),
    "toc1": ("TOC1", "toc 1", None),
    "toc2": ("TOC2", "toc 2", None),
    "toc3": ("TOC3", "toc 3", None),
    "heading1": ("Heading1", "heading 1", 0),
    "heading2": ("Heading2", "heading 2", 1),
    "heading3": ("Heading3", "heading 3", 2),
    "label": ("BlockLabel", "Block Label", None),
    "bullet": ("BulletText", "Bullet Text", None),
    "note": ("NoteText", "Note Text", None),
    "table": ("TableText", "Table Text", None),
    "figure": ("Figure", "Figure", None),
    "header": ("Header", "header", None),
    "footer": ("Footer", "footer", None),
}
"""Layout style key -> (Word style id, style name, outline level or None). Styles the default
template lacks are added as custom styles; the rest are rewritten in place."""
RUN_ONLY = ("score", "total")
"""Layout style keys used for runs only (the big numbers of the score table), not paragraph styles."""
KEEP_NEXT = ("title", "subtitle", "toc_heading", "heading1", "heading2", "heading3", "label")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TOC_PREFIX = "_Toc"
"""Word's prefix for the hidden bookmarks a table of contents links to."""


@dataclass(frozen=True)
class Heading:
    """A heading of the body, listed in the table of contents."""

    level: int
    text: str
    bookmark: str


CHART_CACHE = Path(".cache") / "charts"
"""Where drawn charts are kept, under OUT: content-addressed, so a changed zone redraws only its own."""


def render_report(
    year: Year, layout: Layout, modified: dt.datetime, target: Path | None, book: charts.ChartBook | None = None
) -> bytes:
    """The report as the bytes of a .docx file (identical for identical input).

    ``modified`` is the documents' time stamp (core properties and the date in the title block);
    ``target`` is the output folder OUT/<name>; charts are cached in OUT/.cache/charts (None: no disk
    cache); ``book`` gives the charts instead (the build's, which saves them after writing).
    The layout's ``report:`` section was checked when it was loaded (:mod:`tokku_slides.layout.schema`).

    Garbage is collected first: what an earlier phase left in reference cycles (a python-pptx
    deck: about 390 MB at 500 zones) would otherwise still be held while the report, and any
    chart workers forked from this process, allocate theirs.
    """
    gc.collect()
    if book is None:
        book = charts.ChartBook(target.parent / CHART_CACHE if target is not None else None)
    return ReportWriter(year, layout, modified, book).render()


class ReportWriter:
    """Writes one year's report with one layout."""

    def __init__(self, year: Year, layout: Layout, modified: dt.datetime, book: charts.ChartBook | None = None) -> None:
        self.book = book if book is not None else charts.ChartBook(None)
        self.year = year
        self.layout = layout
        self.modified = modified
        self.spec: dict[str, Any] = layout.report
        self.labels: dict[str, Any] = self.spec["labels"]
        self.styles: dict[str, dict[str, Any]] = self.spec["styles"]
        self.tables: dict[str, Any] = self.spec["table"]
        self.chart_style = charts.ChartStyle.from_layout(self.spec["chart"])
        self.metrics = load_metrics(layout.metrics_path)
        page, margins = self.spec["page"], self.spec["margins"]
        self.text_width_mm = float(page["width"]) - float(margins["left"]) - float(margins["right"])
        self.doc = Document()
        self.headings: list[Heading] = []
        self.picture_count = 0
        self.overview: list[charts.OverviewChartSpec] = []
        """The overview chart's parts, gathered by :meth:`render` before the body is written."""
        self.kpi_specs: dict[str, charts.KpiChartSpec] = {}
        """Each zone's KPI chart by zone name (zones with KPIs), gathered by :meth:`render`."""
        self.image_rels: dict[bytes, str] = {}
        """A chart's PNG bytes -> the relationship id of its image part."""
        self.relations = opc.Relations(self.doc.part)
        """The document part's new relationships (its pictures')."""
        self.era = fmt.era_year(year.fiscal_year)

    # -- small builders -------------------------------------------------------------------------
    def color(self, key: str | None) -> str | None:
        """A colour key of the layout (or RGB hex) as RGB hex; None stays None."""
        if key is None:
            return None
        return self.layout.colors.get(key, key)

    def run_props(self, key: str) -> wml.RunFormat:
        """Run properties of a run-only style (size, bold, colour)."""
        style = self.styles[key]
        return wml.RunFormat(size_pt=float(style["size"]), bold=bool(style.get("bold", False)),
                             color=self.color(style.get("color")))

    def paragraph(self, key: str, text: str) -> Element:
        """A paragraph of one of the report's styles (a key of STYLES)."""
        return wml.text_paragraph(text, STYLES[key][0])

    def heading(self, level: int, text: str, *, page_break: bool) -> Element:
        """A heading 1-3, bookmarked for the table of contents."""
        name = f"{TOC_PREFIX}{len(self.headings) + 1:08d}"
        self.headings.append(Heading(level, text, name))
        return para(wml.bookmarked([run(text)], len(self.headings), name),
                    ppr(style=STYLES[f"heading{level}"][0], page_break_before=page_break))

    def bullet(self, text: str) -> Element:
        """A paragraph starting with the bullet ``・`` and hanging (the style indents by 1 em)."""
        return self.paragraph("bullet", self.layout.labels.bullet + text)

    def etc(self) -> Element:
        """``等`` on its own line, aligned with the bullets' text."""
        size = float(self.styles["bullet"]["size"])
        indent = float(self.styles["bullet"].get("indent", 1)) * size
        return para([run(self.layout.labels.etc)], ppr(style=STYLES["bullet"][0], indent_left_pt=indent))

    def cell(self, text: str, width_mm: float, *, run_key: str | None = None, bold: bool = False,
             align: str = "left", fill: str | None = None, merge: str | None = None) -> Element:
        """A table cell of one or more lines (``\\n`` separates paragraphs); ``bold`` makes the
        first line bold (a header's mark or name above its explanation)."""
        lines = []
        for i, line in enumerate(text.split("\n")):
            props = self.run_props(run_key) if run_key else (wml.RunFormat(bold=True) if bold and i == 0 else None)
            lines.append((line, props))
        return wml.text_cell(wml.twips(width_mm), lines, STYLES["table"][0], align=align, fill=self.color(fill),
                             merge=merge)

    def header_cell(self, text: str, width_mm: float, align: str = "center") -> Element:
        return self.cell(text, width_mm, bold=True, align=align, fill=self.tables["header_fill"])

    def table(self, columns_mm: list[float], rows: list[Element]) -> Element:
        t = self.tables
        return wml.table(
            [wml.twips(c) for c in columns_mm], rows,
            border_pt=self.layout.rules[t["border"]], border_color=self.color(t["border_color"]) or "000000",
            margin_twips=wml.twips(float(t["cell_margin"])),
        )

    def columns(self, key: str) -> list[float]:
        return [float(c) for c in self.tables[key]]

    def picture(self, chart: charts.Chart, name: str, descr: str) -> Element:
        """A centred paragraph holding the chart at its size in mm, alt text ``descr``."""
        rel_id = self.image_rel(chart.png)
        self.picture_count += 1
        drawing = wml.inline_picture(
            rel_id, round(chart.width * EMU_PER_MM), round(chart.height * EMU_PER_MM),
            self.picture_count, f"{name} {self.picture_count}", descr,
        )
        return para([drawing], ppr(style=STYLES["figure"][0], keep_next=True))

    def image_rel(self, png: bytes) -> str:
        """The document's relationship id of the image part holding ``png``, added on first use.

        Parts are named ``/word/media/image{n}.png``, n counting distinct images in document order;
        identical bytes share one part. (python-docx's ``get_or_add_image`` does the same by
        scanning, and hashing, every image part already added: quadratic in the number of charts.)
        """
        rel_id = self.image_rels.get(png)
        if rel_id is not None:
            return rel_id
        if not png.startswith(PNG_SIGNATURE):
            raise ValueError("a chart is not a PNG image")
        part = ImagePart(PackURI(f"/word/media/image{len(self.image_rels) + 1}.png"), CT.PNG, png)
        self.doc.part.package.image_parts.append(part)  # python-docx's own list, kept whole
        rel_id = self.relations.add(RT.IMAGE, part)
        self.image_rels[png] = rel_id
        return rel_id

    def wrap(self, text: str, width_mm: float, size_pt: float) -> str:
        """A chart label broken into lines that fit ``width_mm`` at ``size_pt`` (kinsoku rules), the
        lines evened out so that no word is left alone on the last one."""
        size = units.Pt(size_pt)
        width = units.Pt(units.mm_to_pt(units.Mm(width_mm)) - size * self.layout.text.safety_em)
        lines = break_lines(text, width, width, size, self.metrics)
        if len(lines) > 1:
            even = units.Pt((self.metrics.text_em(text) / len(lines) + 1) * size)
            balanced = break_lines(text, even, even, size, self.metrics)
            if len(balanced) == len(lines):
                lines = balanced
        return "\n".join(lines)

    # -- the parts --------------------------------------------------------------------------------
    def title_block(self) -> list[Element]:
        labels = self.labels
        m = self.modified
        return [
            self.paragraph("title", self.year.title),
            self.paragraph("subtitle", labels["subtitle"].format(era=self.era)),
            self.paragraph("date", labels["date"].format(year=m.year, month=m.month, day=m.day)),
        ]

    def contents(self) -> list[Element]:
        out = [para([run(self.labels["toc"])], ppr(style=STYLES["toc_heading"][0]))]
        for h in self.headings:
            out.append(wml.toc_entry(h.text, h.bookmark, STYLES[f"toc{h.level}"][0]))
        return out

    def chapter(self, number: int) -> Element:
        label = self.labels["chapters"][number - 1]
        new_page = self.spec.get("chapter_new_page", [True, True, True])[number - 1]
        return self.heading(1, self.labels["chapter"].format(number=fmt.fullwidth_digits(number), label=label),
                            page_break=bool(new_page))

    def method(self) -> list[Element]:
        labels = self.layout.labels
        cols = self.columns("method_columns")
        rows = [wml.table_row([self.header_cell(c, w) for c, w in zip(self.labels["method_columns"], cols,
                                                                         strict=True)], header=True)]
        for score in labels.scores:
            rows.append(wml.table_row([
                self.cell(score.mark, cols[0], bold=True, align="center"), self.cell(score.label, cols[1]),
            ]))
        rows.append(wml.table_row([
            self.cell(labels.total, cols[0], bold=True, align="center", fill=self.tables["total_fill"]),
            self.cell(labels.total_note, cols[1], fill=self.tables["total_fill"]),
        ]))
        return [
            self.chapter(1),
            self.paragraph("body", self.labels["method_intro"]),
            self.table(cols, rows),
        ]

    def results(self) -> list[Element]:
        labels = self.layout.labels
        cols = self.columns("list_columns")
        rows = [wml.table_row([self.header_cell(c, w) for c, w in zip(labels.list_columns, cols, strict=True)],
                                header=True)]
        for key, zones in self.year.zones_by_category():
            category = fmt.category_heading(self.year.category_number(key), self.year.categories[key])
            for i, zone in enumerate(zones):
                s = zone.scores
                rows.append(wml.table_row([
                    self.cell(category if i == 0 else "", cols[0], merge="restart" if i == 0 else "continue"),
                    self.cell(zone.name, cols[1]),
                    self.cell(fmt.governments_text(zone)[1:-1], cols[2]),
                    self.cell(fmt.score_text(s.total), cols[3], bold=True, align="center",
                              fill=self.tables["total_fill"]),
                    *(self.cell(fmt.score_text(v), w, align="center")
                      for v, w in zip((s.i, s.ii, s.iii), cols[4:], strict=True)),
                ]))
        out = [self.chapter(2), self.paragraph("note", labels.list_note), self.table(cols, rows)]
        for chart in self.overview_charts():
            out.append(chart)
        return out

    def overview_charts(self) -> list[Element]:
        labels = self.layout.labels
        described: list[str] = []
        for zone in self.year.ordered_zones():
            s = zone.scores
            marks = "、".join(f"{m.mark} {fmt.score_text(v)}"
                             for m, v in zip(labels.scores, (s.i, s.ii, s.iii), strict=True))
            described.append(f"{zone.name} {fmt.score_text(s.total)}（{marks}）")
        descr = self.labels["overview_chart_alt"].format(total=labels.total, values="、".join(described))
        caption = self.labels["overview_chart"].format(total=labels.total)
        out = [self.picture(self.book.get(spec), labels.list_title, descr) for spec in self.overview]
        out.append(self.paragraph("figure", caption))
        return out

    def overview_specs(self) -> list[charts.OverviewChartSpec]:
        """The overview chart's parts: every zone's 総合評価 and Ⅰ/Ⅱ/Ⅲ, sorted within category."""
        style = self.chart_style
        labels = self.layout.labels
        rows: list[charts.ScoreRow | charts.GroupRow] = []
        for key, zones in self.year.zones_by_category():
            category = fmt.category_heading(self.year.category_number(key), self.year.categories[key])
            rows.append(charts.GroupRow(self.wrap(category, style.label_width - 2, style.size)))
            ranked = sorted(zones, key=lambda z: -z.scores.total)  # stable: ties keep card order
            for zone in ranked:
                s = zone.scores
                rows.append(charts.ScoreRow(
                    self.wrap(zone.name, style.label_width - 2, style.size), float(s.total),
                    fmt.score_text(s.total), (float(s.i), float(s.ii), float(s.iii)),
                ))
        low, high = (float(v) for v in self.spec["chart"]["score_axis"])
        axis = charts.Axis(low, high, tuple((float(v), fmt.score_text(Decimal(v)))
                                            for v in range(math.ceil(low), math.floor(high) + 1)))
        marks3 = (labels.scores[0].mark, labels.scores[1].mark, labels.scores[2].mark)
        return [charts.OverviewChartSpec(part, marks3, labels.total, axis, style)
                for part in charts.split_rows(tuple(rows), style)]

    def zones(self) -> list[Element]:
        out = [self.chapter(3)]
        for c, (key, zones) in enumerate(self.year.zones_by_category()):
            title = fmt.category_heading(self.year.category_number(key), self.year.categories[key])
            out.append(self.heading(2, title, page_break=c > 0))
            for z, zone in enumerate(zones):
                out.extend(self.zone(zone, page_break=z > 0 and bool(self.spec.get("zone_new_page", True))))
        return out

    def zone(self, zone: Zone, *, page_break: bool) -> list[Element]:
        labels = self.layout.labels
        out = [self.heading(3, fmt.zone_title(zone), page_break=page_break)]
        out.append(self.score_table(zone))
        if zone.kpis:
            out.append(self.paragraph("label", labels.kpis))
            out.append(self.kpi_table(zone))
            out.extend(self.kpi_chart(zone))
        for measure in zone.measures:
            out.append(self.paragraph("label", measure.heading))
            out.extend(self.bullet(item) for item in measure.items)
            if measure.etc:
                out.append(self.etc())
        out.append(self.paragraph("label", labels.remarks))
        out.extend(self.bullet(remark) for remark in zone.remarks)
        return out

    def score_table(self, zone: Zone) -> Element:
        labels = self.layout.labels
        cols = self.columns("score_columns")
        total_fill = self.tables["total_fill"]
        header = [self.cell(f"{labels.total}\n{labels.total_note}", cols[0], bold=True, align="center",
                            fill=self.tables["header_fill"])]
        for score, width in zip(labels.scores, cols[1:], strict=True):
            header.append(self.cell(f"{score.mark}\n{score.label}", width, bold=True, align="center",
                                    fill=self.tables["header_fill"]))
        s = zone.scores
        values = [self.cell(fmt.score_text(s.total), cols[0], run_key="total", align="center", fill=total_fill)]
        values.extend(self.cell(fmt.score_text(v), w, run_key="score", align="center")
                      for v, w in zip((s.i, s.ii, s.iii), cols[1:], strict=True))
        return self.table(cols, [wml.table_row(header, header=True), wml.table_row(values)])

    def kpi_table(self, zone: Zone) -> Element:
        cols = self.columns("kpi_columns")
        rows = [wml.table_row([self.header_cell(c, w) for c, w in zip(self.labels["kpi_columns"], cols,
                                                                         strict=True)], header=True)]
        for kpi in zone.kpis:
            rows.append(wml.table_row([
                self.cell(kpi.name, cols[0]),
                self.cell(fmt.percent_text(kpi.achievement), cols[1], bold=True, align="right"),
            ]))
        if zone.kpis_etc:
            rows.append(wml.table_row([self.cell(self.layout.labels.etc, cols[0]), self.cell("", cols[1])]))
        return self.table(cols, rows)

    def kpi_chart_spec(self, zone: Zone) -> charts.KpiChartSpec:
        """A zone's KPI chart: achievement bars against the 100％ line (the zone has KPIs)."""
        style = self.chart_style
        bars = tuple(
            charts.KpiBar(self.wrap(k.name, style.label_width - 2, style.size), float(k.achievement),
                          fmt.percent_text(k.achievement))
            for k in zone.kpis
        )
        target = Decimal(100)
        target_text = fmt.percent_text(target)
        step = int(self.spec["chart"]["percent_step"])
        top = max([target, *(k.achievement for k in zone.kpis)])
        while top / step > 8:  # at most 8 ticks
            step *= 2
        high = max(step, math.ceil(top / step) * step)
        axis = charts.Axis(0.0, float(high), tuple((float(v), fmt.percent_text(Decimal(v)))
                                                   for v in range(0, high + 1, step)))
        return charts.KpiChartSpec(bars, float(target), target_text, axis, style)

    def kpi_chart(self, zone: Zone) -> list[Element]:
        labels = self.layout.labels
        spec = self.kpi_specs[zone.name]
        target_text = spec.target_text
        chart = self.book.get(spec)
        values = "、".join(f"{k.name} {fmt.percent_text(k.achievement)}" for k in zone.kpis)
        descr = self.labels["kpi_chart_alt"].format(zone=fmt.zone_title(zone), kpis=labels.kpis,
                                                    target=target_text, values=values)
        caption = self.labels["kpi_chart"].format(kpis=labels.kpis, target=target_text)
        return [self.picture(chart, labels.kpis, descr), self.paragraph("figure", caption)]

    # -- the document ------------------------------------------------------------------------------
    def setup_styles(self) -> None:
        layout = self.layout
        fonts = (layout.latin_font, layout.east_asian_font)
        styles = self.doc.styles.element
        wml.use_fonts_everywhere(styles, *fonts)
        body = self.styles["body"]
        line = float(self.spec["line_spacing"])
        styles.replace(styles.find(qn("w:docDefaults")), wml.document_defaults(*fonts, float(body["size"]), line))
        right_tab = wml.twips(self.text_width_mm)
        existing = {s.get(qn("w:styleId")): s for s in styles.iterfind(qn("w:style"))}
        for key, (style_id, name, outline) in STYLES.items():
            raw = self.styles[key]
            size = float(raw["size"])
            indent = float(raw.get("indent", 0)) * size
            frame = (self.layout.rules["table"], self.color(raw["border"]) or "000000") if raw.get("border") else None
            p_props = ppr(
                keep_next=key in KEEP_NEXT,
                frame=frame,
                fill=self.color(raw.get("fill")),
                right_tab_dots_twips=right_tab if key in ("toc1", "toc2", "toc3") else None,
                before_pt=float(raw.get("before", 0)),
                after_pt=float(raw.get("after", 0)),
                line=line if key in ("body", "bullet", "note") else 1.0,
                indent_left_pt=indent or None,
                hanging_pt=indent if key == "bullet" and indent else None,
                align=raw.get("align"),
                outline_level=outline,
            )
            r_props = rpr(fonts=fonts, size_pt=size, bold=bool(raw.get("bold", False)),
                          color=self.color(raw.get("color")))
            element = existing.get(style_id)
            if element is None:
                builtin = name.startswith("toc ")
                styles.append(wml.paragraph_style(style_id, name, p_props, r_props, custom=not builtin))
            else:
                wml.restyle(element, p_props, r_props)

    def setup_page(self) -> None:
        page, margins = self.spec["page"], self.spec["margins"]
        section = self.doc.sections[0]
        section.page_width = Mm(float(page["width"]))
        section.page_height = Mm(float(page["height"]))
        section.top_margin = Mm(float(margins["top"]))
        section.bottom_margin = Mm(float(margins["bottom"]))
        section.left_margin = Mm(float(margins["left"]))
        section.right_margin = Mm(float(margins["right"]))
        section.header_distance = Mm(float(margins["header"]))
        section.footer_distance = Mm(float(margins["footer"]))
        header_text = self.layout.labels.footer.format(title=self.year.title, era=self.era)
        header = section.header
        header.is_linked_to_previous = False
        wml.replace_content(header.part.element, [para([run(header_text)], ppr(style=STYLES["header"][0]))])
        footer = section.footer
        footer.is_linked_to_previous = False
        wml.replace_content(footer.part.element, [para(wml.complex_field("PAGE"), ppr(style=STYLES["footer"][0]))])

    def setup_package(self) -> None:
        """Core properties from the data, Word asked to update fields, template leftovers dropped."""
        props = self.doc.core_properties
        props.title = f"{self.year.title} {self.era}"
        props.subject = self.labels["chapters"][2] if len(self.labels["chapters"]) > 2 else ""
        props.author = "tokku-slides"
        props.last_modified_by = "tokku-slides"
        props.comments = ""
        props.keywords = ""
        props.category = ""
        props.language = "ja-JP"
        props.revision = 1
        props.created = self.modified
        props.modified = self.modified
        props.last_printed = self.modified
        wml.ask_to_update_fields(self.doc.settings.element)
        part = self.doc.part
        for rel_id, rel in list(part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                part.drop_rel(rel_id)  # Word 2010's copy of the styles, still full of theme fonts
        package_rels = part.package.rels
        for rel_id, rel in list(package_rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                package_rels.pop(rel_id)  # the template's picture of an empty page

    def render(self) -> bytes:
        # every chart first: the misses are drawn together (in parallel), the rest read from the cache
        self.overview = self.overview_specs()
        self.kpi_specs = {z.name: self.kpi_chart_spec(z) for z in self.year.zones if z.kpis}
        self.book.prepare([*self.overview, *self.kpi_specs.values()])
        self.setup_styles()
        self.setup_page()
        body_parts = [*self.method(), *self.results(), *self.zones()]
        front = [*self.title_block(), *self.contents()]
        wml.replace_body(self.doc.element.body, [*front, *body_parts])
        self.setup_package()
        return opc.deterministic_zip_entries(opc.package_entries(self.doc.part.package))
