"""``check`` of the Word report: does a report (ours, or one edited and re-saved by Word or LibreOffice)
still say what the data says?

The expected text is the report's plan composed from the data (:func:`layout.report.compose_report`,
what the build writes), so every paragraph and table cell has its expected text. The file is read as
paragraphs and tables (:mod:`render.docx_reader`) and cut into sections at its headings; each
section is found by its heading's text, never by its position:

- a zone's section (heading 3: the zone's title) is read as the zone's facts (the score table, the
  KPI table and its 等, each support measure's heading, items and 等, the expert remarks) and compared
  fact by fact, named as on the deck (専門家所見 2, 進捗度 KPI 3, 総合評価); a section whose heading was
  reworded is the missing zone whose content it resembles; a zone without a section, a section of no
  zone, and a section out of its place (after another zone's than in the data) are differences;
- the other sections (the title block, １．評価の方法, ２．評価結果一覧 with the overview table,
  前年度との比較, the category headings) are compared paragraph by paragraph and row by row, aligned
  so that a paragraph or row added or deleted is one difference.

The table of contents, the charts' pictures and the page header are not compared (Word rewrites the
first, the others are drawn from the same data; the charts' captions are compared). Where a
difference is: the heading of its section, and the table and row, or the paragraph, counted from that
heading (the file has no page numbers).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from tokku_slides.build import modified_time
from tokku_slides.i18n import _
from tokku_slides.layout.facts import expected_facts, fact_kind, fact_name, same
from tokku_slides.layout.report import Heading, ReportPlan, Table, Text, compose_report
from tokku_slides.layout.spec import Labels, Layout
from tokku_slides.layout.texts import ZoneTexts
from tokku_slides.model.records import Year
from tokku_slides.render import docx_reader as dr
from tokku_slides.roundtrip.check import Difference, _out_of_order, _quote

ZONE_LEVEL = 2
"""The outline level of a zone's heading (heading 3)."""
SIMILAR = 0.6
"""How alike a section with an unknown heading must be to a missing zone's content to be that zone's."""


def _flat(text: str) -> str:
    return "".join(text.split())


@dataclass(frozen=True)
class Place:
    """Where in the file: under which heading, then a table and row, or a paragraph (1-based, counted
    from the heading: non-empty paragraphs outside tables, and tables)."""

    heading: str | None
    table: int | None = None
    row: int | None = None
    paragraph: int | None = None

    def __str__(self) -> str:
        if self.heading is None:
            if self.paragraph is not None:
                return _(" (before the first heading, paragraph {number})").format(number=self.paragraph)
            return _(" (before the first heading)")
        heading = _quote(self.heading)
        if self.table is not None and self.row is not None:
            return _(" (under the heading {heading}, table {table}, row {row})").format(
                heading=heading, table=self.table, row=self.row)
        if self.paragraph is not None:
            return _(" (under the heading {heading}, paragraph {number})").format(
                heading=heading, number=self.paragraph)
        return _(" (under the heading {heading})").format(heading=heading)


@dataclass(frozen=True)
class Item:
    """A paragraph (``cells`` None) or a table row of a section, expected or found."""

    text: str
    cells: tuple[str, ...] | None
    header: tuple[str, ...]
    """A row's table header row (its own cells for the header row)."""
    zone: str
    """The zone a row is of (its name in the row, or above it in a merged cell); "" for none."""
    place: Place

    @property
    def key(self) -> tuple[str, ...]:
        return ("p", _flat(self.text)) if self.cells is None else ("r", *(_flat(c) for c in self.cells))

    def shown(self) -> str:
        return self.text if self.cells is None else " | ".join(c.replace("\n", " ") for c in self.cells)


@dataclass
class Section:
    heading: str | None
    level: int | None
    number: int
    """Its order among the file's sections (0: before the first heading)."""
    paragraphs: list[dr.Paragraph] = field(default_factory=list)
    tables: list[dr.Table] = field(default_factory=list)
    order: list[dr.Item] = field(default_factory=list)


def _rows_items(rows: Sequence[tuple[str, ...]], heading: str | None, table: int, names: set[str]) -> list[Item]:
    out: list[Item] = []
    header = rows[0] if rows else ()
    zone = ""
    for r, cells in enumerate(rows, start=1):
        named = next((_flat(c) for c in cells if _flat(c) in names), "")
        if named:
            zone = named
        elif not cells or _flat(cells[0]):
            zone = ""
        out.append(Item("", tuple(cells), tuple(header), zone, Place(heading, table, r)))
    return out


def _found_items(section: Section, names: set[str]) -> list[Item]:
    out: list[Item] = []
    tables = paragraphs = 0
    for item in section.order:
        if isinstance(item, dr.Table):
            tables += 1
            out.extend(_rows_items(item.rows, section.heading, tables, names))
        elif item.text.strip():
            paragraphs += 1
            out.append(Item(item.text.strip(), None, (), "", Place(section.heading, paragraph=paragraphs)))
    return out


def _expected_items(blocks: Sequence[object], heading: str | None, names: set[str]) -> list[Item]:
    out: list[Item] = []
    tables = paragraphs = 0
    for b in blocks:
        if isinstance(b, Table):
            tables += 1
            rows = [tuple("\n".join(c.lines) for c in row.cells) for row in b.rows]
            out.extend(_rows_items(rows, heading, tables, names))
        elif isinstance(b, Text) and b.text.strip():
            paragraphs += 1
            out.append(Item(b.text.strip(), None, (), "", Place(heading, paragraph=paragraphs)))
    return out


def _sections(items: list[dr.Item]) -> list[Section]:
    sections = [Section(None, None, 0)]
    for item in items:
        if isinstance(item, dr.Paragraph) and item.level is not None and item.text.strip():
            sections.append(Section(item.text.strip(), item.level, len(sections)))
            continue
        current = sections[-1]
        current.order.append(item)
        if isinstance(item, dr.Table):
            current.tables.append(item)
        else:
            current.paragraphs.append(item)
    return sections


class ReportCheck:
    def __init__(self, year: Year, layout: Layout, plan: ReportPlan) -> None:
        self.year = year
        self.layout = layout
        self.labels: Labels = layout.labels
        self.plan = plan
        self.report_labels = layout.report["labels"]
        self.zones = plan.texts.zones
        self.titles = {_flat(z.title): z for z in self.zones}
        self.names = {_flat(z.zone.name) for z in self.zones}
        self.differences: list[Difference] = []

    # -- the plan cut into sections ------------------------------------------------------------------
    def expected_sections(self) -> tuple[list[tuple[Heading | None, list[object]]], dict[str, list[object]]]:
        """The structural sections (heading, blocks) in order, and each zone's blocks by its title."""
        structural: list[tuple[Heading | None, list[object]]] = [(None, list(self.plan.front))]
        zones: dict[str, list[object]] = {}
        current: list[object] = structural[0][1]
        for b in self.plan.body:
            if isinstance(b, Heading):
                if b.level == ZONE_LEVEL + 1 and _flat(b.text) in self.titles:
                    current = zones.setdefault(_flat(b.text), [])
                else:
                    current = []
                    structural.append((b, current))
                continue
            current.append(b)
        return structural, zones

    # -- the comparison ------------------------------------------------------------------------------
    def run(self, items: list[dr.Item]) -> tuple[list[Difference], int]:
        structural, zone_blocks = self.expected_sections()
        sections = _sections(items)
        found_zones: dict[int, Section] = {}
        unknown_zone_level: list[Section] = []
        found_structural: list[Section] = [sections[0]]
        for s in sections[1:]:
            z = self.titles.get(_flat(s.heading or ""))
            if z is not None and id(z.zone) not in found_zones:
                found_zones[id(z.zone)] = s
            elif s.level == ZONE_LEVEL and not any(_flat(s.heading or "") == _flat(h.text)
                                                   for h, _b in structural if h is not None):
                unknown_zone_level.append(s)
            else:
                found_structural.append(s)
        # a zone's section whose heading was reworded: the missing zone whose content it most resembles
        for s in unknown_zone_level:
            missing = [z for z in self.zones if id(z.zone) not in found_zones]
            best, score = None, 0.0
            found = self.zone_facts(s, set())[0]
            for z in missing:
                want = expected_facts(z, self.labels)
                ratio = difflib.SequenceMatcher(None, " ".join(want.values()), " ".join(found.values())).ratio()
                if ratio > score:
                    best, score = z, ratio
            if best is not None and score >= SIMILAR:
                found_zones[id(best.zone)] = s
            else:
                self.differences.append(Difference(_flat(s.heading or ""), _("a section of a zone not in the data"),
                                                   "", _flat(s.heading or ""), None, place=str(Place(s.heading))))
        self.compare_structural(structural, found_structural)
        for z in self.zones:
            found_section = found_zones.get(id(z.zone))
            if found_section is None:
                self.differences.append(Difference(z.zone.name, _("the zone's section"), z.title, "", None, z.zone))
                continue
            self.compare_zone(z, found_section, zone_blocks.get(_flat(z.title), []))
        self.places(found_zones)
        return self.differences, len(found_zones)

    def compare_structural(self, expected: list[tuple[Heading | None, list[object]]], found: list[Section]) -> None:
        """The sections other than the zones': aligned by their headings, each compared item by item."""
        want = [_flat(h.text) if h is not None else "" for h, _b in expected]
        have = [_flat(s.heading or "") for s in found]
        matcher = difflib.SequenceMatcher(None, want, have, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
            for i, j in pairs:
                heading, blocks = expected[i]
                s = found[j]
                if op != "equal" and heading is not None:
                    self.differences.append(Difference(s.heading or "", _("the heading"), heading.text,
                                                       s.heading or "", None, place=str(Place(s.heading))))
                self.compare_items(_expected_items(blocks, s.heading, self.names), _found_items(s, self.names),
                                   s.heading)
            for i in range(i1 + len(pairs), i2):
                heading, _blocks = expected[i]
                if heading is not None:
                    self.differences.append(Difference(heading.text, _("the heading"), heading.text, "", None))
            for j in range(j1 + len(pairs), j2):
                s = found[j]
                self.differences.append(Difference(s.heading or "", _("a section not in the data"), "",
                                                   s.heading or "", None, place=str(Place(s.heading))))

    def compare_items(self, want: list[Item], have: list[Item], heading: str | None) -> None:
        where = heading if heading is not None else self.plan.front[0].text if self.plan.front else ""
        matcher = difflib.SequenceMatcher(None, [w.key for w in want], [h.key for h in have], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            pairs = list(zip(want[i1:i2], have[j1:j2], strict=False))
            for w, h in pairs:
                if w.cells is not None and h.cells is not None and len(w.cells) == len(h.cells):
                    for column, (e, f) in enumerate(zip(w.cells, h.cells, strict=True)):
                        if _flat(e) != _flat(f):
                            block = _flat(w.header[column]) if column < len(w.header) else ""
                            self.differences.append(Difference(
                                w.zone or h.zone or where, block or _("a table cell"), e.replace("\n", " "),
                                f.replace("\n", " "), None, place=str(h.place)))
                else:
                    self.differences.append(Difference(w.zone or where, self.item_name(w), w.shown(), h.shown(),
                                                       None, place=str(h.place)))
            for w in want[i1 + len(pairs):i2]:
                self.differences.append(Difference(w.zone or where, self.item_name(w), w.shown(), "", None,
                                                   place=str(Place(heading))))
            for h in have[j1 + len(pairs):j2]:
                self.differences.append(Difference(h.zone or where, self.item_name(h), "", h.shown(), None,
                                                   place=str(h.place)))

    @staticmethod
    def item_name(item: Item) -> str:
        return _("a paragraph") if item.cells is None else _("a table row")

    # -- a zone's section --------------------------------------------------------------------------
    def zone_facts(self, s: Section, captions: set[str]) -> tuple[dict[str, str], dict[str, Place], list[str]]:
        """The facts a zone's section prints, where each is, and the tables it has that a zone has not;
        the chart's caption (in its style, or as the plan words it) is passed over."""
        labels = self.labels
        marks = [m.mark for m in labels.scores]
        kpi_header = tuple(_flat(c) for c in self.report_labels["kpi_columns"])
        facts: dict[str, str] = {"title": _flat(s.heading or "")}
        places: dict[str, Place] = {"title": Place(s.heading)}
        strange: list[str] = []
        scores_found = kpis_found = False
        tables = paragraphs = 0
        measure = 0
        item = 0
        remarks: int | None = None
        for block in s.order:
            if isinstance(block, dr.Table):
                tables += 1
                header = tuple(_flat(c) for c in block.rows[0]) if block.rows else ()
                if not scores_found and len(header) == 4 and all(m in "".join(header) for m in marks):
                    scores_found = True
                    if len(block.rows) > 1:
                        for path, value in zip(("scores.total", "scores.I", "scores.II", "scores.III"),
                                               block.rows[1], strict=False):
                            facts[path], places[path] = value.strip(), Place(s.heading, tables, 2)
                elif not kpis_found and header == kpi_header:
                    kpis_found = True
                    n = 0
                    for r, row in enumerate(block.rows[1:], start=2):
                        name = row[0].strip() if row else ""
                        percent = row[1].strip() if len(row) > 1 else ""
                        if name == labels.etc and not percent:
                            facts["kpis.etc"], places["kpis.etc"] = labels.etc, Place(s.heading, tables, r)
                            continue
                        n += 1
                        for path, value in ((f"kpis.{n}.name", name), (f"kpis.{n}.achievement", percent)):
                            facts[path], places[path] = value, Place(s.heading, tables, r)
                else:
                    strange.append(" | ".join(block.rows[0]) if block.rows else "")
                continue
            text = block.text.strip()
            if not text:
                continue
            paragraphs += 1
            place = Place(s.heading, paragraph=paragraphs)
            if block.picture and not text:
                continue
            if block.style == "figure text" or text in captions:
                continue
            if text == labels.kpis and measure == 0 and remarks is None:
                continue
            if text == labels.remarks:
                remarks = 0
                continue
            bullet = text.startswith(labels.bullet)
            body = text[len(labels.bullet):].strip() if bullet else text
            if remarks is not None:
                remarks += 1
                facts[f"remarks.{remarks}"], places[f"remarks.{remarks}"] = body, place
            elif text == labels.etc:
                path = f"measures.{max(measure, 1)}.etc"
                facts[path], places[path] = labels.etc, place
            elif bullet:
                if measure == 0:
                    measure = 1
                    facts["measures.1.heading"], places["measures.1.heading"] = "", place
                item += 1
                path = f"measures.{measure}.items.{item}"
                facts[path], places[path] = body, place
            else:
                measure += 1
                item = 0
                path = f"measures.{measure}.heading"
                facts[path], places[path] = text, place
        return facts, places, strange

    def compare_zone(self, z: ZoneTexts, s: Section, blocks: list[object]) -> None:
        captions = {b.text for b in blocks if isinstance(b, Text) and b.style == "figure"}
        found, places, strange = self.zone_facts(s, captions)
        want = expected_facts(z, self.labels)
        for path in [*want, *(p for p in found if p not in want)]:
            e, f = want.get(path, ""), found.get(path, "")
            if not same(e, f, path):
                place = places.get(path, Place(s.heading))
                self.differences.append(Difference(z.zone.name, fact_name(path), e, f, None, z.zone, path,
                                                   fact_kind(path), place=str(place)))
        for header in strange:
            self.differences.append(Difference(z.zone.name, _("a table the data does not give"), "", header, None,
                                               z.zone, place=str(Place(s.heading))))

    def places(self, found: dict[int, Section]) -> None:
        """A zone's section after another zone's than in the data: once per section moved (the
        longest run in the data's order stays)."""
        order = {id(z.zone): i for i, z in enumerate(self.zones)}
        firsts = sorted((s.number, order[key]) for key, s in found.items())
        for i in sorted(_out_of_order([rank for _n, rank in firsts])):
            _number, rank = firsts[i]
            z = self.zones[rank]
            before = self.zones[rank - 1].zone.name if rank else ""
            previous = next((self.zones[r].zone.name for n, r in reversed(firsts) if n < _number), "")
            self.differences.append(Difference(
                z.zone.name, _("the section's place"),
                _("after the section of {zone}").format(zone=before) if before else _("the first zone's section"),
                _("after the section of {zone}").format(zone=previous) if previous else _("the first zone's section"),
                None, z.zone, place=str(Place(found[id(z.zone)].heading))))


def compare_report(year: Year, layout: Layout, items: list[dr.Item]) -> tuple[list[Difference], int]:
    """The differences between the report read as ``items`` and the plan the data composes; and the
    number of zone sections found."""
    plan = compose_report(year, layout, modified_time(year))
    return ReportCheck(year, layout, plan).run(items)
