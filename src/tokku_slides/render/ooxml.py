"""The raw Office XML this project writes by hand, in one place, tested by comparing XML.

- DrawingML text: paragraphs and runs with explicit sizes, exact line pitch, the East Asian
  typeface (``a:ea``, right after ``a:latin``) and ``lang="ja-JP"``, no autofit.
- Table cell borders, fills and margins.
- Deterministic zip packages: fixed entry times and order, so one input gives identical bytes.

Units: sizes in pt (written as hundredths), lengths in EMU (1 pt = 12700 EMU, 1 mm = 36000 EMU).
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

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
    """``<p:txBody>`` (shapes) or ``<a:txBody>`` (table cells) with the DrawingML namespace declared."""
    return (
        f'<{tag} xmlns:a="{A_NS}" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
        f"{body_pr}<a:lstStyle/>{''.join(paragraphs)}</{tag}>"
    )


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
    fill_xml = f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill else "<a:noFill/>"
    return (
        f'<a:tcPr xmlns:a="{A_NS}" marL="{left}" marR="{right}" marT="{top}" marB="{bottom}" '
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
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
