"""The raw Office XML this project writes by hand, in one place, tested by comparing XML.

- DrawingML text: paragraphs and runs with explicit sizes, exact line pitch, the East Asian
  typeface (``a:ea``, right after ``a:latin``) and ``lang="ja-JP"``, no autofit.
- Table cell borders, fills and margins.
- Deterministic zip packages: fixed entry times and order, so one input gives identical bytes.
- WordprocessingML for the report (its own section below): East Asian fonts, style clean-up, ruled
  tables, bookmarks, fields, TOC entries, pictures with alt text.

Units: sizes in pt (written as hundredths), lengths in EMU (1 pt = 12700 EMU, 1 mm = 36000 EMU).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
EMU_PER_PT = 12700
EMU_PER_MM = 36000
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The time stamped on every zip entry (the earliest a zip can hold)."""
SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
"""A fixed id for the slide-number field (any GUID works; a random one would break byte identity)."""

ALIGN = {"left": "l", "center": "ctr", "right": "r", "justify": "just"}
ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}


def hundredths(pt: float) -> int:
    """A size in pt as DrawingML's hundredths of a point."""
    return round(pt * 100)


def run_properties(
    tag: str, size_pt: float, latin: str, east_asian: str, *, bold: bool = False, color: str | None = None
) -> str:
    """``<a:rPr>`` (or ``a:endParaRPr`` with tag) with size, bold, colour, and both typefaces.

    The children keep the schema's order: solidFill, latin, ea, cs.
    """
    attrs = f'lang="ja-JP" altLang="en-US" sz="{hundredths(size_pt)}" b="{1 if bold else 0}" dirty="0"'
    fill = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color else ""
    fonts = (
        f'<a:latin typeface="{escape(latin)}"/><a:ea typeface="{escape(east_asian)}"/>'
        f'<a:cs typeface="{escape(latin)}"/>'
    )
    return f"<a:{tag} {attrs}>{fill}{fonts}</a:{tag}>"


def paragraph(
    text: str,
    size_pt: float,
    *,
    latin: str,
    east_asian: str,
    line_pitch_pt: float,
    space_before_pt: float = 0.0,
    align: str = "left",
    margin_left_pt: float = 0.0,
    indent_pt: float = 0.0,
    bold: bool = False,
    color: str | None = None,
    field: str | None = None,
) -> str:
    """One ``<a:p>`` with an exact line pitch, no bullets and no hanging punctuation.

    ``margin_left_pt``/``indent_pt`` make a hanging bullet (marL = 1 em, indent = -1 em).
    ``field`` set to ``slidenum`` writes the text as PowerPoint's slide-number field.
    ``\\n`` in text becomes a line break ``<a:br/>``.
    """
    ppr = (
        f'<a:pPr marL="{round(margin_left_pt * EMU_PER_PT)}" indent="{round(indent_pt * EMU_PER_PT)}" '
        f'algn="{ALIGN[align]}" eaLnBrk="1" latinLnBrk="0" hangingPunct="0">'
        f'<a:lnSpc><a:spcPts val="{hundredths(line_pitch_pt)}"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{hundredths(space_before_pt)}"/></a:spcBef>'
        f"<a:buNone/></a:pPr>"
    )
    rpr = run_properties("rPr", size_pt, latin, east_asian, bold=bold, color=color)
    runs = []
    for i, line in enumerate(text.split("\n")):
        if i:
            runs.append(f"<a:br>{rpr}</a:br>")
        if not line:
            continue
        if field == "slidenum":
            runs.append(f'<a:fld id="{SLIDENUM_FIELD_ID}" type="slidenum">{rpr}<a:t>{escape(line)}</a:t></a:fld>')
        else:
            runs.append(f"<a:r>{rpr}<a:t>{escape(line)}</a:t></a:r>")
    end = run_properties("endParaRPr", size_pt, latin, east_asian, bold=bold, color=color)
    return f"<a:p>{ppr}{''.join(runs)}{end}</a:p>"


def body_properties(insets_emu: tuple[int, int, int, int], anchor: str = "top") -> str:
    """``<a:bodyPr>``: wrapped text, fixed insets (left, right, top, bottom in EMU), no autofit."""
    left, right, top, bottom = insets_emu
    return (
        f'<a:bodyPr wrap="square" lIns="{left}" rIns="{right}" tIns="{top}" bIns="{bottom}" '
        f'anchor="{ANCHOR[anchor]}" rtlCol="0" vert="horz"><a:noAutofit/></a:bodyPr>'
    )


def text_body(tag: str, body_pr: str, paragraphs: list[str]) -> str:
    """``<p:txBody>`` (shapes) or ``<a:txBody>`` (table cells); prefixes declared by the slide fragment."""
    return f"<{tag}>{body_pr}<a:lstStyle/>{''.join(paragraphs)}</{tag}>"


P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"


def solid_fill(color: str | None) -> str:
    """``<a:solidFill>`` of an RGB hex colour, or ``<a:noFill/>`` for None."""
    return f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color else "<a:noFill/>"


def text_shape(
    shape_id: int, name: str, box_emu: tuple[int, int, int, int], text_body_xml: str, *,
    fill: str | None = None, border_pt: float | None = None, border_color: str | None = None,
) -> str:
    """A text box ``<p:sp>``: ``box_emu`` is x, y, width, height; a fill and a border when given."""
    x, y, cx, cy = box_emu
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(name)}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{solid_fill(fill)}'
        f"{line('ln', border_pt, border_color) if border_pt is not None else ''}</p:spPr>"
        f"{text_body_xml}</p:sp>"
    )


def table_frame(
    shape_id: int, name: str, x_emu: int, y_emu: int, columns_emu: list[int], rows: list[tuple[int, list[str]]],
) -> str:
    """A native table ``<p:graphicFrame>``: column widths, and per row its height and ``<a:tc>`` cells.

    The table has no table style (no banding, no first-row emphasis): every fill and rule is the
    cells' own (:func:`cell_properties`)."""
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in columns_emu)
    body = "".join(f'<a:tr h="{h}">{"".join(cells)}</a:tr>' for h, cells in rows)
    return (
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="{escape(name)}"/>'
        f'<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
        f'<p:xfrm><a:off x="{x_emu}" y="{y_emu}"/>'
        f'<a:ext cx="{sum(columns_emu)}" cy="{sum(h for h, _ in rows)}"/></p:xfrm>'
        f'<a:graphic><a:graphicData uri="{TABLE_URI}"><a:tbl><a:tblPr firstRow="0" bandRow="0"/>'
        f"<a:tblGrid>{grid}</a:tblGrid>{body}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"
    )


def slide_table_cell(text_body_xml: str, cell_properties_xml: str) -> str:
    """``<a:tc>``: the text body, then the cell's properties (schema order)."""
    return f"<a:tc>{text_body_xml}{cell_properties_xml}</a:tc>"


def shape_tree(xml: str) -> str:
    """A slide's shapes written by this module, wrapped in a ``p:spTree`` that declares their prefixes
    (parse it with the renderer's parser and move its children into the slide)."""
    return f'<p:spTree xmlns:a="{A_NS}" xmlns:p="{P_NS}" xmlns:r="{R_NS}">{xml}</p:spTree>'


def line(tag: str, width_pt: float | None, color: str | None) -> str:
    """A border (``a:ln``, ``a:lnL``, ...): a solid line, or explicitly none when width is None."""
    if width_pt is None or color is None:
        return f"<a:{tag} w=\"0\"><a:noFill/></a:{tag}>"
    return (
        f'<a:{tag} w="{round(width_pt * EMU_PER_PT)}" cap="flat" cmpd="sng" algn="ctr">'
        f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:prstDash val="solid"/>'
        f'<a:round/><a:headEnd type="none" w="med" len="med"/><a:tailEnd type="none" w="med" len="med"/></a:{tag}>'
    )


def cell_properties(
    insets_emu: tuple[int, int, int, int], anchor: str, border_pt: float, border_color: str, fill: str | None
) -> str:
    """``<a:tcPr>`` with margins, anchor, all four borders and an optional fill (schema order)."""
    left, right, top, bottom = insets_emu
    borders = "".join(line(t, border_pt, border_color) for t in ("lnL", "lnR", "lnT", "lnB"))
    fill_xml = solid_fill(fill)
    return (
        f'<a:tcPr marL="{left}" marR="{right}" marT="{top}" marB="{bottom}" '
        f'anchor="{ANCHOR[anchor]}">{borders}{fill_xml}</a:tcPr>'
    )


def deterministic_zip(data: bytes, order: list[str] | None = None) -> bytes:
    """The same package with every entry stamped ZIP_EPOCH, in a stable order, deflated.

    ``[Content_Types].xml`` stays first (Office wants it there); the rest keep ``order`` when given,
    else their current order.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    if order:
        names = [n for n in order if n in names] + [n for n in names if n not in order]
    if "[Content_Types].xml" in names:
        names.remove("[Content_Types].xml")
        names.insert(0, "[Content_Types].xml")
    return deterministic_zip_entries((name, source.read(name)) for name in names)


def deterministic_zip_entries(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A package of ``entries`` (name, content), in their order, each stamped ZIP_EPOCH and deflated
    (the bytes :func:`deterministic_zip` writes). Entries are read one at a time: pass a generator
    and only the one being compressed is held besides the package."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, content, compresslevel=6)
            del content
    return out.getvalue()


# =============================================================================================
# WordprocessingML (the report)
#
# - East Asian fonts: every ``w:rFonts`` names the fonts itself (``w:eastAsia`` included) and the
#   template's ``*Theme`` attributes are removed, so Word cannot swap in the theme's fonts.
# - Paragraphs, runs, bookmarks and fields (PAGE, PAGEREF) written as XML strings.
# - Table of contents entries written as real paragraphs: a hyperlink to the heading's bookmark and
#   a PAGEREF field. LibreOffice computes PAGEREF when it lays the document out (its PDF shows the
#   page numbers); Word recomputes them when it updates fields (``w:updateFields`` asks on open).
# - Tables with ruled borders (``w:tblBorders``, single) and shaded cells (``w:shd``).
# - Inline pictures with alt text (``descr`` on ``wp:docPr``).
#
# Units: sizes in pt (written as half-points; borders in eighths), lengths in mm -> twips
# (1 mm = 1440 / 25.4 twips); picture extents in EMU.
# =============================================================================================

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
W = f"{{{W_NS}}}"
W_NAMESPACES = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:wp="{WP_NS}" xmlns:a="{A_NS}" xmlns:pic="{PIC_NS}"'
"""The namespace declarations a WordprocessingML fragment of this module needs to parse on its own."""
THEME_FONT_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
TWIPS_PER_MM = 1440 / 25.4
WORD_LANG = '<w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/>'
"""Latin text is English, East Asian text Japanese (the way Japanese Word writes its defaults)."""
WORD_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def twips(mm: float) -> int:
    """A length in mm as twentieths of a point."""
    return round(mm * TWIPS_PER_MM)


def half_points(pt: float) -> int:
    """A font size in pt as WordprocessingML's half-points."""
    return round(pt * 2)


def word_fonts(latin: str, east_asian: str) -> str:
    """``<w:rFonts>`` naming every script's font: Latin for ascii/hAnsi/cs, ``w:eastAsia`` for Japanese."""
    latin, east_asian = escape(latin, {'"': "&quot;"}), escape(east_asian, {'"': "&quot;"})
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asian}" w:cs="{latin}"/>'


def word_run_properties(
    *,
    fonts: tuple[str, str] | None = None,
    size_pt: float | None = None,
    bold: bool | None = None,
    color: str | None = None,
    lang: bool = False,
) -> str:
    """``<w:rPr>`` in schema order (rFonts, b, bCs, color, sz, szCs, lang); None leaves a property to
    the style. ``fonts`` is (latin, east_asian). Empty string when nothing is set."""
    parts = []
    if fonts is not None:
        parts.append(word_fonts(*fonts))
    if bold is not None:
        value = "" if bold else ' w:val="0"'
        parts.append(f"<w:b{value}/><w:bCs{value}/>")
    if color is not None:
        parts.append(f'<w:color w:val="{color}"/>')
    if size_pt is not None:
        parts.append(f'<w:sz w:val="{half_points(size_pt)}"/><w:szCs w:val="{half_points(size_pt)}"/>')
    if lang:
        parts.append(WORD_LANG)
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def border(tag: str, width_pt: float, color: str, space_pt: int = 0) -> str:
    """One single-line border element (``w:top``, ``w:insideH``, ...); width in pt (eighths written)."""
    return f'<w:{tag} w:val="single" w:sz="{max(2, round(width_pt * 8))}" w:space="{space_pt}" w:color="{color}"/>'


def shading(fill: str) -> str:
    """``<w:shd>``: a solid fill (RGB hex)."""
    return f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'


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
    run_properties: str = "",
) -> str:
    """``<w:pPr>`` in schema order. ``frame`` is (width pt, colour) of a box on all four sides;
    ``right_tab_dots_twips`` a right tab with a dot leader (TOC entries); ``line`` the line pitch as
    a multiple of single spacing; ``hanging_pt`` hangs the first line (bullets); ``outline_level``
    0-based (heading 1 is 0, 9 means body text). Empty string when nothing is set."""
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        parts.append("<w:keepNext/><w:keepLines/>")
    if page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if frame is not None:
        width, color = frame
        parts.append("<w:pBdr>" + "".join(border(t, width, color, 3) for t in ("top", "left", "bottom", "right"))
                     + "</w:pBdr>")
    if fill:
        parts.append(shading(fill))
    if right_tab_dots_twips is not None:
        parts.append(f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{right_tab_dots_twips}"/></w:tabs>')
    spacing = []
    if before_pt is not None:
        spacing.append(f'w:before="{round(before_pt * 20)}"')
    if after_pt is not None:
        spacing.append(f'w:after="{round(after_pt * 20)}"')
    if line is not None:
        spacing.append(f'w:line="{round(line * 240)}" w:lineRule="auto"')
    if spacing:
        parts.append(f"<w:spacing {' '.join(spacing)}/>")
    if indent_left_pt is not None or hanging_pt is not None:
        ind = f'w:left="{round((indent_left_pt or 0) * 20)}"'
        ind += f' w:hanging="{round(hanging_pt * 20)}"' if hanging_pt else ' w:firstLine="0"'
        parts.append(f"<w:ind {ind}/>")
    if align is not None:
        parts.append(f'<w:jc w:val="{WORD_ALIGN[align]}"/>')
    if outline_level is not None:
        parts.append(f'<w:outlineLvl w:val="{outline_level}"/>')
    parts.append(run_properties)
    content = "".join(parts)
    return f"<w:pPr>{content}</w:pPr>" if content else ""


def word_run(text: str, run_properties: str = "") -> str:
    """One ``<w:r>``; ``\\n`` becomes a line break ``<w:br/>`` and ``\\t`` a tab, text kept as is."""
    pieces = []
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{run_properties}{''.join(pieces)}</w:r>"


def word_paragraph(content: str, paragraph_properties: str = "", namespaces: str = "") -> str:
    """``<w:p>`` around runs (or any paragraph content); ``namespaces`` are declarations it carries
    (:data:`DRAWING_NAMESPACES` around a picture)."""
    return f"<w:p{' ' if namespaces else ''}{namespaces}>{paragraph_properties}{content}</w:p>"


def bookmarked(content: str, bookmark_id: int, name: str) -> str:
    """Paragraph content wrapped in a bookmark (the target of a TOC entry's link and PAGEREF)."""
    start = f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{escape(name)}"/>'
    return f'{start}{content}<w:bookmarkEnd w:id="{bookmark_id}"/>'


def complex_field(instruction: str, result: str = "", run_properties: str = "") -> str:
    """A field as runs (begin, instruction, separate, cached result, end), e.g. ``PAGE``.

    ``result`` is what a reader shows before it updates the field; empty means nothing.
    """
    cached = word_run(result, run_properties) if result else ""
    return (
        f'<w:r>{run_properties}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{run_properties}<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        f'<w:r>{run_properties}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{cached}"
        f'<w:r>{run_properties}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def toc_entry(text: str, anchor: str, style: str) -> str:
    """One table-of-contents line: the heading's text linked to its bookmark, a tab (the style's
    right tab with dot leader), and a PAGEREF field to the same bookmark with no cached number."""
    page = complex_field(f"PAGEREF {anchor} " + "\\h")
    return word_paragraph(
        f'<w:hyperlink w:anchor="{escape(anchor)}" w:history="1">'
        f"{word_run(text)}<w:r><w:tab/></w:r>{page}"
        "</w:hyperlink>",
        word_paragraph_properties(style=style),
    )


def table_borders(width_pt: float, color: str) -> str:
    """``<w:tblBorders>``: a single rule of ``width_pt`` on the outside and between all cells."""
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    return "<w:tblBorders>" + "".join(border(s, width_pt, color) for s in sides) + "</w:tblBorders>"


def table_cell(
    width_twips: int, paragraphs: str, *, fill: str | None = None, merge: str | None = None, v_align: str = "center"
) -> str:
    """``<w:tc>`` of a fixed width; ``merge`` is ``restart`` or ``continue`` for a vertically merged
    cell (a continued cell still needs a paragraph), None for none."""
    merge_xml = f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else ("<w:vMerge/>" if merge else "")
    fill_xml = shading(fill) if fill else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width_twips}" w:type="dxa"/>{merge_xml}{fill_xml}'
        f'<w:vAlign w:val="{v_align}"/></w:tcPr>{paragraphs or word_paragraph("")}</w:tc>'
    )


def table_row(cells: list[str], *, header: bool = False) -> str:
    """``<w:tr>`` that never splits across pages; a header row repeats on every page of the table."""
    header_xml = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{header_xml}</w:trPr>{''.join(cells)}</w:tr>"


def table(columns_twips: list[int], rows: list[str], *, border_pt: float, border_color: str, margin_twips: int) -> str:
    """``<w:tbl>`` of fixed column widths with ruled borders and left/right cell margins."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in columns_twips)
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(columns_twips)}" w:type="dxa"/>'
        f"{table_borders(border_pt, border_color)}"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="{margin_twips}" w:type="dxa"/>'
        f'<w:bottom w:w="28" w:type="dxa"/><w:right w:w="{margin_twips}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        'w:noHBand="1" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def inline_picture(rel_id: str, width_emu: int, height_emu: int, picture_id: int, name: str, descr: str) -> str:
    """A run holding an inline picture of a fixed size, with alt text ``descr`` on ``wp:docPr``.

    ``picture_id`` must be unique in the document (the caller counts from 1).
    """
    name, descr = escape(name, {'"': "&quot;"}), escape(descr, {'"': "&quot;", "\n": "&#10;"})
    return (
        "<w:r><w:drawing>"
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width_emu}" cy="{height_emu}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{picture_id}" name="{name}" descr="{descr}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic><a:graphicData uri="{PIC_NS}"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="{picture_id}" name="{name}" descr="{descr}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def paragraph_style(style_id: str, name: str, paragraph_properties: str, run_properties: str,
                    based_on: str = "Normal", *, custom: bool = True) -> str:
    """A paragraph ``<w:style>`` the template lacks. ``custom`` False for a style Word knows by name
    (``toc 1``): Word then treats it as its built-in style instead of a look-alike."""
    custom_xml = ' w:customStyle="1"' if custom else ""
    return (
        f'<w:style w:type="paragraph"{custom_xml} w:styleId="{style_id}">'
        f'<w:name w:val="{escape(name)}"/><w:basedOn w:val="{based_on}"/><w:qFormat/>'
        f"{paragraph_properties}{run_properties}</w:style>"
    )


DRAWING_NAMESPACES = f'xmlns:a="{A_NS}" xmlns:pic="{PIC_NS}"'
"""Declarations a picture's paragraph carries itself: the document's root declares w, r and wp only."""
BODY_MARK = "tokku-slides: the body goes here"


def document_with_body(document: Any, body_xml: str, parser: Any = None) -> Any:
    """A new ``w:document`` root: ``document`` with its body's content replaced by ``body_xml``, its
    ``w:sectPr`` (page size, margins, header and footer) kept last; parsed in one piece with ``parser``
    (None: lxml's default). ``document`` is left with nothing in its body but the sectPr.

    ``body_xml`` may use the prefixes the document's root declares (w, r, wp); an element using
    others declares them (a picture's paragraph: :data:`DRAWING_NAMESPACES`). Parsing the whole
    document is linear; parsing the body alone and moving its elements into the document is not:
    lxml spends time quadratic in the ``xml:space`` attributes it moves across documents (0.7 s of
    a 500-zone report's 1 s of XML).
    """
    body = document.find(f"{W}body")
    sect = body.find(f"{W}sectPr")
    for child in list(body):
        if child is not sect:
            body.remove(child)
    mark = etree.Comment(BODY_MARK)
    if sect is not None:
        sect.addprevious(mark)
    else:
        body.append(mark)
    try:
        head, tail = etree.tostring(document, encoding="unicode").split(f"<!--{BODY_MARK}-->")
    finally:
        body.remove(mark)
    return etree.fromstring(f"{head}{body_xml}{tail}".encode(), parser)


def parse_fragment(xml: str) -> Any:
    """Parse one WordprocessingML element written by this module (its prefixes need no declarations)."""
    return etree.fromstring(f"<w:fragment {W_NAMESPACES}>{xml}</w:fragment>")[0]


def parse_fragments(xml: str) -> list[Any]:
    """Parse a sequence of WordprocessingML elements (paragraphs, tables) written by this module."""
    return list(etree.fromstring(f"<w:fragment {W_NAMESPACES}>{xml}</w:fragment>"))


def restyle(style: Any, paragraph_properties: str, run_properties: str) -> None:
    """Replace a ``<w:style>`` element's pPr and rPr (kept in schema order, before any tblPr)."""
    for tag in ("pPr", "rPr"):
        old = style.find(f"{W}{tag}")
        if old is not None:
            style.remove(old)
    anchor = style.find(f"{W}tblPr")
    for xml in (paragraph_properties, run_properties):
        if not xml:
            continue
        element = parse_fragment(xml)
        if anchor is not None:
            anchor.addprevious(element)
        else:
            style.append(element)


def use_fonts_everywhere(styles: Any, latin: str, east_asian: str) -> int:
    """In a styles part: remove every ``*Theme`` font attribute and name the fonts on every
    ``w:rFonts`` (docDefaults and all styles); returns how many were rewritten."""
    count = 0
    for fonts in styles.iter(f"{W}rFonts"):
        for attr in THEME_FONT_ATTRIBUTES:
            fonts.attrib.pop(f"{W}{attr}", None)
        fonts.set(f"{W}ascii", latin)
        fonts.set(f"{W}hAnsi", latin)
        fonts.set(f"{W}eastAsia", east_asian)
        fonts.set(f"{W}cs", latin)
        count += 1
    return count


def document_defaults(latin: str, east_asian: str, size_pt: float, line: float) -> str:
    """``<w:docDefaults>``: explicit fonts (no theme), Japanese as the East Asian language, the body
    size, no space after paragraphs and ``line`` times single line pitch."""
    return (
        "<w:docDefaults><w:rPrDefault>"
        f"{word_run_properties(fonts=(latin, east_asian), size_pt=size_pt, lang=True)}"
        f'</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="{round(line * 240)}" '
        'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )


UPDATE_FIELDS = '<w:updateFields w:val="true"/>'
"""settings.xml: Word offers to update fields on open (the TOC's page numbers)."""
SETTINGS_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids")
"""settings.xml children that come after ``w:updateFields`` in the schema's order."""


def ask_to_update_fields(settings: Any) -> None:
    """Add ``<w:updateFields w:val="true"/>`` to a settings element at its place in schema order."""
    if settings.find(f"{W}updateFields") is not None:
        return
    element = parse_fragment(UPDATE_FIELDS)
    for tag in SETTINGS_AFTER_UPDATE_FIELDS:
        later = settings.find(f"{W}{tag}")
        if later is not None:
            later.addprevious(element)
            return
    settings.append(element)
