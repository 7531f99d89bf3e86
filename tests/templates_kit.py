"""An organisation's templates, made in a test: a presentation (python-pptx) with its own theme colour
and fonts, a picture on the master and a named layout; a reference document (python-docx) with its
own Heading 1 and page."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Mm, RGBColor
from PIL import Image
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

A3_LANDSCAPE = (420.0, 297.0)
"""A4 landscape's shape, larger: the geometry is scaled to it."""
WIDE_16_9 = (338.7, 190.5)
SCREEN_4_3 = (254.0, 190.5)
ORG_ACCENT = "7A1F5C"
"""The template theme's accent1 (python-pptx's default is 4F81BD)."""
ORG_FONT = "Org Sans"
ORG_EA_FONT = "Org Gothic"
ORG_LAYOUT = "Org Card"
LOGO_NAME = "Org logo"
HEADING_FONT = "Org Mincho"
HEADING_COLOR = "C00000"
REFERENCE_MARGIN_MM = 31.0

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (0x7A, 0x1F, 0x5C)).save(out, format="PNG")
    return out.getvalue()


def make_template(path: Path, size_mm: tuple[float, float] = A3_LANDSCAPE, *, font: str = ORG_FONT,
                  east_asian: str = ORG_EA_FONT) -> Path:
    """An organisation's presentation at ``path``: slides of ``size_mm``, the theme's accent1
    :data:`ORG_ACCENT` and fonts ``font``/``east_asian``, a logo on the master (top right), the blank
    layout renamed :data:`ORG_LAYOUT`, one slide of its own (which the deck must not copy)."""
    prs = Presentation()
    prs.slide_width = Emu(round(size_mm[0] * 36000))
    prs.slide_height = Emu(round(size_mm[1] * 36000))
    master = prs.slide_masters[0]
    # python-pptx draws pictures on slides only: one drawn on a slide moves to the master with its image
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    picture = scratch.shapes.add_picture(io.BytesIO(logo_png()), prs.slide_width - Emu(30 * 36000), Emu(4 * 36000),
                                         Emu(24 * 36000), Emu(12 * 36000))
    picture.name = LOGO_NAME
    blip = picture._element.blipFill.blip
    image = scratch.part.related_part(blip.rEmbed)
    blip.rEmbed = master.part.relate_to(image, RT.IMAGE)
    master.shapes._spTree.append(picture._element)
    sld_ids = prs.slides._sldIdLst
    prs.part.drop_rel(sld_ids[-1].rId)
    sld_ids.remove(sld_ids[-1])
    prs.slide_layouts[6].name = ORG_LAYOUT
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "the organisation's own slide"
    buffer = io.BytesIO()
    prs.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "ppt/theme/theme1.xml":
                text = data.decode("utf-8").replace('<a:srgbClr val="4F81BD"/>', f'<a:srgbClr val="{ORG_ACCENT}"/>', 1)
                text = text.replace('<a:latin typeface="Calibri"/>', f'<a:latin typeface="{font}"/>')
                text = text.replace('<a:ea typeface=""/>', f'<a:ea typeface="{east_asian}"/>')
                data = text.encode("utf-8")
            target.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def make_reference(path: Path) -> Path:
    """An organisation's reference document: Heading 1 in :data:`HEADING_FONT`, :data:`HEADING_COLOR`;
    A4 portrait with margins of :data:`REFERENCE_MARGIN_MM`; some content of its own."""
    doc = Document()
    heading = doc.styles["Heading 1"]
    heading.font.name = HEADING_FONT
    # as Word writes a heading set in a named font: no theme attributes, which would win over the name
    fonts = heading.element.rPr.rFonts
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(f"{{{W_NS}}}{attribute}", None)
    heading.font.color.rgb = RGBColor.from_string(HEADING_COLOR)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(REFERENCE_MARGIN_MM))
    doc.add_paragraph("the organisation's own text")
    doc.save(str(path))
    return path
