"""The Word summary report for the ministries, written from its plan.

What the report says, block by block, is decided by :mod:`tokku_slides.layout.report` (the plan);
this module only writes it: the plan's blocks as WordprocessingML elements (through
:mod:`tokku_slides.render.wordml`) onto python-docx's default template, whose styles are rewritten
from the layout's ``report.styles`` to name the layout's fonts (``w:eastAsia`` included, no theme
fonts); the page, header and footer; the charts' pictures; the package. The table of contents is
written out as paragraphs (a reader that does not update fields still shows it); its page numbers
are PAGEREF fields, which LibreOffice computes when it lays the document out and Word computes when
it updates fields (the file asks it to on open).

The output is deterministic: the same plan and layout give the same bytes.
"""

from __future__ import annotations

import gc
import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.parts.image import ImagePart
from docx.shared import Mm

from tokku_slides import units
from tokku_slides.layout.report import (
    Block,
    Cell,
    ChangeFigure,
    Figure,
    Heading,
    KpiFigure,
    ReportPlan,
    Table,
    Text,
)
from tokku_slides.layout.spec import Layout
from tokku_slides.render import charts, opc
from tokku_slides.render import templates as tpl
from tokku_slides.render import wordml as wml
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
    "figure": ("FigureText", "Figure Text", None),  # not "Figure": a tagged PDF would map /Figure to /P
    "header": ("Header", "header", None),
    "footer": ("Footer", "footer", None),
}
"""Layout style key -> (Word style id, style name, outline level or None). Styles the default
template lacks are added as custom styles; the rest are rewritten in place."""
RUN_ONLY = ("score", "total")
"""Layout style keys used for runs only (the big numbers of the score table), not paragraph styles."""
KEEP_NEXT = ("title", "subtitle", "toc_heading", "heading1", "heading2", "heading3", "label")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHART_CACHE = charts.CHART_CACHE
"""Where drawn charts are kept, under OUT: content-addressed, so a changed zone redraws only its own."""


def chart_style(layout: Layout) -> charts.ChartStyle:
    return charts.ChartStyle.from_layout(layout.report["chart"])


def figure_specs(figure: Figure, style: charts.ChartStyle) -> tuple[charts.ChartSpec, ...]:
    """The pictures of one figure: a KPI chart is one; the overview is cut into charts no taller
    than the style's maximum."""
    if isinstance(figure, KpiFigure):
        return (charts.KpiChartSpec(figure.bars, figure.target, figure.target_text, figure.axis, style),)
    if isinstance(figure, ChangeFigure):
        return (charts.ChangeChartSpec(figure.bars, figure.axis, style),)
    return tuple(charts.OverviewChartSpec(part, figure.marks, figure.total_label, figure.axis, style)
                 for part in charts.split_rows(figure.rows, style))


def chart_specs(plan: ReportPlan, layout: Layout) -> list[charts.ChartSpec]:
    """Every chart of the report, in document order: what a build draws before writing it."""
    style = chart_style(layout)
    return [spec for figure in plan.figures for spec in figure_specs(figure, style)]


def our_styles(doc: Any, layout: Layout, keys: Any = None) -> None:
    """Our styles (the layout's ``report.styles``, in its fonts, East Asian included, no theme fonts) in
    ``doc``'s styles part: every one of ``STYLES`` (``keys``: only those), rewritten in place or added."""
    spec = layout.report
    raw_styles: dict[str, dict[str, Any]] = spec["styles"]
    page, margins = spec["page"], spec["margins"]
    text_width_mm = float(page["width"]) - float(margins["left"]) - float(margins["right"])
    fonts = (layout.latin_font, layout.east_asian_font)
    styles = doc.styles.element
    if keys is None:
        wml.use_fonts_everywhere(styles, *fonts)
        body = raw_styles["body"]
        line = float(spec["line_spacing"])
        styles.replace(styles.find(qn("w:docDefaults")), wml.document_defaults(*fonts, float(body["size"]), line))
    line = float(spec["line_spacing"])
    right_tab = units.mm_to_twips(units.Mm(text_width_mm))
    existing = {s.get(qn("w:styleId")): s for s in styles.iterfind(qn("w:style"))}

    def color(key: str | None) -> str | None:
        return None if key is None else layout.colors.get(key, key)

    for key, (style_id, name, outline) in STYLES.items():
        if keys is not None and key not in keys:
            continue
        raw = raw_styles[key]
        size = float(raw["size"])
        indent = float(raw.get("indent", 0)) * size
        frame = (layout.rules["table"], color(raw["border"]) or "000000") if raw.get("border") else None
        p_props = ppr(
            keep_next=key in KEEP_NEXT,
            frame=frame,
            fill=color(raw.get("fill")),
            right_tab_dots_twips=right_tab if key in ("toc1", "toc2", "toc3") else None,
            before_pt=float(raw.get("before", 0)),
            after_pt=float(raw.get("after", 0)),
            line=line if key in ("body", "bullet", "note") else 1.0,
            indent_left_pt=indent or None,
            hanging_pt=indent if key == "bullet" and indent else None,
            align=raw.get("align"),
            outline_level=outline,
        )
        r_props = rpr(fonts=fonts, size_pt=size, bold=bool(raw.get("bold", False)), color=color(raw.get("color")))
        element = existing.get(style_id)
        if element is None:
            builtin = name.startswith("toc ")
            styles.append(wml.paragraph_style(style_id, name, p_props, r_props, custom=not builtin))
        else:
            wml.restyle(element, p_props, r_props)


def package_bytes(doc: Any, company: str = "", replaced: dict[str, bytes] | None = None) -> bytes:
    """A python-docx document as deterministic .docx bytes, its ``docProps/app.xml`` this tool's;
    ``replaced``: other entries' contents by name."""
    contents = {**(replaced or {}), "docProps/app.xml": tpl.extended_properties(company=company)}
    entries = ((name, contents.get(name, data)) for name, data in opc.package_entries(doc.part.package))
    return opc.deterministic_zip_entries(entries)


def drop_leftovers(doc: Any) -> None:
    """python-docx's template leftovers: Word 2010's copy of the styles (full of theme fonts), the
    thumbnail (a picture of an empty page)."""
    part = doc.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)
    package_rels = part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rel_id)


def default_reference(layout: Layout) -> bytes:
    """Our reference document for ``layout``: python-docx's default document with our styles (every
    one of STYLES, in the layout's fonts), its theme's fonts ours (:func:`templates.with_theme_fonts`),
    the layout's page and margins, no header or footer, no content, no python-docx text in its
    properties. The same bytes for the same layout."""
    doc = Document()
    our_styles(doc, layout)
    page, margins = layout.report["page"], layout.report["margins"]
    section = doc.sections[0]
    section.page_width = Mm(float(page["width"]))
    section.page_height = Mm(float(page["height"]))
    section.top_margin = Mm(float(margins["top"]))
    section.bottom_margin = Mm(float(margins["bottom"]))
    section.left_margin = Mm(float(margins["left"]))
    section.right_margin = Mm(float(margins["right"]))
    section.header_distance = Mm(float(margins["header"]))
    section.footer_distance = Mm(float(margins["footer"]))
    wml.replace_body(doc.element.body, [])
    opc.set_core_properties(doc.core_properties, author=layout.author)
    drop_leftovers(doc)
    theme = doc.part.part_related_by(RT.THEME)  # python-docx's: Calibri/Cambria, ＭＳ ゴシック/ＭＳ 明朝
    fonts = {theme.partname.membername: tpl.with_theme_fonts(theme.blob, layout.latin_font, layout.east_asian_font)}
    return package_bytes(doc, layout.company, fonts)


def render_report(
    plan: ReportPlan, layout: Layout, target: Path | None = None, book: charts.ChartBook | None = None,
    fingerprint: str = "", reference: bytes | None = None,
) -> bytes:
    """The report as the bytes of a .docx file (identical for identical input).

    ``target`` is the output folder OUT/<name>; charts are cached in OUT/.cache/charts (None: no disk
    cache); ``book`` gives the charts instead (the build's, which saves them after writing).
    ``fingerprint`` (the build's, of its inputs) goes in the core properties' keywords.

    Garbage is collected first: what an earlier phase left in reference cycles (a python-pptx
    deck: about 390 MB at 500 zones) would otherwise still be held while the report, and any
    chart workers forked from this process, allocate theirs.
    """
    gc.collect()
    if book is not None:
        return ReportWriter(plan, layout, book, reference, fingerprint).render()
    with charts.ChartBook(target.parent / CHART_CACHE if target is not None else None) as own:  # its pool closed
        return ReportWriter(plan, layout, own, reference, fingerprint).render()


class ChartImagePart(ImagePart):
    """The image part of a chart whose PNG is asked of the chart book only when the package is
    written (python-docx reads a part's ``blob`` then): the document's XML parts are composed and
    deflated while the charts are still being drawn, and only the pictures wait for them."""

    def __init__(self, partname: PackURI, book: charts.ChartBook, spec: charts.ChartSpec) -> None:
        super().__init__(partname, CT.PNG, b"")
        self._book = book
        self._spec = spec

    @property
    def blob(self) -> bytes:
        png = self._book.get(self._spec).png
        if not png.startswith(PNG_SIGNATURE):
            raise ValueError("a chart is not a PNG image")
        return png


class ReportWriter:
    """Writes one report plan with one layout."""

    def __init__(self, plan: ReportPlan, layout: Layout, book: charts.ChartBook | None = None,
                 reference: bytes | None = None, fingerprint: str = "") -> None:
        self.plan = plan
        self.book = book if book is not None else charts.ChartBook(None)
        self.layout = layout
        self.spec: dict[str, Any] = layout.report
        self.styles: dict[str, dict[str, Any]] = self.spec["styles"]
        self.tables: dict[str, Any] = self.spec["table"]
        self.chart_style = chart_style(layout)
        page, margins = self.spec["page"], self.spec["margins"]
        self.text_width_mm = float(page["width"]) - float(margins["left"]) - float(margins["right"])
        self.doc = Document(io.BytesIO(reference if reference is not None else default_reference(layout)))
        self.style_ids = {key: style_id for key, (style_id, _name, _outline) in STYLES.items()}
        """Layout style key -> the style's id in the document (a reference's may differ: Japanese Word
        names heading 1 "1")."""
        self.fingerprint = fingerprint
        """The keywords of the core properties: the build's fingerprint of its inputs."""
        self.picture_count = 0
        self.image_rels: dict[charts.ChartSpec, str] = {}
        """A chart -> the relationship id of its image part."""
        self.relations = opc.Relations(self.doc.part)
        """The document part's new relationships (its pictures')."""
        self.bookmarks = 0

    def color(self, key: str | None) -> str | None:
        """A colour key of the layout (or RGB hex) as RGB hex; None stays None."""
        return None if key is None else self.layout.colors.get(key, key)

    # -- the plan's blocks ----------------------------------------------------------------------
    def block(self, b: Block) -> list[Element]:
        if isinstance(b, Text):
            return [self.text(b)]
        if isinstance(b, Heading):
            return [self.heading(b)]
        if isinstance(b, Table):
            return [self.table(b)]
        return self.figure(b)

    def text(self, t: Text) -> Element:
        if t.indent is not None:
            return para([run(t.text)], ppr(style=self.style_ids[t.style], indent_left_pt=t.indent))
        return wml.text_paragraph(t.text, self.style_ids[t.style])

    def heading(self, h: Heading) -> Element:
        """A heading 1-3, bookmarked for the table of contents."""
        self.bookmarks += 1
        return para(wml.bookmarked([run(h.text)], self.bookmarks, h.bookmark),
                    ppr(style=self.style_ids[f"heading{h.level}"], page_break_before=h.page_break))

    def run_format(self, key: str) -> wml.RunFormat:
        """Run properties of a run-only style (size, bold, colour)."""
        style = self.styles[key]
        return wml.RunFormat(size_pt=float(style["size"]), bold=bool(style.get("bold", False)),
                             color=self.color(style.get("color")))

    def cell(self, c: Cell) -> Element:
        lines = []
        for i, line in enumerate(c.lines):
            if c.run_style:
                props: wml.RunFormat | None = self.run_format(c.run_style)
            else:
                props = wml.RunFormat(bold=True) if c.bold_first and i == 0 else None
            lines.append((line, props))
        return wml.text_cell(units.mm_to_twips(c.width), lines, self.style_ids["table"], align=c.align, fill=c.fill,
                             merge=c.merge)

    def table(self, t: Table) -> Element:
        rows = [wml.table_row([self.cell(c) for c in row.cells], header=row.header) for row in t.rows]
        border = self.tables
        return wml.table(
            [units.mm_to_twips(c) for c in t.columns], rows,
            border_pt=self.layout.rules[border["border"]],
            border_color=self.color(border["border_color"]) or "000000",
            margin_twips=units.mm_to_twips(units.Mm(float(border["cell_margin"]))),
        )

    def figure(self, f: Figure) -> list[Element]:
        """The figure's pictures, each a centred paragraph at the chart's size, with the alt text."""
        return [self.picture(spec, f.name, f.alt) for spec in figure_specs(f, self.chart_style)]

    def picture(self, spec: charts.ChartSpec, name: str, descr: str) -> Element:
        """The picture of a chart, at its size (known from ``spec`` before it is drawn)."""
        rel_id = self.image_rel(spec)
        self.picture_count += 1
        width, height = spec.size_mm()
        drawing = wml.inline_picture(
            rel_id, units.mm_to_emu(units.Mm(width)), units.mm_to_emu(units.Mm(height)),
            self.picture_count, f"{name} {self.picture_count}", descr,
        )
        return para([drawing], ppr(style=self.style_ids["figure"], keep_next=True))

    def image_rel(self, spec: charts.ChartSpec) -> str:
        """The document's relationship id of the image part of the chart of ``spec``, added on first use.

        Parts are named ``/word/media/image{n}.png``, n counting distinct charts in document order;
        the same chart twice shares one part. (python-docx's ``get_or_add_image`` shares parts of
        identical bytes by scanning, and hashing, every image part already added: quadratic in the
        number of charts, and it needs the picture drawn.) The part's PNG is asked of the chart book
        only when the package is written (:class:`ChartImagePart`)."""
        rel_id = self.image_rels.get(spec)
        if rel_id is not None:
            return rel_id
        part = ChartImagePart(PackURI(f"/word/media/image{len(self.image_rels) + 1}.png"), self.book, spec)
        self.doc.part.package.image_parts.append(part)  # python-docx's own list, kept whole
        rel_id = self.relations.add(RT.IMAGE, part)
        self.image_rels[spec] = rel_id
        return rel_id

    def contents(self) -> list[Element]:
        out = [para([run(self.plan.toc_title)], ppr(style=self.style_ids["toc_heading"]))]
        out += [wml.toc_entry(h.text, h.bookmark, self.style_ids[f"toc{h.level}"]) for h in self.plan.headings]
        return out

    # -- the document ------------------------------------------------------------------------------
    def setup_styles(self) -> None:
        """The reference document's styles stay as they are (found by id, or by name: a Japanese Word's
        heading 1 has the id "1"); the ones it lacks are added from ours."""
        styles = self.doc.styles.element
        by_id = {s.get(qn("w:styleId")) for s in styles.iterfind(qn("w:style"))}
        by_name: dict[str, str] = {}
        for s in styles.iterfind(qn("w:style")):
            name = s.find(qn("w:name"))
            if name is not None and s.get(qn("w:type")) == "paragraph":
                by_name.setdefault(str(name.get(qn("w:val"), "")).lower(), str(s.get(qn("w:styleId"))))
        missing = []
        for key, (style_id, name, _outline) in STYLES.items():
            if style_id in by_id:
                continue
            if name.lower() in by_name:
                self.style_ids[key] = str(by_name[name.lower()])
            else:
                missing.append(key)
        if missing:
            our_styles(self.doc, self.layout, missing)

    def setup_page(self) -> None:
        """The page size and margins are the reference document's (build.py gave the layout the same);
        its header and footer too, when it has them, else ours."""
        section = self.doc.sections[0]
        header = section.header
        if header.is_linked_to_previous:
            header.is_linked_to_previous = False
            wml.replace_content(header.part.element,
                                [para([run(self.plan.header)], ppr(style=self.style_ids["header"]))])
        footer = section.footer
        if footer.is_linked_to_previous:
            footer.is_linked_to_previous = False
            wml.replace_content(footer.part.element,
                                [para(wml.complex_field("PAGE"), ppr(style=self.style_ids["footer"]))])

    def setup_package(self) -> None:
        """Core properties from the data, Word asked to update fields, template leftovers dropped."""
        opc.set_core_properties(self.doc.core_properties, title=self.plan.title, subject=self.plan.subject,
                                author=self.layout.author, keywords=self.fingerprint, modified=self.plan.modified)
        wml.ask_to_update_fields(self.doc.settings.element)
        drop_leftovers(self.doc)

    def render(self) -> bytes:
        # every chart begun first: the cache's are read, the misses drawn together (in parallel) while
        # the document is composed and its XML parts written; a picture is waited for only when the
        # package comes to its part (ChartImagePart)
        self.book.start([spec for f in self.plan.figures for spec in figure_specs(f, self.chart_style)])
        self.setup_styles()
        self.setup_page()
        front = [self.text(t) for t in self.plan.front]
        body = [element for b in self.plan.body for element in self.block(b)]
        wml.replace_body(self.doc.element.body, [*front, *self.contents(), *body])
        self.setup_package()
        return package_bytes(self.doc, self.layout.company)
