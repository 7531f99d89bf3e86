"""Text width for the fitting model: full-width characters are 1 em, the rest from a font's metrics.

Widths are in em (multiply by the size in pt to get pt). A character the metrics file does not list
counts as 1 em, which is never narrower than the real glyph in a Japanese font: conservative.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (our own files: fast), else the pure one."""


class FontMetrics:
    """Advance widths of one font, in em, keyed by code point."""

    def __init__(self, family: str, widths: dict[int, float]) -> None:
        self.family = family
        self._widths = widths
        self._cache: dict[str, float] = {}

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


@lru_cache(maxsize=8)
def load_metrics(path: Path) -> FontMetrics:
    """Read a metrics file written by tools/font_metrics.py (cached: read once per process)."""
    raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    widths = {int(k): float(v) for k, v in raw["widths"].items()}
    return FontMetrics(str(raw["family"]), widths)
