"""The organisation's templates: its presentation (``--template``, .pptx/.potx) and its reference
document (``--reference-doc``, .docx/.dotx), checked before anything is rendered, and our own
defaults made in memory (an A4-landscape presentation, the report's reference document).

- :func:`read_template` / :func:`read_reference`: the file's bytes, or :class:`TemplateError` with
  one line saying what is wrong (missing, not a package of that kind, the old binary format, a
  password) and how to fix it.
- :func:`presentation_info`: what the deck takes from a presentation (slide size, theme fonts, the
  layout the cards go on, by name).
- :func:`default_presentation`: our default presentation, deterministic, for a given slide size and
  fonts: the slide size without a 4:3 claim, master and layouts sized to it, theme fonts (Latin and
  East Asian) set, no thumbnail, ``app.xml`` of this tool.
- :func:`extended_properties` / :func:`finished_entries`: ``docProps/app.xml`` true to the file, and a
  package without the template's thumbnail.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from lxml import etree

from tokku_slides import __version__, units
from tokku_slides.i18n import _
from tokku_slides.render import opc

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an OLE compound file: the old binary .ppt/.doc, or an encrypted (password) package."""
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
"""The stream an Office file protected by a password keeps its package in (MS-OFFCRYPTO)."""

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
THUMBNAIL_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
TEMPLATE_MAIN = {
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml":
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml":
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}
"""A template's (.potx, .dotx) main content type -> the document's: python-pptx/python-docx open only documents."""
ASPECT_TOLERANCE = 0.005
"""How far (relative) two width/height ratios may differ and still be the same shape (rounding of mm)."""


class TemplateError(Exception):
    """A template or reference document that cannot be used: one line, the file first."""


@dataclass(frozen=True)
class Kind:
    main: str
    """The package's main part, which a package of this kind has."""
    suffixes: str
    old: str


PPTX = Kind("ppt/presentation.xml", ".pptx/.potx", ".ppt")
DOCX = Kind("word/document.xml", ".docx/.dotx", ".doc")


def _read(path: Path, kind: Kind) -> bytes:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise TemplateError(_("{file}: the file does not exist; check the name and the folder").format(
            file=path)) from exc
    except IsADirectoryError as exc:
        raise TemplateError(_("{file}: is a folder, not a {kinds} file").format(
            file=path, kinds=kind.suffixes)) from exc
    except OSError as exc:
        raise TemplateError(_("{file}: cannot read it ({reason})").format(
            file=path, reason=exc.strerror or exc)) from exc
    if data.startswith(OLE_SIGNATURE):
        if ENCRYPTED_PACKAGE in data:
            raise TemplateError(_("{file}: the file is protected by a password; open it, remove the password "
                                  "(File > Info > Protect) and save it again").format(file=path))
        raise TemplateError(_("{file}: the old binary format ({old}); open it and save it as {kinds}").format(
            file=path, old=kind.old, kinds=kind.suffixes))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            package.testzip()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise TemplateError(_("{file}: not a {kinds} file; give a file saved by PowerPoint or Word as {kinds}").format(
            file=path, kinds=kind.suffixes)) from exc
    if kind.main not in names or "[Content_Types].xml" not in names:
        raise TemplateError(_("{file}: not a {kinds} file; give a file saved by PowerPoint or Word as {kinds}").format(
            file=path, kinds=kind.suffixes))
    return as_document(data)


def as_document(data: bytes) -> bytes:
    """A template package (.potx, .dotx) as the document package python-pptx/python-docx open: its main
    part's content type rewritten; a document comes back as it is."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml")
        changed = types
        for template, document in TEMPLATE_MAIN.items():
            changed = changed.replace(template.encode("ascii"), document.encode("ascii"))
        if changed == types:
            return data
        entries = [(info.filename, changed if info.filename == "[Content_Types].xml" else package.read(info))
                   for info in package.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, content in entries:
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


def read_template(path: Path) -> bytes:
    """The presentation at ``path`` (.pptx or .potx) as .pptx bytes; :class:`TemplateError` when unusable."""
    return _read(path, PPTX)


def read_reference(path: Path) -> bytes:
    """The reference document at ``path`` (.docx or .dotx) as .docx bytes; :class:`TemplateError` when unusable."""
    return _read(path, DOCX)


@dataclass(frozen=True)
class PresentationInfo:
    width_mm: float
    height_mm: float
    layout_index: int
    """The slide layout the cards go on (index in the presentation's layouts)."""
    minor_latin: str
    minor_east_asian: str
    major_latin: str
    major_east_asian: str


def open_presentation(data: bytes) -> Any:
    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def theme_fonts(prs: Any) -> tuple[str, str, str, str]:
    """The theme's (major Latin, major East Asian, minor Latin, minor East Asian) typefaces ('' when unset)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    master = prs.slide_masters[0]
    theme = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    found = []
    for which in ("majorFont", "minorFont"):
        font = root.find(f".//{{{A_NS}}}{which}")
        for tag in ("latin", "ea"):
            node = font.find(f"{{{A_NS}}}{tag}") if font is not None else None
            found.append(node.get("typeface", "") if node is not None else "")
    return found[0], found[1], found[2], found[3]


def slide_layouts(prs: Any) -> list[Any]:
    """Every slide layout of the python-pptx presentation ``prs``, master after master (the order of
    a layout index)."""
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def layout_names(prs: Any) -> list[str]:
    return [str(layout.name) for layout in slide_layouts(prs)]


def cards_layout_index(prs: Any) -> int:
    """The slide layout the cards go on when none is named: its index in the python-pptx presentation
    ``prs``'s layouts, master after master. The first with no placeholders; else the first master's
    blank layout (``type="blank"``: PowerPoint's and python-pptx's Blank) when its placeholders are
    only those a new slide does not copy (date, footer, slide number), so that none is copied onto a
    card to be removed again (python-pptx's own presentation has no layout of the first kind, and its
    first, Title Slide, cost 47 ms of a 50-zone deck); else the first."""
    for i, layout in enumerate(slide_layouts(prs)):
        if len(layout.placeholders) == 0:
            return i
    for i, layout in enumerate(prs.slide_masters[0].slide_layouts):
        if layout.element.get("type") == "blank" and next(layout.iter_cloneable_placeholders(), None) is None:
            return i
    return 0


def presentation_info(data: bytes, path: Path, layout_name: str | None) -> PresentationInfo:
    """What the deck takes from the presentation ``data`` (read from ``path``): its slide size, its theme's
    fonts and the layout named ``layout_name`` (None: :func:`cards_layout_index`)."""
    try:
        prs = open_presentation(data)
        layouts = slide_layouts(prs)
        width, height = prs.slide_width, prs.slide_height
        fonts = theme_fonts(prs)
    except Exception as exc:  # a damaged package: python-pptx raises KeyError, lxml errors, ...
        raise TemplateError(_("{file}: PowerPoint's file is damaged and cannot be read ({reason}); open it "
                              "in PowerPoint and save it again").format(file=path, reason=exc)) from exc
    if not layouts:
        raise TemplateError(_("{file}: the presentation has no slide layout; add one in PowerPoint "
                              "(View > Slide Master)").format(file=path))
    if layout_name is not None:
        names = [str(layout.name) for layout in layouts]
        if layout_name not in names:
            raise TemplateError(_("{file}: no slide layout named '{name}' (slide.template_layout in the layout "
                                  "file); its layouts: {names}").format(
                                      file=path, name=layout_name, names=", ".join(names)))
        index = names.index(layout_name)
    else:
        index = cards_layout_index(prs)
    if width is None or height is None:
        width, height = 9144000, 6858000  # no p:sldSz: PowerPoint's default, 10 x 7.5 in
    return PresentationInfo(int(width) / units.EMU_PER_MM, int(height) / units.EMU_PER_MM, index, *fonts)


def same_shape(width: float, height: float, other_width: float, other_height: float) -> bool:
    """Whether two sizes have the same width/height ratio (within :data:`ASPECT_TOLERANCE`)."""
    return abs((width / height) / (other_width / other_height) - 1) <= ASPECT_TOLERANCE


def extended_properties(*, slides: int | None = None, company: str = "") -> bytes:
    """``docProps/app.xml``: this tool and its version, the slide count when known, the company."""
    root = etree.Element(f"{{{EP_NS}}}Properties", nsmap={None: EP_NS})
    etree.SubElement(root, f"{{{EP_NS}}}Application").text = f"tokku-slides/{__version__}"
    if slides is not None:
        etree.SubElement(root, f"{{{EP_NS}}}Slides").text = str(slides)
    if company:
        etree.SubElement(root, f"{{{EP_NS}}}Company").text = company
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def without_thumbnail(rels: bytes) -> tuple[bytes, list[str]]:
    """The package relationships without the thumbnail's; the thumbnail part names dropped."""
    root = etree.fromstring(rels)
    dropped = []
    for rel in list(root):
        if rel.get("Type") == THUMBNAIL_REL:
            dropped.append(str(rel.get("Target", "")).lstrip("/"))
            root.remove(rel)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)), dropped


def finished_entries(package: IO[bytes], app: bytes) -> Iterator[tuple[str, bytes]]:
    """The entries (name, content) of a saved package, in its order (``[Content_Types].xml`` first),
    with ``app`` as its ``docProps/app.xml`` and no thumbnail (the template's picture of some other
    slide): read one at a time, for :func:`opc.deterministic_zip_entries` to write as they come (a 500-zone deck's
    entries held at once, and a second package of them, added 56 MB to the build's peak)."""
    with zipfile.ZipFile(package) as source:
        rels, dropped = without_thumbnail(source.read("_rels/.rels"))
        for name in opc.content_types_first(source.namelist()):
            if name in dropped:
                continue
            yield name, rels if name == "_rels/.rels" else app if name == "docProps/app.xml" else source.read(name)


PROPORTIONAL = {"BIZ UDGothic": "BIZ UDPGothic", "BIZ UDMincho": "BIZ UDPMincho"}
"""A fixed-pitch Japanese font -> its proportional sister: the heading (major) font of our default
themes, for titles someone adds in PowerPoint or Word (the cards and the report name their fonts on
every run and never use it)."""


def heading_font(font: str) -> str:
    """The heading (major) font our default themes pair with the body font ``font``."""
    return PROPORTIONAL.get(font, font)


def with_theme_fonts(theme: bytes, latin: str, east_asian: str) -> bytes:
    """A theme part (``ppt/theme/theme1.xml``, ``word/theme/theme1.xml``) with our fonts: the body
    (minor) fonts ``latin`` and ``east_asian``, the ones the text is drawn and fitted in (a layout's
    ``fonts: theme`` takes them), the heading (major) fonts :func:`heading_font` of them; in each
    collection the Japanese supplemental font (``a:font script="Jpan"``) the East Asian one too, so
    Office in Japanese picks no other (python-pptx's theme says ＭＳ Ｐゴシック there)."""
    root = etree.fromstring(theme)
    for which, faces in (("majorFont", (heading_font(latin), heading_font(east_asian))),
                         ("minorFont", (latin, east_asian))):
        font = root.find(f".//{{{A_NS}}}{which}")
        if font is None:
            continue
        for tag, face in zip(("latin", "ea"), faces, strict=True):
            node = font.find(f"{{{A_NS}}}{tag}")
            if node is not None:
                node.attrib.clear()  # the old font's panose and charset would describe another font
                node.set("typeface", face)
        for node in font.iterfind(f"{{{A_NS}}}font[@script='Jpan']"):
            node.set("typeface", faces[1])
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _scaled(value: str | None, factor: float) -> str | None:
    return None if value is None else str(round(int(value) * factor))


@lru_cache(maxsize=4)
def default_presentation(width_mm: float, height_mm: float, latin: str, east_asian: str) -> bytes:
    """Our default presentation: python-pptx's, made for ``width_mm`` x ``height_mm`` (the slide size
    without a 4:3 claim, every placeholder of the master and the layouts scaled to it), the theme's
    body fonts ``latin`` and ``east_asian`` (:func:`with_theme_fonts`), no slides, no thumbnail, this tool's app.xml,
    no python-pptx text in the core properties. The same bytes for the same arguments."""
    from pptx import Presentation

    prs = Presentation()
    opc.set_core_properties(prs.core_properties)
    buffer = io.BytesIO()
    prs.save(buffer)
    cx, cy = units.mm_to_emu(units.Mm(width_mm)), units.mm_to_emu(units.Mm(height_mm))
    with zipfile.ZipFile(buffer) as source:
        size = source.read("ppt/presentation.xml")
        root = etree.fromstring(size)
        sld = root.find(f"{{{P_NS}}}sldSz")
        assert sld is not None
        sx, sy = cx / int(sld.get("cx", "9144000")), cy / int(sld.get("cy", "6858000"))
        sld.attrib.clear()
        sld.set("cx", str(cx))
        sld.set("cy", str(cy))
        entries: dict[str, bytes] = {}
        for name in source.namelist():
            content = source.read(name)
            if name == "ppt/presentation.xml":
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif name.startswith(("ppt/slideMasters/slideMaster", "ppt/slideLayouts/slideLayout")) \
                    and name.endswith(".xml"):
                part = etree.fromstring(content)
                for node in part.iter(f"{{{A_NS}}}off", f"{{{A_NS}}}ext", f"{{{A_NS}}}chOff", f"{{{A_NS}}}chExt"):
                    for attr, factor in (("x", sx), ("cx", sx), ("y", sy), ("cy", sy)):
                        scaled = _scaled(node.get(attr), factor)
                        if scaled is not None:
                            node.set(attr, scaled)
                content = etree.tostring(part, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif name.startswith("ppt/theme/") and name.endswith(".xml"):
                content = with_theme_fonts(content, latin, east_asian)
            elif name == "docProps/app.xml":
                content = extended_properties(slides=0)
            entries[name] = content
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as target:
        for name, content in entries.items():
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)
    return opc.deterministic_zip_entries(finished_entries(out, extended_properties(slides=0)))


def reference_page(data: bytes, path: Path) -> dict[str, dict[str, float]]:
    """The first section's page size and margins of a reference document (mm), as the layout's
    ``report.page`` and ``report.margins``."""
    from docx import Document

    try:
        section = Document(io.BytesIO(data)).sections[0]
        values = {
            "page": {"width": section.page_width, "height": section.page_height},
            "margins": {"top": section.top_margin, "bottom": section.bottom_margin, "left": section.left_margin,
                        "right": section.right_margin, "header": section.header_distance,
                        "footer": section.footer_distance},
        }
    except Exception as exc:  # a damaged package: python-docx raises KeyError, lxml errors, ...
        raise TemplateError(_("{file}: Word's file is damaged and cannot be read ({reason}); open it in Word "
                              "and save it again").format(file=path, reason=exc)) from exc
    missing = [f"{group}.{key}" for group, sizes in values.items() for key, v in sizes.items() if v is None]
    if missing:
        raise TemplateError(_("{file}: the page setup does not give {keys}; set the page size and margins in "
                              "Word (Layout > Page Setup) and save it again").format(
                                  file=path, keys=", ".join(missing)))
    return {group: {key: int(v or 0) / units.EMU_PER_MM for key, v in sizes.items()} for group, sizes in values.items()}
