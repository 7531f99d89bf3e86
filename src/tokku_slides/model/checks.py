"""Warnings: texts that are valid but probably a mistake, each at its FILE:LINE:COLUMN.

Pure: they read the loaded year's texts with their places (:attr:`Year.texts`), never the files. Every
warning is an :class:`InputError` of severity "warning": ``validate`` and ``build`` print it and go on;
``--strict`` makes it an error. The checks (the README lists the exact characters):

1. half-width katakana (U+FF61–FF9F): write the full-width form (NFKC of the run);
2. machine-dependent characters (機種依存文字) that official documents avoid: circled and parenthesised
   numbers, letters and ideographs, Roman numerals, squared words and units, № and ℡;
3. (layout/glyphs.py: a character the layout's font has no glyph for; it needs the layout's metrics);
4. ``%`` and ``％`` mixed in one year's KPI names: a warning at each occurrence of the rarer sign;
5. a text starting or ending with a space (half- or full-width), which the loader removes.

The card's own Ⅰ/Ⅱ/Ⅲ marks come from the layout, not from the records: they are never checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from tokku_slides.i18n import N_, _
from tokku_slides.model.errors import InputError
from tokku_slides.model.fields import field_label
from tokku_slides.model.records import SourceText, Year

WARNING = "warning"

NOT_PRINTED = frozenset({"category", "previous", "previous_name", "organisation.author", "organisation.company"})
"""Text fields never printed on a page (keys, paths; the documents' author and company, which only their
properties carry): the character and glyph checks leave them alone (the spaces check reads them too)."""

HALF_WIDTH_KATAKANA = re.compile("[\uff61-\uff9f]+")
"""Half-width katakana and the half-width 。「」、・ (U+FF61–FF9F), run by run."""

MACHINE_DEPENDENT: tuple[tuple[int, int, str], ...] = (
    (0x2160, 0x217F, N_("a Roman numeral")),
    (0x2460, 0x24FF, N_("a circled or parenthesised number or letter")),
    (0x3200, 0x32FF, N_("a circled or parenthesised ideograph or number")),
    (0x3300, 0x33FF, N_("a squared word or unit")),
    (0x2116, 0x2116, N_("an abbreviation sign")),
    (0x2121, 0x2121, N_("an abbreviation sign")),
)
"""The machine-dependent characters (機種依存文字) warned about: code point ranges and what they are."""

REPLACEMENTS = {"№": "No.", "㎡": "m²", "㎥": "m³", "㎠": "cm²", "㎤": "cm³", "㎢": "km²"}
"""Replacements better than the characters' compatibility forms (NFKC gives No, m2, ...)."""

SPACES = {" ": N_("a half-width space"), "\u3000": N_("a full-width space (U+3000)")}

PERCENT_SIGNS = ("％", "%")
"""The full-width sign first: the deck prints 進捗度 as 103％, so it wins a tie."""
KPI_NAME = re.compile(r"kpis\.\d+\.name")


def warning(text: SourceText, index: int | None, message: str, found: str | None) -> InputError:
    """A warning about ``text``: at its character ``index`` when the text's columns are known, else at
    the text's start."""
    column = text.column if index is None or text.inline is None else text.inline + index
    return InputError(text.file, text.line, column, text.field,
                      _("warning: {message}").format(message=message), found, severity=WARNING,
                      label=field_label(text.field))


def printed_texts(year: Year) -> Iterator[SourceText]:
    """The year's texts that the outputs print."""
    return (t for t in year.texts if t.field not in NOT_PRINTED)


def text_warnings(year: Year) -> list[InputError]:
    """Every warning of checks 1, 2, 4 and 5 for the year's texts, in file order."""
    found: list[InputError] = []
    for text in year.texts:
        found.extend(_spaces(text))
    for text in printed_texts(year):
        found.extend(_half_width_katakana(text))
        found.extend(_machine_dependent(text))
    found.extend(_mixed_percent_signs(year))
    return sorted(found, key=lambda w: w.sort_key)


def _half_width_katakana(text: SourceText) -> Iterator[InputError]:
    for run in HALF_WIDTH_KATAKANA.finditer(text.raw):
        full = unicodedata.normalize("NFKC", run.group())
        yield warning(text, run.start(), _("half-width katakana: write it in full width, {suggestion}")
                      .format(suggestion=full), run.group())


def machine_dependent_kind(ch: str) -> str | None:
    """What kind of machine-dependent character ``ch`` is (a catalog id), or None when it is not one."""
    cp = ord(ch)
    for first, last, kind in MACHINE_DEPENDENT:
        if first <= cp <= last:
            return kind
    return None


def replacement(ch: str) -> str | None:
    """What to write instead of a machine-dependent character, or None when there is nothing obvious:
    its compatibility form (NFKC: ㈱ → (株), Ⅱ → II, ㍉ → ミリ), a circled one in parentheses
    (① → (1)), or :data:`REPLACEMENTS`."""
    if ch in REPLACEMENTS:
        return REPLACEMENTS[ch]
    plain = unicodedata.normalize("NFKC", ch)
    if plain == ch:
        return None
    if "CIRCLED" in unicodedata.name(ch, "") and not plain.startswith("("):
        return f"({plain})"
    return plain


def _machine_dependent(text: SourceText) -> Iterator[InputError]:
    for index, ch in enumerate(text.raw):
        kind = machine_dependent_kind(ch)
        if kind is None:
            continue
        instead = replacement(ch)
        if instead is None:
            message = _("{char} is a machine-dependent character ({kind}) that official documents avoid; "
                        "write it out in ordinary characters")
        else:
            message = _("{char} is a machine-dependent character ({kind}) that official documents avoid; "
                        "write {suggestion} instead")
        yield warning(text, index, message.format(char=ch, kind=_(kind), suggestion=instead or ""), ch)


def _spaces(text: SourceText) -> Iterator[InputError]:
    value = text.raw.strip("\n")
    if not value.strip():
        return
    first, last = value[0], value[-1]
    if first in SPACES:
        shown = value if len(value) <= 30 else value[:27] + "..."
        yield warning(text, None, _("starts with {space}, which is left out of the output: delete it")
                      .format(space=_(SPACES[first])), f"'{shown}'")
    if last in SPACES:
        shown = value if len(value) <= 30 else "..." + value[-27:]
        yield warning(text, None, _("ends with {space}, which is left out of the output: delete it")
                      .format(space=_(SPACES[last])), f"'{shown}'")


def _mixed_percent_signs(year: Year) -> list[InputError]:
    """At each occurrence of the rarer percent sign in the year's KPI names, when both are used."""
    places: dict[str, list[tuple[SourceText, int]]] = {sign: [] for sign in PERCENT_SIGNS}
    for text in year.texts:
        if KPI_NAME.fullmatch(text.field):
            for index, ch in enumerate(text.raw):
                if ch in places:
                    places[ch].append((text, index))
    full, half = (places[sign] for sign in PERCENT_SIGNS)
    if not full or not half:
        return []
    common, rare = (PERCENT_SIGNS[0], half) if len(full) >= len(half) else (PERCENT_SIGNS[1], full)
    example, _index = places[common][0]
    message = _("the year's KPI names write the percent sign both as % and ％ ({sign} {count} times, "
                "e.g. {example}); write {sign} here too").format(
        sign=common, count=len(places[common]), example=f"{example.file.name}:{example.line}")
    return [warning(text, index, message, text.raw) for text, index in rare]
