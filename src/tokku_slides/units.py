"""Lengths as types, and every conversion between them: the one place that knows the factors.

The layout file gives lengths in millimetres (:data:`Mm`) and font sizes in points (:data:`Pt`);
the fitting model measures text in points; DrawingML (the deck) counts English Metric Units
(:data:`Emu`), WordprocessingML (the report) twentieths of a point (:data:`Twips`), half-points for
font sizes and eighths of a point for borders; matplotlib sizes figures in inches. Under the strict
mypy the project runs, a plain ``float`` is not accepted where an ``Mm`` or a ``Pt`` is expected, so a
length in the wrong unit is a type error, not a misplaced box.
"""

from __future__ import annotations

from typing import NewType

Mm = NewType("Mm", float)
"""A length in millimetres (the layout file's unit for positions and sizes of boxes)."""
Pt = NewType("Pt", float)
"""A length in points, 1/72 inch (font sizes, line pitch, text widths, rules)."""
Emu = NewType("Emu", int)
"""English Metric Units, DrawingML's integer length: 36,000 a millimetre, 12,700 a point."""
Twips = NewType("Twips", int)
"""Twentieths of a point, WordprocessingML's integer length for page, table and tab positions."""

MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
PT_PER_MM = PT_PER_INCH / MM_PER_INCH
MM_PER_PT = MM_PER_INCH / PT_PER_INCH
EMU_PER_MM = 36_000
EMU_PER_PT = 12_700
TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / MM_PER_INCH


def mm_to_pt(length: Mm) -> Pt:
    return Pt(length * PT_PER_MM)


def pt_to_mm(length: Pt) -> Mm:
    return Mm(length / PT_PER_MM)


def mm_to_emu(length: Mm) -> Emu:
    """Whole EMU, rounded to the nearest."""
    return Emu(round(length * EMU_PER_MM))


def pt_to_emu(length: Pt) -> Emu:
    """Whole EMU, rounded to the nearest."""
    return Emu(round(length * EMU_PER_PT))


def mm_to_twips(length: Mm) -> Twips:
    """Whole twips, rounded to the nearest."""
    return Twips(round(length * TWIPS_PER_MM))


def mm_to_inch(length: Mm) -> float:
    return length / MM_PER_INCH


def inch_to_mm(length: float) -> Mm:
    return Mm(length * MM_PER_INCH)


def half_points(size: Pt) -> int:
    """A font size as WordprocessingML's ``w:sz``: whole half-points."""
    return round(size * 2)


def hundredths(size: Pt) -> int:
    """A font size as DrawingML's ``sz``: whole hundredths of a point."""
    return round(size * 100)


def eighths(width: Pt) -> int:
    """A border width as WordprocessingML's ``w:sz``: whole eighths of a point."""
    return round(width * 8)
