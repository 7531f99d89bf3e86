"""Text width for the fitting model: full-width characters are 1 em, the rest from a font's metrics.

Widths are in em (multiply by the size in pt to get pt). A character the metrics file does not list
counts as 1 em, which is never narrower than the real glyph in a Japanese font: conservative.

A card's text is drawn in two faces (layouts/card.yaml ``fonts``): the characters of
:func:`latin_face` (half-width letters, digits, punctuation, spaces: ASCII and Latin-1) in the Latin
face (BIZ UDPGothic, proportional), every other character in the East Asian face (BIZ UDGothic);
:class:`FaceMetrics` measures each character with the face that draws it, as the deck writes it
(render/pptx_deck.py splits every paragraph into runs of one face).

The metrics file also lists the code points the font has a glyph for (``cmap``, ranges written by
tools/font_metrics.py), so a character that would print as an empty box is found without the font
file (layout/glyphs.py): the same answer on every machine.
"""

from __future__ import annotations

import bisect
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (our own files: fast), else the pure one."""


class FontMetrics:
    """Advance widths of one font, in em, keyed by code point."""

    def __init__(
        self, family: str, widths: dict[int, float], coverage: list[tuple[int, int]] | None = None
    ) -> None:
        self.family = family
        self._widths = widths
        self._cache: dict[str, float] = {}
        self._firsts = [first for first, _last in coverage] if coverage is not None else None
        self._lasts = [last for _first, last in coverage] if coverage is not None else []

    @property
    def knows_coverage(self) -> bool:
        """Whether the metrics file lists the font's code points (``cmap``)."""
        return self._firsts is not None

    def has_glyph(self, ch: str) -> bool:
        """Whether the font has a glyph for ``ch`` (True when the metrics file does not say)."""
        if self._firsts is None:
            return True
        cp = ord(ch)
        i = bisect.bisect_right(self._firsts, cp) - 1
        return i >= 0 and cp <= self._lasts[i]

    def family_of(self, ch: str) -> str:
        """The font that draws ``ch``."""
        return self.family

    def char_em(self, ch: str) -> float:
        """The advance of one character in em (0 for control characters)."""
        cached = self._cache.get(ch)
        if cached is not None:
            return cached
        cp = ord(ch)
        if cp in self._widths:
            width = self._widths[cp]
        elif unicodedata.category(ch) in ("Cc", "Cf", "Mn", "Me"):
            width = 0.0
        else:
            width = 1.0
        self._cache[ch] = width
        return width

    def text_em(self, text: str) -> float:
        """The advance of a string in em."""
        return sum(self.char_em(ch) for ch in text)


def latin_face(ch: str) -> bool:
    """Whether ``ch`` is drawn in the Latin face: printable ASCII (the space too) and Latin-1
    (U+00A0-U+00FF). Everything else, full-width forms such as ％ and （ included, is the East Asian
    face's."""
    return 0x20 <= ord(ch) <= 0x7E or 0xA0 <= ord(ch) <= 0xFF


def face_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut where the face changes: (piece, True for the Latin face), in order."""
    runs: list[tuple[str, bool]] = []
    for ch in text:
        latin = latin_face(ch)
        if runs and runs[-1][1] == latin:
            runs[-1] = (runs[-1][0] + ch, latin)
        else:
            runs.append((ch, latin))
    return runs


class FaceMetrics(FontMetrics):
    """The widths of text drawn in two faces: the characters of :func:`latin_face` measured with
    ``latin``, every other with ``east_asian`` (and the glyphs asked of the face that draws them)."""

    def __init__(self, east_asian: FontMetrics, latin: FontMetrics) -> None:
        super().__init__(east_asian.family, {})
        self.east_asian = east_asian
        self.latin = latin

    @property
    def knows_coverage(self) -> bool:
        return self.east_asian.knows_coverage

    def face(self, ch: str) -> FontMetrics:
        """The metrics of the face that draws ``ch``."""
        return self.latin if latin_face(ch) else self.east_asian

    def has_glyph(self, ch: str) -> bool:
        return self.face(ch).has_glyph(ch)

    def family_of(self, ch: str) -> str:
        return self.face(ch).family

    def char_em(self, ch: str) -> float:
        return self.face(ch).char_em(ch)


@lru_cache(maxsize=8)
def load_faces(east_asian: Path, latin: Path | None) -> FontMetrics:
    """The fitting model's metrics: of the East Asian face alone when the layout names no metrics
    for its Latin face (one face draws everything), else :class:`FaceMetrics` of both."""
    ea = load_metrics(east_asian)
    return ea if latin is None else FaceMetrics(ea, load_metrics(latin))


@lru_cache(maxsize=8)
def load_metrics(path: Path) -> FontMetrics:
    """Read a metrics file written by tools/font_metrics.py (cached: read once per process)."""
    raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    widths = {int(k): float(v) for k, v in raw["widths"].items()}
    cmap = raw.get("cmap")
    return FontMetrics(str(raw["family"]), widths, None if cmap is None else parse_ranges(str(cmap)))


def parse_ranges(text: str) -> list[tuple[int, int]]:
    """``"20-7e a0 3000-30ff"`` (hexadecimal code points and ranges, ascending) as (first, last) pairs."""
    ranges = []
    for part in text.split():
        first, _dash, last = part.partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return sorted(ranges)


def format_ranges(code_points: set[int], per_line: int = 12) -> list[str]:
    """The inverse of :func:`parse_ranges`: ascending ranges, ``per_line`` to a line."""
    ranges: list[list[int]] = []
    for cp in sorted(code_points):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = [f"{a:x}" if a == b else f"{a:x}-{b:x}" for a, b in ranges]
    return [" ".join(parts[i:i + per_line]) for i in range(0, len(parts), per_line)]
