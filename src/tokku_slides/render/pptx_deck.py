"""The deck: draws the composed pages (list page, cards, continuation cards) with python-pptx.

It receives blocks already fitted by :mod:`tokku_slides.layout.pages` and only draws them: every
size is explicit and no autofit flag is written. mm -> EMU happens here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from pptx.util import Emu

from tokku_slides import units
from tokku_slides.layout.fit import FittedBlock
from tokku_slides.layout.pages import Deck, PlacedTable, PlacedText
from tokku_slides.layout.spec import Layout, Style
from tokku_slides.model.records import Year
from tokku_slides.render import drawingml as dml
from tokku_slides.render import opc
from tokku_slides.render.xmlns import Element

BLANK_LAYOUT = 6
"""The default template's blank slide layout."""


def emu(mm: float) -> int:
    """mm as whole EMU (36000 EMU a millimetre)."""
    return units.mm_to_emu(units.Mm(mm))


class DeckWriter:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        insets = layout.text.insets_mm
        self.insets = (
            units.mm_to_emu(units.Mm(insets[0])), units.mm_to_emu(units.Mm(insets[1])),
            units.mm_to_emu(units.Mm(insets[2])), units.mm_to_emu(units.Mm(insets[3])),
        )

    def paragraphs(self, block: FittedBlock, style: Style, field: str | None = None) -> list[Element]:
        layout = self.layout
        pitch = block.size * layout.text.line_spacing
        color = layout.color(style.color) or layout.colors["text"]
        out = []
        for p in block.paragraphs:
            size = block.size * p.scale
            margin = size if (p.hanging or p.indent) else 0.0
            out.append(dml.paragraph(
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
            out.append(dml.paragraph("", block.size, latin=layout.latin_font, east_asian=layout.east_asian_font,
                                       line_pitch_pt=pitch, color=color))
        return out

    def text_shape(self, shape_id: int, placed: PlacedText) -> Element:
        """A placed block as a text box ``p:sp``."""
        style = placed.style
        field = "slidenum" if placed.role == "page_number" else None
        body = dml.text_body("p:txBody", dml.body_properties(self.insets, style.anchor),
                               self.paragraphs(placed.block, style, field))
        border = self.layout.rules[style.border] if style.border else None
        return dml.text_shape(
            shape_id, placed.role, (emu(placed.x), emu(placed.y), emu(placed.width), emu(placed.height)), body,
            fill=self.layout.color(style.fill), border_pt=border, border_color=self.layout.colors["rule"],
        )

    def table_shape(self, shape_id: int, placed: PlacedTable) -> Element:
        """A placed table as a native table ``p:graphicFrame``: ruled cells, fills from the styles."""
        rule = self.layout.colors["rule"]
        width = self.layout.rules["table"]
        rows: list[tuple[int, list[Element]]] = []
        for height, row in zip(placed.rows, placed.cells, strict=True):
            cells = []
            for style, block in row:
                body = dml.text_body("a:txBody", dml.body_properties(self.insets, style.anchor),
                                       self.paragraphs(block, style))
                props = dml.cell_properties(self.insets, style.anchor, width, rule, self.layout.color(style.fill))
                cells.append(dml.slide_table_cell(body, props))
            rows.append((emu(height), cells))
        return dml.table_frame(shape_id, placed.role, emu(placed.x), emu(placed.y),
                                 [emu(w) for w in placed.columns], rows)

    def render(self, deck: Deck, year: Year, modified: dt.datetime, fingerprint: str = "") -> bytes:
        prs = Presentation()
        prs.slide_width = Emu(emu(self.layout.slide_width_mm))
        prs.slide_height = Emu(emu(self.layout.slide_height_mm))
        blank = prs.slide_layouts[BLANK_LAYOUT]
        for page in deck.pages:
            slide = prs.slides.add_slide(blank)
            # the shapes in reading order: a screen reader, and LibreOffice's tagged PDF, follow the spTree
            shapes = [self.table_shape(i, b) if isinstance(b, PlacedTable) else self.text_shape(i, b)
                      for i, b in enumerate(page.reading_order(), start=2)]
            slide.shapes.element.extend(shapes)  # the slide's p:spTree
        props = prs.core_properties
        props.title = deck.texts.document_title
        props.subject = year.section
        props.author = "tokku-slides"
        props.last_modified_by = "tokku-slides"
        props.revision = 1
        props.keywords = fingerprint  # the build's fingerprint of its inputs
        props.created = modified
        props.modified = modified
        props.last_printed = modified
        buffer = io.BytesIO()
        prs.save(buffer)
        return opc.deterministic_zip(buffer.getvalue())


def render_deck(deck: Deck, layout: Layout, year: Year, modified: dt.datetime, fingerprint: str = "") -> bytes:
    """The deck as the bytes of a .pptx file (identical for identical input); ``fingerprint`` (the
    build's, of its inputs) goes in the core properties' keywords."""
    return DeckWriter(layout).render(deck, year, modified, fingerprint)
