"""Warning 3: a character of a record that the layout's font has no glyph for.

PowerPoint and Word would print it as an empty box (□). The font's code points come from the layout's
metrics file (``cmap``, written from the font by tools/font_metrics.py), so no font file is read at
run time and every machine gives the same answer. A metrics file without ``cmap`` (an older or
hand-made one) checks nothing.
"""

from __future__ import annotations

import unicodedata

from tokku_slides.i18n import _
from tokku_slides.layout.measure import FontMetrics, load_faces
from tokku_slides.layout.spec import Layout
from tokku_slides.model.checks import printed_texts, warning
from tokku_slides.model.errors import InputError
from tokku_slides.model.records import Year

INVISIBLE = ("Cc", "Cf")
"""Line breaks and format characters (zero-width joiners, ...): no glyph is drawn for them."""


def glyph_warnings(year: Year, layout: Layout) -> list[InputError]:
    """A warning at each character of the year's printed texts that the layout's font lacks."""
    return missing_glyphs(year, load_faces(layout.metrics_path, layout.latin_metrics_path))


def missing_glyphs(year: Year, metrics: FontMetrics) -> list[InputError]:
    if not metrics.knows_coverage:
        return []
    found = []
    for text in printed_texts(year):
        for index, ch in enumerate(text.raw):
            if metrics.has_glyph(ch) or unicodedata.category(ch) in INVISIBLE:
                continue
            message = _("{char} (U+{code}) is not in the font {font}: PowerPoint and Word would print an empty "
                        "box; write a character the font has (for a rare kanji, its common form)")
            found.append(warning(text, index, message.format(char=ch, code=f"{ord(ch):04X}",
                                                             font=metrics.family_of(ch)), ch))
    return found
