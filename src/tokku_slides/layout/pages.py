"""The deck as pages of placed, fitted blocks: the list page(s), then each zone's card(s).

Everything a renderer needs is decided here (text, lines, size, box in mm, colours by key), so the
pptx renderer only draws, and tests can check fitting without opening PowerPoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from tokku_slides import format as fmt
from tokku_slides.i18n import N_, _
from tokku_slides.layout.fit import FitSettings, FittedBlock, Paragraph, fit, lay_out, split
from tokku_slides.layout.measure import FontMetrics, load_faces
from tokku_slides.layout.spec import Box, Layout, Style, make_box, make_style
from tokku_slides.layout.texts import YearTexts, ZoneTexts, year_texts
from tokku_slides.model.records import Year, Zone
from tokku_slides.units import Mm, Pt, mm_to_pt, pt_to_mm


@dataclass(frozen=True)
class PlacedText:
    """A text block in a rectangle. ``role`` names it (``kpis``, ``measure.2``, ``remarks``, ...);
    x, y, width, height are mm from the slide's top left."""

    role: str
    x: Mm
    y: Mm
    width: Mm
    height: Mm
    style: Style
    block: FittedBlock
    """The text fitted to the box less its insets (its sizes and height in pt)."""


@dataclass(frozen=True)
class PlacedTable:
    """A native table: column widths and row heights in mm, one fitted block and style per cell."""

    role: str
    x: Mm
    y: Mm
    columns: tuple[Mm, ...]
    rows: tuple[Mm, ...]
    cells: tuple[tuple[tuple[Style, FittedBlock], ...], ...]


@dataclass(frozen=True)
class Page:
    """One slide. ``zone`` is None for the list page; ``part`` counts continuation cards (0 = first)."""

    number: int
    zone: Zone | None
    part: int
    texts: tuple[PlacedText, ...]
    tables: tuple[PlacedTable, ...] = ()
    tables_after: str = ""
    """The role of the text the tables follow in the reading order ("": before every text)."""

    def reading_order(self) -> tuple[PlacedText | PlacedTable, ...]:
        """The page's blocks in the order a reader takes them, which is the order of the slide's shapes
        (what a screen reader reads in the pptx, and the tagged PDF's structure): the texts as
        composed, the tables after the text ``tables_after`` names."""
        roles = [t.role for t in self.texts]
        at = roles.index(self.tables_after) + 1 if self.tables_after else 0
        return (*self.texts[:at], *self.tables, *self.texts[at:])


@dataclass(frozen=True)
class Flow:
    """A block of a card whose text may shrink and continue: its role, box (mm) and paragraphs."""

    role: str
    x: float
    y: float
    width: float
    height: float
    style: Style
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Continuation:
    """A zone whose blocks did not fit one card at their minimum size."""

    zone: Zone
    blocks: tuple[str, ...]
    cards: int


@dataclass(frozen=True)
class Shrunk:
    """A zone's block whose text was set below the layout's size to fit its box (sizes in pt)."""

    zone: Zone
    block: str
    from_pt: Pt
    to_pt: Pt


BLOCK_NAMES = {
    "title": N_("title"),
    "kpis": N_("kpis"),
    "measure": N_("measure.{number}"),
    "remarks": N_("remarks"),
}
"""The name of a card's block in messages: in English its role (``kpis``, ``measure.2``), in Japanese
what the card calls it; other roles are shown as they are."""


def block_name(role: str) -> str:
    """``role`` as the user calls that block, in the language in use."""
    base, _dot, number = role.partition(".")
    if base in BLOCK_NAMES:
        return _(BLOCK_NAMES[base]).format(number=number)
    return role


class FitProblem(Exception):
    """A block that can neither shrink nor continue (a title too long for its frame)."""

    def __init__(self, zone: Zone | None, block: str, message: str) -> None:
        self.zone = zone
        self.block = block
        where = f"{zone.source}: " if zone is not None and zone.source else ""
        super().__init__(f"{where}{block_name(block)}: {message}")


@dataclass
class Deck:
    texts: YearTexts
    """The year's shared texts, as the cards print them (the report prints the same)."""
    pages: list[Page] = field(default_factory=list)
    continuations: list[Continuation] = field(default_factory=list)
    shrunk: list[Shrunk] = field(default_factory=list)
    """Every zone's block set smaller than the layout's size, in the order of the cards."""


class Composer:
    """Composes the pages of one year with one layout."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.metrics: FontMetrics = load_faces(layout.metrics_path, layout.latin_metrics_path)
        t = layout.text
        self.inset_lr: Pt = mm_to_pt(Mm(t.insets_mm[0] + t.insets_mm[1]))
        self.inset_tb: Pt = mm_to_pt(Mm(t.insets_mm[2] + t.insets_mm[3]))

    # -- fitting helpers ---------------------------------------------------------------------
    def settings(self, width_mm: float, height_mm: float, style: Style) -> FitSettings:
        """What fitting a box of ``width_mm`` x ``height_mm`` needs: its text area in pt."""
        t = self.layout.text
        return FitSettings(
            width=Pt(mm_to_pt(Mm(width_mm)) - self.inset_lr),
            height=Pt(mm_to_pt(Mm(height_mm)) - self.inset_tb),
            size=style.size,
            min_size=style.smallest,
            step=Pt(t.shrink_step),
            line_spacing=t.line_spacing,
            safety_em=t.safety_em,
        )

    def fixed(self, paragraphs: tuple[Paragraph, ...], width_mm: float, height_mm: float, style: Style,
              zone: Zone | None, role: str) -> FittedBlock:
        """A block that must fit its box (shrinking as allowed) and can never continue."""
        block = fit(paragraphs, self.settings(width_mm, height_mm, style), self.metrics)
        if block is None:
            raise FitProblem(zone, role, _("text too long for its box even at the smallest size "
                                           "({size} pt): shorten it").format(size=f"{style.smallest:g}"))
        return block

    def text_box(self, role: str, box: Box, paragraphs: tuple[Paragraph, ...], zone: Zone | None) -> PlacedText:
        block = self.fixed(paragraphs, box.width, box.height, box.style, zone, role)
        return PlacedText(role, box.x, box.y, box.width, box.height, box.style, block)

    def bullet(self, text: str) -> Paragraph:
        pitch = self.layout.text.paragraph_space
        return Paragraph(self.layout.labels.bullet + text, hanging=True, space_before=pitch)

    # -- the deck ----------------------------------------------------------------------------
    def compose(self, year: Year) -> Deck:
        deck = Deck(year_texts(year, self.layout))
        self._list_pages(deck, year)
        for zone in deck.texts.zones:
            self._cards(zone, deck)
        return deck

    def _footer(self, deck: Deck, number: int, zone: Zone | None) -> list[PlacedText]:
        boxes = self.layout.boxes
        return [
            self.text_box("footer", boxes["footer"], (Paragraph(deck.texts.footer),), zone),
            self.text_box("page_number", boxes["page_number"], (Paragraph(str(number), align="right"),), zone),
        ]

    # -- cards ---------------------------------------------------------------------------------
    def _cards(self, texts: ZoneTexts, deck: Deck) -> None:
        zone = texts.zone
        layout = self.layout
        labels = layout.labels
        card = layout.card
        table = card["score_table"]
        cols = [float(c) for c in table["columns"]]
        x0, y0 = float(table["x"]), float(table["y"])
        body_top = y0 + float(table["header_height"]) + float(table["score_height"])
        body_h = float(card["body"]["bottom"]) - body_top
        xs = [x0 + sum(cols[:i]) for i in range(len(cols))]

        # the blocks of the body, each in its column
        note_style = make_style(card["body"]["note"])
        kpi_style = make_style(card["body"]["kpis"])
        measure_style = make_style(card["body"]["measures"])
        note_paras: tuple[Paragraph, ...] = (Paragraph(labels.total_note),)
        if card.get("previous_total") and texts.previous is not None:  # a layout option, off by default
            figure = labels.previous_total.format(total=texts.previous.total, change=texts.previous.change)
            note_paras = (Paragraph(figure, bold=True, align="center"), *note_paras)
        note = self.fixed(note_paras, cols[0], body_h, note_style, zone, "note")

        kpi_paras: list[Paragraph] = [Paragraph(labels.kpis, bold=True)]
        for kpi in texts.kpis:
            kpi_paras.append(self.bullet(kpi.name))
            kpi_paras.append(Paragraph(kpi.percent, bold=True, align="right"))
        if zone.kpis_etc:
            kpi_paras.append(Paragraph(labels.etc, space_before=layout.text.paragraph_space))

        rm = card["remarks"]
        rx, ry, rw = float(rm["x"]), float(rm["y"]), float(rm["width"])
        rh_head = float(rm["heading_height"])
        remarks_top = ry + rh_head
        remarks_h = float(rm["bottom"]) - remarks_top

        n = max(1, len(zone.measures))
        measure_w = (cols[2] + cols[3]) / n
        flows = [Flow("kpis", xs[1], body_top, cols[1], body_h, kpi_style, tuple(kpi_paras))]
        for i in range(n):
            column: list[Paragraph] = []
            if i < len(zone.measures):
                m = zone.measures[i]
                column.append(Paragraph(m.heading, bold=True))
                column.extend(self.bullet(item) for item in m.items)
                if m.etc:
                    column.append(Paragraph(labels.etc, space_before=layout.text.paragraph_space))
            flows.append(Flow(f"measure.{i + 1}", xs[2] + i * measure_w, body_top, measure_w, body_h,
                              measure_style, tuple(column)))
        flows.append(Flow("remarks", rx, remarks_top, rw, remarks_h, make_style(rm["body"]),
                          tuple(self.bullet(r) for r in zone.remarks)))

        # fit every flowing block; a group shares the smallest size any member needs
        fitted: dict[str, list[FittedBlock]] = {}
        overflowing: list[str] = []
        for f in flows:
            s = self.settings(f.width, f.height, f.style)
            block = (fit(f.paragraphs, s, self.metrics) if f.paragraphs
                     else lay_out((), f.style.size, s, self.metrics))
            if block is None:
                overflowing.append(f.role)
                fitted[f.role] = split(f.paragraphs, s, self.metrics)
            else:
                fitted[f.role] = [block]
        groups: dict[str, Pt] = {}
        for f in flows:
            if f.style.group:
                size = min(b.size for b in fitted[f.role])
                groups[f.style.group] = min(groups.get(f.style.group, size), size)
        for f in flows:
            group = f.style.group
            if group and f.role not in overflowing and fitted[f.role][0].size != groups[group]:
                s = self.settings(f.width, f.height, f.style)
                fitted[f.role] = [lay_out(f.paragraphs, groups[group], s, self.metrics)]

        parts = max(len(chunks) for chunks in fitted.values())
        shrunk = [Shrunk(zone, f.role, f.style.size, size) for f in flows
                  if (size := min(b.size for b in fitted[f.role])) < f.style.size]
        if overflowing:
            deck.continuations.append(Continuation(zone, tuple(overflowing), parts))

        # what every card of the zone repeats, fitted once
        remarks_heading_style = make_style(rm["heading"])
        repeated = [
            self.text_box("section", layout.boxes["section"], (Paragraph(texts.section, bold=True),),
                          zone),
            PlacedText("note", Mm(xs[0]), Mm(body_top), Mm(cols[0]), Mm(body_h), note_style, note),
            PlacedText("remarks_heading", Mm(rx), Mm(ry), Mm(rw), Mm(rh_head), remarks_heading_style,
                       self.fixed((Paragraph(labels.remarks, bold=True),), rw, rh_head,
                                  remarks_heading_style, zone, "remarks_heading")),
        ]
        score_table = self._score_table(texts, cols, x0, y0, table, make_style(table["header"]))
        for part in range(parts):
            number = len(deck.pages) + 1
            title = self.title(layout.boxes["title"], texts, labels.continued if part else "")
            if part == 0:
                if title.block.size < title.style.size:
                    shrunk.insert(0, Shrunk(zone, "title", title.style.size, title.block.size))
                deck.shrunk.extend(shrunk)
            # in reading order: section, title, (the score table,) its note, the KPI column, the measure
            # columns, the remarks under their heading, the footer
            section, note_text, remarks_heading = repeated
            placed = [section, title, note_text]
            for f in flows:
                chunks = fitted[f.role]
                block = chunks[part] if part < len(chunks) else FittedBlock((), (), chunks[0].size, Pt(0.0))
                if f.role == "remarks":
                    placed.append(remarks_heading)
                placed.append(PlacedText(f.role, Mm(f.x), Mm(f.y), Mm(f.width), Mm(f.height), f.style, block))
            placed.extend(self._footer(deck, number, zone))
            deck.pages.append(Page(number, zone, part, tuple(placed), (score_table,), tables_after="title"))

    def title(self, box: Box, texts: ZoneTexts, suffix: str) -> PlacedText:
        """The framed zone title: on one line when it fits at the preferred size, otherwise the name
        and the governments on lines of their own, as on the original cards."""
        zone = texts.zone
        one = (Paragraph(texts.title + suffix, bold=True),)
        s = self.settings(box.width, box.height, box.style)
        block = lay_out(one, box.style.size, s, self.metrics)
        if len(block.lines[0]) > 1:
            two = (Paragraph(zone.name, bold=True), Paragraph(texts.governments + suffix, bold=True))
            block = self.fixed(two, box.width, box.height, box.style, zone, "title")
        return PlacedText("title", box.x, box.y, box.width, box.height, box.style, block)

    def _score_table(self, texts: ZoneTexts, cols: list[float], x0: float, y0: float,
                     table: dict[str, Any], header_style: Style) -> PlacedTable:
        zone = texts.zone
        labels = self.layout.labels
        hh, sh = float(table["header_height"]), float(table["score_height"])
        mark_scale = (header_style.mark_size or header_style.size) / header_style.size
        header: list[tuple[Style, FittedBlock]] = []
        total_header = tuple(Paragraph(line, bold=True, align="center") for line in labels.total_header.split("\n"))
        header.append((header_style, self.fixed(total_header, cols[0], hh, header_style, zone, "score_table")))
        for i, score in enumerate(labels.scores):
            paras = (Paragraph(score.mark, bold=True, align="center", scale=mark_scale),
                     Paragraph(score.label, align="center"))
            header.append((header_style, self.fixed(paras, cols[i + 1], hh, header_style, zone, "score_table")))
        total_style = make_style(table["total"])
        score_style = make_style(table["score"])
        row: list[tuple[Style, FittedBlock]] = []
        for i, value in enumerate((texts.total, *texts.scores)):
            style = total_style if i == 0 else score_style
            para = (Paragraph(value, bold=style.bold, align="center"),)
            row.append((style, self.fixed(para, cols[i], sh, style, zone, "score_table")))
        return PlacedTable("score_table", Mm(x0), Mm(y0), tuple(Mm(c) for c in cols), (Mm(hh), Mm(sh)),
                           (tuple(header), tuple(row)))

    # -- the list page ---------------------------------------------------------------------------
    def list_rows(self, deck: Deck, year: Year) -> tuple[list[str], list[str], list[list[str]]]:
        """The list's column keys, headers and rows of texts, in the layout's order; a column of
        list.table.columns that no zone has a value for is left out."""
        t = self.layout.list["table"]
        labels = self.layout.labels
        decimals = int(t["decimals"])
        compared = deck.texts.comparison
        zones: list[ZoneTexts] = []
        for _key, _heading, members in deck.texts.categories:
            ordered = list(members)
            if t["order"] == "score":  # a stable sort: ties keep file order
                ordered.sort(key=lambda z: -z.zone.scores.total)
            zones.extend(ordered)

        def value(key: str, z: ZoneTexts) -> str:
            zone = z.zone
            s = zone.scores
            category = year.categories[zone.category]
            texts = {
                "field": zone.field or "",
                "designation": "" if zone.designation is None else str(zone.designation),
                "category": labels.list_categories.get(category, category),
                "number": "" if zone.number is None else str(zone.number),
                "name": zone.name,
                "governments": z.governments_plain,
                "total": fmt.score_text(s.total, decimals),
                "I": fmt.score_text(s.i, decimals),
                "II": fmt.score_text(s.ii, decimals),
                "III": fmt.score_text(s.iii, decimals),
            }
            if compared is not None:
                pair = compared.pair(zone)
                texts["previous"] = (labels.previous_none if pair.last is None
                                     else fmt.score_text(pair.last.scores.total, decimals))
                texts["change"] = fmt.change_text(pair.total_change, labels.previous_new, decimals)
            return texts[key]

        keys = [str(k) for k in t["columns"] if any(value(str(k), z) for z in zones)]
        headers = [labels.list_page_columns[k] for k in keys]
        if compared is not None:
            keys += ["previous", "change"]
            headers += list(labels.previous_columns)
        return keys, headers, [[value(k, z) for k in keys] for z in zones]

    def _list_pages(self, deck: Deck, year: Year) -> None:
        spec = self.layout.list
        labels = self.layout.labels
        t = spec["table"]
        keys, headers, texts = self.list_rows(deck, year)
        styles = {name: make_style(t[name]) for name in ("header", "cell", "total")}
        inset_mm = pt_to_mm(self.inset_tb)
        shares = [float(t["widths"][k]) for k in keys]
        full, gap = float(t["width"]), float(t["gap"])
        room = float(t["bottom"]) - float(t["y"])
        Row = tuple[tuple[Style, FittedBlock], ...]

        def attempt(blocks: int, delta: float) -> tuple[tuple[Mm, ...], Row, Mm, list[Row], list[Mm]]:
            """The table laid out in ``blocks`` blocks with every style ``delta`` pt below its size
            (never below its min_size): column widths, header, its height, rows, their heights."""
            width = (full - gap * (blocks - 1)) / blocks
            cols = tuple(Mm(width * share / sum(shares)) for share in shares)
            sized = {name: replace(st, size=Pt(max(st.smallest, st.size - delta))) for name, st in styles.items()}

            def cell(text: str, w: float, style: Style, align: str, bold: bool) -> tuple[Style, FittedBlock]:
                paras = tuple(Paragraph(line, bold=bold, align=align) for line in text.split("\n"))
                return style, lay_out(paras, style.size, self.settings(w, 1000, style), self.metrics)

            def height(row: Row) -> Mm:
                return Mm(pt_to_mm(max(b.height for _s, b in row)) + inset_mm + float(t["row_padding"]))

            header = tuple(cell(h, w, sized["header"], "center", True) for h, w in zip(headers, cols, strict=True))
            rows: list[Row] = []
            for row in texts:
                rows.append(tuple(
                    cell(v, w, sized["total"], "center", True) if k == "total"
                    else cell(v, w, sized["cell"], "left" if k in ("field", "name", "governments") else "center",
                              False)
                    for k, v, w in zip(keys, row, cols, strict=True)))
            return cols, header, Mm(max(float(t["header_height"]), height(header))), rows, [height(r) for r in rows]

        def split(heights: list[Mm], avail: float, blocks: int) -> list[list[int]] | None:
            """Row indexes per block when ``blocks`` blocks hold every row, the two balanced; else None."""
            n = len(heights)
            if blocks == 1:
                return [list(range(n))] if sum(heights) <= avail + 1e-9 else None
            best: tuple[float, int] | None = None
            for k in range(1, n):
                left, right = sum(heights[:k]), sum(heights[k:])
                if left <= avail + 1e-9 and right <= avail + 1e-9 and (best is None or max(left, right) < best[0]):
                    best = (max(left, right), k)
            if best is None:
                return [list(range(n))] if n <= 1 and sum(heights) <= avail + 1e-9 else None
            return [list(range(best[1])), list(range(best[1], n))]

        step = float(self.layout.text.shrink_step)
        shrink = max(st.size - st.smallest for st in styles.values())
        deltas = [i * step for i in range(int(shrink / step + 1e-9) + 1)]
        pages: list[list[list[int]]] | None = None
        for blocks, tries in ((1, deltas[:1]), (2, deltas)):
            for delta in tries:
                cols, header, header_h, rows, heights = attempt(blocks, delta)
                parts = split(heights, room - header_h, blocks)
                if parts is not None:
                    pages = [parts]
                    break
            if pages is not None:
                break
        if pages is None:  # two blocks at the smallest size, as many pages as it takes
            cols, header, header_h, rows, heights = attempt(2, deltas[-1])
            chunks: list[list[int]] = [[]]
            used = 0.0
            for i, h in enumerate(heights):
                if chunks[-1] and used + h > room - header_h + 1e-9:
                    chunks.append([])
                    used = 0.0
                chunks[-1].append(i)
                used += h
            pages = [chunks[i:i + 2] for i in range(0, len(chunks), 2)]
        x0, y0 = float(t["x"]), float(t["y"])
        block_w = sum(cols)
        for part, blocks_of_page in enumerate(pages):
            number = len(deck.pages) + 1
            title = labels.list_page_title.format(era=deck.texts.era) + (labels.continued if part else "")
            notes = tuple(Paragraph(n) for n in labels.list_page_notes)
            placed = [
                self.text_box("list_heading", make_box(spec["heading"]), (Paragraph(title, bold=True),), None),
                self.text_box("list_note", make_box(spec["note"]), notes, None),
            ]
            placed.extend(self._footer(deck, number, None))
            tables = tuple(
                PlacedTable(
                    "list_table" if b == 0 else f"list_table.{b + 1}",
                    Mm(x0 + b * (block_w + gap)), Mm(y0), cols,
                    (header_h, *(heights[i] for i in indexes)),
                    (header, *(rows[i] for i in indexes)),
                )
                for b, indexes in enumerate(blocks_of_page)
            )
            deck.pages.append(Page(number, None, part, tuple(placed), tables, tables_after="list_note"))


def compose(year: Year, layout: Layout) -> Deck:
    """Every page of the deck, fitted and placed."""
    return Composer(layout).compose(year)
