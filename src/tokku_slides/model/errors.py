"""Input problems, reported as ``FILE:LINE:COLUMN: field.path: message (found: value)``."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from tokku_slides.i18n import _


def one_line(text: str) -> str:
    """``text`` with line breaks and other invisible control characters written as escapes
    (``\\n``, ``\\t``, ``\\x00``, ``\\u2028``), so that a message is always exactly one line."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or (ch.isspace() and ch not in "\n\r\t\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029"):
            out.append(ch)
        elif unicodedata.category(ch) in ("Cf", "Mn", "Me", "Co"):
            out.append(ch)  # zero-width and combining characters do not break the line
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


@dataclass(frozen=True)
class InputError:
    """One problem in the user's input.

    ``line`` and ``column`` are 1-based; None means the problem concerns the whole file
    (or folder) rather than a place in it. ``field`` is the dotted path of the field
    (``kpis.2.achievement``), or "" when the problem is not about one field.
    ``found`` is the offending value as the user wrote it, or None when there is none to show.
    ``label`` is the field's name in words (:func:`tokku_slides.model.fields.field_label`), shown
    beside the key in Japanese (``scores.I（Ⅰ 目標に向けた取組の進捗）``); None when the field has no
    name in the table (an unknown key, a field of the layout file).
    ``severity`` is "error", or "warning" for a valid input that is probably a mistake (model/checks.py):
    printed, but fatal only under ``--strict``.
    """

    file: Path
    line: int | None
    column: int | None
    field: str
    message: str
    found: str | None = None
    label: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        """The report line: always one line (control characters and line breaks shown escaped)."""
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}（{self.label}）: " if self.label else f"{self.field}: "
        text += self.message
        if self.found is not None:
            found = self.found if len(self.found) <= 60 else self.found[:57] + "..."
            text += _(" (found: {value})").format(value=found)
        return one_line(text)

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return (str(self.file), self.line or 0, self.column or 0)


class InputErrors(Exception):
    """Every problem found in a folder, raised together so that all can be reported at once."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))
