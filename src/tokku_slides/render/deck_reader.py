"""Reading a deck back: every slide's text shapes and tables as plain text, whoever wrote the file.

PowerPoint and LibreOffice re-save a deck in their own XML (runs split and merged, other attributes,
group shapes): only the texts are read, paragraph by paragraph (the runs of a paragraph joined, line
breaks inside a paragraph dropped), so the comparison is with what a reader sees.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pptx import Presentation

from tokku_slides.render.xmlns import Element

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


@dataclass(frozen=True)
class ShapeText:
    """A text shape: its name (ours: the block's role; a re-saved or hand-made one: anything) and paragraphs."""

    name: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class TableText:
    name: str
    rows: tuple[tuple[str, ...], ...]
    """Each cell's paragraphs joined with a line break."""


@dataclass(frozen=True)
class SlideText:
    number: int
    """1-based, in the file's order."""
    texts: tuple[ShapeText, ...]
    tables: tuple[TableText, ...]


def paragraph_text(p: Element) -> str:
    """A paragraph's text: its runs and fields joined; line breaks (a:br) dropped."""
    return "".join(t.text or "" for t in p.iter(f"{A}t"))


def _paragraphs(body: Element) -> tuple[str, ...]:
    return tuple(paragraph_text(p) for p in body.iter(f"{A}p"))


def _shapes(shapes: Any) -> Iterator[Any]:
    for shape in shapes:
        if shape.shape_type is not None and getattr(shape, "shapes", None) is not None and not shape.has_text_frame:
            yield from _shapes(shape.shapes)  # a group
        else:
            yield shape


def read_deck(data: bytes) -> list[SlideText]:
    """Every slide of the .pptx ``data``: its text shapes and its tables, in the shapes' order."""
    prs = Presentation(io.BytesIO(data))
    slides = []
    for number, slide in enumerate(prs.slides, start=1):
        texts: list[ShapeText] = []
        tables: list[TableText] = []
        for shape in _shapes(slide.shapes):
            # the shape's XML through python-pptx's public ``element``: a:tbl/a:tr/a:tc, p:sp/p:txBody
            if getattr(shape, "has_table", False) and shape.has_table:
                rows = tuple(tuple("\n".join(_paragraphs(tc)) for tc in tr.iterchildren(f"{A}tc"))
                             for tr in shape.element.iter(f"{A}tr"))
                tables.append(TableText(shape.name, rows))
            elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
                body = shape.element.find(f"{P}txBody")
                texts.append(ShapeText(shape.name, _paragraphs(body) if body is not None else ()))
        slides.append(SlideText(number, tuple(texts), tuple(tables)))
    return slides
