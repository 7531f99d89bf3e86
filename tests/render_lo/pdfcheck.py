"""Reading a rendered PDF box by box against the deck it came from.

The boxes come from the .pptx (python-pptx): every text shape's rectangle and every table cell's,
converted from EMU to PDF points (1 pt = 12700 EMU; pdfplumber's ``top`` runs down from the page's
top edge, like the slide's ``y``). A glyph belongs to the box whose rectangle holds its centre.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pdfplumber
from pptx import Presentation

from tokku_slides.units import EMU_PER_PT

TOLERANCE_PT = 2.0
"""How far a glyph's box may reach past its shape's rectangle (anti-aliasing, rounding to twips)."""


@dataclass(frozen=True)
class Box:
    """A shape's rectangle (a table cell's, for tables) in pt from the slide's top left, and its text."""

    name: str
    """The shape's name (``kpis``, ``remarks``, ...); a cell is ``score_table[row,column]``."""
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    """The text the .pptx puts in the box (paragraphs joined by newlines)."""

    def holds_centre(self, char: dict[str, Any]) -> bool:
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        return self.x0 <= cx <= self.x1 and self.top <= cy <= self.bottom

    def overflow(self, char: dict[str, Any]) -> float:
        """How far (pt) the glyph's box reaches past this rectangle on its worst side; negative
        when it stays inside (by that much)."""
        return float(max(self.x0 - char["x0"], char["x1"] - self.x1,
                         self.top - char["top"], char["bottom"] - self.bottom))


@dataclass
class Slide:
    number: int
    width: float
    height: float
    boxes: list[Box]

    def box(self, name: str) -> Box:
        return next(b for b in self.boxes if b.name == name)


def _pt(emu: int) -> float:
    return emu / EMU_PER_PT


def _text(shape: Any) -> str:
    return str(shape.text_frame.text) if shape.has_text_frame else ""


def deck_boxes(pptx: Path) -> list[Slide]:
    """Every slide's boxes: text shapes, and one box per table cell."""
    prs = Presentation(str(pptx))
    width, height = _pt(prs.slide_width), _pt(prs.slide_height)
    slides = []
    for number, slide in enumerate(prs.slides, start=1):
        boxes: list[Box] = []
        for shape in slide.shapes:
            x, y = _pt(shape.left), _pt(shape.top)
            if shape.has_table:
                table = shape.table
                widths = [_pt(c.width) for c in table.columns]
                heights = [_pt(r.height) for r in table.rows]
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        left = x + sum(widths[:c])
                        top = y + sum(heights[:r])
                        boxes.append(Box(f"{shape.name}[{r},{c}]", left, top, left + widths[c],
                                         top + heights[r], str(cell.text)))
            else:
                boxes.append(Box(shape.name, x, y, x + _pt(shape.width), y + _pt(shape.height), _text(shape)))
        slides.append(Slide(number, width, height, boxes))
    return slides


def flat(text: str) -> str:
    """Text without any white space (line breaks fall where the renderer chose)."""
    return "".join(text.split())


def ink(chars: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The glyphs that leave ink: no spaces."""
    return [c for c in chars if c["text"].strip()]


def owner(boxes: list[Box], char: dict[str, Any]) -> Box | None:
    """The box whose rectangle holds the glyph's centre (the smallest, if rectangles overlap)."""
    holding = [b for b in boxes if b.holds_centre(char)]
    return min(holding, key=lambda b: (b.x1 - b.x0) * (b.bottom - b.top)) if holding else None


@dataclass(frozen=True)
class PdfPage:
    """A PDF page's size in pt and its glyphs (pdfplumber chars: x0, x1, top, bottom, text, size,
    fontname), read once per file."""

    width: float
    height: float
    chars: tuple[dict[str, Any], ...]


@lru_cache(maxsize=16)
def pdf_pages(pdf_path: Path) -> tuple[PdfPage, ...]:
    with pdfplumber.open(str(pdf_path)) as pdf:
        return tuple(PdfPage(float(p.width), float(p.height), tuple(p.chars)) for p in pdf.pages)


def read_box(page: PdfPage, box: Box) -> str:
    """The text of one box: the page cropped to the box's rectangle (the glyphs whose centre is
    inside it), extracted line by line, so neighbouring columns never interleave."""
    return str(pdfplumber.utils.extract_text([c for c in page.chars if box.holds_centre(c)]) or "")


@dataclass
class Problem:
    slide: int
    box: str
    message: str

    def __str__(self) -> str:
        return f"slide {self.slide}: {self.box}: {self.message}"


@dataclass
class Check:
    """What the check found: problems (empty when the deck renders clean) and measurements in pt."""

    problems: list[Problem] = field(default_factory=list)
    max_overflow: float = float("-inf")
    """The worst glyph's reach past its box (negative: every glyph stays that far inside)."""
    worst: str = ""
    glyphs: int = 0

    def __bool__(self) -> bool:
        return not self.problems


def check_deck(pdf_path: Path, pptx_path: Path, tolerance: float = TOLERANCE_PT) -> Check:
    """Every glyph of every page inside the rectangle of the box that holds it (within ``tolerance``
    pt), no glyph outside every box, and each box holding exactly its own text."""
    slides = deck_boxes(pptx_path)
    pages = pdf_pages(pdf_path)
    check = Check()
    if len(pages) != len(slides):
        check.problems.append(Problem(0, "deck", f"{len(pages)} PDF pages for {len(slides)} slides"))
    for slide, page in zip(slides, pages, strict=False):
        if abs(page.width - slide.width) > 0.5 or abs(page.height - slide.height) > 0.5:
            check.problems.append(Problem(slide.number, "page", f"PDF page {page.width:.1f}x{page.height:.1f} "
                                                               f"pt, slide {slide.width:.1f}x{slide.height:.1f}"))
        check_page(page, slide, tolerance, check)
    return check


def check_page(page: PdfPage, slide: Slide, tolerance: float, check: Check) -> None:
    for char in ink(page.chars):
        check.glyphs += 1
        box = owner(slide.boxes, char)
        where = f"{char['text']!r} at x {char['x0']:.1f}-{char['x1']:.1f}, y {char['top']:.1f}-{char['bottom']:.1f} pt"
        if box is None:
            check.problems.append(Problem(slide.number, "-", f"glyph in no box: {where}"))
            continue
        reach = box.overflow(char)
        if reach > check.max_overflow:
            check.max_overflow = reach
            check.worst = f"slide {slide.number}: {box.name}: {where}"
        if reach > tolerance:
            check.problems.append(Problem(slide.number, box.name, f"glyph {reach:.1f} pt outside its box: {where}"))
    for box in slide.boxes:
        got, want = flat(read_box(page, box)), flat(box.text)
        if normalise(got) != normalise(want):
            message = f"holds {short(got)}, the deck put {short(want)} there"
            check.problems.append(Problem(slide.number, box.name, message))


def short(text: str, keep: int = 24) -> str:
    """A long text for a message: its start and its end."""
    return repr(text) if len(text) <= 2 * keep else f"{text[:keep]!r}…{text[-keep:]!r} ({len(text)} chars)"


def normalise(text: str) -> str:
    """Text as compared: NFC (a PDF's text layer may give a composed or decomposed kana)."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=8)
def page_texts(pdf_path: Path, pptx_path: Path) -> list[dict[str, str]]:
    """Every slide's boxes as read from the PDF: ``{box name: text}`` (read once per file pair)."""
    slides = deck_boxes(pptx_path)
    return [{b.name: read_box(page, b) for b in slide.boxes} for slide, page in zip(slides, pdf_pages(pdf_path),
                                                                                      strict=True)]


# -- the fitting model against the renderer, line by line ---------------------------------------------

@dataclass(frozen=True)
class DrawnLine:
    """One line as the renderer drew it: its text (with the spaces of the deck's text) and its extent."""

    slide: int
    box: str
    paragraph: int
    """Which paragraph of the box (0 = the first) the line belongs to."""
    text: str
    size: float
    """The nominal size in pt (the PDF's size rounded to the layout's 0.5 pt steps)."""
    width: float
    """pt from the first glyph's left edge to the last glyph's right edge."""


def drawn_lines(pdf_path: Path, pptx_path: Path) -> list[DrawnLine]:
    """Every line of every box, as drawn: glyphs grouped by their top edge (within 1 pt). A line's
    text is cut from the box's own text (the PDF has no spaces), so boxes whose glyphs differ from
    their text are left out (check_deck reports those)."""
    slides = deck_boxes(pptx_path)
    out: list[DrawnLine] = []
    for slide, page in zip(slides, pdf_pages(pdf_path), strict=True):
        owned: dict[str, list[dict[str, Any]]] = {}
        for c in ink(page.chars):
            holder = owner(slide.boxes, c)
            if holder is not None:
                owned.setdefault(holder.name, []).append(c)
        for box in slide.boxes:
            mine = sorted(owned.get(box.name, []), key=lambda c: (c["top"], c["x0"]))
            rows: list[list[dict[str, Any]]] = []
            for c in mine:
                if rows and abs(rows[-1][0]["top"] - c["top"]) <= 1.0:
                    rows[-1].append(c)
                else:
                    rows.append([c])
            for row in rows:
                row.sort(key=lambda c: c["x0"])
            positions = [i for i, ch in enumerate(box.text) if not ch.isspace()]
            drawn = "".join(c["text"] for row in rows for c in row)
            if normalise(drawn) != normalise("".join(box.text[i] for i in positions)):
                continue
            k = 0
            for row in rows:
                text = box.text[positions[k]: positions[k + len(row) - 1] + 1]
                paragraph = box.text[:positions[k]].count("\n")
                k += len(row)
                sizes = {round(c["size"] * 2) / 2 for c in row}
                if len(sizes) == 1:
                    width = row[-1]["x1"] - row[0]["x0"]
                    out.append(DrawnLine(slide.number, box.name, paragraph, text, sizes.pop(), width))
    return out
