"""The deck: draws the composed pages (list page, cards, continuation cards) with python-pptx.

It receives blocks already fitted by :mod:`tokku_slides.layout.pages` and only draws them: every
size is explicit and no autofit flag is written. mm -> EMU happens here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import io

from tokku_slides import units
from tokku_slides.layout.fit import FittedBlock
from tokku_slides.layout.pages import Deck, PlacedTable, PlacedText
from tokku_slides.layout.spec import Layout, Style
from tokku_slides.model.records import Year
from tokku_slides.render import drawingml as dml
from tokku_slides.render import opc
from tokku_slides.render import templates as tpl
from tokku_slides.render.xmlns import Element, qn

SCREEN_RATIOS = {"screen4x3": 4 / 3, "screen16x9": 16 / 9, "screen16x10": 16 / 10}
"""A slide size's ``type`` that claims a ratio."""


def emu(mm: float) -> int:
    """mm as whole EMU (36000 EMU a millimetre)."""
    return units.mm_to_emu(units.Mm(mm))


def default_template(layout: Layout) -> bytes:
    """Our default presentation for ``layout``: its slide size, its fonts as the theme's."""
    return tpl.default_presentation(layout.slide_width_mm, layout.slide_height_mm, layout.latin_font,
                                    layout.east_asian_font)


class DeckWriter:
    """Draws a deck on a presentation (``template``, .pptx bytes; None: :func:`default_template`),
    on its slide layout number ``layout_index``. When the presentation's slides are larger or smaller
    than the layout's (the same shape: build.py checks), every length and size is scaled to them."""

    def __init__(self, layout: Layout, template: bytes | None = None, layout_index: int | None = None) -> None:
        self.layout = layout
        self.template = template if template is not None else default_template(layout)
        self.layout_index = layout_index
        self.scale = 1.0
        self.insets = (0, 0, 0, 0)

    def emu(self, mm: float) -> int:
        """mm of the layout as whole EMU on the presentation's slides (scaled)."""
        return emu(mm * self.scale)

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        insets = self.layout.text.insets_mm
        self.insets = (self.emu(insets[0]), self.emu(insets[1]), self.emu(insets[2]), self.emu(insets[3]))

    def paragraphs(self, block: FittedBlock, style: Style, field: str | None = None) -> list[Element]:
        layout = self.layout
        scale = self.scale
        pitch = block.size * scale * layout.text.line_spacing
        color = layout.color(style.color) or layout.colors["text"]
        out = []
        for p in block.paragraphs:
            size = block.size * scale * p.scale
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
            out.append(dml.paragraph("", block.size * scale, latin=layout.latin_font, east_asian=layout.east_asian_font,
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
            shape_id, placed.role,
            (self.emu(placed.x), self.emu(placed.y), self.emu(placed.width), self.emu(placed.height)), body,
            fill=self.layout.color(style.fill), border_pt=border * self.scale if border else border,
            border_color=self.layout.colors["rule"],
        )

    def table_shape(self, shape_id: int, placed: PlacedTable) -> Element:
        """A placed table as a native table ``p:graphicFrame``: ruled cells, fills from the styles."""
        rule = self.layout.colors["rule"]
        width = self.layout.rules["table"] * self.scale
        rows: list[tuple[int, list[Element]]] = []
        for height, row in zip(placed.rows, placed.cells, strict=True):
            cells = []
            for style, block in row:
                body = dml.text_body("a:txBody", dml.body_properties(self.insets, style.anchor),
                                       self.paragraphs(block, style))
                props = dml.cell_properties(self.insets, style.anchor, width, rule, self.layout.color(style.fill))
                cells.append(dml.slide_table_cell(body, props))
            rows.append((self.emu(height), cells))
        return dml.table_frame(shape_id, placed.role, self.emu(placed.x), self.emu(placed.y),
                                 [self.emu(w) for w in placed.columns], rows)

    def render(self, deck: Deck, year: Year, modified: dt.datetime, fingerprint: str = "") -> bytes:
        prs = tpl.open_presentation(self.template)
        root = prs.element  # p:presentation (python-pptx's public proxy of the part's element)
        slide_ids = root.find(qn("p:sldIdLst"))
        for sld_id in list(slide_ids if slide_ids is not None else ()):  # the template's own slides are not copied
            prs.part.drop_rel(sld_id.get(qn("r:id")))
            slide_ids.remove(sld_id)
        self.set_scale(int(prs.slide_width) / emu(self.layout.slide_width_mm) if prs.slide_width else 1.0)
        size = root.find(qn("p:sldSz"))
        claimed = SCREEN_RATIOS.get(str(size.get("type"))) if size is not None else None
        if claimed is not None and abs(int(size.get("cx")) / int(size.get("cy")) / claimed - 1) > 0.005:
            del size.attrib["type"]  # a 4:3 claim of slides that are not 4:3 (python-pptx's own template)
        layouts = tpl.slide_layouts(prs)
        index = self.layout_index
        if index is None:
            index = tpl.cards_layout_index(prs)
        chosen = layouts[index]
        for page in deck.pages:
            slide = prs.slides.add_slide(chosen)
            for placeholder in list(slide.placeholders):  # the cards draw every text themselves
                placeholder.element.getparent().remove(placeholder.element)
            # the shapes in reading order: a screen reader, and LibreOffice's tagged PDF, follow the spTree
            shapes = [self.table_shape(i, b) if isinstance(b, PlacedTable) else self.text_shape(i, b)
                      for i, b in enumerate(page.reading_order(), start=2)]
            slide.shapes.element.extend(shapes)  # the slide's p:spTree
            # the slide's name: LibreOffice's PDF bookmark for it (measured: else "Slide 1", "Slide 2" ...)
            titles = [t.block.text.replace("\n", "") for t in page.texts if t.role in ("title", "list_heading")]
            if titles:
                slide.element.cSld.set("name", titles[0])
        opc.set_core_properties(prs.core_properties, title=deck.texts.document_title, subject=deck.texts.era,
                                author=self.layout.author, keywords=fingerprint, modified=modified)
        buffer = io.BytesIO()
        prs.save(buffer)
        app = tpl.extended_properties(slides=len(deck.pages), company=self.layout.company)
        # entry by entry, in python-pptx's order
        return opc.deterministic_zip_entries(tpl.finished_entries(buffer, app))


def render_deck(deck: Deck, layout: Layout, year: Year, modified: dt.datetime, fingerprint: str = "", *,
                template: bytes | None = None, layout_index: int | None = None) -> bytes:
    """The deck as the bytes of a .pptx file (identical for identical input); ``fingerprint`` (the
    build's, of its inputs) goes in the core properties' keywords. ``template``: the organisation's
    presentation (.pptx bytes, checked by build.py), None for ours; ``layout_index``: its slide layout
    the cards go on (None: :func:`templates.cards_layout_index`)."""
    return DeckWriter(layout, template, layout_index).render(deck, year, modified, fingerprint)
