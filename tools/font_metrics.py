"""Write a metrics file for the text-fitting model from a real font (TrueType/OpenType).

    python tools/font_metrics.py /usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf \
        "BIZ UDGothic" layouts/metrics/biz-udgothic.yaml

(``fc-match -f '%{file}' "BIZ UDGothic"`` names the font's file.) More font files after OUT (the bold
face of the same family) make each width the widest of them all: the fitting model uses one width for
regular and bold text, so it must be the bold's where the bold is wider (a proportional face's is).
Two things are written:

- ``widths``: only characters that are not East Asian wide are listed (ASCII, Latin-1, half-width
  katakana and a few punctuation marks, ambiguous ones among them with their measured widths); the
  fitting model takes every character the file does not list (every wide one) as 1 em;
- ``cmap``: every code point the font has a glyph for (its character map, and the variation selectors
  of its format 14 subtable), as hexadecimal ranges ``first-last``; the build warns about any other
  character in a record (it would print as an empty box), with no font file needed at run time.

Needs fontTools (in the test extras; the build itself reads only the metrics file).
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

from tokku_slides.layout.measure import format_ranges

RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0xFF61, 0xFF9F), (0x2010, 0x2027)]


def covered(font: TTFont) -> set[int]:
    """The code points ``font`` maps to a glyph, with the variation selectors it knows."""
    points = set(font.getBestCmap())
    for table in font["cmap"].tables:
        if table.format == 14:
            points.update(table.uvsDict)
    return points


def advance(font: TTFont, cp: int) -> float:
    """The advance of code point ``cp`` in ``font``, in em (0 when the font has no glyph for it)."""
    cmap = font.getBestCmap()
    return font["hmtx"][cmap[cp]][0] / font["head"].unitsPerEm if cp in cmap else 0.0


def main(font_path: str, family: str, out: str, *more: str) -> None:
    font = TTFont(font_path, fontNumber=0)
    others = [TTFont(path, fontNumber=0) for path in more]
    upm = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    names = " and ".join(Path(p).name for p in (font_path, *more))
    lines = [
        f"# Advance widths in em of {family}, read from {names} by tools/font_metrics.py"
        + (" (the widest of them)." if more else "."),
        f"family: {family}",
        f"units_per_em: {upm}",
        "widths:",
    ]
    for lo, hi in RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if cp not in cmap or unicodedata.east_asian_width(ch) in ("W", "F"):
                continue
            width = max(advance(f, cp) for f in (font, *others))
            lines.append(f"  {cp:#06x}: {width:.4f}  # {unicodedata.name(ch, '?')}")
    points = covered(font)
    lines += [
        f"# The {len(points)} code points {family} has a glyph for, as hexadecimal ranges first-last: the build",
        "# warns about any other character in a record (PowerPoint would print it as an empty box).",
        "cmap: >-",
        *(f"  {line}" for line in format_ranges(points)),
    ]
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
