"""The report's WordprocessingML, built as lxml elements.

- East Asian fonts: every ``w:rFonts`` names the fonts itself (``w:eastAsia`` included) and the
  template's ``*Theme`` attributes are removed, so Word cannot swap in the theme's fonts.
- Paragraphs, runs, bookmarks and fields (PAGE, PAGEREF).
- Table of contents entries written as real paragraphs: a hyperlink to the heading's bookmark and
  a PAGEREF field. LibreOffice computes PAGEREF when it lays the document out (its PDF shows the
  page numbers); Word recomputes them when it updates fields (``w:updateFields`` asks on open).
- Tables with ruled borders (``w:tblBorders``, single) and shaded cells (``w:shd``).
- Inline pictures with alt text (``descr`` on ``wp:docPr``).
- Styles: new paragraph styles, existing ones restyled, document defaults, settings.

Every function returns standalone elements (declaring the prefixes they use); appended into the
document, the declarations its root already makes are dropped. Properties whose children are
optional (``w:rPr``, ``w:pPr``, ``w:tcPr``) are assembled in the schema's order given as data
(:data:`RPR_ORDER`, :data:`PPR_ORDER`, :data:`TCPR_ORDER`); so are the children added to the
template's styles and settings (:data:`STYLE_ORDER`, :data:`SETTINGS_ORDER`).

An element passed in (run properties, runs, paragraphs) becomes part of the result: pass a new one
each time (a run properties element already in a run is copied).

Units: sizes in pt (written as half-points; borders in eighths), lengths in mm -> twips
(1 mm = 1440 / 25.4 twips); picture extents in EMU.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from tokku_slides import units
from tokku_slides.render.xmlns import PIC_NS, Element, assemble, blank, copy, element, insert_in_order, qn, sub

THEME_FONT_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
WORD_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}
XML_SPACE = qn("xml:space")

RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
             "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
             "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
             "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
             "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
"""``w:rPr`` children in the schema's order (CT_RPr)."""
PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
             "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
             "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
             "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
             "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
             "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
"""``w:pPr`` children in the schema's order (CT_PPr)."""
TCPR_ORDER = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
              "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
              "w:cellDel", "w:cellMerge", "w:tcPrChange")
"""``w:tcPr`` children in the schema's order (CT_TcPr)."""
TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
               "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
               "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
"""``w:tblPr`` children in the schema's order (CT_TblPr); :func:`table` writes them in it."""
TRPR_ORDER = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
              "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
              "w:trPrChange")
"""``w:trPr`` children in the schema's order (CT_TrPr)."""
STYLE_ORDER = ("w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
               "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal",
               "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr",
               "w:tblStylePr")
"""``w:style`` children in the schema's order (CT_Style)."""
SETTINGS_ORDER = ("w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                  "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
                  "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                  "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
                  "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")
"""``w:settings`` children in the schema's order (CT_Settings) from ``w:updateFields`` on: the only
child this module adds, and what must come after it."""


def word_fonts(latin: str, east_asian: str) -> Element:
    """``<w:rFonts>`` naming every script's font: Latin for ascii/hAnsi/cs, ``w:eastAsia`` for Japanese."""
    return element("w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east_asian, "w:cs": latin})


def word_lang() -> Element:
    """``<w:lang>``: Latin text is English, East Asian text Japanese (as Japanese Word writes its defaults)."""
    return element("w:lang", {"w:val": "en-US", "w:eastAsia": "ja-JP", "w:bidi": "ar-SA"})


def word_run_properties(
    *,
    fonts: tuple[str, str] | None = None,
    size_pt: float | None = None,
    bold: bool | None = None,
    color: str | None = None,
    lang: bool = False,
) -> Element | None:
    """``<w:rPr>`` in schema order (:data:`RPR_ORDER`); None leaves a property to the style.
    ``fonts`` is (latin, east_asian). None when nothing is set."""
    template = _run_properties(fonts, size_pt, bold, color, lang)
    return None if template is None else copy(template)


@lru_cache(maxsize=256)
def _run_properties(fonts: tuple[str, str] | None, size_pt: float | None, bold: bool | None, color: str | None,
                    lang: bool) -> Element | None:
    children: dict[str, Element] = {}
    if fonts is not None:
        children["w:rFonts"] = word_fonts(*fonts)
    if bold is not None:
        value = None if bold else {"w:val": "0"}
        children["w:b"] = element("w:b", value)
        children["w:bCs"] = element("w:bCs", value)
    if color is not None:
        children["w:color"] = element("w:color", {"w:val": color})
    if size_pt is not None:
        size = {"w:val": units.half_points(units.Pt(size_pt))}
        children["w:sz"] = element("w:sz", size)
        children["w:szCs"] = element("w:szCs", size)
    if lang:
        children["w:lang"] = word_lang()
    return assemble("w:rPr", children, RPR_ORDER)


def border(tag: str, width_pt: float, color: str, space_pt: int = 0) -> Element:
    """One single-line border element (``w:top``, ``w:insideH``, ...); width in pt (eighths written)."""
    return element(f"w:{tag}", {"w:val": "single", "w:sz": max(2, round(width_pt * 8)), "w:space": space_pt,
                                "w:color": color})


def shading(fill: str) -> Element:
    """``<w:shd>``: a solid fill (RGB hex)."""
    return element("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def word_paragraph_properties(
    *,
    style: str | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
    frame: tuple[float, str] | None = None,
    fill: str | None = None,
    right_tab_dots_twips: int | None = None,
    before_pt: float | None = None,
    after_pt: float | None = None,
    line: float | None = None,
    indent_left_pt: float | None = None,
    hanging_pt: float | None = None,
    align: str | None = None,
    outline_level: int | None = None,
    run_properties: Element | None = None,
) -> Element | None:
    """``<w:pPr>`` in schema order (:data:`PPR_ORDER`). ``frame`` is (width pt, colour) of a box on
    all four sides; ``right_tab_dots_twips`` a right tab with a dot leader (TOC entries); ``line`` the
    line pitch as a multiple of single spacing; ``hanging_pt`` hangs the first line (bullets);
    ``outline_level`` 0-based (heading 1 is 0, 9 means body text). None when nothing is set."""
    template = _paragraph_properties(style, keep_next, page_break_before, frame, fill, right_tab_dots_twips,
                                     before_pt, after_pt, line, indent_left_pt, hanging_pt, align, outline_level)
    if run_properties is None:
        return None if template is None else copy(template)
    ppr = blank("w:pPr") if template is None else copy(template)
    insert_in_order(ppr, run_properties, PPR_ORDER)
    return ppr


@lru_cache(maxsize=256)
def _paragraph_properties(
    style: str | None, keep_next: bool, page_break_before: bool, frame: tuple[float, str] | None, fill: str | None,
    right_tab_dots_twips: int | None, before_pt: float | None, after_pt: float | None, line: float | None,
    indent_left_pt: float | None, hanging_pt: float | None, align: str | None, outline_level: int | None,
) -> Element | None:
    children: dict[str, Element] = {}
    if style:
        children["w:pStyle"] = element("w:pStyle", {"w:val": style})
    if keep_next:
        children["w:keepNext"] = element("w:keepNext")
        children["w:keepLines"] = element("w:keepLines")
    if page_break_before:
        children["w:pageBreakBefore"] = element("w:pageBreakBefore")
    if frame is not None:
        width, color = frame
        box = children["w:pBdr"] = element("w:pBdr")
        box.extend(border(t, width, color, 3) for t in ("top", "left", "bottom", "right"))
    if fill:
        children["w:shd"] = shading(fill)
    if right_tab_dots_twips is not None:
        tabs = children["w:tabs"] = element("w:tabs")
        sub(tabs, "w:tab", {"w:val": "right", "w:leader": "dot", "w:pos": right_tab_dots_twips})
    spacing: dict[str, object] = {}
    if before_pt is not None:
        spacing["w:before"] = round(before_pt * 20)
    if after_pt is not None:
        spacing["w:after"] = round(after_pt * 20)
    if line is not None:
        spacing["w:line"] = round(line * 240)
        spacing["w:lineRule"] = "auto"
    if spacing:
        children["w:spacing"] = element("w:spacing", spacing)
    if indent_left_pt is not None or hanging_pt is not None:
        ind: dict[str, object] = {"w:left": round((indent_left_pt or 0) * 20)}
        if hanging_pt:
            ind["w:hanging"] = round(hanging_pt * 20)
        else:
            ind["w:firstLine"] = "0"
        children["w:ind"] = element("w:ind", ind)
    if align is not None:
        children["w:jc"] = element("w:jc", {"w:val": WORD_ALIGN[align]})
    if outline_level is not None:
        children["w:outlineLvl"] = element("w:outlineLvl", {"w:val": outline_level})
    return assemble("w:pPr", children, PPR_ORDER)


def _owned(properties: Element | None) -> Element | None:
    """``properties`` itself, or a copy when it already belongs to another element."""
    if properties is not None and properties.getparent() is not None:
        return copy(properties)
    return properties


@lru_cache(maxsize=1)
def _text_run() -> Element:
    run = element("w:r")
    sub(run, "w:t").set(XML_SPACE, "preserve")
    return run


def word_run(text: str, run_properties: Element | None = None) -> Element:
    """One ``<w:r>``; ``\\n`` becomes a line break ``<w:br/>`` and ``\\t`` a tab, text kept as is."""
    props = _owned(run_properties)
    if text and "\n" not in text and "\t" not in text:
        run = copy(_text_run())
        run[0].text = text
        if props is not None:
            run.insert(0, props)
        return run
    run = blank("w:r")
    if props is not None:
        run.append(props)
    for i, line in enumerate(text.split("\n")):
        if i:
            sub(run, "w:br")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                sub(run, "w:tab")
            if chunk:
                t = sub(run, "w:t", text=chunk)
                t.set(XML_SPACE, "preserve")
    return run


def word_paragraph(content: Iterable[Element] = (), paragraph_properties: Element | None = None) -> Element:
    """``<w:p>``: its properties, then ``content`` (runs, or any paragraph content) in order."""
    p = blank("w:p")
    if paragraph_properties is not None:
        p.append(paragraph_properties)
    p.extend(content)
    return p


class RunFormat(NamedTuple):
    """Run properties as a value (the arguments of :func:`word_run_properties` a run of text uses)."""

    size_pt: float | None = None
    bold: bool | None = None
    color: str | None = None


def text_paragraph(text: str, style: str, *, align: str | None = None, run_format: RunFormat | None = None) -> Element:
    """``<w:p>`` of paragraph style ``style`` (and alignment ``align``) holding ``text`` as one run
    formatted ``run_format``: the same as ``word_paragraph([word_run(text, word_run_properties(...))],
    word_paragraph_properties(style=style, align=align))``, no run when ``text`` is empty, made
    from one copy (the report's most common element)."""
    if not text or "\n" in text or "\t" in text:
        props = word_run_properties(**run_format._asdict()) if run_format is not None else None
        return word_paragraph([word_run(text, props)] if text else [],
                              word_paragraph_properties(style=style, align=align))
    p = copy(_text_paragraph(style, align, run_format))
    p[1][-1].text = text  # w:r/w:t
    return p


@lru_cache(maxsize=256)
def _text_paragraph(style: str, align: str | None, run_format: RunFormat | None) -> Element:
    props = word_run_properties(**run_format._asdict()) if run_format is not None else None
    run = copy(_text_run())
    if props is not None:
        run.insert(0, props)
    return word_paragraph([run], word_paragraph_properties(style=style, align=align))


def bookmarked(content: Iterable[Element], bookmark_id: int, name: str) -> list[Element]:
    """Paragraph content wrapped in a bookmark (the target of a TOC entry's link and PAGEREF)."""
    return [element("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name}), *content,
            element("w:bookmarkEnd", {"w:id": bookmark_id})]


def complex_field(instruction: str, result: str = "", run_properties: Element | None = None) -> list[Element]:
    """A field as runs (begin, instruction, separate, cached result, end), e.g. ``PAGE``.

    ``result`` is what a reader shows before it updates the field; empty means nothing.
    """

    def with_props(template: Element) -> Element:
        run = copy(template)
        if run_properties is not None:
            run.insert(0, copy(run_properties))
        return run

    instr = with_props(_field_run("instrText"))
    instr[-1].text = f" {instruction} "
    runs = [with_props(_field_run("begin")), instr, with_props(_field_run("separate"))]
    if result:
        runs.append(word_run(result, copy(run_properties) if run_properties is not None else None))
    runs.append(with_props(_field_run("end")))
    return runs


@lru_cache(maxsize=4)
def _field_run(kind: str) -> Element:
    """A field's run with no properties: a ``w:fldChar`` of ``kind``, or ``instrText`` (no text)."""
    run = element("w:r")
    if kind == "instrText":
        sub(run, "w:instrText").set(XML_SPACE, "preserve")
    else:
        sub(run, "w:fldChar", {"w:fldCharType": kind})
    return run


def toc_entry(text: str, anchor: str, style: str) -> Element:
    """One table-of-contents line: the heading's text linked to its bookmark, a tab (the style's
    right tab with dot leader), and a PAGEREF field to the same bookmark with no cached number."""
    link = element("w:hyperlink", {"w:anchor": anchor, "w:history": "1"})
    link.append(word_run(text))
    sub(sub(link, "w:r"), "w:tab")
    link.extend(complex_field(f"PAGEREF {anchor} " + "\\h"))
    return word_paragraph([link], word_paragraph_properties(style=style))


def table_borders(width_pt: float, color: str) -> Element:
    """``<w:tblBorders>``: a single rule of ``width_pt`` on the outside and between all cells."""
    borders = element("w:tblBorders")
    borders.extend(border(s, width_pt, color) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return borders


def table_cell(
    width_twips: int, paragraphs: list[Element], *, fill: str | None = None, merge: str | None = None,
    v_align: str = "center",
) -> Element:
    """``<w:tc>`` of a fixed width; ``merge`` is ``restart`` or ``continue`` for a vertically merged
    cell (a continued cell still needs a paragraph), None for none."""
    tc = copy(_table_cell(width_twips, fill, merge, v_align))
    tc.extend(paragraphs or [word_paragraph()])
    return tc


@lru_cache(maxsize=256)
def _table_cell(width_twips: int, fill: str | None, merge: str | None, v_align: str) -> Element:
    children: dict[str, Element] = {"w:tcW": element("w:tcW", {"w:w": width_twips, "w:type": "dxa"})}
    if merge:
        children["w:vMerge"] = element("w:vMerge", {"w:val": merge} if merge == "restart" else None)
    if fill:
        children["w:shd"] = shading(fill)
    children["w:vAlign"] = element("w:vAlign", {"w:val": v_align})
    tc = element("w:tc")
    tc.append(assemble("w:tcPr", children, TCPR_ORDER))
    return tc


def text_cell(
    width_twips: int, lines: list[tuple[str, RunFormat | None]], style: str, *, align: str | None = None,
    fill: str | None = None, merge: str | None = None, v_align: str = "center",
) -> Element:
    """A :func:`table_cell` of one :func:`text_paragraph` per line (text, run format), each of
    paragraph style ``style`` and alignment ``align``; a cell of one line is made from one copy."""
    if len(lines) == 1 and lines[0][0] and "\t" not in lines[0][0] and "\n" not in lines[0][0]:
        text, run_format = lines[0]
        tc = copy(_text_cell(width_twips, fill, merge, v_align, style, align, run_format))
        tc[1][1][-1].text = text  # w:p/w:r/w:t
        return tc
    paragraphs = [text_paragraph(text, style, align=align, run_format=run_format) for text, run_format in lines]
    return table_cell(width_twips, paragraphs, fill=fill, merge=merge, v_align=v_align)


@lru_cache(maxsize=256)
def _text_cell(width_twips: int, fill: str | None, merge: str | None, v_align: str, style: str, align: str | None,
               run_format: RunFormat | None) -> Element:
    tc = copy(_table_cell(width_twips, fill, merge, v_align))
    tc.append(copy(_text_paragraph(style, align, run_format)))
    return tc


def table_row(cells: Iterable[Element], *, header: bool = False) -> Element:
    """``<w:tr>`` that never splits across pages; a header row repeats on every page of the table."""
    tr = copy(_table_row(header))
    tr.extend(cells)
    return tr


@lru_cache(maxsize=2)
def _table_row(header: bool) -> Element:
    tr = element("w:tr")
    tr_pr = sub(tr, "w:trPr")
    sub(tr_pr, "w:cantSplit")
    if header:
        sub(tr_pr, "w:tblHeader")
    return tr


def table(columns_twips: list[int], rows: Iterable[Element], *, border_pt: float, border_color: str,
          margin_twips: int) -> Element:
    """``<w:tbl>`` of fixed column widths with ruled borders and left/right cell margins
    (:data:`TBLPR_ORDER`)."""
    tbl = copy(_table(tuple(columns_twips), border_pt, border_color, margin_twips))
    tbl.extend(rows)
    return tbl


@lru_cache(maxsize=64)
def _table(columns_twips: tuple[int, ...], border_pt: float, border_color: str, margin_twips: int) -> Element:
    tbl = element("w:tbl")
    pr = sub(tbl, "w:tblPr")
    sub(pr, "w:tblW", {"w:w": sum(columns_twips), "w:type": "dxa"})
    pr.append(table_borders(border_pt, border_color))
    sub(pr, "w:tblLayout", {"w:type": "fixed"})
    margins = sub(pr, "w:tblCellMar")
    sub(margins, "w:top", {"w:w": "28", "w:type": "dxa"})
    sub(margins, "w:left", {"w:w": margin_twips, "w:type": "dxa"})
    sub(margins, "w:bottom", {"w:w": "28", "w:type": "dxa"})
    sub(margins, "w:right", {"w:w": margin_twips, "w:type": "dxa"})
    sub(pr, "w:tblLook", {"w:val": "0000", "w:firstRow": "0", "w:lastRow": "0", "w:firstColumn": "0",
                          "w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"})
    grid = sub(tbl, "w:tblGrid")
    for w in columns_twips:
        sub(grid, "w:gridCol", {"w:w": w})
    return tbl


def inline_picture(rel_id: str, width_emu: int, height_emu: int, picture_id: int, name: str, descr: str) -> Element:
    """A run holding an inline picture of a fixed size, with alt text ``descr`` on ``wp:docPr``.

    ``picture_id`` must be unique in the document (the caller counts from 1). The run declares the
    picture's prefixes (a, pic, wp, r) itself.
    """
    run = copy(_inline_picture(width_emu, height_emu))
    inline = run[0][0]  # w:drawing/wp:inline
    doc_pr = inline[2]
    nv_pr = inline[4][0][0][0][0]  # a:graphic/a:graphicData/pic:pic/pic:nvPicPr/pic:cNvPr
    for props in (doc_pr, nv_pr):
        props.set("id", str(picture_id))
        props.set("name", name)
        props.set("descr", descr)
    inline[4][0][0][1][0].set(qn("r:embed"), rel_id)  # .../pic:blipFill/a:blip
    return run


@lru_cache(maxsize=64)
def _inline_picture(width_emu: int, height_emu: int) -> Element:
    """A picture's run with id 0, no name, no alt text and no image (the copies get their own)."""
    run = element("w:r", declare=("wp", "a", "pic", "r"))
    inline = sub(sub(run, "w:drawing"), "wp:inline", {"distT": "0", "distB": "0", "distL": "0", "distR": "0"})
    sub(inline, "wp:extent", {"cx": width_emu, "cy": height_emu})
    sub(inline, "wp:effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"})
    sub(inline, "wp:docPr", {"id": 0, "name": "", "descr": ""})
    sub(sub(inline, "wp:cNvGraphicFramePr"), "a:graphicFrameLocks", {"noChangeAspect": "1"})
    pic = sub(sub(sub(inline, "a:graphic"), "a:graphicData", {"uri": PIC_NS}), "pic:pic")
    nv = sub(pic, "pic:nvPicPr")
    sub(nv, "pic:cNvPr", {"id": 0, "name": "", "descr": ""})
    sub(nv, "pic:cNvPicPr")
    fill = sub(pic, "pic:blipFill")
    sub(fill, "a:blip", {"r:embed": ""})
    sub(sub(fill, "a:stretch"), "a:fillRect")
    sp_pr = sub(pic, "pic:spPr")
    xfrm = sub(sp_pr, "a:xfrm")
    sub(xfrm, "a:off", {"x": "0", "y": "0"})
    sub(xfrm, "a:ext", {"cx": width_emu, "cy": height_emu})
    sub(sub(sp_pr, "a:prstGeom", {"prst": "rect"}), "a:avLst")
    return run


def paragraph_style(style_id: str, name: str, paragraph_properties: Element | None,
                    run_properties: Element | None, based_on: str = "Normal", *, custom: bool = True) -> Element:
    """A paragraph ``<w:style>`` the template lacks. ``custom`` False for a style Word knows by name
    (``toc 1``): Word then treats it as its built-in style instead of a look-alike."""
    attrs = {"w:type": "paragraph", "w:customStyle": "1", "w:styleId": style_id} if custom else {
        "w:type": "paragraph", "w:styleId": style_id}
    style = element("w:style", attrs)
    sub(style, "w:name", {"w:val": name})
    sub(style, "w:basedOn", {"w:val": based_on})
    sub(style, "w:qFormat")
    for props in (paragraph_properties, run_properties):
        if props is not None:
            style.append(props)
    return style


def restyle(style: Element, paragraph_properties: Element | None, run_properties: Element | None) -> None:
    """Replace a ``<w:style>`` element's pPr and rPr (kept in schema order: :data:`STYLE_ORDER`)."""
    for tag in ("w:pPr", "w:rPr"):
        old = style.find(qn(tag))
        if old is not None:
            style.remove(old)
    for props in (paragraph_properties, run_properties):
        if props is not None:
            insert_in_order(style, props, STYLE_ORDER)


def use_fonts_everywhere(styles: Element, latin: str, east_asian: str) -> int:
    """In a styles part: remove every ``*Theme`` font attribute and name the fonts on every
    ``w:rFonts`` (docDefaults and all styles); returns how many were rewritten."""
    count = 0
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        fonts.set(qn("w:eastAsia"), east_asian)
        fonts.set(qn("w:cs"), latin)
        count += 1
    return count


def document_defaults(latin: str, east_asian: str, size_pt: float, line: float) -> Element:
    """``<w:docDefaults>``: explicit fonts (no theme), Japanese as the East Asian language, the body
    size, no space after paragraphs and ``line`` times single line pitch."""
    defaults = element("w:docDefaults")
    sub(defaults, "w:rPrDefault").append(word_run_properties(fonts=(latin, east_asian), size_pt=size_pt, lang=True))
    ppr = sub(sub(defaults, "w:pPrDefault"), "w:pPr")
    sub(ppr, "w:spacing", {"w:after": "0", "w:line": round(line * 240), "w:lineRule": "auto"})
    return defaults


def ask_to_update_fields(settings: Element) -> None:
    """Add ``<w:updateFields w:val="true"/>`` to a settings element at its place in schema order
    (Word then offers to update fields on open: the TOC's page numbers)."""
    if settings.find(qn("w:updateFields")) is not None:
        return
    insert_in_order(settings, element("w:updateFields", {"w:val": "true"}), SETTINGS_ORDER)


def replace_body(body: Element, content: Iterable[Element]) -> None:
    """Replace everything in a ``w:body`` but its ``w:sectPr`` (page size, margins, header and
    footer) by ``content``, the sectPr kept last.

    Each element is moved into the document on its own: lxml spends time quadratic in the
    ``xml:space`` attributes of ONE subtree it moves across documents (a whole body at once: 0.7 s of
    a 500-zone report), linear over many small ones.
    """
    sect = body.find(qn("w:sectPr"))
    for child in list(body):
        body.remove(child)
    body.extend(content)
    if sect is not None:
        body.append(sect)


def replace_content(container: Element, content: Iterable[Element]) -> None:
    """Replace all of a header's or footer's (``w:hdr``/``w:ftr``) content by ``content``."""
    for child in list(container):
        container.remove(child)
    container.extend(content)
