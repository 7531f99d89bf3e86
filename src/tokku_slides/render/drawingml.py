"""The deck's DrawingML, built as lxml elements: text boxes, text bodies, paragraphs and runs, native
tables, lines and fills.

- Text: paragraphs and runs with explicit sizes, exact line pitch, the East Asian typeface
  (``a:ea``, right after ``a:latin``) and ``lang="ja-JP"``, no autofit. A paragraph is cut into runs
  of one face each (layout/measure.py's ``face_runs``): half-width letters, digits and punctuation in
  the Latin face, everything else in the East Asian face, and each run names its one face as
  ``a:latin``, ``a:ea`` and ``a:cs`` alike. PowerPoint picks ``a:latin`` or ``a:ea`` by the
  character's range and LibreOffice by its script type, a digit or a period taking its neighbour's
  (so ``4.8`` after Japanese text would be drawn in ``a:ea``): with one face per run both draw every
  character in the face the fitting model measured it with.
- Table cells: borders, fills and margins; no table style.

Every function returns a standalone element (declaring the prefixes it uses); the renderer appends
it into the slide, whose root already declares them. Children are built in the schema's order
(:data:`RPR_ORDER`, :data:`TCPR_ORDER`, ... list it).

Units: sizes in pt (written as hundredths), lengths in EMU (1 pt = 12700 EMU, 1 mm = 36000 EMU).
"""

from __future__ import annotations

from functools import lru_cache

from tokku_slides import units
from tokku_slides.layout.measure import face_runs
from tokku_slides.render.xmlns import Element, blank, copy, element, qn, sub

SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
"""A fixed id for the slide-number field (any GUID works; a random one would break byte identity)."""
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"

ALIGN = {"left": "l", "center": "ctr", "right": "r", "justify": "just"}
ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}

RPR_ORDER = ("a:ln", "a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill",
             "a:effectLst", "a:effectDag", "a:highlight", "a:uLnTx", "a:uLn", "a:uFillTx", "a:uFill",
             "a:latin", "a:ea", "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
"""``a:rPr``/``a:endParaRPr`` children in the schema's order (CT_TextCharacterProperties)."""
PPR_ORDER = ("a:lnSpc", "a:spcBef", "a:spcAft", "a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct", "a:buSzPts",
             "a:buFontTx", "a:buFont", "a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip", "a:tabLst", "a:defRPr",
             "a:extLst")
"""``a:pPr`` children in the schema's order (CT_TextParagraphProperties)."""
TCPR_ORDER = ("a:lnL", "a:lnR", "a:lnT", "a:lnB", "a:lnTlToBr", "a:lnBlToTr", "a:cell3D", "a:noFill",
              "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill", "a:headers", "a:extLst")
"""``a:tcPr`` children in the schema's order (CT_TableCellProperties)."""
SPPR_ORDER = ("a:xfrm", "a:custGeom", "a:prstGeom", "a:noFill", "a:solidFill", "a:gradFill", "a:blipFill",
              "a:pattFill", "a:grpFill", "a:ln", "a:effectLst", "a:effectDag", "a:scene3d", "a:sp3d", "a:extLst")
"""``p:spPr`` children in the schema's order (CT_ShapeProperties; its children are in the a namespace)."""
LINE_ORDER = ("a:noFill", "a:solidFill", "a:gradFill", "a:pattFill", "a:prstDash", "a:custDash", "a:round",
              "a:bevel", "a:miter", "a:headEnd", "a:tailEnd", "a:extLst")
"""``a:ln`` (and ``a:lnL`` ...) children in the schema's order (CT_LineProperties)."""


def srgb_fill(color: str) -> Element:
    """``<a:solidFill><a:srgbClr val=.../></a:solidFill>`` of an RGB hex colour."""
    fill = element("a:solidFill")
    sub(fill, "a:srgbClr", {"val": color})
    return fill


def solid_fill(color: str | None) -> Element:
    """``<a:solidFill>`` of an RGB hex colour, or ``<a:noFill/>`` for None."""
    return srgb_fill(color) if color else element("a:noFill")


def run_properties(
    tag: str, size_pt: float, latin: str, east_asian: str, *, bold: bool = False, color: str | None = None
) -> Element:
    """``<a:rPr>`` (or ``a:endParaRPr`` with tag) with size, bold, colour, and both typefaces.

    The children keep the schema's order (:data:`RPR_ORDER`): solidFill, latin, ea, cs.
    """
    return copy(_run_properties(tag, units.hundredths(units.Pt(size_pt)), latin, east_asian, bold, color))


@lru_cache(maxsize=1024)
def _run_properties(tag: str, size: int, latin: str, east_asian: str, bold: bool, color: str | None) -> Element:
    rpr = element(f"a:{tag}", {"lang": "ja-JP", "altLang": "en-US", "sz": size, "b": 1 if bold else 0, "dirty": 0})
    if color:
        rpr.append(srgb_fill(color))
    sub(rpr, "a:latin", {"typeface": latin})
    sub(rpr, "a:ea", {"typeface": east_asian})
    sub(rpr, "a:cs", {"typeface": latin})
    return rpr


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
) -> Element:
    """One ``<a:p>`` with an exact line pitch, no bullets and no hanging punctuation.

    ``margin_left_pt``/``indent_pt`` make a hanging bullet (marL = 1 em, indent = -1 em).
    ``field`` set to ``slidenum`` writes the text as PowerPoint's slide-number field.
    ``\\n`` in text becomes a line break ``<a:br/>``.
    """
    empty, one_line, run, line_break = _paragraph(
        units.hundredths(units.Pt(size_pt)), latin, east_asian, units.hundredths(units.Pt(line_pitch_pt)),
        units.hundredths(units.Pt(space_before_pt)), ALIGN[align],
        units.pt_to_emu(units.Pt(margin_left_pt)), units.pt_to_emu(units.Pt(indent_pt)), bold, color,
        field == "slidenum",
    )
    if field == "slidenum" or latin == east_asian:
        pieces = [(line, [(line, False)]) for line in text.split("\n")]
    else:
        pieces = [(line, face_runs(line)) for line in text.split("\n")]
    if len(pieces) == 1 and len(pieces[0][1]) == 1 and not pieces[0][1][0][1]:
        if not text:
            return copy(empty)
        p = copy(one_line)
        p[1][1].text = text  # a:r (or a:fld) / a:t
        return p
    latin_run = _latin_run(units.hundredths(units.Pt(size_pt)), latin, bold, color)
    p = copy(empty)
    end = p[-1]
    for i, (_line, runs) in enumerate(pieces):
        if i:
            end.addprevious(copy(line_break))
        for piece, in_latin in runs:
            if piece:
                r = copy(latin_run if in_latin else run)
                r[1].text = piece
                end.addprevious(r)
    return p


@lru_cache(maxsize=1024)
def _latin_run(size: int, latin: str, bold: bool, color: str | None) -> Element:
    """A run in the Latin face alone (its ``a:t`` empty)."""
    run = element("a:r")
    run.append(copy(_run_properties("rPr", size, latin, latin, bold, color)))
    sub(run, "a:t", text="")
    return run


@lru_cache(maxsize=1024)
def _paragraph(size: int, latin: str, east_asian: str, pitch: int, before: int, algn: str, margin: int,
               indent: int, bold: bool, color: str | None, slidenum: bool) -> tuple[Element, Element, Element, Element]:
    """A paragraph's pieces, built once: the paragraph with no text, with one line (its ``a:t``
    empty), a run (or slide-number field), a line break."""
    face = latin if slidenum else east_asian  # a slide number is digits: the Latin face's
    rpr = _run_properties("rPr", size, face, face, bold, color)
    empty = element("a:p")
    ppr = sub(empty, "a:pPr", {"marL": margin, "indent": indent, "algn": algn, "eaLnBrk": "1", "latinLnBrk": "0",
                               "hangingPunct": "0"})
    sub(sub(ppr, "a:lnSpc"), "a:spcPts", {"val": pitch})
    sub(sub(ppr, "a:spcBef"), "a:spcPts", {"val": before})
    sub(ppr, "a:buNone")
    empty.append(copy(_run_properties("endParaRPr", size, east_asian, east_asian, bold, color)))
    run = element("a:fld", {"id": SLIDENUM_FIELD_ID, "type": "slidenum"}) if slidenum else element("a:r")
    run.append(copy(rpr))
    sub(run, "a:t", text="")
    line_break = element("a:br")
    line_break.append(copy(rpr))
    one_line = copy(empty)
    one_line[-1].addprevious(copy(run))
    return empty, one_line, run, line_break


def body_properties(insets_emu: tuple[int, int, int, int], anchor: str = "top") -> Element:
    """``<a:bodyPr>``: wrapped text, fixed insets (left, right, top, bottom in EMU), no autofit."""
    return copy(_body_properties(insets_emu, anchor))


@lru_cache(maxsize=256)
def _body_properties(insets_emu: tuple[int, int, int, int], anchor: str) -> Element:
    left, right, top, bottom = insets_emu
    body = element("a:bodyPr", {"wrap": "square", "lIns": left, "rIns": right, "tIns": top, "bIns": bottom,
                                "anchor": ANCHOR[anchor], "rtlCol": "0", "vert": "horz"})
    sub(body, "a:noAutofit")
    return body


def text_body(tag: str, body_pr: Element, paragraphs: list[Element]) -> Element:
    """``<p:txBody>`` (shapes) or ``<a:txBody>`` (table cells): body properties, an empty list style,
    the paragraphs."""
    body = copy(_text_body(tag))
    body.insert(0, body_pr)
    body.extend(paragraphs)
    return body


@lru_cache(maxsize=4)
def _text_body(tag: str) -> Element:
    body = element(tag, declare=("a",))
    sub(body, "a:lstStyle")
    return body


def line(tag: str, width_pt: float | None, color: str | None) -> Element:
    """A border (``a:ln``, ``a:lnL``, ...): a solid line, or explicitly none when width is None."""
    if width_pt is None or color is None:
        ln = element(f"a:{tag}", {"w": "0"})
        sub(ln, "a:noFill")
        return ln
    ln = element(f"a:{tag}", {"w": units.pt_to_emu(units.Pt(width_pt)), "cap": "flat", "cmpd": "sng", "algn": "ctr"})
    ln.append(srgb_fill(color))
    sub(ln, "a:prstDash", {"val": "solid"})
    sub(ln, "a:round")
    sub(ln, "a:headEnd", {"type": "none", "w": "med", "len": "med"})
    sub(ln, "a:tailEnd", {"type": "none", "w": "med", "len": "med"})
    return ln


def text_shape(
    shape_id: int, name: str, box_emu: tuple[int, int, int, int], body: Element, *,
    fill: str | None = None, border_pt: float | None = None, border_color: str | None = None,
) -> Element:
    """A text box ``<p:sp>``: ``box_emu`` is x, y, width, height; a fill and a border when given."""
    x, y, cx, cy = box_emu
    sp = copy(_text_shape(fill, border_pt, border_color))
    sp[0][0].set("id", str(shape_id))  # p:nvSpPr/p:cNvPr
    sp[0][0].set("name", name)
    off, ext = sp[1][0]  # p:spPr/a:xfrm
    off.set("x", str(x))
    off.set("y", str(y))
    ext.set("cx", str(cx))
    ext.set("cy", str(cy))
    sp.append(body)
    return sp


@lru_cache(maxsize=64)
def _text_shape(fill: str | None, border_pt: float | None, border_color: str | None) -> Element:
    """A text box with no text, id 0 at 0, 0 of size 0 (the copies get their own)."""
    sp = element("p:sp", declare=("a",))
    nv = sub(sp, "p:nvSpPr")
    sub(nv, "p:cNvPr", {"id": 0, "name": ""})
    sub(nv, "p:cNvSpPr", {"txBox": "1"})
    sub(nv, "p:nvPr")
    sp_pr = sub(sp, "p:spPr")
    xfrm = sub(sp_pr, "a:xfrm")
    sub(xfrm, "a:off", {"x": 0, "y": 0})
    sub(xfrm, "a:ext", {"cx": 0, "cy": 0})
    sub(sub(sp_pr, "a:prstGeom", {"prst": "rect"}), "a:avLst")
    sp_pr.append(solid_fill(fill))
    if border_pt is not None:
        sp_pr.append(line("ln", border_pt, border_color))
    return sp


def cell_properties(
    insets_emu: tuple[int, int, int, int], anchor: str, border_pt: float, border_color: str, fill: str | None
) -> Element:
    """``<a:tcPr>`` with margins, anchor, all four borders and an optional fill (:data:`TCPR_ORDER`)."""
    return copy(_cell_properties(insets_emu, anchor, border_pt, border_color, fill))


@lru_cache(maxsize=256)
def _cell_properties(
    insets_emu: tuple[int, int, int, int], anchor: str, border_pt: float, border_color: str, fill: str | None
) -> Element:
    left, right, top, bottom = insets_emu
    tc_pr = element("a:tcPr", {"marL": left, "marR": right, "marT": top, "marB": bottom, "anchor": ANCHOR[anchor]})
    first = line("lnL", border_pt, border_color)
    tc_pr.append(first)
    for tag in ("lnR", "lnT", "lnB"):
        side = copy(first)
        side.tag = qn(f"a:{tag}")
        tc_pr.append(side)
    tc_pr.append(solid_fill(fill))
    return tc_pr


def slide_table_cell(body: Element, cell_pr: Element) -> Element:
    """``<a:tc>``: the text body, then the cell's properties (schema order)."""
    tc = blank("a:tc")
    tc.append(body)
    tc.append(cell_pr)
    return tc


def table_frame(
    shape_id: int, name: str, x_emu: int, y_emu: int, columns_emu: list[int], rows: list[tuple[int, list[Element]]],
) -> Element:
    """A native table ``<p:graphicFrame>``: column widths, and per row its height and ``<a:tc>`` cells.

    The table has no table style and no banding: every fill, rule and run format is the cells' own
    (:func:`cell_properties`). Its first row is marked as the header row (``firstRow="1"``, PowerPoint's
    "Header Row"): what a screen reader announces as the column headers."""
    frame = element("p:graphicFrame", declare=("a",))
    nv = sub(frame, "p:nvGraphicFramePr")
    sub(nv, "p:cNvPr", {"id": shape_id, "name": name})
    sub(sub(nv, "p:cNvGraphicFramePr"), "a:graphicFrameLocks", {"noGrp": "1"})
    sub(nv, "p:nvPr")
    xfrm = sub(frame, "p:xfrm")
    sub(xfrm, "a:off", {"x": x_emu, "y": y_emu})
    sub(xfrm, "a:ext", {"cx": sum(columns_emu), "cy": sum(h for h, _ in rows)})
    data = sub(sub(frame, "a:graphic"), "a:graphicData", {"uri": TABLE_URI})
    tbl = sub(data, "a:tbl")
    sub(tbl, "a:tblPr", {"firstRow": "1", "bandRow": "0"})
    grid = sub(tbl, "a:tblGrid")
    for w in columns_emu:
        sub(grid, "a:gridCol", {"w": w})
    for h, cells in rows:
        tr = sub(tbl, "a:tr", {"h": h})
        tr.extend(cells)
    return frame
