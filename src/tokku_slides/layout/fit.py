"""Japanese line breaking with kinsoku, shrink-to-fit, and splitting a block across cards.

All lengths here are points (:data:`~tokku_slides.units.Pt`). A block is a list of
:class:`Paragraph`; fitting finds the largest size (from the style's size down to its min_size, in
steps) at which every line fits the box, and when none does, the block is split into chunks that
each fit at the smallest size.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, replace
from functools import lru_cache

from tokku_slides.layout.measure import FontMetrics
from tokku_slides.units import Pt

NO_LINE_START = frozenset(
    "、。，．,.）)］]｝}〕〉》」』】〙〗〟’”｠»"
    "ゝゞヽヾ々〻ーｰ‐゠–〜～・･：:；;？?！!‼⁇⁈⁉％%"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ｧｨｩｪｫｯｬｭｮ｡｣､"
)
"""Characters no line may start with (closing brackets, punctuation, small kana, the long vowel mark)."""
NO_LINE_END = frozenset("（(［[｛{〔〈《「『【〘〖〝‘“｟«｢")
"""Characters no line may end with (opening brackets)."""

# What a renderer adds to the font's advance widths, measured in LibreOffice 7.4's PDFs of our decks
# (tests/render_lo): the model counts it, so that it stays conservative.
SCRIPT_GAP_EM = 0.0
"""Space a renderer puts between East Asian and Latin text, counted once per boundary. LibreOffice's
automatic spacing ("Apply spacing between Asian and non-Asian text", 0.23-0.25 em at あ|1, 1|％, （|K)
is off in the PDFs we make (render/pdf.py converts the deck with a profile whose locale turns it off)
and PowerPoint has none in DrawingML: 0, measured by tests/render_lo/test_cards_render.py."""
GLYPH_ROUNDING_PT = 0.1
"""pt a glyph's advance may grow when the renderer rounds it to its device grid (measured up to
0.085 pt per glyph at 7-17 pt): counted for every character."""


def _east_asian(ch: str) -> bool:
    """CJK ideographs, kana, CJK punctuation and full-width forms (including the ideographic space)."""
    cp = ord(ch)
    return 0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFE30 <= cp <= 0xFE4F or 0xFF00 <= cp <= 0xFFEF \
        or cp >= 0x20000


def _script_gap(before: str, after: str) -> bool:
    """True when the renderer may put a gap between these two neighbours: one is East Asian and the
    other is not. A half-width space counts as Latin (LibreOffice puts the gap in "Tokyo など" on
    both sides of the space), and symbols such as Ⅰ or ○ count as not East Asian: more gaps than the
    renderer makes is the safe side."""
    return _east_asian(before) != _east_asian(after)


def _advance(em: float, chars: int, size: Pt) -> float:
    """pt the model gives ``chars`` characters of ``em`` em in all at ``size`` pt (with rounding)."""
    return em * size + GLYPH_ROUNDING_PT * chars


def line_width(text: str, size: Pt, metrics: FontMetrics) -> Pt:
    """pt the model gives ``text`` on one line at ``size`` pt: what the line breaker itself counts
    (advances, per-glyph rounding, a script gap at every East Asian/Latin boundary)."""
    return Pt(sum(width for _line, width in _break_piece(text, Pt(math.inf), Pt(math.inf), size, metrics)))


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a block.

    ``hanging`` True indents every line after the first by 1 em (bullets ``・`` hang);
    ``indent`` True indents every line by 1 em (the rest of a bullet split across cards).
    ``space_before`` in lines of the block's size.
    """

    text: str
    bold: bool = False
    align: str = "left"
    hanging: bool = False
    indent: bool = False
    space_before: float = 0.0
    scale: float = 1.0
    """This paragraph's size relative to the block's (the large Ⅰ above its label)."""


@dataclass(frozen=True)
class FitSettings:
    """What fitting needs of the layout: all in pt, except ``safety_em`` and ``line_spacing``."""

    width: Pt
    """The text's width: the box's less its insets."""
    height: Pt
    """The text's height: the box's less its insets."""
    size: Pt
    min_size: Pt
    step: Pt
    line_spacing: float
    """Line pitch as a multiple of the size."""
    safety_em: float
    """em kept free on every line."""


@dataclass(frozen=True)
class FittedBlock:
    """A block ready to draw: its paragraphs, their lines as the model breaks them, the size in pt."""

    paragraphs: tuple[Paragraph, ...]
    lines: tuple[tuple[str, ...], ...]
    size: Pt
    height: Pt
    """The text's height in pt at ``size`` (line pitch times lines, plus paragraph spacing)."""

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


def _units(text: str) -> list[str]:
    """Break opportunities: a run of half-width letters/digits (a word) stays whole, every other
    character stands alone; a space ends a unit."""
    units: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in "-_./:@#&=+?~'\"%,;!()[]{}<>*$"):
            word += ch
            continue
        if word:
            units.append(word)
            word = ""
        units.append(ch)
    if word:
        units.append(word)
    return units


def _word_pieces(word: str) -> list[str]:
    """A half-width word cut after each ``/`` or ``-`` that is followed by a letter: the breaks a
    renderer's line breaker (ICU, UAX #14) allows inside a URL or a hyphenated word (none between
    ``//``, none in ``1/2`` or ``2-3``)."""
    pieces: list[str] = []
    start = 0
    for i, ch in enumerate(word[:-1]):
        if ch in "/-" and word[i + 1].isalpha():
            pieces.append(word[start:i + 1])
            start = i + 1
    pieces.append(word[start:])
    return pieces


def break_lines(text: str, first_width: Pt, rest_width: Pt, size: Pt, metrics: FontMetrics) -> list[str]:
    """Lines of ``text`` as a renderer would wrap it, widths in pt at ``size`` pt.

    Japanese breaks between any two characters, except that no line starts with a character of
    NO_LINE_START and none ends with one of NO_LINE_END; a half-width word breaks only when it is
    longer than a line. Explicit line breaks (``\\n``) are kept.
    """
    lines: list[str] = []
    for hard_index, piece in enumerate(text.split("\n")):
        width = first_width if hard_index == 0 and not lines else rest_width
        lines.extend(line for line, _width in _break_piece(piece, width, rest_width, size, metrics))
    return lines or [""]


@lru_cache(maxsize=16384)
def _prepared(text: str, metrics: FontMetrics) -> tuple[list[str], list[float], list[int], list[bool]]:
    """The break units of ``text`` with what measuring them needs at any size: the advance in em,
    the number of characters, and whether a script gap separates the unit from the one before."""
    units = _units(text)
    ems = [metrics.text_em(u) for u in units]
    lens = [len(u) for u in units]
    gaps = [i > 0 and bool(u) and _script_gap(units[i - 1][-1], u[0]) for i, u in enumerate(units)]
    return units, ems, lens, gaps


def _break_piece(
    text: str, first_width: Pt, rest_width: Pt, size: Pt, metrics: FontMetrics
) -> list[tuple[str, float]]:
    """The lines of one piece of text without hard breaks, each with the width in pt the model counts
    for it (trailing spaces included: they hang in the margin)."""
    units, ems, lens, gaps = _prepared(text, metrics)
    widths = [_advance(e, n, size) for e, n in zip(ems, lens, strict=True)]
    fresh: set[int] = set()
    """Units that start a line of their own: the first character of a piece too long for any line."""
    if any(n > 1 and w > rest_width for n, w in zip(lens, widths, strict=True)):
        # a word longer than a line breaks after a slash or hyphen (as LibreOffice does in a URL);
        # a piece still longer than a line moves to a line of its own and breaks between characters
        exploded: list[str] = []
        for unit, n, w in zip(units, lens, widths, strict=True):
            if not (n > 1 and w > rest_width):
                exploded.append(unit)
                continue
            for piece in _word_pieces(unit):
                if len(piece) > 1 and _advance(metrics.text_em(piece), len(piece), size) > rest_width:
                    fresh.add(len(exploded))
                    exploded.extend(piece)
                else:
                    exploded.append(piece)
        units = exploded
        widths = [_advance(metrics.text_em(u), len(u), size) for u in units]
        gaps = [i > 0 and bool(u) and _script_gap(units[i - 1][-1], u[0]) for i, u in enumerate(units)]
    gap_width = SCRIPT_GAP_EM * size
    count = len(units)
    lines: list[tuple[str, float]] = []
    start = 0
    width = first_width
    while start < count:
        used = 0.0
        end = start
        while end < count:
            if end > start and end in fresh:
                break
            w = widths[end] + (gap_width if end > start and gaps[end] else 0.0)
            # trailing spaces hang in the margin: they never force a break
            if used + w > width and units[end] != " ":
                break
            used += w
            end += 1
        if end >= count:
            lines.append(("".join(units[start:]), used))
            break
        if end == start:  # one unit wider than the line: it stands alone
            end = start + 1
        else:
            b = end
            while b > start + 1 and (units[b][0] in NO_LINE_START or units[b - 1][-1] in NO_LINE_END):
                b -= 1
            if b > start + 1 or not (units[end][0] in NO_LINE_START or units[end - 1][-1] in NO_LINE_END):
                end = b
        lines.append(("".join(units[start:end]).rstrip(" "), _used(widths, gaps, gap_width, start, end)))
        start = end
        while start < count and units[start] == " ":
            start += 1
        width = rest_width
    return lines or [("", 0.0)]


def _used(widths: list[float], gaps: list[bool], gap_width: float, start: int, end: int) -> float:
    """pt of units ``start`` to ``end`` on one line: their widths, and a gap before each but the first."""
    return sum(widths[start:end]) + gap_width * sum(1 for i in range(start + 1, end) if gaps[i])


def paragraph_lines(p: Paragraph, width: Pt, size: Pt, metrics: FontMetrics, safety_em: float) -> list[str]:
    """The model's lines of one paragraph in a box ``width`` pt wide (insets already taken off)."""
    size = Pt(size * p.scale)
    usable = width - safety_em * size
    first = Pt(usable - (size if p.indent else 0.0))
    rest = Pt(usable - (size if (p.hanging or p.indent) else 0.0))
    return break_lines(p.text, first, rest, size, metrics)


def block_height(paragraphs: tuple[Paragraph, ...], lines: list[list[str]], size: Pt, line_spacing: float) -> Pt:
    pitch = size * line_spacing
    total = 0.0
    for i, (p, ls) in enumerate(zip(paragraphs, lines, strict=True)):
        if i > 0:
            total += p.space_before * pitch
        total += len(ls) * pitch * p.scale
    return Pt(total)


def lay_out(paragraphs: tuple[Paragraph, ...], size: Pt, s: FitSettings, metrics: FontMetrics) -> FittedBlock:
    """The block at one size, whether it fits or not."""
    lines = [paragraph_lines(p, s.width, size, metrics, s.safety_em) for p in paragraphs]
    height = block_height(paragraphs, lines, size, s.line_spacing)
    return FittedBlock(paragraphs, tuple(tuple(ls) for ls in lines), size, height)


def sizes(s: FitSettings) -> list[Pt]:
    """The sizes tried, largest first: size, size - step, ..., min_size."""
    out: list[Pt] = []
    size: float = s.size
    while size > s.min_size + 1e-9:
        out.append(Pt(round(size, 2)))
        size -= s.step
    out.append(s.min_size)
    return out


def fit(paragraphs: tuple[Paragraph, ...], s: FitSettings, metrics: FontMetrics) -> FittedBlock | None:
    """The block at the largest size whose height fits ``s.height``, or None if even min_size does not."""
    for size in sizes(s):
        block = lay_out(paragraphs, size, s, metrics)
        if block.height <= s.height + 1e-6:
            return block
    return None


def split(paragraphs: tuple[Paragraph, ...], s: FitSettings, metrics: FontMetrics) -> list[FittedBlock]:
    """The block cut into as few chunks as at min_size, at the largest size that needs no more.

    A block that continues on a second card is not left at the smallest size when a larger one
    still needs only two cards.
    """
    fewest = split_at(paragraphs, s, metrics, s.min_size)
    for size in sizes(s)[:-1]:
        chunks = split_at(paragraphs, s, metrics, size)
        if len(chunks) <= len(fewest):
            return chunks
    return fewest


def split_at(paragraphs: tuple[Paragraph, ...], s: FitSettings, metrics: FontMetrics, size: Pt) -> list[FittedBlock]:
    """The block at ``size`` pt, cut into chunks that each fit ``s.height``.

    Cuts fall between paragraphs where possible; a paragraph taller than a whole box is cut between
    lines, and its remainder continues as an indented paragraph (no second bullet). Joining the
    chunks' texts gives back every character of the input.
    """
    pitch = size * s.line_spacing
    chunks: list[list[Paragraph]] = [[]]
    used = 0.0
    # each entry: a paragraph and, for the rest of a cut paragraph, its lines already broken (the rest
    # starts on a line boundary and keeps the indent, so its lines are the remaining ones: no re-break)
    queue: deque[tuple[Paragraph, list[str] | None]] = deque((p, None) for p in paragraphs)
    while queue:
        p, known = queue.popleft()
        lines = known if known is not None else paragraph_lines(p, s.width, size, metrics, s.safety_em)
        gap = p.space_before * pitch if chunks[-1] else 0.0
        need = gap + len(lines) * pitch * p.scale
        if used + need <= s.height + 1e-6:
            chunks[-1].append(p)
            used += need
            continue
        room = int((s.height + 1e-6 - used - gap) // pitch)
        if room >= 1 and (not chunks[-1] or len(lines) * pitch > s.height):
            head, rest = _cut_after_lines(p.text, lines, room)
            chunks[-1].append(replace(p, text=head))
            rest_paragraph = Paragraph(rest, p.bold, p.align, False, p.hanging or p.indent, 0.0, p.scale)
            queue.appendleft((rest_paragraph, lines[room:]))
            chunks.append([])
            used = 0.0
            continue
        if not chunks[-1]:
            # not even one line fits an empty box: nothing can be done at this size
            raise ValueError("box is lower than one line")
        chunks.append([])
        used = 0.0
        queue.appendleft((p, lines))
    return [lay_out(tuple(c), size, s, metrics) for c in chunks if c]


def _cut_after_lines(text: str, lines: list[str], count: int) -> tuple[str, str]:
    """Cut ``text`` after its first ``count`` lines; the white space at the cut is the line break."""
    wanted = sum(1 for line in lines[:count] for ch in line if not ch.isspace())
    seen = 0
    index = 0
    while index < len(text) and seen < wanted:
        if not text[index].isspace():
            seen += 1
        index += 1
    return text[:index].rstrip(), text[index:].lstrip()
