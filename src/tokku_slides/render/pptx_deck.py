"""The deck: draws the composed pages (list page, cards, continuation cards) with python-pptx.

It receives blocks already fitted by :mod:`tokku_slides.layout.pages` and only draws them: every
size is explicit and no autofit flag is written. mm -> EMU happens here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from pptx.oxml import parse_xml
from pptx.util import Emu

from tokku_slides import format as fmt
from tokku_slides.layout.fit import FittedBlock
from tokku_slides.layout.pages import Deck, PlacedTable, PlacedText
from tokku_slides.layout.spec import Layout, Style
from tokku_slides.model.records import Year
from tokku_slides.render import ooxml

BLANK_LAYOUT = 6
"""The default template's blank slide layout."""


def emu(mm: float) -> Emu:
    return Emu(round(mm * ooxml.EMU_PER_MM))


class DeckWriter:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        insets = layout.text.insets_mm
        self.insets = (
            round(insets[0] * ooxml.EMU_PER_MM), round(insets[1] * ooxml.EMU_PER_MM),
            round(insets[2] * ooxml.EMU_PER_MM), round(insets[3] * ooxml.EMU_PER_MM),
        )

    def paragraphs(self, block: FittedBlock, style: Style, field: str | None = None) -> list[str]:
        layout = self.layout
        pitch = block.size * layout.text.line_spacing
        color = layout.color(style.color) or layout.colors["text"]
        out = []
        for p in block.paragraphs:
            size = block.size * p.scale
            margin = size if (p.hanging or p.indent) else 0.0
            out.append(ooxml.paragraph(
                p.text, size,
                latin=layout.latin_font, east_asian=layout.east_asian_font,
                line_pitch_pt=pitch * p.scale,
                space_before_pt=p.space_before * pitch,
                align=p.align if p.align != "left" else style.align,
                margin_left_pt=margin,
                indent_pt=-size if p.hanging else 0.0,
                bold=p.bold or style.bold,
                color=color,
                field=field,
            ))
        if not out:
            out.append(ooxml.paragraph("", block.size, latin=layout.latin_font, east_asian=layout.east_asian_font,
                                       line_pitch_pt=pitch, color=color))
        return out

    def text_shape(self, slide: object, placed: PlacedText) -> None:
        style = placed.style
        shape = slide.shapes.add_textbox(emu(placed.x), emu(placed.y), emu(placed.width), emu(placed.height))  # type: ignore[attr-defined]
        shape.name = placed.role
        sp = shape._element
        field = "slidenum" if placed.role == "page_number" else None
        body = ooxml.text_body("p:txBody", ooxml.body_properties(self.insets, style.anchor),
                               self.paragraphs(placed.block, style, field))
        sp.replace(sp.txBody, parse_xml(body))
        fill = self.layout.color(style.fill)
        if fill:
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(fill)
        border = style.border
        if border:
            shape.line.width = Emu(round(self.layout.rules[border] * ooxml.EMU_PER_PT))
            shape.line.color.rgb = _rgb(self.layout.colors["rule"])

    def table_shape(self, slide: object, placed: PlacedTable) -> None:
        rows, cols = len(placed.rows), len(placed.columns)
        frame = slide.shapes.add_table(  # type: ignore[attr-defined]
            rows, cols, emu(placed.x), emu(placed.y), emu(sum(placed.columns)), emu(sum(placed.rows))
        )
        frame.name = placed.role
        table = frame.table
        tbl = table._tbl
        tbl_pr = tbl.tblPr
        for attr in ("firstRow", "bandRow"):
            tbl_pr.set(attr, "0")
        for child in list(tbl_pr):
            tbl_pr.remove(child)  # the template's table style id: borders and fills are ours
        for i, width in enumerate(placed.columns):
            table.columns[i].width = emu(width)
        for r, height in enumerate(placed.rows):
            table.rows[r].height = emu(height)
        rule = self.layout.colors["rule"]
        width = self.layout.rules["table"]
        for r, row in enumerate(placed.cells):
            for c, (style, block) in enumerate(row):
                tc = table.cell(r, c)._tc
                body = ooxml.text_body("a:txBody", ooxml.body_properties(self.insets, style.anchor),
                                       self.paragraphs(block, style))
                tc.replace(tc.txBody, parse_xml(body))
                fill = self.layout.color(style.fill)
                anchor = "middle" if r == len(placed.cells) - 1 and placed.role == "score_table" else style.anchor
                tc_pr = parse_xml(ooxml.cell_properties(self.insets, anchor, width, rule, fill))
                old = tc.find(f"{{{ooxml.A_NS}}}tcPr")
                if old is not None:
                    tc.remove(old)
                tc.append(tc_pr)

    def render(self, deck: Deck, year: Year, modified: dt.datetime) -> bytes:
        prs = Presentation()
        prs.slide_width = emu(self.layout.slide_width_mm)
        prs.slide_height = emu(self.layout.slide_height_mm)
        blank = prs.slide_layouts[BLANK_LAYOUT]
        for page in deck.pages:
            slide = prs.slides.add_slide(blank)
            for table in page.tables:
                self.table_shape(slide, table)
            for text in page.texts:
                self.text_shape(slide, text)
        props = prs.core_properties
        props.title = f"{year.title} {fmt.era_year(year.fiscal_year)}"
        props.subject = year.section
        props.author = "tokku-slides"
        props.last_modified_by = "tokku-slides"
        props.revision = 1
        props.created = modified
        props.modified = modified
        props.last_printed = modified
        buffer = io.BytesIO()
        prs.save(buffer)
        return ooxml.deterministic_zip(buffer.getvalue())


def _rgb(hex_color: str) -> object:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_color)  # type: ignore[no-untyped-call]


def render_deck(deck: Deck, layout: Layout, year: Year, modified: dt.datetime) -> bytes:
    """The deck as the bytes of a .pptx file (identical for identical input)."""
    return DeckWriter(layout).render(deck, year, modified)
