"""Read-back of generated decks: reopen a .pptx and summarise it as plain data (slides -> shapes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.util import Emu

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def mm(value: int) -> float:
    return round(Emu(value).mm, 1)


def shape_text(shape: Any) -> str:
    """A text shape's paragraphs joined with newlines; a table's cells row by row, tab-separated."""
    if shape.has_table:
        return "\n".join("\t".join(cell.text for cell in row.cells) for row in shape.table.rows)
    return str(shape.text_frame.text) if shape.has_text_frame else ""


def sizes(shape: Any) -> list[float]:
    """The distinct run sizes of a shape in pt, in order of appearance."""
    out: list[float] = []
    for rpr in shape._element.iter(f"{A}rPr"):
        sz = rpr.get("sz")
        if sz is not None and int(sz) / 100 not in out:
            out.append(int(sz) / 100)
    return out


def deck_summary(path: Path) -> list[dict[str, Any]]:
    """Every slide's shapes: name, box in mm (x, y, width, height), text and run sizes."""
    prs = Presentation(str(path))
    return [
        {
            "slide": number,
            "shapes": [
                {
                    "name": shape.name,
                    "box_mm": [mm(shape.left), mm(shape.top), mm(shape.width), mm(shape.height)],
                    "text": shape_text(shape),
                    "sizes_pt": sizes(shape),
                }
                for shape in slide.shapes
            ],
        }
        for number, slide in enumerate(prs.slides, start=1)
    ]


def flat(text: str) -> str:
    """Text without any white space, for comparing across line breaks."""
    return "".join(text.split())


def zone_cards(summary: list[dict[str, Any]], zone_name: str) -> list[dict[str, Any]]:
    """The slides of one zone (its card and continuation cards), found by the title shape."""
    return [
        s for s in summary
        if any(sh["name"] == "title" and sh["text"].startswith(zone_name) for sh in s["shapes"])
    ]


def shapes_named(slides: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [sh for s in slides for sh in s["shapes"] if sh["name"] == name]
