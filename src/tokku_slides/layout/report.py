"""The Word report composed: a pure, typed plan of every block, built from the records and the layout.

Contents, in order: a title block (the year's title, （令和５年度）, the date), a table of contents,
１．評価の方法 (Ⅰ/Ⅱ/Ⅲ and the 1:1:2 rule, from the deck's labels), ２．評価結果一覧 (every zone's scores
and an overview chart), ３．分野別状況 (per category, per zone: score table, KPI table and chart,
support measures, expert remarks).

Everything is decided here: the text of every paragraph and cell, which style it takes (a key of the
layout's ``report.styles``), table columns in mm, fills as RGB hex, headings with their bookmarks and
page breaks, the TOC entries, each chart's rows, axis, ticks and wrapped labels, alt texts and
captions. :mod:`tokku_slides.render.docx_report` only writes the plan as WordprocessingML. Numbers and
names come from :mod:`tokku_slides.layout.texts`, the same values the cards print.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tokku_slides import format as fmt
from tokku_slides.layout.chartdata import Axis, ChangeBar, GroupRow, KpiBar, ScoreRow
from tokku_slides.layout.fit import break_lines
from tokku_slides.layout.measure import FontMetrics, load_faces
from tokku_slides.layout.spec import Layout
from tokku_slides.layout.texts import YearTexts, ZoneTexts, year_texts
from tokku_slides.model.records import Year
from tokku_slides.units import Mm, Pt, mm_to_pt

TOC_PREFIX = "_Toc"
"""Word's prefix for the hidden bookmarks a table of contents links to."""
KPI_TARGET = Decimal(100)
"""The KPI chart's target line: 100％."""
MAX_TICKS = 8
"""The KPI axis doubles its step until it has at most this many ticks."""


@dataclass(frozen=True)
class Text:
    """A paragraph in one of the report's styles (``style``: a key of the layout's ``report.styles``)."""

    style: str
    text: str
    indent: Pt | None = None
    """A left indent instead of the style's (``等`` aligned with the bullets' text); None: the style's."""


@dataclass(frozen=True)
class Heading:
    """A heading of level 1 to 3, bookmarked for the table of contents."""

    level: int
    text: str
    bookmark: str
    page_break: bool
    """True: the heading starts a new page."""


@dataclass(frozen=True)
class Cell:
    """A table cell: one paragraph per line, in the table style."""

    lines: tuple[str, ...]
    width: Mm
    align: str = "left"
    bold_first: bool = False
    """True: the first line is bold (a header's mark or name above its explanation)."""
    run_style: str | None = None
    """A run-only style key (``score``, ``total``: the big numbers) for every line; None: the table's."""
    fill: str | None = None
    """RGB hex, or None for no shading."""
    merge: str | None = None
    """``restart`` or ``continue`` for a vertically merged cell, None for a cell of its own."""


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    header: bool = False
    """True: a header row (repeated on every page a table runs onto)."""


@dataclass(frozen=True)
class Table:
    columns: tuple[Mm, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class KpiFigure:
    """A zone's KPI chart: achievement bars against the target line."""

    bars: tuple[KpiBar, ...]
    target: float
    """The target in percent (the vertical line)."""
    target_text: str
    axis: Axis
    name: str
    """The picture's name (its kind)."""
    alt: str
    """The alt text: what the chart shows, values included."""


@dataclass(frozen=True)
class OverviewFigure:
    """Every zone's 総合評価 (bars) and Ⅰ/Ⅱ/Ⅲ (markers), category heading rows between the groups; the
    chart module cuts it into pictures no taller than the layout's maximum."""

    rows: tuple[ScoreRow | GroupRow, ...]
    marks: tuple[str, str, str]
    total_label: str
    axis: Axis
    name: str
    alt: str


@dataclass(frozen=True)
class ChangeFigure:
    """Each zone's change in 総合評価 from last year as a bar from ±0 (zones new this year have none)."""

    bars: tuple[ChangeBar, ...]
    axis: Axis
    name: str
    alt: str


Figure = KpiFigure | OverviewFigure | ChangeFigure
Block = Text | Heading | Table | KpiFigure | OverviewFigure | ChangeFigure
CHANGE_STEP = Decimal("0.5")
"""The change chart's ticks: every 0.5 point, at least from −0.5 to +0.5."""


@dataclass(frozen=True)
class ReportPlan:
    """The whole report, ready to write."""

    front: tuple[Text, ...]
    """The title block: title, （令和５年度）, the date."""
    toc_title: str
    body: tuple[Block, ...]
    header: str
    """The text of every page's header."""
    title: str
    """The document's title property."""
    subject: str
    modified: dt.datetime
    texts: YearTexts

    @property
    def headings(self) -> tuple[Heading, ...]:
        """The table of contents' entries: every heading of the body, in order."""
        return tuple(b for b in self.body if isinstance(b, Heading))

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for b in self.body if isinstance(b, KpiFigure | OverviewFigure | ChangeFigure))


class ReportComposer:
    """Composes one year's report with one layout."""

    def __init__(self, year: Year, layout: Layout, modified: dt.datetime) -> None:
        self.year = year
        self.layout = layout
        self.modified = modified
        self.spec: dict[str, Any] = layout.report
        self.labels: dict[str, Any] = self.spec["labels"]
        self.tables: dict[str, Any] = self.spec["table"]
        self.chart: dict[str, Any] = self.spec["chart"]
        self.metrics: FontMetrics = load_faces(layout.metrics_path, layout.latin_metrics_path)
        self.texts = year_texts(year, layout)
        self._bookmarks = 0

    # -- small builders -----------------------------------------------------------------------------
    def color(self, key: str | None) -> str | None:
        """A colour key of the layout (or RGB hex) as RGB hex; None stays None."""
        return None if key is None else self.layout.colors.get(key, key)

    def heading(self, level: int, text: str, *, page_break: bool) -> Heading:
        self._bookmarks += 1
        return Heading(level, text, f"{TOC_PREFIX}{self._bookmarks:08d}", page_break)

    def bullet(self, text: str) -> Text:
        """A paragraph starting with the bullet ``・`` (the style hangs it by 1 em)."""
        return Text("bullet", self.layout.labels.bullet + text)

    def etc(self) -> Text:
        """``等`` on its own line, aligned with the bullets' text."""
        style = self.spec["styles"]["bullet"]
        size = float(style["size"])
        return Text("bullet", self.layout.labels.etc, indent=Pt(float(style.get("indent", 1)) * size))

    def columns(self, key: str) -> tuple[Mm, ...]:
        return tuple(Mm(float(c)) for c in self.tables[key])

    def cell(self, text: str, width: Mm, *, align: str = "left", bold: bool = False, run_style: str | None = None,
             fill: str | None = None, merge: str | None = None) -> Cell:
        """A cell of one or more lines (``\\n`` separates them); ``fill`` a colour key or hex."""
        return Cell(tuple(text.split("\n")), width, align, bold, run_style, self.color(fill), merge)

    def header_row(self, names: list[str], columns: tuple[Mm, ...]) -> Row:
        fill = self.tables["header_fill"]
        return Row(tuple(self.cell(n, w, bold=True, align="center", fill=fill)
                         for n, w in zip(names, columns, strict=True)), header=True)

    def wrap(self, text: str, width: Mm, size: Pt) -> str:
        """A chart label broken into lines that fit ``width`` at ``size`` (kinsoku rules), the lines
        evened out so that no word is left alone on the last one."""
        line = Pt(mm_to_pt(width) - size * self.layout.text.safety_em)
        lines = break_lines(text, line, line, size, self.metrics)
        if len(lines) > 1:
            even = Pt((self.metrics.text_em(text) / len(lines) + 1) * size)
            balanced = break_lines(text, even, even, size, self.metrics)
            if len(balanced) == len(lines):
                lines = balanced
        return "\n".join(lines)

    def label(self, text: str) -> str:
        """A chart row's label wrapped to the label column (less 2 mm) at the chart's size."""
        return self.wrap(text, Mm(float(self.chart["label_width"]) - 2), Pt(float(self.chart["size"])))

    # -- the parts ----------------------------------------------------------------------------------
    def compose(self) -> ReportPlan:
        body = (*self.method(), *self.results(), *self.zones())
        m = self.modified
        front = (
            Text("title", self.year.title),
            Text("subtitle", self.labels["subtitle"].format(era=self.texts.era)),
            Text("date", self.date_text()),
        )
        return ReportPlan(
            front=front, toc_title=self.labels["toc"], body=body, header=self.texts.footer,
            title=self.texts.document_title, subject=self.texts.era,
            modified=m, texts=self.texts,
        )

    def date_text(self) -> str:
        """The title block's date: ``date:`` of evaluation.yaml, else the documents' date (1 April of
        the fiscal year, or SOURCE_DATE_EPOCH's day), as the layout's label puts it (``{wareki}``:
        令和６年３月２９日)."""
        day = self.year.date or self.modified.date()
        return str(self.labels["date"].format(wareki=fmt.wareki_date(day), year=day.year, month=day.month,
                                              day=day.day))

    def chapter(self, number: int) -> Heading:
        label = self.labels["chapters"][number - 1]
        new_page = self.spec.get("chapter_new_page", [True, True, True])[number - 1]
        text = self.labels["chapter"].format(number=fmt.fullwidth_digits(number), label=label)
        return self.heading(1, text, page_break=bool(new_page))

    def method(self) -> list[Block]:
        labels = self.layout.labels
        cols = self.columns("method_columns")
        fill = self.tables["total_fill"]
        rows = [self.header_row(self.labels["method_columns"], cols)]
        for score in labels.scores:
            rows.append(Row((self.cell(score.mark, cols[0], bold=True, align="center"),
                             self.cell(score.label, cols[1]))))
        rows.append(Row((self.cell(labels.total, cols[0], bold=True, align="center", fill=fill),
                         self.cell(labels.total_note, cols[1], fill=fill))))
        return [self.chapter(1), Text("body", self.labels["method_intro"]), Table(cols, tuple(rows))]

    def results(self) -> list[Block]:
        labels = self.layout.labels
        cols = self.columns("list_columns")
        rows = [self.header_row(list(labels.list_columns), cols)]
        for _key, category, zones in self.texts.categories:
            for i, z in enumerate(zones):
                rows.append(Row((
                    self.cell(category if i == 0 else "", cols[0], merge="restart" if i == 0 else "continue"),
                    self.cell(z.zone.name, cols[1]),
                    self.cell(z.governments_plain, cols[2]),
                    self.cell(z.total, cols[3], bold=True, align="center", fill=self.tables["total_fill"]),
                    *(self.cell(v, w, align="center") for v, w in zip(z.scores, cols[4:], strict=True)),
                )))
        return [
            self.chapter(2), Text("note", labels.list_note), Table(cols, tuple(rows)),
            self.overview(), Text("figure", self.labels["overview_chart"].format(total=labels.total)),
            *self.comparison(),
        ]

    # -- 前年度との比較 (a section of ２．評価結果一覧, when previous: is set) ------------------------------
    def comparison(self) -> list[Block]:
        """Per zone 総合評価 and Ⅰ/Ⅱ/Ⅲ this year, last year and the change; the change chart; the zones
        new this year; the zones of last year only; the KPIs whose 進捗度 changed."""
        t = self.texts
        if t.previous_era is None:
            return []
        labels, rl = self.layout.labels, self.labels
        none = Text("body", rl["comparison_none"])
        cols = self.columns("comparison_columns")
        header = self.header_row([*rl["comparison_columns"], labels.total, *(s.mark for s in labels.scores)], cols)
        rows = [header]
        for z in t.zones:
            p = z.previous
            assert p is not None
            rows += self.comparison_rows(z.zone.name, [(t.era, z.total, z.scores), (t.previous_era, p.total, p.scores),
                                                       (rl["change"], p.change, p.score_changes)], cols)
        out: list[Block] = [
            self.heading(2, rl["comparison"], page_break=False),
            Text("body", rl["comparison_intro"].format(era=t.era, previous=t.previous_era)),
            Table(cols, tuple(rows)),
        ]
        figure = self.change_figure()
        if figure is not None:
            out += [figure, Text("figure", rl["change_chart"].format(total=labels.total))]
        out.append(Text("label", rl["comparison_new"]))
        new = [self.bullet(z.title) for z in t.zones if z.previous is not None and z.previous.new]
        out.extend(new or [none])
        out.append(Text("label", rl["comparison_ended"]))
        if t.ended:
            ended = [header]
            for z in t.ended:
                ended += self.comparison_rows(z.zone.name, [(t.previous_era, z.total, z.scores)], cols)
            out.append(Table(cols, tuple(ended)))
        else:
            out.append(none)
        out.append(Text("label", rl["comparison_kpis"]))
        if t.kpi_changes:
            kcols = self.columns("comparison_kpi_columns")
            krows = [self.header_row(list(rl["comparison_kpi_columns"]), kcols)]
            previous_zone = None
            for k in t.kpi_changes:
                first = k.zone != previous_zone
                previous_zone = k.zone
                krows.append(Row((
                    self.cell(k.zone if first else "", kcols[0], merge="restart" if first else "continue"),
                    self.cell(k.name, kcols[1]),
                    *(self.cell(v, w, align="right") for v, w in zip((k.last, k.this), kcols[2:4], strict=True)),
                    self.cell(k.change, kcols[4], align="right", bold=True),
                )))
            out.append(Table(kcols, tuple(krows)))
        else:
            out.append(none)
        return out

    def comparison_rows(self, name: str, years: list[tuple[str, str, tuple[str, str, str]]],
                        cols: tuple[Mm, ...]) -> list[Row]:
        """A zone's rows of the comparison: its name (merged down) and per row a year (or 増減), the
        total and Ⅰ/Ⅱ/Ⅲ."""
        rows = []
        for i, (what, total, scores) in enumerate(years):
            merge = None if len(years) == 1 else ("restart" if i == 0 else "continue")
            rows.append(Row((
                self.cell(name if i == 0 else "", cols[0], merge=merge),
                self.cell(what, cols[1], align="center"),
                self.cell(total, cols[2], bold=True, align="center", fill=self.tables["total_fill"]),
                *(self.cell(v, w, align="center") for v, w in zip(scores, cols[3:], strict=True)),
            )))
        return rows

    def change_figure(self) -> ChangeFigure | None:
        """The change in 総合評価 of every zone of both years, in card order; None when there is none."""
        compared = self.texts.comparison
        if compared is None:
            return None
        bars: list[ChangeBar] = []
        described: list[str] = []
        for z in self.texts.zones:
            change = compared.pair(z.zone).total_change
            if change is None or z.previous is None:
                continue
            bars.append(ChangeBar(self.label(z.zone.name), float(change), z.previous.change))
            described.append(f"{z.zone.name} {z.previous.change}")
        if not bars:
            return None
        widest = max(abs(compared.pair(z.zone).total_change or Decimal(0)) for z in self.texts.zones)
        steps = max(1, math.ceil(widest / CHANGE_STEP))
        ticks = tuple((float(n * CHANGE_STEP), fmt.change_text(n * CHANGE_STEP, "")) for n in range(-steps, steps + 1))
        axis = Axis(-float(steps * CHANGE_STEP), float(steps * CHANGE_STEP), ticks)
        labels = self.layout.labels
        alt = self.labels["change_chart_alt"].format(total=labels.total, values="、".join(described))
        return ChangeFigure(tuple(bars), axis, self.labels["change"], alt)

    def overview(self) -> OverviewFigure:
        """Every zone's 総合評価 and Ⅰ/Ⅱ/Ⅲ, high to low within its category (ties keep card order)."""
        labels = self.layout.labels
        rows: list[ScoreRow | GroupRow] = []
        for _key, category, zones in self.texts.categories:
            rows.append(GroupRow(self.label(category)))
            for z in sorted(zones, key=lambda z: -z.zone.scores.total):
                s = z.zone.scores
                rows.append(ScoreRow(self.label(z.zone.name), float(s.total), z.total,
                                     (float(s.i), float(s.ii), float(s.iii))))
        low, high = (float(v) for v in self.chart["score_axis"])
        axis = Axis(low, high, tuple((float(v), fmt.score_text(Decimal(v)))
                                     for v in range(math.ceil(low), math.floor(high) + 1)))
        described = []
        for z in self.texts.zones:
            marks = "、".join(f"{m.mark} {v}" for m, v in zip(labels.scores, z.scores, strict=True))
            described.append(f"{z.zone.name} {z.total}（{marks}）")
        alt = self.labels["overview_chart_alt"].format(total=labels.total, values="、".join(described))
        marks3 = (labels.scores[0].mark, labels.scores[1].mark, labels.scores[2].mark)
        return OverviewFigure(tuple(rows), marks3, labels.total, axis, labels.list_title, alt)

    def zones(self) -> list[Block]:
        out: list[Block] = [self.chapter(3)]
        zone_new_page = bool(self.spec.get("zone_new_page", True))
        for c, (_key, category, zones) in enumerate(self.texts.categories):
            out.append(self.heading(2, category, page_break=c > 0))
            for i, z in enumerate(zones):
                out.extend(self.zone(z, page_break=i > 0 and zone_new_page))
        return out

    def zone(self, z: ZoneTexts, *, page_break: bool) -> list[Block]:
        labels = self.layout.labels
        zone = z.zone
        out: list[Block] = [self.heading(3, z.title, page_break=page_break), self.score_table(z)]
        if zone.kpis:
            figure = self.kpi_figure(z)
            out += [
                Text("label", labels.kpis), self.kpi_table(z), figure,
                Text("figure", self.labels["kpi_chart"].format(kpis=labels.kpis, target=figure.target_text)),
            ]
        for measure in zone.measures:
            out.append(Text("label", measure.heading))
            out.extend(self.bullet(item) for item in measure.items)
            if measure.etc:
                out.append(self.etc())
        out.append(Text("label", labels.remarks))
        out.extend(self.bullet(remark) for remark in zone.remarks)
        return out

    def score_table(self, z: ZoneTexts) -> Table:
        labels = self.layout.labels
        cols = self.columns("score_columns")
        header_fill = self.tables["header_fill"]
        header = [self.cell(f"{labels.total}\n{labels.total_note}", cols[0], bold=True, align="center",
                            fill=header_fill)]
        header += [self.cell(f"{score.mark}\n{score.label}", width, bold=True, align="center", fill=header_fill)
                   for score, width in zip(labels.scores, cols[1:], strict=True)]
        values = [self.cell(z.total, cols[0], run_style="total", align="center", fill=self.tables["total_fill"])]
        values += [self.cell(v, w, run_style="score", align="center") for v, w in zip(z.scores, cols[1:], strict=True)]
        return Table(cols, (Row(tuple(header), header=True), Row(tuple(values))))

    def kpi_table(self, z: ZoneTexts) -> Table:
        cols = self.columns("kpi_columns")
        rows = [self.header_row(self.labels["kpi_columns"], cols)]
        rows += [Row((self.cell(k.name, cols[0]), self.cell(k.percent, cols[1], bold=True, align="right")))
                 for k in z.kpis]
        if z.zone.kpis_etc:
            rows.append(Row((self.cell(self.layout.labels.etc, cols[0]), self.cell("", cols[1]))))
        return Table(cols, tuple(rows))

    def kpi_figure(self, z: ZoneTexts) -> KpiFigure:
        """Achievement bars against the 100％ line, on an axis of at most MAX_TICKS ticks."""
        labels = self.layout.labels
        zone = z.zone
        bars = tuple(KpiBar(self.label(k.name), float(kpi.achievement), k.percent)
                     for k, kpi in zip(z.kpis, zone.kpis, strict=True))
        target_text = fmt.percent_text(KPI_TARGET)
        step = int(self.chart["percent_step"])
        top = max([KPI_TARGET, *(k.achievement for k in zone.kpis)])
        while top / step > MAX_TICKS:
            step *= 2
        high = max(step, math.ceil(top / step) * step)
        axis = Axis(0.0, float(high), tuple((float(v), fmt.percent_text(Decimal(v))) for v in range(0, high + 1, step)))
        values = "、".join(f"{k.name} {k.percent}" for k in z.kpis)
        alt = self.labels["kpi_chart_alt"].format(zone=z.title, kpis=labels.kpis, target=target_text, values=values)
        return KpiFigure(bars, float(KPI_TARGET), target_text, axis, labels.kpis, alt)


def compose_report(year: Year, layout: Layout, modified: dt.datetime) -> ReportPlan:
    """The report of ``year`` with ``layout``, dated ``modified`` (the title block's date)."""
    return ReportComposer(year, layout, modified).compose()
