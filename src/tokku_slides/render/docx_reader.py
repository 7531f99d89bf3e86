"""Reading a report back: the body's paragraphs and tables as plain text, whoever wrote the file.

Word and LibreOffice re-save a report in their own XML (runs split and merged, bookmarks, proofErr,
rsid attributes, smart tags, content controls, tracked insertions): only the texts are read, a
paragraph's runs joined (its ``w:t``, tabs as a tab; line breaks inside a paragraph dropped; deleted
and moved-away text of tracked changes left out), so the comparison is with what a reader sees.
A paragraph keeps its style's name (lower case: ``heading 3``, ``figure text``) and its outline level,
by which the headings are known (a reference document's ids may differ, the names do not); a table of
contents (its ``toc N`` styles, or Word's content control of one) is left out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from docx import Document

from tokku_slides.render.xmlns import Element, qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SKIPPED = {f"{W}del", f"{W}moveFrom", MC_FALLBACK, f"{W}instrText", f"{W}delText"}
"""Elements whose text a reader does not see (tracked deletions, moved-away text, field codes)."""
CONTAINERS = {f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag", f"{W}ins", f"{W}moveTo"}
HEADING_NAME = re.compile(r"heading (\d)")


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str
    """The style's name in lower case (``heading 3``); "" without a style."""
    level: int | None
    """The outline level, 0 for a heading 1; None for body text."""
    picture: bool
    """True: the paragraph holds a picture (a chart)."""


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    """Each cell's paragraphs joined with a line break."""


Item = Paragraph | Table


def paragraph_text(p: Element) -> str:
    """What a reader sees of a paragraph: its text runs joined, tabs as ``\\t``, nothing deleted."""
    out: list[str] = []

    def walk(element: Element) -> None:
        for child in element:
            tag = child.tag
            if tag in SKIPPED or not isinstance(tag, str):
                continue
            if tag == f"{W}t":
                out.append(child.text or "")
            elif tag == f"{W}tab" and element.tag == f"{W}r":
                out.append("\t")
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _is_toc_block(sdt: Element) -> bool:
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and "contents" in str(gallery.get(qn("w:val"), "")).lower()


def _blocks(parent: Element) -> Iterator[Element]:
    """The paragraphs and tables of a body or a cell, content controls and custom XML opened."""
    for child in parent:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag == f"{W}sdt" and _is_toc_block(child):
            continue
        elif child.tag in CONTAINERS:
            yield from _blocks(child)


def _children(parent: Element, tag: str) -> Iterator[Element]:
    """The ``tag`` children of a table (w:tr) or a row (w:tc), content controls and custom XML opened."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in CONTAINERS:
            yield from _children(child, tag)


def _cell_text(cell: Element) -> str:
    return "\n".join(paragraph_text(p) for p in cell.iter(f"{W}p"))


class _Styles:
    """Paragraph styles by id: their names and outline levels (through ``w:basedOn``)."""

    def __init__(self, styles: Element | None) -> None:
        self.names: dict[str, str] = {}
        self.levels: dict[str, int | None] = {}
        self.based: dict[str, str] = {}
        for s in styles.iterfind(f"{W}style") if styles is not None else ():
            sid = str(s.get(qn("w:styleId"), ""))
            name = s.find(f"{W}name")
            self.names[sid] = str(name.get(qn("w:val"), "")).lower() if name is not None else ""
            level = s.find(f"{W}pPr/{W}outlineLvl")
            self.levels[sid] = int(str(level.get(qn("w:val")))) if level is not None else None
            based = s.find(f"{W}basedOn")
            if based is not None:
                self.based[sid] = str(based.get(qn("w:val"), ""))

    def level(self, sid: str) -> int | None:
        seen: set[str] = set()
        while sid and sid not in seen:
            seen.add(sid)
            m = HEADING_NAME.fullmatch(self.names.get(sid, ""))
            if m:
                return int(m.group(1)) - 1
            if self.levels.get(sid) is not None:
                return self.levels[sid]
            sid = self.based.get(sid, "")
        return None


def read_report(data: bytes) -> list[Item]:
    """The body of the .docx ``data`` in order: its paragraphs (the table of contents left out) and
    tables."""
    doc = Document(io.BytesIO(data))
    styles = _Styles(doc.styles.element)
    items: list[Item] = []
    for block in _blocks(doc.element.body):
        if block.tag == f"{W}tbl":
            rows = _children(block, f"{W}tr")
            items.append(Table(tuple(tuple(_cell_text(c) for c in _children(r, f"{W}tc")) for r in rows)))
            continue
        style = block.find(f"{W}pPr/{W}pStyle")
        sid = str(style.get(qn("w:val"), "")) if style is not None else ""
        name = styles.names.get(sid, "")
        if name.startswith(("toc", "contents")):
            continue
        own = block.find(f"{W}pPr/{W}outlineLvl")
        level = int(str(own.get(qn("w:val")))) if own is not None else styles.level(sid)
        if level is not None and not 0 <= level <= 8:
            level = None  # 9: body text
        picture = next(block.iter(f"{W}drawing", f"{W}pict"), None) is not None
        items.append(Paragraph(paragraph_text(block), name, level, picture))
    return items
